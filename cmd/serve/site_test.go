package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/backprop-playground/playground/app"
	"github.com/backprop-playground/playground/assets"
	"github.com/backprop-playground/playground/core/mnist"
)

// secret marks a file outside every served folder: no response may hold it.
const secret = "TOP-SECRET-do-not-serve"

// wasmBytes stands in for app.wasm: the wasm magic number and some bytes.
var wasmBytes = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("backprop "), 500)...)

func compressed(t *testing.T, raw []byte, enc string) []byte {
	t.Helper()
	var b bytes.Buffer
	var w io.WriteCloser
	switch enc {
	case "br":
		w = brotli.NewWriter(&b)
	case "gzip":
		w = gzip.NewWriter(&b)
	}
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testWeb is a small stand-in for web.FS(), with a precompressed app.wasm.
func testWeb(t *testing.T) fstest.MapFS {
	return fstest.MapFS{
		"app.wasm":         {Data: wasmBytes},
		"app.wasm.br":      {Data: compressed(t, wasmBytes, "br")},
		"app.wasm.gz":      {Data: compressed(t, wasmBytes, "gzip")},
		"app.css":          {Data: []byte("body { color: black; }\n")},
		"worker.js":        {Data: []byte("importScripts(\"/wasm_exec.js\");\n")},
		"canvas.html":      {Data: []byte("<!doctype html><title>canvas</title>\n")},
		"icon.svg":         {Data: []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")},
		"icon-192.png":     {Data: []byte("\x89PNG\r\n\x1a\n")},
		"site.webmanifest": {Data: []byte("{}")},
		"notes.json":       {Data: []byte("{}")},
		"dir/inner.txt":    {Data: []byte("inner")},
	}
}

// batchSize is the size of the fake CIFAR batches: two records.
const batchSize = 2 * 3073

// meta is the fake batches.meta.txt.
const meta = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"

// dataDirs makes folders for -data: "full" has every CIFAR-10 file (with
// data_batch_4.bin a symlink to data_batch_1.bin inside the folder), and
// "partial" lacks test_batch.bin and has data_batch_5.bin as a symlink to a
// file outside the folder. The secret file sits next to both folders.
func dataDirs(t *testing.T) (full, partial string) {
	t.Helper()
	base := t.TempDir()
	full, partial = filepath.Join(base, "full"), filepath.Join(base, "partial")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(base, "secret.txt"), []byte(secret), 0o644))
	for _, dir := range []string{full, partial} {
		must(os.Mkdir(dir, 0o755))
		for i, name := range cifarFiles {
			var b []byte
			if name == "batches.meta.txt" {
				b = []byte(meta)
			} else {
				b = bytes.Repeat([]byte{byte(i)}, batchSize)
				b[0] = 7 // a label
			}
			must(os.WriteFile(filepath.Join(dir, name), b, 0o644))
		}
		must(os.WriteFile(filepath.Join(dir, "extra.bin"), []byte(secret), 0o644))
	}
	must(os.Remove(filepath.Join(full, "data_batch_4.bin")))
	must(os.Symlink("data_batch_1.bin", filepath.Join(full, "data_batch_4.bin")))
	must(os.Remove(filepath.Join(partial, "test_batch.bin")))
	must(os.Remove(filepath.Join(partial, "data_batch_5.bin")))
	must(os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(partial, "data_batch_5.bin")))
	return full, partial
}

