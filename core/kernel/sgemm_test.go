package kernel_test

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/core/kernel/kerneltest"
)

// TestSgemm checks the float32 kernel in pure Go, on one goroutine and on
// three (kerneltest.Sgemm).
func TestSgemm(t *testing.T) {
	t.Parallel()
	t.Run("1", func(t *testing.T) { kerneltest.Sgemm(t, kernel.Implementation{}) })
	t.Run("3", func(t *testing.T) { kerneltest.Sgemm(t, kernel.Implementation{Threads: 3}) })
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

// TestThreadsSameBits: splitting the rows of C over goroutines changes no
// bit of a product of config A's first layer, in either precision.
func TestThreadsSameBits(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(9, 9))
	const m, n, k = 200, 100, 307
	a, b := random(rnd, m*k), random(rnd, k*n)
	a32, b32 := make([]float32, len(a)), make([]float32, len(b))
	for i, v := range a {
		a32[i] = float32(v)
	}
	for i, v := range b {
		b32[i] = float32(v)
	}
	c1, c2 := make([]float64, m*n), make([]float64, m*n)
	s1, s2 := make([]float32, m*n), make([]float32, m*n)
	for _, tr := range []blas.Transpose{blas.NoTrans, blas.Trans} {
		lda := k
		if tr == blas.Trans {
			lda = m
		}
		kernel.Implementation{}.Dgemm(tr, blas.NoTrans, m, n, k, 1, a, lda, b, n, 0, c1, n)
		kernel.Implementation{Threads: 2}.Dgemm(tr, blas.NoTrans, m, n, k, 1, a, lda, b, n, 0, c2, n)
		kernel.Implementation{}.Sgemm(tr, blas.NoTrans, m, n, k, 1, a32, lda, b32, n, 0, s1, n)
		kernel.Implementation{Threads: 2}.Sgemm(tr, blas.NoTrans, m, n, k, 1, a32, lda, b32, n, 0, s2, n)
		for i := range c1 {
			if c1[i] != c2[i] || s1[i] != s2[i] {
				t.Fatalf("transpose %c: element %d differs with 2 threads", tr, i)
			}
		}
	}
}
