package kerneltest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// core/kernel's float32 block sizes (sgemm.go): the shapes cross them.
const (
	kb32 = 256
	nb32 = 256
)

// Sgemm checks impl's Sgemm on random shapes (zero sizes, ragged edges of
// the 4-row and 4- and 8-column tiles, sizes across the kb32 and nb32
// blocks), strides, transposes, alphas and betas, against gonum's Dgemm
// of the same float32 inputs: each element must be within the bound of
// float32 summation in any order, 2(k+2)·2⁻²⁴·Σ|alpha·a·b| + |beta·c|
// (Higham, "Accuracy and Stability of Numerical Algorithms", 2002, §3.1),
// the padding of C untouched, A and B unchanged, beta = 0 must not read C,
// and a second call must give the same bits.
func Sgemm(t *testing.T, impl blas.Float32) {
	rnd := rand.New(rand.NewPCG(5, 5))
	sizes := []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 31, 64, 65, 100}
	alphas := []float64{1, -1, 0.5, 2.75}
	betas := []float64{0, 1, -0.5, 1.25}
	count := 0
	for trial := range 300 {
		var m, n, k int
		switch trial % 8 {
		case 0: // across the blocks
			m, n, k = 1+rnd.IntN(13), nb32+1+rnd.IntN(20), kb32+1+rnd.IntN(kb32)
		case 1: // config A's shapes, cut down
			m, n, k = 4*(1+rnd.IntN(12))+rnd.IntN(4), 8*(1+rnd.IntN(12))+rnd.IntN(8), 1+rnd.IntN(300)
		default:
			m, n, k = sizes[rnd.IntN(len(sizes))], sizes[rnd.IntN(len(sizes))], sizes[rnd.IntN(len(sizes))]
		}
		tA, tB := transposes[rnd.IntN(3)], transposes[rnd.IntN(3)]
		g := newCase(rnd, tA, tB, m, n, k, 3, alphas[rnd.IntN(len(alphas))], betas[rnd.IntN(len(betas))])
		round := func(s []float64) {
			for i, v := range s {
				s[i] = float64(float32(v))
			}
		}
		round(g.a)
		round(g.b)
		round(g.c)
		want, _, _ := g.run(gonum.Implementation{})
		got, a, b := runSgemm(impl, g)
		if err := compare32(g, got, want); err != nil {
			t.Fatalf("trial %d, %v: %v", trial, g, err)
		}
		if !equal(a, g.a) || !equal(b, g.b) {
			t.Fatalf("trial %d, %v: A or B modified", trial, g)
		}
		again, _, _ := runSgemm(impl, g)
		if !equal(got, again) {
			t.Fatalf("trial %d, %v: a second call gave other bits", trial, g)
		}
		count++
	}
	t.Logf("%d cases", count)
}

// runSgemm calls impl's Sgemm on float32 copies of g and returns C, A and
// B widened to float64.
func runSgemm(impl blas.Float32, g gemmCase) (c, a, b []float64) {
	to32 := func(s []float64) []float32 {
		out := make([]float32, len(s))
		for i, v := range s {
			out[i] = float32(v)
		}
		return out
	}
	to64 := func(s []float32) []float64 {
		out := make([]float64, len(s))
		for i, v := range s {
			out[i] = float64(v)
		}
		return out
	}
	a32, b32, c32 := to32(g.a), to32(g.b), to32(g.c)
	impl.Sgemm(g.tA, g.tB, g.m, g.n, g.k, float32(g.alpha), a32, g.lda, b32, g.ldb, float32(g.beta), c32, g.ldc)
	return to64(c32), to64(a32), to64(b32)
}

func compare32(g gemmCase, got, want []float64) error {
	tol := 2 * float64(g.k+2) * 0x1p-24
	pad := float64(float32(sentinel))
	for i := range g.m {
		for j := range g.ldc {
			p := i*g.ldc + j
			if j >= g.n {
				if got[p] != pad {
					return fmt.Errorf("C[%d,%d] (padding) = %g, want it untouched", i, j, got[p])
				}
				continue
			}
			bound := g.bound(i, j)
			if math.IsNaN(got[p]) || math.Abs(got[p]-want[p]) > tol*bound+1e-30 {
				return fmt.Errorf("C[%d,%d] = %.9g, want %.9g (bound %g)", i, j, got[p], want[p], bound)
			}
		}
	}
	return nil
}
