//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/app/lesson"
)

// Hardening cases of issue 9 that need a browser.

// TestHardenFileHeaders: a response carries Content-Encoding and a
// Content-Length only with the body they describe.
func TestHardenFileHeaders(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testWeb(t), "")
	br := get(t, ts.URL, "GET", "/web/app.wasm", "Accept-Encoding: br")
	if br.status != 200 || br.header.Get("Content-Encoding") != "br" {
		t.Fatalf("app.wasm: status %d, encoding %q", br.status, br.header.Get("Content-Encoding"))
	}
	// A failed precondition: no body, so no encoding and no length of one.
	r := get(t, ts.URL, "GET", "/web/app.wasm", "Accept-Encoding: br", `If-Match: "other"`)
	if r.status != http.StatusPreconditionFailed {
		t.Fatalf("If-Match other: status %d, want 412", r.status)
	}
	if e, n := r.header.Get("Content-Encoding"), r.header.Get("Content-Length"); e != "" || (n != "" && n != strconv.Itoa(len(r.body))) {
		t.Errorf("412: Content-Encoding %q, Content-Length %q over %d bytes", e, n, len(r.body))
	}
	// Several ranges come from the identity file, as a plain multipart body.
	r = get(t, ts.URL, "GET", "/web/app.wasm", "Accept-Encoding: br", "Range: bytes=0-3,8-11")
	if r.status != http.StatusPartialContent || r.header.Get("Content-Encoding") != "" ||
		!strings.HasPrefix(r.header.Get("Content-Type"), "multipart/byteranges") || !bytes.Contains(r.body, wasmBytes[:4]) || !bytes.Contains(r.body, wasmBytes[8:12]) {
		t.Errorf("two ranges: status %d, encoding %q, type %q", r.status, r.header.Get("Content-Encoding"), r.header.Get("Content-Type"))
	}
	// One range of the copy is that copy's bytes, in its encoding.
	r = get(t, ts.URL, "GET", "/web/app.wasm", "Accept-Encoding: br", "Range: bytes=0-3")
	if r.status != http.StatusPartialContent || r.header.Get("Content-Encoding") != "br" || !bytes.Equal(r.body, br.body[:4]) {
		t.Errorf("one range: status %d, encoding %q", r.status, r.header.Get("Content-Encoding"))
	}
	// Too many ranges: the whole file.
	var many []string
	for i := range 1000 {
		many = append(many, fmt.Sprintf("%d-%d", i, i))
	}
	r = get(t, ts.URL, "GET", "/web/app.css", "Range: bytes="+strings.Join(many, ","))
	if r.status != 200 {
		t.Errorf("1000 ranges: status %d, want 200 (the whole file)", r.status)
	}
	// A suffix of zero bytes is unsatisfiable.
	r = get(t, ts.URL, "GET", "/web/app.css", "Range: bytes=-0")
	if r.status != http.StatusRequestedRangeNotSatisfiable || r.header.Get("Content-Range") != "bytes */23" {
		t.Errorf("bytes=-0: status %d, Content-Range %q; want 416 and bytes */23", r.status, r.header.Get("Content-Range"))
	}
}

// TestHardenProxyPaths: go-app's proxied files are 404 with or without its
// version prefix, and never reach its proxy (which would fetch from the
// Host header).
func TestHardenProxyPaths(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testWeb(t), "")
	version := strings.Trim(get(t, ts.URL, "GET", "/").header.Get("ETag"), `"`)
	s := get(t, ts.URL, "GET", "/app.js")
	if s.status != 200 {
		t.Fatal("no /app.js")
	}
	for _, p := range []string{"/robots.txt", "/sitemap.xml", "/ads.txt"} {
		for _, path := range []string{p, "/" + version + p, "/anything" + p} {
			if r := get(t, ts.URL, "GET", path, "Host: 169.254.169.254"); r.status != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", path, r.status)
			}
		}
	}
}

