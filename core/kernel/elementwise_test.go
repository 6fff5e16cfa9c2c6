package kernel_test

import (
	"math"
	"testing"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/internal/kerneltest"
)

// TestAllFinite: AllFinite agrees with math.IsNaN and math.IsInf on every
// length up to 9 with one value at each place: finite ones (the largest,
// the smallest subnormal, -0), NaN, +Inf and -Inf.
func TestAllFinite(t *testing.T) {
	t.Parallel()
	values := []float64{1, -0.0, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)}
	for n := 0; n <= 9; n++ {
		for at := 0; at < max(n, 1); at++ {
			for _, v := range values {
				s := make([]float64, n)
				for i := range s {
					s[i] = math.MaxFloat64 // finite, and its squares and sums are not
				}
				if n > 0 {
					s[at] = v
				}
				want := n == 0 || !(math.IsNaN(v) || math.IsInf(v, 0))
				if got := kernel.AllFinite(s); got != want {
					t.Errorf("AllFinite(%v) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

// TestElementwise checks the Go loops of Relu32, ReluGrad32 and AddRows32
// against their definitions (math.Max for the ReLU), which
// kerneltest.Elementwise then holds a SIMD implementation to.
func TestElementwise(t *testing.T) {
	t.Parallel()
	in := []float32{1, -1, 0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 1e-45, -1e-45}
	out := make([]float32, len(in))
	kernel.Relu32(out, in)
	for i, v := range in {
		want := float32(math.Max(float64(v), 0))
		if math.Float32bits(out[i]) != math.Float32bits(want) && !(v != v && out[i] != out[i]) {
			t.Errorf("Relu32(%v) = %v, want %v", v, out[i], want)
		}
	}
	d := []float32{2, 3, 4, 5, 6, 7, 8, 9, 10}
	kernel.ReluGrad32(out, d, in)
	for i, v := range in {
		want := float32(0)
		if v > 0 {
			want = d[i]
		}
		if math.Float32bits(out[i]) != math.Float32bits(want) {
			t.Errorf("ReluGrad32 at %v: %v, want %v", v, out[i], want)
		}
	}
	c := []float32{1, 2, 3, 4, 5, 6}
	kernel.AddRows32(c, []float32{10, 20, 30})
	for i, want := range []float32{11, 22, 33, 14, 25, 36} {
		if c[i] != want {
			t.Errorf("AddRows32: c[%d] = %v, want %v", i, c[i], want)
		}
	}
	kerneltest.Elementwise(t, goLoops{})
}

// goLoops is kernel.Elementwise by the package's own Go loops (none is
// installed in these tests), to run kerneltest.Elementwise on them.
type goLoops struct{}

func (goLoops) Relu32(out, in []float32)         { kernel.Relu32(out, in) }
func (goLoops) ReluGrad32(grad, d, in []float32) { kernel.ReluGrad32(grad, d, in) }
func (goLoops) AddRows32(c, b []float32)         { kernel.AddRows32(c, b) }
func (goLoops) AllFinite(x []float64) bool       { return kernel.AllFinite(x) }
