package kernel

import "sync/atomic"

// Converter rounds float64 to float32 and adds float32 to float64, the
// conversions of the float32 training path (core/nn): its input batch and
// weights are rounded at each forward pass and its weight gradients added
// to the float64 ones, about as many element operations per step as there
// are weights and inputs, which in wasm cost as much as a third of the
// products. wasm/simd's Kernel32 does them two values per instruction.
// Both must round as Go's conversions do (to nearest), so that installing
// one changes no result.
type Converter interface {
	Demote(dst []float32, src []float64)      // dst[i] = float32(src[i]) for i < len(src)
	AddPromoted(dst []float64, src []float32) // dst[i] += float64(src[i]) for i < len(src)
}

var converter atomic.Pointer[Converter]

// UseConverter makes Demote and AddPromoted call c for long slices (nil:
// Go's loops only), as blas32.Use installs an Sgemm.
func UseConverter(c Converter) {
	if c == nil {
		converter.Store(nil)
		return
	}
	converter.Store(&c)
}

// minConvert is the length below which the Go loops are faster than a
// call through syscall/js.
const minConvert = 4096

// Demote sets dst[i] = float32(src[i]); dst must be at least as long as
// src.
func Demote(dst []float32, src []float64) {
	dst = dst[:len(src)]
	if c := converter.Load(); c != nil && len(src) >= minConvert {
		(*c).Demote(dst, src)
		return
	}
	for i, v := range src {
		dst[i] = float32(v)
	}
}

// AddPromoted adds float64(src[i]) to dst[i]; dst must be at least as
// long as src.
func AddPromoted(dst []float64, src []float32) {
	dst = dst[:len(src)]
	if c := converter.Load(); c != nil && len(src) >= minConvert {
		(*c).AddPromoted(dst, src)
		return
	}
	for i, v := range src {
		dst[i] += float64(v)
	}
}

// Vector is two float64 loops of every training step over all the
// weights, which a SIMD module (wasm/simd's Kernel32) runs several times
// faster than Go's wasm output: the L2 penalty's sum of squares, its
// gradient and the SGD update. Both must round exactly as the loops of
// AddSquares and Axpy below, so that installing one changes no bit of a
// float64 run.
type Vector interface {
	Axpy(alpha float64, x, y []float64)        // y[i] += alpha·x[i] for i < len(x)
	AddSquares(s float64, x []float64) float64 // s + x[0]² + x[1]² + … in that order
}

var vector atomic.Pointer[Vector]

// UseVector makes Axpy and AddSquares call v for long slices (nil: Go's
// loops only).
func UseVector(v Vector) {
	if v == nil {
		vector.Store(nil)
		return
	}
	vector.Store(&v)
}

// Axpy adds alpha·x[i] to y[i] (the product rounded, then the sum); y must
// be at least as long as x.
func Axpy(alpha float64, x, y []float64) {
	y = y[:len(x)]
	if v := vector.Load(); v != nil && len(x) >= minConvert {
		(*v).Axpy(alpha, x, y)
		return
	}
	for i, e := range x {
		y[i] += alpha * e
	}
}

// AddSquares returns s plus the squares of x, added one by one in order.
func AddSquares(s float64, x []float64) float64 {
	if v := vector.Load(); v != nil && len(x) >= minConvert {
		return (*v).AddSquares(s, x)
	}
	for _, e := range x {
		s += e * e
	}
	return s
}
