package kernel

import "sync/atomic"

// Elementwise is the float32 training path's passes over its activations
// (core/nn: the ReLU, its gradient, the bias added to every row) and
// core/train's check that every gradient is finite, once per element of
// the hidden layers or of the weights every step. Go's wasm output runs
// them at several ns an element (a mispredicted branch per ReLU), a SIMD
// module (wasm/simd's Kernel32) at several elements a ns. Their results
// must be those of the Go loops below, bit for bit except for the
// payload of a NaN, so that installing one changes no result.
type Elementwise interface {
	Relu32(out, in []float32)         // out[i] = max(in[i], 0) for i < len(in), as math.Max
	ReluGrad32(grad, d, in []float32) // grad[i] = d[i] where in[i] > 0, else +0, for i < len(d)
	AddRows32(c, b []float32)         // c[r·len(b)+j] += b[j] for every row r < len(c)/len(b)
	AllFinite(x []float64) bool       // whether no x[i] is NaN or infinite
}

var elementwise atomic.Pointer[Elementwise]

// UseElementwise makes Relu32, ReluGrad32, AddRows32 and AllFinite call e
// for long slices (nil: Go's loops only).
func UseElementwise(e Elementwise) {
	if e == nil {
		elementwise.Store(nil)
		return
	}
	elementwise.Store(&e)
}

// Relu32 sets out[i] = max(in[i], 0) as math.Max rounds it (NaN stays
// NaN, -0 becomes +0); out must be at least as long as in.
func Relu32(out, in []float32) {
	out = out[:len(in)]
	if e := elementwise.Load(); e != nil && len(in) >= minConvert {
		(*e).Relu32(out, in)
		return
	}
	for i, v := range in {
		if v > 0 || v != v {
			out[i] = v
		} else {
			out[i] = 0
		}
	}
}

// ReluGrad32 sets grad[i] = d[i] where in[i] > 0 and +0 elsewhere (the
// report's convention at 0); grad and in must be at least as long as d.
func ReluGrad32(grad, d, in []float32) {
	grad, in = grad[:len(d)], in[:len(d)]
	if e := elementwise.Load(); e != nil && len(d) >= minConvert {
		(*e).ReluGrad32(grad, d, in)
		return
	}
	for i, g := range d {
		if in[i] > 0 {
			grad[i] = g
		} else {
			grad[i] = 0
		}
	}
}

// AddRows32 adds b to every row of c, a matrix of len(c)/len(b) rows of
// len(b) (a bias added to a layer's outputs); len(c) must be a multiple
// of len(b).
func AddRows32(c, b []float32) {
	if len(b) == 0 {
		return
	}
	if len(c)%len(b) != 0 {
		panic("kernel: AddRows32: len(c) is not a multiple of len(b)")
	}
	if e := elementwise.Load(); e != nil && len(c) >= minConvert {
		(*e).AddRows32(c, b)
		return
	}
	for r := 0; r < len(c); r += len(b) {
		row := c[r : r+len(b)]
		for j, v := range b {
			row[j] += v
		}
	}
}

// AllFinite reports whether every element of x is finite, in one pass
// without a branch per element (a call of math.IsNaN and math.IsInf per
// gradient cost more than the float32 step's products in the browser):
// x·0 is ±0 for a finite x and NaN for ±Inf and NaN, so four sums of
// them stay 0 unless an element is not finite.
func AllFinite(x []float64) bool {
	if e := elementwise.Load(); e != nil && len(x) >= minConvert {
		return (*e).AllFinite(x)
	}
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		q := x[i : i+4 : i+4]
		s0 += q[0] * 0
		s1 += q[1] * 0
		s2 += q[2] * 0
		s3 += q[3] * 0
	}
	for ; i < len(x); i++ {
		s0 += x[i] * 0
	}
	return s0+s1+s2+s3 == 0
}
