//go:build js && wasm

package worker

import (
	"fmt"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"gonum.org/v1/gonum/blas/blas32"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/wasm/simd"
)

// useThreads spreads the float32 products over kernel threads
// (simd.Pool) when the SIMD kernel is installed, and returns a sentence
// for the page about the threads in use. worker.js?threads=N asks for N
// (1 keeps one); without it the worker takes navigator.hardwareConcurrency,
// both capped at simd.MaxThreads. Where the page is not cross-origin
// isolated there is no SharedArrayBuffer and the worker stays on one
// thread, and the sentence says so. Threads change no result (see
// simd.Pool), so they are not a setting of the run.
func useThreads(search string) string {
	impl, ok := blas32.Implementation().(kernel.Implementation)
	k32, isSIMD := impl.Block32.(*simd.Kernel32)
	if !ok || !isSIMD {
		return "Matrix products: pure Go, one thread."
	}
	want, asked := 0, false
	for _, kv := range strings.Split(strings.TrimPrefix(search, "?"), "&") {
		if v, found := strings.CutPrefix(kv, "threads="); found {
			if n, err := strconv.Atoi(v); err == nil && n >= 1 {
				want, asked = n, true
			}
		}
	}
	if !asked {
		if nav := js.Global().Get("navigator"); nav.Type() == js.TypeObject {
			if hc := nav.Get("hardwareConcurrency"); hc.Type() == js.TypeNumber {
				want = hc.Int()
			}
		}
	}
	want = min(max(want, 1), simd.MaxThreads)
	if want == 1 {
		return "Matrix products: WebAssembly SIMD, one thread."
	}
	pool, err := simd.NewPool(k32, want)
	if err == nil {
		err = waitReady(pool)
	}
	if err != nil {
		return fmt.Sprintf("Matrix products: WebAssembly SIMD on one thread, not %d: %v.", want, strings.TrimPrefix(err.Error(), "simd: no kernel threads: "))
	}
	impl.Block32 = pool
	blas32.Use(impl)
	return fmt.Sprintf("Matrix products: WebAssembly SIMD on %d threads (float32 runs).", want)
}

// waitReady sleeps (which lets the event loop start the kernel threads)
// until pool's threads are up, one failed, or 10 s have passed; the page
// is then told the truth about the threads in use.
func waitReady(pool *simd.Pool) error {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if err := pool.Err(); err != nil {
			return err
		}
		if pool.Ready() {
			return nil
		}
	}
	return fmt.Errorf("the kernel threads did not start within 10 s")
}
