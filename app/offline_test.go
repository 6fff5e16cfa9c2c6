package app

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestServiceWorker: the template keeps go-app's placeholders, install and
// activate, and has the playground's fetch handler in place of go-app's,
// with the cache policy written in.
func TestServiceWorker(t *testing.T) {
	js := Handler("v").ServiceWorkerTemplate
	for i, want := range []string{
		`const cacheName = "app-" + "{{.Version}}";`,
		`const resourcesToCache = {{.ResourcesToCache}};`,
		`self.addEventListener("install"`,
		`self.addEventListener("activate"`,
		`self.addEventListener("fetch"`,
		`const cacheOnUse = ["/web/","/data/"];`,
		`const neverCache = ["/data/info","/data/cifar/","/data/fashion/"];`,
		`function keepOnUse(request, response)`,
	} {
		if strings.Count(js, want) != 1 {
			t.Errorf("%d: the service worker has %d of %q, want 1", i, strings.Count(js, want), want)
		}
	}
	for i, bad := range []string{goappFetch, "{{.CacheOnUse}}", "{{.NeverCache}}"} {
		if strings.Contains(js, bad) {
			t.Errorf("%d: the service worker still has %q", i, bad)
		}
	}
}

// TestKeepOnUse runs the service worker's rule (offline.js keepOnUse) in
// node on a table of requests, for a site at the root and under a
// sub-path.
func TestKeepOnUse(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("no node, which runs the core tests under wasm too (make test-wasm)")
	}
	t.Parallel()
	js := strings.NewReplacer("{{.Version}}", "test", "{{.ResourcesToCache}}", "[]").Replace(serviceWorker())
	sw := filepath.Join(t.TempDir(), "app-worker.js")
	if err := os.WriteFile(sw, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	type request struct {
		Method string `json:"method"`
		Path   string `json:"path"` // under the root
		Mode   string `json:"mode"`
		Status int    `json:"status"`
		Redir  bool   `json:"redirected"`
		Type   string `json:"type"`
		Origin string `json:"origin,omitempty"` // another site's
	}
	get := func(path string) request { return request{"GET", path, "cors", 200, false, "basic", ""} }
	cases := []struct {
		r    request
		keep bool
	}{
		{get("/web/worker.wasm"), true},
		{get("/web/worker.js?kernel=go"), true},
		{get("/web/canvas.html"), true},
		{get("/data/sample/train.bin"), true},
		{get("/data/pretrained.bppmodel"), true},
		{get("/data/digits/train-images-idx3-ubyte"), true}, // a dataset added later
		{request{"GET", "/plane", "navigate", 200, false, "basic", ""}, true},
		{request{"GET", "/nope", "navigate", 404, false, "basic", ""}, false},
		{get("/data/info"), false},
		{get("/data/info/x"), true}, // /data/info is exact: /data/info/x is a file (a 404 in practice)
		{get("/data/cifar/data_batch_1.bin"), false},
		{get("/data/fashion/train-images-idx3-ubyte.gz"), false},
		{get("/data/fashion-sample/train-images-idx3-ubyte"), true}, // a prefix ends in a slash
		{get("/data/pretrained-digits.npz"), true},
		{get("/app-worker.js"), false},
		{get("/other"), false},
		{request{"POST", "/data/sample/train.bin", "cors", 200, false, "basic", ""}, false},
		{request{"GET", "/data/sample/train.bin", "cors", 206, false, "basic", ""}, false},
		{request{"GET", "/data/sample/train.bin", "cors", 304, false, "basic", ""}, false},
		{request{"GET", "/web/icon.svg", "cors", 200, true, "basic", ""}, false},
		{request{"GET", "/web/x.js", "cors", 200, false, "basic", "https://elsewhere.example"}, false},
	}
	for _, root := range []string{"", "/sub"} {
		var rs []request
		for _, c := range cases {
			rs = append(rs, c.r)
		}
		in, _ := json.Marshal(rs)
		script := `const fs = require("fs");
const [sw, scope, cases] = process.argv.slice(1); // node -e: no script name
const self = { registration: { scope }, location: { origin: new URL(scope).origin }, addEventListener() {} };
const keepOnUse = new Function("self", fs.readFileSync(sw, "utf8") + "\nreturn keepOnUse;")(self);
const base = new URL(scope);
console.log(JSON.stringify(JSON.parse(cases).map((c) => keepOnUse(
  { method: c.method, mode: c.mode, url: (c.origin || base.origin) + base.pathname.replace(/\/$/, "") + c.path },
  { status: c.status, redirected: c.redirected, type: c.type }))));`
		out, err := exec.Command("node", "-e", script, sw, "http://127.0.0.1:8080"+root+"/", string(in)).CombinedOutput()
		if err != nil {
			t.Fatalf("node: %v\n%s", err, out)
		}
		var got []bool
		if err := json.Unmarshal(out, &got); err != nil || len(got) != len(cases) {
			t.Fatalf("node said %s (%v)", out, err)
		}
		for i, c := range cases {
			if got[i] != c.keep {
				t.Errorf("root %q, %d: %+v: kept %v, want %v", root, i, c.r, got[i], c.keep)
			}
		}
	}
}