// newTestServer starts the site over web, the real sample and dataDir (a
// list of -data folders joined by os.PathListSeparator, or "").
func newTestServer(t *testing.T, web fs.FS, dataDir string) *httptest.Server {
	t.Helper()
	var dirs []string
	if dataDir != "" {
		dirs = strings.Split(dataDir, string(os.PathListSeparator))
	}
	s, err := newSite(config{
		Web:      web,
		Data:     embeddedData(),
		DataDirs: dirs,
		Logger:   slog.New(slog.NewTextHandler(t.Output(), nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return ts
}

// client returns a client that shows redirects instead of following them
// and that asks for no compression unless the request says so (Go's
// transport would otherwise add gzip and undo it silently).
func client() *http.Client {
	return &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// get sends a request for the raw path (sent as it is, not cleaned) with the
// header lines "Name: value".
func get(t *testing.T, base, method, rawPath string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, base, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Opaque = rawPath // sent verbatim on the request line
	for _, h := range header {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	res, err := client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, rawPath, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, rawPath, err)
	}
	return response{res.StatusCode, res.Header, body}
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	full, _ := dataDirs(t)
	ts := newTestServer(t, testWeb(t), full)
	for i, test := range []struct {
		method, path string
		status       int
		typ          string // Content-Type prefix
		contains     string // in the body
	}{
		{"GET", "/", 200, "text/html", `id="playground"`},
		{"GET", "/", 200, "text/html", `href="/web/app.css"`},
		{"HEAD", "/", 200, "text/html", ""},
		{"GET", "/nope", 404, "text/plain", "404"},
		{"GET", "/web", 307, "text/html", "/web/"},
		{"GET", "/playground/x", 404, "text/plain", ""},
		{"POST", "/", 405, "text/plain", ""},
		{"DELETE", "/web/app.css", 405, "text/plain", ""},
		{"GET", "/wasm_exec.js", 200, "application/javascript", "globalThis.Go"},
		{"GET", "/app.js", 200, "application/javascript", "/web/app.wasm"},
		{"GET", "/app-worker.js", 200, "application/javascript", "function keepOnUse("},
		{"GET", "/manifest.webmanifest", 200, "application/manifest+json", "/web/icon-192.png"},
		{"GET", "/robots.txt", 404, "text/plain", ""},
		{"GET", "/web/app.css", 200, "text/css", "color: black"},
		{"GET", "/web/dir/inner.txt", 200, "text/plain", "inner"},
		{"GET", "/web/dir", 404, "text/plain", ""},
		{"GET", "/web/dir/", 404, "text/plain", ""},
		{"GET", "/web/missing.css", 404, "text/plain", ""},
		{"GET", "/web/app.wasm.br", 404, "text/plain", ""},
		{"GET", "/data/info", 200, "application/json", `"datasets"`},
		{"GET", "/data/sample/batches.meta.txt", 200, "text/plain", "airplane"},
		{"GET", "/data/sample/manifest.json", 200, "application/json", "CIFAR-10"},
		{"GET", "/data/sample/nope.bin", 404, "application/json", `"error"`},
		{"GET", "/data/cifar/batches.meta.txt", 200, "text/plain", "truck"},
		{"GET", "/data/nope", 404, "application/json", `"error"`},
		{"GET", "/data/", 404, "application/json", `"error"`},
		{"GET", "/data/cifar/", 404, "application/json", `"error"`},
	} {
		r := get(t, ts.URL, test.method, test.path)
		if r.status != test.status {
			t.Errorf("%d: %s %s: status %d, want %d", i, test.method, test.path, r.status, test.status)
		}
		if got := r.header.Get("Content-Type"); !strings.HasPrefix(got, test.typ) {
			t.Errorf("%d: %s %s: Content-Type %q, want %q…", i, test.method, test.path, got, test.typ)
		}
		if !bytes.Contains(r.body, []byte(test.contains)) {
			t.Errorf("%d: %s %s: body does not contain %q:\n%.300s", i, test.method, test.path, test.contains, r.body)
		}
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%d: %s %s: X-Content-Type-Options %q, want nosniff", i, test.method, test.path, got)
		}
	}
}

// TestServiceWorkerPrecache reads the service worker the server sends: at
// install it precaches the app shell and nothing else (no other wasm, no
// data), and it keeps what is used under /web/ and /data/ except
// /data/info and the full CIFAR-10 (app/offline.go).
func TestServiceWorkerPrecache(t *testing.T) {
	t.Parallel()
	full, _ := dataDirs(t)
	ts := newTestServer(t, testWeb(t), full)
	r := get(t, ts.URL, "GET", "/app-worker.js")
	list := regexp.MustCompile(`const resourcesToCache = (\[.*\]);`).FindSubmatch(r.body)
	if list == nil {
		t.Fatalf("no resourcesToCache in /app-worker.js:\n%.600s", r.body)
	}
	var got []string
	if err := json.Unmarshal(list[1], &got); err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	want := []string{"/", "/app.css", "/app.js", "/manifest.webmanifest", "/wasm_exec.js",
		"/web/app.css", "/web/app.wasm", "/web/icon-192.png", "/web/icon-512.png", "/web/lesson.css"}
	if !slices.Equal(got, want) {
		t.Errorf("precached %q, want the app shell %q", got, want)
	}
	for _, s := range []string{`const cacheOnUse = ["/web/","/data/"];`, `const neverCache = ["/data/info","/data/cifar/","/data/fashion/"];`,
		`const cacheName = "app-`, `self.addEventListener("activate"`} {
		if !bytes.Contains(r.body, []byte(s)) {
			t.Errorf("/app-worker.js lacks %s", s)
		}
	}
}

// TestNeverCacheFullSets: the service worker never keeps a full set of a
// -data folder (app.NeverCache names each one the server serves).
func TestNeverCacheFullSets(t *testing.T) {
	d, err := newData(embeddedData(), nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i, set := range d.full {
		if p := "/data/" + set.name + "/"; !slices.Contains(app.NeverCache, p) {
			t.Errorf("%d: %s (%s) is not in app.NeverCache %q", i, p, set.title, app.NeverCache)
		}
	}
}

// TestNoRemoteResources checks that the page and the manifest load nothing
// from another site (go-app's default icon comes from GitHub).
func TestNoRemoteResources(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testWeb(t), "")
	for _, p := range []string{"/", "/manifest.webmanifest", "/app-worker.js"} {
		r := get(t, ts.URL, "GET", p)
		for _, bad := range []string{"githubusercontent", `src="http`, `href="http`, `"src":"http`} {
			if bytes.Contains(r.body, []byte(bad)) {
				t.Errorf("%s contains %q:\n%s", p, bad, r.body)
			}
		}
	}
}

func TestPathTraversal(t *testing.T) {
	t.Parallel()
	full, partial := dataDirs(t)
	web := testWeb(t)
	for _, dir := range []string{full, partial} {
		ts := newTestServer(t, web, dir)
		for i, test := range []struct {
			path   string
			status int // 0: any status but 200
		}{
			{"/web/../go.mod", 0},
			{"/web/../../../../etc/passwd", 0},
			{"/web/%2e%2e/%2e%2e/go.mod", 0},
			{"/web/%2E%2E%2F%2E%2E%2Fgo.mod", 404},
			{"/web/..%2f..%2fcmd%2fserve%2fmain.go", 404},
			{"/web/..%5c..%5cgo.mod", 404},
			{"/web//etc/passwd", 0},
			{"/web/%2Fetc%2Fpasswd", 404},
			{"/web/dir/..%2f..%2fapp.css", 404},
			{"/data/sample/../../embed.go", 0},
			{"/data/sample/..%2fembed.go", 404},
			{"/data/sample/%2e%2e%2fembed.go", 404},
			{"/data/sample/%2Fetc%2Fpasswd", 404},
			{"/data/cifar/../secret.txt", 0},
			{"/data/cifar/..%2fsecret.txt", 404},
			{"/data/cifar/%2e%2e%2fsecret.txt", 404},
			{"/data/cifar/%2e%2e%2f..%2f..%2fetc%2fpasswd", 404},
			{"/data/cifar/%2Fetc%2Fpasswd", 404},
			{"/data/cifar/" + url(filepath.Join(filepath.Dir(dir), "secret.txt")), 404},
			{"/data/cifar/extra.bin", 404},
			{"/data/cifar/data_batch_1.bin%00.txt", 404},
			{"/data/cifar/.", 0},
			{"/data/cifar/..", 0},
		} {
			r := get(t, ts.URL, "GET", test.path)
			if r.status == http.StatusOK || (test.status != 0 && r.status != test.status) {
				t.Errorf("%d: GET %s (-data %s): status %d, want %d (or any error for 0)",
					i, test.path, filepath.Base(dir), r.status, test.status)
			}
			if bytes.Contains(r.body, []byte(secret)) || bytes.Contains(r.body, []byte("root:")) ||
				bytes.Contains(r.body, []byte("package ")) || bytes.Contains(r.body, []byte("module ")) {
				t.Errorf("%d: GET %s leaked a file:\n%.200s", i, test.path, r.body)
			}
		}
	}
}

// url escapes every slash of an absolute path, so that it stays one segment.
func url(p string) string { return strings.ReplaceAll(p, "/", "%2F") }

// TestSymlinks checks that a link inside the -data folder works and that a
// link out of it is refused.
func TestSymlinks(t *testing.T) {
	t.Parallel()
	full, partial := dataDirs(t)
	in := get(t, newTestServer(t, testWeb(t), full).URL, "GET", "/data/cifar/data_batch_4.bin")
	if in.status != 200 || len(in.body) != batchSize {
		t.Errorf("a link inside the folder: status %d, %d bytes; want 200, %d bytes", in.status, len(in.body), batchSize)
	}
	out := get(t, newTestServer(t, testWeb(t), partial).URL, "GET", "/data/cifar/data_batch_5.bin")
	if out.status != http.StatusForbidden || bytes.Contains(out.body, []byte(secret)) {
		t.Errorf("a link out of the folder: status %d, body %q; want 403 and no secret", out.status, out.body)
	}
}

func TestRange(t *testing.T) {
	t.Parallel()
	full, _ := dataDirs(t)
	ts := newTestServer(t, testWeb(t), full)
	batch, err := os.ReadFile(filepath.Join(full, "data_batch_2.bin"))
	if err != nil {
		t.Fatal(err)
	}
	sampleTrain, err := fs.ReadFile(assets.SampleFS(), "train.bin")
	if err != nil {
		t.Fatal(err)
	}
	n, ns := len(batch), len(sampleTrain)
	for i, test := range []struct {
		path, rng    string
		status       int
		contentRange string
		want         []byte
	}{
		{"/data/cifar/data_batch_2.bin", "", 200, "", batch},
		{"/data/cifar/data_batch_2.bin", "bytes=0-3072", 206, fmt.Sprintf("bytes 0-3072/%d", n), batch[:3073]},
		{"/data/cifar/data_batch_2.bin", "bytes=3073-", 206, fmt.Sprintf("bytes 3073-%d/%d", n-1, n), batch[3073:]},
		{"/data/cifar/data_batch_2.bin", "bytes=-10", 206, fmt.Sprintf("bytes %d-%d/%d", n-10, n-1, n), batch[n-10:]},
		{"/data/cifar/data_batch_2.bin", fmt.Sprintf("bytes=%d-", n), 416, fmt.Sprintf("bytes */%d", n), nil},
		{"/data/cifar/data_batch_2.bin", "bytes=9999999-", 416, fmt.Sprintf("bytes */%d", n), nil},
		{"/data/sample/train.bin", "bytes=3073-6145", 206, fmt.Sprintf("bytes 3073-6145/%d", ns), sampleTrain[3073:6146]},
		{"/web/app.css", "bytes=0-3", 206, "bytes 0-3/23", []byte("body")},
	} {
		var h []string
		if test.rng != "" {
			h = append(h, "Range: "+test.rng)
		}
		r := get(t, ts.URL, "GET", test.path, h...)
		if r.status != test.status {
			t.Errorf("%d: %s Range %q: status %d, want %d", i, test.path, test.rng, r.status, test.status)
		}
		if got := r.header.Get("Content-Range"); got != test.contentRange {
			t.Errorf("%d: %s Range %q: Content-Range %q, want %q", i, test.path, test.rng, got, test.contentRange)
		}
		if test.want != nil && !bytes.Equal(r.body, test.want) {
			t.Errorf("%d: %s Range %q: got %d bytes, want %d", i, test.path, test.rng, len(r.body), len(test.want))
		}
		if test.status == 200 || test.status == 206 {
			if got, want := r.header.Get("Content-Length"), strconv.Itoa(len(test.want)); got != want {
				t.Errorf("%d: %s Range %q: Content-Length %q, want %q", i, test.path, test.rng, got, want)
			}
			if got := r.header.Get("Accept-Ranges"); got != "bytes" {
				t.Errorf("%d: %s: Accept-Ranges %q, want bytes", i, test.path, got)
			}
		}
	}
}

func TestConditional(t *testing.T) {
	t.Parallel()
	full, _ := dataDirs(t)
	ts := newTestServer(t, testWeb(t), full)
	for i, path := range []string{"/", "/app.js", "/web/app.css", "/web/app.wasm", "/data/sample/val.bin", "/data/cifar/test_batch.bin"} {
		first := get(t, ts.URL, "GET", path, "Accept-Encoding: br")
		tag := first.header.Get("ETag")
		if first.status != 200 || !strings.HasPrefix(tag, `"`) {
			t.Errorf("%d: GET %s: status %d, ETag %q; want 200 and a strong ETag", i, path, first.status, tag)
			continue
		}
		again := get(t, ts.URL, "GET", path, "Accept-Encoding: br", "If-None-Match: "+tag)
		if again.status != http.StatusNotModified || len(again.body) != 0 {
			t.Errorf("%d: GET %s If-None-Match %s: status %d with %d bytes, want 304 and none", i, path, tag, again.status, len(again.body))
		}
		other := get(t, ts.URL, "GET", path, "Accept-Encoding: br", `If-None-Match: "stale"`)
		if other.status != 200 {
			t.Errorf("%d: GET %s with a stale ETag: status %d, want 200", i, path, other.status)
		}
	}

	// Each encoding of app.wasm is its own representation with its own ETag.
	br := get(t, ts.URL, "GET", "/web/app.wasm", "Accept-Encoding: br").header.Get("ETag")
	id := get(t, ts.URL, "GET", "/web/app.wasm").header.Get("ETag")
	if br == id {
		t.Errorf("brotli and identity app.wasm share the ETag %s", br)
	}
	if r := get(t, ts.URL, "GET", "/web/app.wasm", "If-None-Match: "+br); r.status != 200 {
		t.Errorf("identity app.wasm with the brotli ETag: status %d, want 200", r.status)
	}
}

func TestEncoding(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testWeb(t), "")
	for i, test := range []struct {
		accept string
		want   string // Content-Encoding
	}{
		{"br, gzip, deflate", "br"},
		{"gzip, deflate, br, zstd", "br"},
		{"gzip", "gzip"},
		{"GZIP", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"gzip;q=0.5, br;q=0", "gzip"},
		{"br;q=0.1", "br"},
		{"*", "br"},
		{"br;q=0, *", "gzip"},
		{"*;q=0", ""},
		{"", ""},
		{"identity", ""},
		{"deflate", ""},
	} {
		var h []string
		if test.accept != "" {
			h = append(h, "Accept-Encoding: "+test.accept)
		}
		r := get(t, ts.URL, "GET", "/web/app.wasm", h...)
		if r.status != 200 {
			t.Errorf("%d: Accept-Encoding %q: status %d", i, test.accept, r.status)
			continue
		}
		if got := r.header.Get("Content-Encoding"); got != test.want {
			t.Errorf("%d: Accept-Encoding %q: Content-Encoding %q, want %q", i, test.accept, got, test.want)
		}
		if got := r.header.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("%d: Accept-Encoding %q: Content-Type %q, want application/wasm", i, test.accept, got)
		}
		if got := r.header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("%d: Accept-Encoding %q: Vary %q, want Accept-Encoding", i, test.accept, got)
		}
		if got, want := r.header.Get("Content-Length"), strconv.Itoa(len(r.body)); got != want {
			t.Errorf("%d: Accept-Encoding %q: Content-Length %q, body %s bytes", i, test.accept, got, want)
		}
		if got := decode(t, r.body, test.want); !bytes.Equal(got, wasmBytes) {
			t.Errorf("%d: Accept-Encoding %q: the decoded body differs from app.wasm", i, test.accept)
		}
	}
	// A file without copies is sent as it is, and does not vary.
	r := get(t, ts.URL, "GET", "/web/app.css", "Accept-Encoding: br, gzip")
	if r.header.Get("Content-Encoding") != "" || r.header.Get("Vary") != "" {
		t.Errorf("app.css: Content-Encoding %q, Vary %q; want neither", r.header.Get("Content-Encoding"), r.header.Get("Vary"))
	}
}

