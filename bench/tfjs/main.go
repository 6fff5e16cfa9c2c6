//go:build !js

// Command tfjs times one training step in headless Chromium, for config A
// (3072-100-10, batch 200) and config B (3072-512-10, batch 256): the
// playground's training worker (worker.js?kernel=simd) in float64 and in
// float32, on one thread and on all, next to TF.js's wasm backend as a
// user writes it (tf.layers, trainOnBatch) and at its fastest (a
// hand-written step with pre-transposed operands), and the wasm SIMD
// ceiling of one core (peak.wat, a register-only f32x4 loop), on one page
// (page.html; turns.js times the worker) served cross-origin isolated
// (COOP/COEP), so that TF.js and the worker may use threads. TF.js is a
// benchmark peer only: it is installed here by npm and never shipped.
//
// Usage, from the repository root:
//
//	(cd bench/tfjs && npm ci)
//	go run ./bench/tfjs [-rounds 5] [-seconds 4] [-warmup 5] [-chromium /usr/bin/chromium]
//
// It builds wasm/worker as the Makefile does, assembles peak.wat with
// wat2wasm (Debian's wabt), and serves them with web/static/worker.js,
// go's wasm_exec.js, the committed sample and node_modules on a loopback
// port. The workers stay alive, paused between turns; each round gives
// each side a turn (the ratios of a round share the machine's load). It
// prints the medians over rounds and the ratios the speed issue asks for.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/assets"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tfjs:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("tfjs", flag.ContinueOnError)
	seconds := fs.Int("seconds", 4, "measured seconds of each side, per round")
	rounds := fs.Int("rounds", 5, "rounds: each side takes a turn")
	warmup := fs.Int("warmup", 5, "seconds of each side before the rounds")
	chromium := fs.String("chromium", "/usr/bin/chromium", "the browser")
	dir := fs.String("dir", filepath.Join("bench", "tfjs"), "this folder (page.html, node_modules)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*dir, "node_modules", "@tensorflow", "tfjs-backend-wasm")); err != nil {
		return fmt.Errorf("no TF.js in %s: run (cd %s && npm ci) first", *dir, *dir)
	}
	tmp, err := os.MkdirTemp("", "bench-tfjs")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	wasm := filepath.Join(tmp, "worker.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, "./wasm/worker")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the worker: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return err
	}
	peak := filepath.Join(tmp, "peak.wasm")
	if out, err := exec.Command("wat2wasm", filepath.Join(*dir, "peak.wat"), "-o", peak).CombinedOutput(); err != nil {
		return fmt.Errorf("assembling peak.wat (apt-get install wabt): %v\n%s", err, out)
	}

	mux := http.NewServeMux()
	file := func(pattern, path, ctype string) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			http.ServeFile(w, r, path)
		})
	}
	file("GET /{$}", filepath.Join(*dir, "page.html"), "text/html; charset=utf-8")
	file("GET /web/worker.js", filepath.Join("web", "static", "worker.js"), "text/javascript")
	file("GET /web/worker.wasm", wasm, "application/wasm")
	file("GET /web/kernels.js", filepath.Join("web", "static", "kernels.js"), "text/javascript")
	file("GET /turns.js", filepath.Join(*dir, "turns.js"), "text/javascript")
	file("GET /peak.wasm", peak, "application/wasm")
	file("GET /wasm_exec.js", filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"), "text/javascript")
	mux.Handle("GET /data/sample/", http.StripPrefix("/data/sample/", http.FileServerFS(assets.SampleFS())))
	mux.Handle("GET /node_modules/", http.StripPrefix("/node_modules/", http.FileServer(http.Dir(filepath.Join(*dir, "node_modules")))))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	// Cross-origin isolation, so that SharedArrayBuffer (threads) exists.
	isolated := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
		mux.ServeHTTP(w, r)
	})
	srv := &http.Server{Handler: isolated, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(*chromium), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-background-networking", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	limit := time.Duration(16*(*warmup+*rounds*(*seconds+2))+60) * time.Second
	ctx, cancel = context.WithTimeout(ctx, limit)
	defer cancel()

	url := fmt.Sprintf("http://%s/?seconds=%d&warmup=%d&rounds=%d", ln.Addr(), *seconds, *warmup, *rounds)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(url)); err != nil {
		return err
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void]("window.result !== undefined", chromedp.WithPollingTimeout(limit))); err != nil {
		return fmt.Errorf("waiting for the page: %w", err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string]("JSON.stringify(window.result)"))
	if err != nil {
		return err
	}
	var res struct {
		Error       string             `json:"error"`
		Median      map[string]float64 `json:"median"`
		Cores       int                `json:"cores"`
		Isolated    bool               `json:"isolated"`
		Version     string             `json:"tfjs_version"`
		Backend     string             `json:"tfjs_backend"`
		TFJSThreads int                `json:"tfjs_threads"`
		TFJSMulti   bool               `json:"tfjs_multithread"`
		TFJSSIMD    bool               `json:"tfjs_simd"`
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		return err
	}
	if res.Error != "" {
		return errors.New(res.Error)
	}
	report(stdout, res.Median, res.Cores, *rounds, *seconds, *warmup)
	fmt.Fprintf(stdout, "TF.js %s, backend %s, SIMD %v, multithread support %v, %d thread(s); page cross-origin isolated: %v\n",
		res.Version, res.Backend, res.TFJSSIMD, res.TFJSMulti, res.TFJSThreads, res.Isolated)
	return nil
}