// TestHardenSecurityHeaders: every response carries the security headers,
// and the pages say their charset.
func TestHardenSecurityHeaders(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testWeb(t), "")
	for _, path := range []string{"/", "/plane", "/app.js", "/web/app.css", "/data/info", "/nope"} {
		r := get(t, ts.URL, "GET", path)
		for k, v := range securityHeaders {
			if got := r.header.Get(k); got != v {
				t.Errorf("%s: %s %q, want %q", path, k, got, v)
			}
		}
		if !strings.Contains(r.header.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
			t.Errorf("%s: no frame-ancestors", path)
		}
	}
	for _, path := range []string{"/", "/plane", "/classroom"} {
		if ct := get(t, ts.URL, "GET", path).header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
	}
}

// cspWatch runs before each page's scripts (and the canvas iframe's) and
// records the Content-Security-Policy violations in window.__csp.
const cspWatch = `window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`

// TestHardenHeadersInBrowser opens the pages under the server's security
// headers: nothing is blocked, the pages run (the playground's worker
// listens, the lesson views are ready, the canvas iframe's wasm runs), and
// the pages are cross-origin isolated (SharedArrayBuffer available), so
// none says training runs on one thread.
func TestHardenHeadersInBrowser(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	}))
	check := func(path string) {
		t.Helper()
		if !evaluate[bool](b, `self.crossOriginIsolated === true && typeof SharedArrayBuffer === "function"`) {
			t.Errorf("%s: not cross-origin isolated", path)
		}
		if v := evaluate[[]string](b, `window.__csp`); len(v) > 0 {
			t.Errorf("%s: CSP violations %v", path, v)
		}
		// The one-thread note is for pages that are not isolated
		// (TestStaticSite).
		if note := b.text(lesson.IDThreadNote); note != "" {
			t.Errorf("%s: an isolated page says %q", path, note)
		}
	}
	b.openPlayground("/")
	check("/")
	for _, path := range []string{"/steps", "/plane"} {
		b.open(path)
		b.waitFor(`(() => { const f = document.querySelector("iframe.net-frame"); const w = f && f.contentWindow;
		  return !!w && w.canvasInbox === null && !!w.document.querySelector("canvas") && w.document.querySelector("canvas").width > 0 })()`)
		if v := evaluate[[]string](b, `document.querySelector("iframe.net-frame").contentWindow.__csp || []`); len(v) > 0 {
			t.Errorf("%s: CSP violations in the canvas iframe %v", path, v)
		}
		check(path)
	}
	b.waitFor(`document.getElementById("plane-stats") && document.getElementById("plane-stats").dataset.state === "ready"`)
	click(b, "plane-train")
	b.waitFor(`+document.getElementById("plane-stats").dataset.iter > 10`)
	b.open("/classroom")
	b.waitFor(`!!document.getElementById("classroom")`)
	check("/classroom")
}

// TestHardenDataLinks: a -data file that links outside the folder is
// reported as refused, saying why, not as missing.
func TestHardenDataLinks(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	for _, name := range cifarFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	target := filepath.Join(outside, "test_batch.bin")
	if err := os.WriteFile(target, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "test_batch.bin")
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, testWeb(t), dir)
	body := get(t, ts.URL, "GET", "/data/info").body
	var got info
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("/data/info: %v\n%s", err, body)
	}
	// The full Fashion-MNIST (no -data for it) is missing, CIFAR-10 not.
	i := slices.IndexFunc(got.Datasets, func(d datasetInfo) bool { return d.Name == datasetCIFAR })
	if i < 0 {
		t.Fatalf("/data/info has no %s: %s", datasetCIFAR, body)
	}
	c := got.Datasets[i]
	if !slices.ContainsFunc(c.Refused, func(r string) bool { return strings.HasPrefix(r, "test_batch.bin (a link to outside the folder") }) ||
		len(c.Missing) > 0 {
		t.Errorf("/data/info with test_batch.bin linking outside: cifar %+v; want it refused, nothing missing", c)
	}
}
