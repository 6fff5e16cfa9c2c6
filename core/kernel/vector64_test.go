package kernel_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/backprop-playground/playground/core/kernel"
)

// TestVector64 checks that Vector64's loops give the bits of Go's loops
// (kernel.Demote and the others with nothing installed) on lengths
// around its 8-wide steps, with values spanning float32's range and
// beyond.
func TestVector64(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 9))
	var v kernel.Vector64
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 63, 4099, 10001} {
		src := make([]float64, n)
		for i := range src {
			src[i] = (2*rnd.Float64() - 1) * math.Pow(2, float64(rnd.IntN(300)-150))
		}
		got, want := make([]float32, n), make([]float32, n)
		v.Demote(got, src)
		kernel.Demote(want, src)
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("Demote n=%d: [%d] = %g, want %g", n, i, got[i], want[i])
			}
		}
		y0 := make([]float64, n)
		for i := range y0 {
			y0[i] = 2*rnd.Float64() - 1
		}
		y1, y2 := append([]float64(nil), y0...), append([]float64(nil), y0...)
		v.AddPromoted(y1, got)
		kernel.AddPromoted(y2, got)
		same64(t, "AddPromoted", n, y1, y2)
		v.Axpy(-1.7e-3, src, y1)
		kernel.Axpy(-1.7e-3, src, y2)
		same64(t, "Axpy", n, y1, y2)
		if a, b := v.AddSquares(0.5, y1), kernel.AddSquares(0.5, y2); math.Float64bits(a) != math.Float64bits(b) {
			t.Fatalf("AddSquares n=%d: %g, want %g", n, a, b)
		}
	}
}

func same64(t *testing.T, what string, n int, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s n=%d: [%d] = %g, want %g", what, n, i, got[i], want[i])
		}
	}
}