func decode(t *testing.T, b []byte, enc string) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch enc {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", enc, err)
	}
	return out
}

func TestAccepts(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		header, coding string
		want           bool
	}{
		{"br", "br", true},
		{" br ; q=1 ", "br", true},
		{"br;q=0", "br", false},
		{"br;q=0.000", "br", false},
		{"br;Q=0", "br", false},
		{"gzip", "br", false},
		{"*", "br", true},
		{"*;q=0", "br", false},
		{"br;q=0, *", "br", false},
		{"*, br;q=0", "br", false},
		{"brotli", "br", false},
		{"", "gzip", false},
	} {
		if got := accepts(test.header, test.coding); got != test.want {
			t.Errorf("%d: accepts(%q, %q) = %t, want %t", i, test.header, test.coding, got, test.want)
		}
	}
}

func TestContentTypes(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testWeb(t), "")
	for i, test := range []struct{ path, want string }{
		{"/web/app.wasm", "application/wasm"},
		{"/web/app.css", "text/css; charset=utf-8"},
		{"/web/worker.js", "text/javascript; charset=utf-8"},
		{"/web/canvas.html", "text/html; charset=utf-8"},
		{"/web/icon.svg", "image/svg+xml"},
		{"/web/icon-192.png", "image/png"},
		{"/web/site.webmanifest", "application/manifest+json"},
		{"/web/notes.json", "application/json"},
		{"/data/sample/train.bin", "application/octet-stream"},
		{"/data/sample/README.md", "text/markdown; charset=utf-8"},
		{"/data/info", "application/json"},
	} {
		r := get(t, ts.URL, "GET", test.path)
		if got := r.header.Get("Content-Type"); r.status != 200 || got != test.want {
			t.Errorf("%d: %s: status %d, Content-Type %q; want 200, %q", i, test.path, r.status, got, test.want)
		}
	}
}

