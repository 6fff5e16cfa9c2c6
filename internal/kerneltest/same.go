package kerneltest

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// Block is kernel.Block: MulAdd adds Σ_l (alpha·A[i,l])·B[l,j] to C[i,j]
// for i < m, j < n, with A[i,l] = a[i·rsA + l·csA].
type Block interface {
	MulAdd(m, n, k int, alpha float64, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc int)
}

// The products of one training step of the report's net (3072-100-10,
// batch 200), as core/nn calls them.
var reportShapes = []struct {
	tA, tB      blas.Transpose
	m, n, k     int
	alpha, beta float64
}{
	{blas.NoTrans, blas.NoTrans, 200, 100, 3072, 1, 0}, // X·W1
	{blas.Trans, blas.NoTrans, 3072, 100, 200, 1, 1},   // dW1 += Xᵀ·dZ
	{blas.NoTrans, blas.Trans, 200, 3072, 100, 1, 0},   // dX = dZ·W1ᵀ
	{blas.NoTrans, blas.NoTrans, 200, 10, 100, 1, 0},   // a·W2
	{blas.Trans, blas.NoTrans, 100, 10, 200, 1, 1},     // dW2 += aᵀ·dZ
}

// Same checks that got's Dgemm gives exactly want's results, bit for bit,
// on the report's products and on random shapes, strides, transposes,
// alphas and betas (with NaN in C when beta = 0, which must not show).
func Same(t *testing.T, want, got blas.Float64) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(4, 4))
	var cases []gemmCase
	for _, s := range reportShapes {
		cases = append(cases, newCase(rnd, s.tA, s.tB, s.m, s.n, s.k, 0, s.alpha, s.beta))
	}
	sizes := []int{1, 3, 4, 5, 8, 12, 13, 31, 64, 65, 67, 100}
	alphas := []float64{1, -1, 0.5, 2.75, 1e-300}
	betas := []float64{0, 1, -0.5}
	for trial := range 300 {
		var m, n, k int
		switch trial % 4 {
		case 0: // across the blocks
			m, n, k = 4+rnd.IntN(20), nb-5+rnd.IntN(100), kb-3+rnd.IntN(2*kb)
		default:
			m, n, k = sizes[rnd.IntN(len(sizes))], sizes[rnd.IntN(len(sizes))], sizes[rnd.IntN(len(sizes))]
		}
		cases = append(cases, newCase(rnd, transposes[rnd.IntN(3)], transposes[rnd.IntN(3)], m, n, k, 3,
			alphas[rnd.IntN(len(alphas))], betas[rnd.IntN(len(betas))]))
	}
	for i, g := range cases {
		w, _, _ := g.run(want)
		c, a, b := g.run(got)
		if !equal(a, g.a) || !equal(b, g.b) {
			t.Fatalf("case %d, %v: A or B modified", i, g)
		}
		if p := firstDiff(c, w); p >= 0 {
			t.Fatalf("case %d, %v: C[%d,%d] = %.17g, want %.17g (bit for bit)", i, g, p/g.ldc, p%g.ldc, c[p], w[p])
		}
	}
	t.Logf("%d cases identical", len(cases))
}

// BlockMatches checks blk against the definition of Block, bit for bit:
// random m and n (multiples of 4), k, alpha, both layouts of A (rows of a
// matrix, or columns of its transpose) with padded strides, and C's
// elements outside the m×n block left alone.
func BlockMatches(t *testing.T, blk Block) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(5, 5))
	fill := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = 2*rnd.Float64() - 1
		}
		return s
	}
	alphas := []float64{1, -1, 0.5, 2.75, 1e-300}
	for trial := range 300 {
		m, n, k := 4*(1+rnd.IntN(12)), 4*(1+rnd.IntN(20)), 1+rnd.IntN(150)
		if trial%10 == 0 {
			m, n, k = 4*(1+rnd.IntN(60)), 4*(1+rnd.IntN(70)), 200+rnd.IntN(100)
		}
		alpha := alphas[rnd.IntN(len(alphas))]
		trans := trial%2 == 1
		var lda, rsA, csA int
		var a []float64
		if trans { // A is the transpose of a k×m matrix
			lda = m + rnd.IntN(4)
			a, rsA, csA = fill((k-1)*lda+m), 1, lda
		} else {
			lda = k + rnd.IntN(4)
			a, rsA, csA = fill((m-1)*lda+k), lda, 1
		}
		ldb, ldc := n+rnd.IntN(4), n+rnd.IntN(4)
		b := fill((k-1)*ldb + n)
		c := fill(m * ldc)
		for i := range m {
			for j := n; j < ldc; j++ {
				c[i*ldc+j] = sentinel
			}
		}
		want := append([]float64(nil), c...)
		for i := range m {
			for j := range n {
				s := want[i*ldc+j]
				for l := range k {
					// The conversion rounds the product on its own:
					// the Go spec allows fusing x*y + z otherwise.
					s += float64(float64(alpha*a[i*rsA+l*csA]) * b[l*ldb+j])
				}
				want[i*ldc+j] = s
			}
		}
		a0, b0 := append([]float64(nil), a...), append([]float64(nil), b...)
		blk.MulAdd(m, n, k, alpha, a, rsA, csA, b, ldb, c, ldc)
		if !equal(a, a0) || !equal(b, b0) {
			t.Fatalf("trial %d: A or B modified", trial)
		}
		if p := firstDiff(c, want); p >= 0 {
			t.Fatalf("trial %d (m=%d n=%d k=%d alpha=%g transposed A %v, lda=%d ldb=%d ldc=%d): C[%d,%d] = %.17g, want %.17g",
				trial, m, n, k, alpha, trans, lda, ldb, ldc, p/ldc, p%ldc, c[p], want[p])
		}
	}
}

// firstDiff returns the first index where a and b (of equal lengths)
// differ bit for bit, or -1.
func firstDiff(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return i
		}
	}
	return -1
}
