package kernel

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// The products of one training step of the report's net (3072-100-10,
// batch 200), which take nearly all of its time.
var benchShapes = []struct {
	name    string
	tA, tB  blas.Transpose
	m, n, k int
	beta    float64
}{
	{"X·W1/200x3072x100", blas.NoTrans, blas.NoTrans, 200, 100, 3072, 0}, // forward
	{"Xᵀ·dZ/3072x200x100", blas.Trans, blas.NoTrans, 3072, 100, 200, 1},  // dW1, accumulated
	{"dZ·W1ᵀ/200x100x3072", blas.NoTrans, blas.Trans, 200, 3072, 100, 0}, // dX (skipped for the first layer)
	{"a·W2/200x100x10", blas.NoTrans, blas.NoTrans, 200, 10, 100, 0},
	{"aᵀ·dZ/100x200x10", blas.Trans, blas.NoTrans, 100, 10, 200, 1},
}

// BenchmarkDgemm runs each shape on this package's Dgemm and on gonum's in
// the same process; GFLOP/s counts 2·m·n·k per call. Entries are random
// and nonzero, because gonum skips zero entries of A.
func BenchmarkDgemm(b *testing.B) {
	rnd := rand.New(rand.NewPCG(3, 3))
	for _, s := range benchShapes {
		g := newCase(rnd, s.tA, s.tB, s.m, s.n, s.k, 0, 1, s.beta)
		if s.beta == 0 {
			clear(g.c)
		}
		for _, impl := range []struct {
			name string
			blas.Float64
		}{{"kernel", Implementation{}}, {"gonum", gonum.Implementation{}}} {
			b.Run(s.name+"/"+impl.name, func(b *testing.B) {
				c := append([]float64(nil), g.c...)
				for b.Loop() {
					impl.Dgemm(s.tA, s.tB, s.m, s.n, s.k, 1, g.a, g.lda, g.b, g.ldb, s.beta, c, g.ldc)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