func TestInfo(t *testing.T) {
	t.Parallel()
	full, partial := dataDirs(t)
	sampleSize := int64(0)
	fs.WalkDir(assets.SampleFS(), ".", func(_ string, d fs.DirEntry, _ error) error {
		if d.Type().IsRegular() {
			fi, _ := d.Info()
			sampleSize += fi.Size()
		}
		return nil
	})
	cifarSize := int64(6*batchSize + len(meta))
	for i, test := range []struct {
		dir       string
		available bool
		size      int64
		missing   []string
		reason    string
	}{
		{"", false, 0, cifarFiles, "without -data"},
		{full, true, cifarSize, nil, ""},
		// Two -data folders: CIFAR-10 and Debian's Fashion-MNIST.
		{full + string(os.PathListSeparator) + mnist.FashionDir, true, cifarSize, nil, ""},
		// data_batch_5.bin links outside the folder: refused, saying why.
		{partial, false, 4*batchSize + int64(len(meta)), []string{"test_batch.bin"}, "lacks test_batch.bin; has files it cannot serve: data_batch_5.bin (a link to outside the folder"},
	} {
		ts := newTestServer(t, testWeb(t), test.dir)
		r := get(t, ts.URL, "GET", "/data/info")
		var got info
		if err := json.Unmarshal(r.body, &got); err != nil {
			t.Fatalf("%d: /data/info: %v\n%s", i, err, r.body)
		}
		byName := map[string]datasetInfo{}
		var names []string
		for _, d := range got.Datasets {
			byName[d.Name] = d
			names = append(names, d.Name)
		}
		if want := []string{"sample", "digits", "fashion-sample", "cifar", "fashion"}; !slices.Equal(names, want) {
			t.Fatalf("%d: /data/info has datasets %q, want %q:\n%s", i, names, want, r.body)
		}
		s, c := byName["sample"], byName["cifar"]
		if s.Name != "sample" || !s.Available || s.Size != sampleSize || len(s.Files) != 6 {
			t.Errorf("%d: sample: %+v; want available, %d bytes in 6 files", i, s, sampleSize)
		}
		for _, g := range []string{"digits", "fashion-sample"} {
			if d := byName[g]; !d.Available || len(d.Files) != 8 { // six IDX files, README.md, manifest.json
				t.Errorf("%d: %s: %+v; want available, 8 files", i, g, d)
			}
		}
		fa := byName["fashion"]
		if wantFashion := strings.Contains(test.dir, mnist.FashionDir); fa.Available != wantFashion || wantFashion && len(fa.Files) != 4 {
			t.Errorf("%d: fashion: %+v; want available %t", i, fa, wantFashion)
		}
		s.Files = append(s.Files, append(byName["digits"].Files, fa.Files...)...)
		if c.Name != "cifar" || c.Available != test.available || c.Size != test.size ||
			fmt.Sprint(c.Missing) != fmt.Sprint(test.missing) || !strings.Contains(c.Reason, test.reason) {
			t.Errorf("%d: cifar: %+v\nwant available %t, size %d, missing %v, reason %q",
				i, c, test.available, test.size, test.missing, test.reason)
		}
		for _, f := range append(s.Files, c.Files...) {
			if r := get(t, ts.URL, "HEAD", f.URL); r.status != 200 ||
				r.header.Get("Content-Length") != strconv.FormatInt(f.Size, 10) {
				t.Errorf("%d: HEAD %s: status %d, Content-Length %s; want 200, %d",
					i, f.URL, r.status, r.header.Get("Content-Length"), f.Size)
			}
		}
	}
}

