//go:build js && wasm

package worker

import (
	"errors"
	"strings"
	"syscall/js"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/wasm/simd"
)

// useKernel installs the engine's matrix products, float64 (blas64) and
// float32 (blas32), and returns their name: core/kernel with the SIMD
// blocks of wasm/simd (f64x2 and f32x4) when the browser runs wasm SIMD
// (every current one does), else core/kernel in pure Go. The
// worker's URL can choose (for benchmarks and bug reports):
// worker.js?kernel=go keeps pure Go, worker.js?kernel=simd makes a
// missing SIMD an error. The error says why SIMD is not in use, if it was
// asked for; the pure-Go kernel is installed then.
func useKernel(search string) (string, error) {
	want := "auto"
	for _, kv := range strings.Split(strings.TrimPrefix(search, "?"), "&") {
		if v, ok := strings.CutPrefix(kv, "kernel="); ok {
			want = v
		}
	}
	blas64.Use(kernel.Implementation{})
	blas32.Use(kernel.Implementation{})
	kernel.UseConverter(nil)
	kernel.UseVector(nil)
	kernel.UseElementwise(nil)
	switch want {
	case "go":
		return "go", nil
	case "auto", "simd":
	default:
		return "go", errors.New(`worker: kernel=` + want + `: want "go", "simd" or "auto"`)
	}
	mem, err := simd.Memory()
	var k *simd.Kernel
	var k32 *simd.Kernel32
	if err == nil {
		k, err = simd.New(mem)
	}
	if err == nil {
		k32, err = simd.New32(mem)
	}
	if err != nil {
		if want == "simd" {
			return "go", errors.New("worker: kernel=simd: " + err.Error())
		}
		return "go", nil
	}
	blas64.Use(kernel.Implementation{Block: k})
	blas32.Use(kernel.Implementation{Block32: k32})
	kernel.UseConverter(k32)
	kernel.UseVector(k32)
	kernel.UseElementwise(k32)
	return "simd", nil
}

// location returns the worker script's query string ("" if none).
func location() string {
	loc := js.Global().Get("location")
	if loc.Type() != js.TypeObject || loc.Get("search").Type() != js.TypeString {
		return ""
	}
	return loc.Get("search").String()
}
