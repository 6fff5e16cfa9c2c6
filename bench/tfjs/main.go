//go:build !js

// Command tfjs times one training step of the report's net (3072-100-10,
// batch 200) in headless Chromium: the playground's training worker, on
// its pure-Go kernel (worker.js?kernel=go) and with wasm/simd's SIMD tiles
// (kernel=simd, what browsers get), next to TF.js with its wasm backend
// (tf.layers, trainOnBatch), on one page (page.html). TF.js is a benchmark
// peer only: it is installed here by npm and never shipped.
//
// Usage, from the repository root:
//
//	(cd bench/tfjs && npm ci)
//	go run ./bench/tfjs [-rounds 5] [-seconds 4] [-warmup 5] [-chromium /usr/bin/chromium]
//
// It builds wasm/worker as the Makefile does, serves it with
// web/static/worker.js, go's wasm_exec.js, the committed sample and
// node_modules on a loopback port. The two workers stay alive, paused
// between turns; each round gives each side a turn (the ratios of a round
// share the machine's load). It prints each round, the medians over rounds
// and the ratios. The target is TF.js / worker ≥ 1.5.
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
	file("GET /wasm_exec.js", filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"), "text/javascript")
	mux.Handle("GET /data/sample/", http.StripPrefix("/data/sample/", http.FileServerFS(assets.SampleFS())))
	mux.Handle("GET /node_modules/", http.StripPrefix("/node_modules/", http.FileServer(http.Dir(filepath.Join(*dir, "node_modules")))))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(*chromium), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-background-networking", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	limit := time.Duration(3*(*warmup+*rounds*(*seconds+2))+60) * time.Second
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
	type side struct {
		MsPerStep float64 `json:"ms_per_step"`
		Samples   int     `json:"samples"` // ticks of the worker, steps of TF.js
	}
	var res struct {
		Error  string `json:"error"`
		Rounds []struct {
			Go, SIMD, TFJS side
		} `json:"rounds"`
		Version string `json:"tfjs_version"`
		Backend string `json:"tfjs_backend"`
		Median  struct {
			Go, SIMD, TFJS float64
			TFJSOverSIMD   float64 `json:"tfjs_over_simd"`
			GoOverSIMD     float64 `json:"go_over_simd"`
		} `json:"median"`
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		return err
	}
	if res.Error != "" {
		return errors.New(res.Error)
	}
	// One step of 3072-100-10 at batch 200: forward X·W1 and a·W2, backward
	// Xᵀ·dZ, aᵀ·dZ and dZ·W2ᵀ, 2 flops per multiply-add.
	const flops = 2 * (200*3072*100*2 + 200*100*10*3)
	gflops := func(ms float64) float64 { return flops / ms / 1e6 }
	fmt.Fprintf(stdout, "report net 3072-100-10, batch 200, one core each; ms/step, medians of a %d s turn each per round (after %d s of warm-up each):\n", *seconds, *warmup)
	fmt.Fprintf(stdout, "  %-7s %12s %12s %12s %10s %10s\n", "round", "worker go", "worker simd", "TF.js", "TF.js/simd", "go/simd")
	for i, r := range res.Rounds {
		fmt.Fprintf(stdout, "  %-7d %12.1f %12.1f %12.1f %10.2f %10.2f\n", i+1, r.Go.MsPerStep, r.SIMD.MsPerStep, r.TFJS.MsPerStep,
			r.TFJS.MsPerStep/r.SIMD.MsPerStep, r.Go.MsPerStep/r.SIMD.MsPerStep)
	}
	m := res.Median
	fmt.Fprintf(stdout, "  %-7s %12.1f %12.1f %12.1f %10.2f %10.2f\n", "median", m.Go, m.SIMD, m.TFJS, m.TFJSOverSIMD, m.GoOverSIMD)
	fmt.Fprintf(stdout, "  GFLOP/s of a step (%.0f MFLOP): go %.1f, simd %.1f, TF.js %.1f\n", flops/1e6, gflops(m.Go), gflops(m.SIMD), gflops(m.TFJS))
	fmt.Fprintf(stdout, "worker (Go wasm, core/kernel + wasm/simd) vs TF.js %s %s trainOnBatch: TF.js / worker = %.2f (target >= 1.5)\n",
		res.Version, res.Backend, m.TFJSOverSIMD)
	return nil
}
