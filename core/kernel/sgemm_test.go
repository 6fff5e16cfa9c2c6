package kernel_test

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/internal/kerneltest"
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

// paneledBlock32 is goBlock32 as a kernel.Paneled block: it takes panels
// of kb rows of B and sums them panel by panel of Panel32 rows, as
// wasm/simd's Pool does.
type paneledBlock32 struct {
	goBlock32
	kb, nb int
}

func (p paneledBlock32) Panels() (kb, nb int) { return p.kb, p.nb }

func (p paneledBlock32) MulAdd(m, n, k int, alpha float32, a []float32, rsA, csA int, b []float32, ldb int, c []float32, ldc int) {
	if k > p.kb || n > p.nb {
		p.t.Errorf("MulAdd of k=%d n=%d beyond panels of %d×%d", k, n, p.kb, p.nb)
	}
	for l0 := 0; l0 < k; l0 += kernel.Panel32 {
		p.goBlock32.MulAdd(m, n, min(kernel.Panel32, k-l0), alpha, a[l0*csA:], rsA, csA, b[l0*ldb:], ldb, c, ldc)
	}
}

// TestSgemmPaneled checks that a block taking larger panels (Paneled)
// gives the same C, bit for bit, as a Block32 on Sgemm's panels, on
// random shapes across the panel sizes with ragged edges, every
// transpose and strides, and that it gets the panels it asks for.
func TestSgemmPaneled(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("the same code natively")
	}
	t.Parallel()
	rnd := rand.New(rand.NewPCG(7, 7))
	plain := kernel.Implementation{Block32: goBlock32{t}}
	paneled := kernel.Implementation{Block32: paneledBlock32{goBlock32{t}, 4 * kernel.Panel32, 1 << 20}}
	for i := range 40 {
		m, n, k := 1+rnd.IntN(40), 1+rnd.IntN(300), 1+rnd.IntN(1300)
		if i%2 == 0 {
			n = 1 + rnd.IntN(20)
		}
		tA, tB := blas.NoTrans, blas.NoTrans
		if rnd.IntN(2) == 1 {
			tA = blas.Trans
		}
		if rnd.IntN(2) == 1 {
			tB = blas.Trans
		}
		lda, ldb, ldc := k+rnd.IntN(3), n+rnd.IntN(3), n+rnd.IntN(3)
		if tA == blas.Trans {
			lda = m + rnd.IntN(3)
		}
		if tB == blas.Trans {
			ldb = k + rnd.IntN(3)
		}
		a, b := make([]float32, max(m, k)*lda), make([]float32, max(n, k)*ldb)
		for _, s := range [][]float32{a, b} {
			for j := range s {
				s[j] = 2*rnd.Float32() - 1
			}
		}
		c := make([]float32, m*ldc)
		for j := range c {
			c[j] = 2*rnd.Float32() - 1
		}
		want, got := append([]float32(nil), c...), append([]float32(nil), c...)
		plain.Sgemm(tA, tB, m, n, k, 0.5, a, lda, b, ldb, 0.25, want, ldc)
		paneled.Sgemm(tA, tB, m, n, k, 0.5, a, lda, b, ldb, 0.25, got, ldc)
		for j := range want {
			if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
				t.Fatalf("case %d (%v%v %d×%d×%d): C[%d] = %v with panels, %v without", i, tA, tB, m, n, k, j, got[j], want[j])
			}
		}
	}
}