func TestMissingData(t *testing.T) {
	t.Parallel()
	_, partial := dataDirs(t)
	for i, test := range []struct {
		dir, path string
		status    int
		message   string
	}{
		{"", "/data/cifar/data_batch_1.bin", 503, "started without -data"},
		{"", "/data/cifar/nope.bin", 503, "started without -data"},
		{partial, "/data/cifar/test_batch.bin", 404, "has no test_batch.bin"},
		{partial, "/data/cifar/nope.bin", 404, "the files are data_batch_1.bin"},
	} {
		r := get(t, newTestServer(t, testWeb(t), test.dir).URL, "GET", test.path)
		var e apiError
		if err := json.Unmarshal(r.body, &e); err != nil {
			t.Errorf("%d: %s: the body is not a JSON error: %v\n%s", i, test.path, err, r.body)
		}
		if r.status != test.status || !strings.Contains(e.Error, test.message) {
			t.Errorf("%d: %s (-data %q): status %d, error %q; want %d, %q…",
				i, test.path, test.dir, r.status, e.Error, test.status, test.message)
		}
	}

	// A -data folder that does not exist stops the server at start.
	_, err := newSite(config{Web: testWeb(t), Data: embeddedData(),
		DataDirs: []string{filepath.Join(t.TempDir(), "nope")}, Logger: slog.New(slog.DiscardHandler)})
	if err == nil || !strings.Contains(err.Error(), "-data") {
		t.Errorf("newSite with a missing -data folder: error %v, want one naming -data", err)
	}
}