// flops returns the floating-point operations of one step of
// inputs-hidden-10 at the batch size: forward X·W1 and a·W2, backward
// Xᵀ·dZ1, aᵀ·dZ2 and dZ2·W2ᵀ, 2 flops per multiply-add.
func flops(hidden, batch int) float64 {
	return 2 * float64(batch*3072*hidden*2+batch*hidden*10*3)
}

// report prints the medians (ms/step; GFLOP/s for the peak) and the
// ratios of the speed issue.
func report(w io.Writer, med map[string]float64, cores, rounds, seconds, warmup int) {
	peak := med["peak"]
	fmt.Fprintf(w, "ms/step, medians over %d rounds of a %d s turn per side (after %d s of warm-up each); %d cores\n", rounds, seconds, warmup, cores)
	fmt.Fprintf(w, "wasm SIMD ceiling (peak.wat, f32x4 mul+add, one core): %.1f GFLOP/s\n", peak)
	for _, c := range []struct {
		name          string
		hidden, batch int
	}{{"A", 100, 200}, {"B", 512, 256}} {
		f := flops(c.hidden, c.batch)
		fmt.Fprintf(w, "config %s: 3072-%d-10, batch %d, %.0f MFLOP a step\n", c.name, c.hidden, c.batch, f/1e6)
		all := fmt.Sprintf("%s worker f32 %dt", c.name, cores)
		if cores <= 1 {
			all = c.name + " worker f32 1t"
		}
		rows := []string{c.name + " worker f64 1t", c.name + " worker f32 1t", all, c.name + " tfjs trainOnBatch", c.name + " tfjs hand"}
		if cores <= 1 {
			rows = append(rows[:2], rows[3:]...)
		}
		for _, r := range rows {
			ms := med[r]
			fmt.Fprintf(w, "  %-26s %8.1f ms  %6.1f GFLOP/s\n", r[2:], ms, f/ms/1e6)
		}
		best := min(med[c.name+" tfjs hand"], med[c.name+" tfjs trainOnBatch"])
		ceiling := f / (peak * float64(cores)) / 1e6
		fmt.Fprintf(w, "  worker f32 all threads / TF.js best: %.2f (target <= 0.5)\n", med[all]/best)
		fmt.Fprintf(w, "  worker f32 all threads / SIMD ceiling of %d cores (%.1f ms): %.2f (target <= 2)\n", cores, ceiling, med[all]/ceiling)
		fmt.Fprintf(w, "  worker f64 / f32, one thread: %.2f; f32 one thread / all threads: %.2f\n",
			med[c.name+" worker f64 1t"]/med[c.name+" worker f32 1t"], med[c.name+" worker f32 1t"]/med[all])
	}
}
