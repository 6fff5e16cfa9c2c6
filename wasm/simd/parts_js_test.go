//go:build js && wasm

package simd_test

import (
	"math"
	"math/rand/v2"
	"syscall/js"
	"testing"
	"unsafe"

	"gonum.org/v1/gonum/blas"

	"github.com/backprop-playground/playground/core/kernel"
)

// BenchmarkStep32Parts times, one at a time on one thread, the pieces of
// a float32 step of configs A (3072-100-10, batch 200) and B
// (3072-512-10, batch 256) other than the softmax: the two large products
// (in GFLOP/s) and the passes over memory around them (in ms each):
// rounding the batch and W1 to float32, adding dW1 into the float64
// gradient, clearing the gradient, the L2 penalty's gradient and the SGD
// update (Axpy each), and the penalty (AddSquares), core/train's check
// that every gradient is finite, and the copies a simd.Pool makes per
// product between Go's memory and the kernel threads' shared one (X and
// W1 in, Z out; X, dZ1 and dW1 in, dW1 out). With worker's
// BenchmarkStep32 (the whole step) it is the profile of where a step's
// time goes.
func BenchmarkStep32Parts(bm *testing.B) {
	for _, c := range []struct {
		name          string
		rows, in, hid int
	}{{"A", 200, 3072, 100}, {"B", 256, 3072, 512}} {
		bm.Run(c.name, func(bm *testing.B) { step32Parts(bm, c.rows, c.in, c.hid) })
	}
}

func step32Parts(bm *testing.B, rows, in, hid int) {
	k := newTestKernel32(bm)
	impl := kernel.Implementation{Block32: k}
	rnd := rand.New(rand.NewPCG(5, 5))
	x64, w64, g64 := make([]float64, rows*in), make([]float64, in*hid), make([]float64, in*hid)
	for _, s := range [][]float64{x64, w64, g64} {
		for i := range s {
			s[i] = rnd.NormFloat64()
		}
	}
	x, w, z, dz, dw := make([]float32, rows*in), make([]float32, in*hid), make([]float32, rows*hid), make([]float32, rows*hid), make([]float32, in*hid)
	k.Demote(x, x64)
	k.Demote(w, w64)
	k.Demote(dz, g64[:rows*hid])
	gflops := func(bb *testing.B, m, n, kk int) {
		bb.ReportMetric(2*float64(m*n*kk)*float64(bb.N)/bb.Elapsed().Seconds()/1e9, "GFLOP/s")
	}
	ms := func(bb *testing.B) {
		bb.ReportMetric(float64(bb.Elapsed().Microseconds())/1e3/float64(bb.N), "ms/op")
	}
	bm.Run("X·W1", func(bb *testing.B) {
		for bb.Loop() {
			impl.Sgemm(blas.NoTrans, blas.NoTrans, rows, hid, in, 1, x, in, w, hid, 0, z, hid)
		}
		gflops(bb, rows, hid, in)
	})
	bm.Run("Xᵀ·dZ1", func(bb *testing.B) {
		for bb.Loop() {
			impl.Sgemm(blas.Trans, blas.NoTrans, in, hid, rows, 1, x, in, dz, hid, 0, dw, hid)
		}
		gflops(bb, in, hid, rows)
	})
	bm.Run("demote-X", func(bb *testing.B) {
		for bb.Loop() {
			k.Demote(x, x64)
		}
		ms(bb)
	})
	bm.Run("demote-W1", func(bb *testing.B) {
		for bb.Loop() {
			k.Demote(w, w64)
		}
		ms(bb)
	})
	bm.Run("addpromoted-dW1", func(bb *testing.B) {
		for bb.Loop() {
			k.AddPromoted(g64, dw)
		}
		ms(bb)
	})
	bm.Run("clear-grad", func(bb *testing.B) {
		for bb.Loop() {
			clear(g64)
		}
		ms(bb)
	})
	bm.Run("axpy-W1", func(bb *testing.B) {
		for bb.Loop() {
			k.Axpy(1e-9, g64, w64)
		}
		ms(bb)
	})
	bm.Run("finite-check-W1", func(bb *testing.B) { // core/train's checkFinite over dW1
		bad := 0
		for bb.Loop() {
			for _, g := range g64 {
				if math.IsNaN(g) || math.IsInf(g, 0) {
					bad++
				}
			}
		}
		ms(bb)
		if bad != 0 {
			bb.Fatal("not finite")
		}
	})
	bm.Run("addsquares-W1", func(bb *testing.B) {
		for bb.Loop() {
			k.AddSquares(0, w64)
		}
		ms(bb)
	})
	// The Pool's copies, as kernels.js makes them: TypedArray.set from a
	// view of Go's memory into a shared WebAssembly.Memory.
	shared := js.Global().Get("WebAssembly").Get("Memory").New(map[string]any{"initial": (4*(2*rows*in+2*in*hid+2*rows*hid))>>16 + 1, "maximum": 65536, "shared": true})
	copyIn := js.Global().Get("Function").New("mem", "sh", "a", "n", "off",
		"new Float32Array(sh.buffer).set(new Float32Array(mem.buffer, a, n), off)")
	mem := js.Global().Get("goInstance").Get("exports").Get("mem")
	copies := func(bb *testing.B, parts ...[]float32) {
		for bb.Loop() {
			off := 0
			for _, p := range parts {
				copyIn.Invoke(mem, shared, uintptr(unsafe.Pointer(unsafe.SliceData(p))), len(p), off)
				off += len(p)
			}
		}
		ms(bb)
	}
	bm.Run("copies-X·W1", func(bb *testing.B) { copies(bb, x, w, z) })
	bm.Run("copies-Xᵀ·dZ1", func(bb *testing.B) { copies(bb, x, dz, dw, dw) })
}
