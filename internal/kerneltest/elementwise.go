package kerneltest

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/backprop-playground/playground/core/kernel"
)

// Elementwise checks that e's passes give core/kernel's Go loops' results
// bit for bit (any NaN for a NaN) on random slices of every length up to
// 67 and on long ones, with zeros of both signs, NaN, infinities and
// subnormals among the values, and on slices that start at any offset.
// Call it with no kernel.Elementwise installed: the Go loops are the
// reference.
func Elementwise(t *testing.T, e kernel.Elementwise) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(11, 11))
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 1e-45, -1e-45}
	value := func() float32 {
		if rnd.IntN(8) == 0 {
			return special[rnd.IntN(len(special))]
		}
		return float32(rnd.NormFloat64())
	}
	same := func(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b) }
	lengths := []int{5000, 4096 + 3}
	for n := range 68 {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		off := rnd.IntN(4)
		in, d := make([]float32, n+off)[off:], make([]float32, n+off)[off:]
		for i := range in {
			in[i], d[i] = value(), value()
		}
		want, got := make([]float32, n), make([]float32, n+off)[off:]
		kernel.Relu32(want, in)
		e.Relu32(got, in)
		for i := range want {
			if !same(got[i], want[i]) {
				t.Fatalf("Relu32, n=%d: out[%d] = %v for %v, want %v", n, i, got[i], in[i], want[i])
			}
		}
		kernel.ReluGrad32(want, d, in)
		e.ReluGrad32(got, d, in)
		for i := range want {
			if !same(got[i], want[i]) {
				t.Fatalf("ReluGrad32, n=%d: grad[%d] = %v for d %v, z %v, want %v", n, i, got[i], d[i], in[i], want[i])
			}
		}
		if n > 0 {
			w := 1 + rnd.IntN(n)
			rows := n / w
			c := append([]float32(nil), in[:rows*w]...)
			wantC := append([]float32(nil), c...)
			kernel.AddRows32(wantC, d[:w])
			e.AddRows32(c, d[:w])
			for i := range c {
				if !same(c[i], wantC[i]) {
					t.Fatalf("AddRows32, %d rows of %d: c[%d] = %v, want %v", rows, w, i, c[i], wantC[i])
				}
			}
		}
		x := make([]float64, n+off)[off:]
		for i := range x {
			x[i] = rnd.NormFloat64() * 1e300 // finite, and x·0 too
		}
		if got, want := e.AllFinite(x), kernel.AllFinite(x); got != want {
			t.Fatalf("AllFinite, n=%d, all finite: %v, want %v", n, got, want)
		}
		for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			if n == 0 {
				break
			}
			at := rnd.IntN(n)
			prev := x[at]
			x[at] = bad
			if e.AllFinite(x) {
				t.Fatalf("AllFinite, n=%d: true with %v at %d", n, bad, at)
			}
			x[at] = prev
		}
	}
}