// TestDevVersion checks that with -dev a change to a web file gives the
// pages a new version (ETag and service-worker cache), and that a
// precompressed copy older than its source is not served.
func TestDevVersion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	built := time.Now().Add(-time.Minute)
	for name, f := range testWeb(t) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, built, built); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	ts := newTestServer(t, root.FS(), "")

	before := get(t, ts.URL, "GET", "/").header.Get("ETag")
	if r := get(t, ts.URL, "GET", "/web/app.wasm", "Accept-Encoding: br"); r.header.Get("Content-Encoding") != "br" {
		t.Fatalf("app.wasm: Content-Encoding %q, want br", r.header.Get("Content-Encoding"))
	}

	// A rebuild: new app.wasm, its copies not yet rewritten.
	rebuilt := append(bytes.Clone(wasmBytes), "rebuilt"...)
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), rebuilt, 0o644); err != nil {
		t.Fatal(err)
	}
	after := get(t, ts.URL, "GET", "/").header.Get("ETag")
	if before == after {
		t.Errorf("the page ETag stayed %s after app.wasm changed", before)
	}
	if r := get(t, ts.URL, "GET", "/app-worker.js"); !bytes.Contains(r.body, []byte(strings.Trim(after, `"`))) {
		t.Errorf("app-worker.js does not name the new version %s", after)
	}
	r := get(t, ts.URL, "GET", "/web/app.wasm", "Accept-Encoding: br")
	if r.header.Get("Content-Encoding") != "" || !bytes.Equal(r.body, rebuilt) {
		t.Errorf("after a rebuild: Content-Encoding %q, %d bytes; want the new app.wasm, not its stale copy",
			r.header.Get("Content-Encoding"), len(r.body))
	}
	if r := get(t, ts.URL, "GET", "/app.js"); !bytes.Contains(r.body, []byte(`goappWasmContentLength = "`+strconv.Itoa(len(rebuilt))+`"`)) {
		t.Errorf("app.js does not give the new app.wasm size %d for the loading progress", len(rebuilt))
	}
}

// TestWasmExec checks that /wasm_exec.js (go-app's copy, which the page and
// the training worker load) is the one of the Go that builds the wasm: the
// two must match, and go-app bundles its own copy per Go version.
func TestWasmExec(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	want, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	r := get(t, newTestServer(t, testWeb(t), "").URL, "GET", "/wasm_exec.js")
	if !bytes.Equal(r.body, want) {
		t.Errorf("/wasm_exec.js (%d bytes) differs from this Go's lib/wasm/wasm_exec.js (%d bytes): "+
			"go-app's bundled copy no longer matches the Go that builds the wasm", len(r.body), len(want))
	}
}
