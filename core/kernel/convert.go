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
