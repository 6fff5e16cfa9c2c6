package kernel_test

import (
	"runtime"
	"testing"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/core/kernel/kerneltest"
)

// TestSgemm checks the float32 kernel in pure Go (kerneltest.Sgemm).
func TestSgemm(t *testing.T) {
	t.Parallel()
	kerneltest.Sgemm(t, kernel.Implementation{})
}

// goBlock32 is a Block32 in plain Go that sums in a different order from
// the Go loops (the k terms in two halves), as a SIMD kernel may.
type goBlock32 struct{ t *testing.T }

func (g goBlock32) MulAdd(m, n, k int, alpha float32, a []float32, rsA, csA int, b []float32, ldb int, c []float32, ldc int) {
	if m <= 0 || n <= 0 || k <= 0 || m%4 != 0 || n%4 != 0 {
		g.t.Errorf("MulAdd called with m=%d n=%d k=%d", m, n, k)
		return
	}
	for i := range m {
		for j := range n {
			var s0, s1 float32
			for l := range k {
				x := alpha * a[i*rsA+l*csA] * b[l*ldb+j]
				if l < k/2 {
					s0 += x
				} else {
					s1 += x
				}
			}
			c[i*ldc+j] += s0 + s1
		}
	}
}

// TestSgemmBlock runs the checks with a Block32: Sgemm hands it only whole
// tiles (and the transposed-B products, transposed) and does the rest.
func TestSgemmBlock(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("the same code natively; under node, wasm/simd runs these checks on its Block32")
	}
	t.Parallel()
	kerneltest.Sgemm(t, kernel.Implementation{Block32: goBlock32{t}})
}
