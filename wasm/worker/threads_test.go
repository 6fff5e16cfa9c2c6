//go:build !js

package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/internal/testenv"
	"github.com/backprop-playground/playground/internal/testenv/chromium"
)

func TestMain(m *testing.M) {
	code := m.Run()
	chromium.Close()
	os.Exit(code)
}

// threadsPage runs two training workers in the page, one with
// worker.js?threads=1 and one with threads=2, on the same float32 run of
// the sample (step by step, 16 steps of config A), and leaves in
// window.result their ready texts and their losses.
const threadsPage = `<!doctype html><meta charset="utf-8"><script>
"use strict";
function run(threads) {
  return new Promise((resolve, reject) => {
    const w = new Worker("/web/worker.js?kernel=simd&threads=" + threads);
    const r = { losses: [], ready: "" };
    let id = 0;
    const send = (kind, extra) => w.postMessage({ text: JSON.stringify({ id: ++id, kind, ...extra }) });
    w.onmessage = (m) => {
      const e = JSON.parse(m.data.text);
      if (e.kind === "error") reject(new Error(e.error && e.error.message ? e.error.message : JSON.stringify(e.error)));
      if (e.kind === "ready") {
        r.ready = e.text || "";
        send("reset", { config: "data=sample&hidden=100&batch=200&iters=1000&seed=3&precision=f32&init=he&opt=adam&lr=1e-3" });
      }
      if (e.kind === "state" && e.state === "ready" && r.losses.length === 0) send("step", { steps: 16 });
      if (e.kind === "progress") {
        r.losses.push(...(e.losses || []));
        if (r.losses.length >= 16) { w.terminate(); resolve(r); }
      }
    };
  });
}
(async () => {
  try {
    window.result = { isolated: self.crossOriginIsolated, one: await run(1), two: await run(2) };
  } catch (err) {
    window.result = { error: String(err.message || err) };
  }
})();
</script>`

// TestThreadsSameLosses trains the same float32 run in headless Chromium,
// cross-origin isolated, with one and with two kernel threads
// (web/static/kernels.js, simd.Pool): the two workers must report one
// thread and two in use (the worker says "on 2 threads" only once they
// run, and config A's products are large enough to be split), and the
// same losses bit for bit (the threads split the rows of C and change no
// sum).
func TestThreadsSameLosses(t *testing.T) {
	wasm := testenv.Wasm(t, "worker")
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	static := filepath.Join("..", "..", "web", "static")
	mux := http.NewServeMux()
	file := func(pattern, path, ctype string) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			http.ServeFile(w, r, path)
		})
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(threadsPage))
	})
	file("GET /web/worker.js", filepath.Join(static, "worker.js"), "text/javascript")
	file("GET /web/kernels.js", filepath.Join(static, "kernels.js"), "text/javascript")
	file("GET /web/worker.wasm", wasm, "application/wasm")
	file("GET /wasm_exec.js", filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"), "text/javascript")
	mux.Handle("GET /data/sample/", http.StripPrefix("/data/sample/", http.FileServer(http.Dir(filepath.Join("..", "..", "assets", "cifar-sample")))))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		mux.ServeHTTP(w, r)
	}))
	defer srv.Close()

	// A hang guard only: it bounds no figure.
	ctx, cancel := context.WithTimeout(chromium.Tab(t), 10*time.Minute)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void]("window.result !== undefined")); err != nil {
		t.Fatalf("waiting for the page: %v", err)
	}
	type side struct {
		Losses []float64 `json:"losses"`
		Ready  string    `json:"ready"`
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Error    string `json:"error"`
		Isolated bool   `json:"isolated"`
		One, Two side
	}]("window.result"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	t.Logf("isolated %v; threads=1: %q; threads=2: %q", res.Isolated, res.One.Ready, res.Two.Ready)
	if !res.Isolated || !strings.Contains(res.One.Ready, "one thread") || !strings.Contains(res.Two.Ready, "on 2 threads") {
		t.Fatalf("want an isolated page, one thread then two")
	}
	if len(res.One.Losses) < 16 || len(res.Two.Losses) < 16 {
		t.Fatalf("losses: %d and %d, want 16 each", len(res.One.Losses), len(res.Two.Losses))
	}
	for i := range 16 {
		if res.One.Losses[i] != res.Two.Losses[i] {
			t.Fatalf("step %d: loss %v with one thread, %v with two", i, res.One.Losses[i], res.Two.Losses[i])
		}
	}
	t.Logf("16 losses identical, from %.6f to %.6f", res.Two.Losses[0], res.Two.Losses[15])
}
