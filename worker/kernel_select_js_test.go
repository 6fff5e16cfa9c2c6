//go:build js && wasm

package worker

import (
	"strings"
	"syscall/js"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/internal/simdtest"
)

// installed returns the name of the installed kernels, float64 and
// float32, or a description of the mismatch.
func installed() string {
	impl, ok := blas64.Implementation().(kernel.Implementation)
	impl32, ok32 := blas32.Implementation().(kernel.Implementation)
	switch {
	case !ok || !ok32:
		return "not core/kernel"
	case impl.Block != nil && impl32.Block32 != nil:
		return "simd"
	case impl.Block == nil && impl32.Block32 == nil:
		return "go"
	}
	return "simd in one precision only"
}

// TestUseKernel checks the choice of kernel: SIMD when the engine has it,
// the pure-Go kernel when asked, when the host exposes no instance or when
// the engine rejects the module, and an error only where SIMD was asked
// for or the choice is unknown.
func TestUseKernel(t *testing.T) {
	prev, prev32 := blas64.Implementation(), blas32.Implementation()
	defer blas64.Use(prev)
	defer blas32.Use(prev32)
	check := func(what, search, want, wantErr string) {
		t.Helper()
		name, err := useKernel(search)
		switch {
		case name != want || installed() != want:
			t.Errorf("%s: kernel %s, installed %s; want %s", what, name, installed(), want)
		case wantErr == "" && err != nil:
			t.Errorf("%s: %v", what, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%s: error %v, want one with %q", what, err, wantErr)
		}
	}
	check("no instance", "", "go", "")
	check("no instance, simd asked", "?kernel=simd", "go", "goInstance")
	check("unknown choice", "?x=1&kernel=fast", "go", `kernel=fast`)

	simdtest.ExposeInstance() // as worker.js does
	defer js.Global().Delete("goInstance")
	check("default", "", "simd", "")
	check("simd asked", "?kernel=simd", "simd", "")
	check("go asked", "?seed=3&kernel=go", "go", "")

	// An engine without wasm SIMD does not validate the module.
	wasm := js.Global().Get("WebAssembly")
	validate := wasm.Get("validate")
	wasm.Set("validate", js.FuncOf(func(js.Value, []js.Value) any { return false }))
	defer wasm.Set("validate", validate)
	check("no SIMD", "", "go", "")
	check("no SIMD, simd asked", "?kernel=simd", "go", "no wasm SIMD")
}
