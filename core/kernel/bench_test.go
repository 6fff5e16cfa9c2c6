package kernel_test

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/backprop-playground/playground/core/kernel"
)

// The products of one training step of the report's net (config A,
// 3072-100-10, batch 200), which take nearly all of its time, and the
// first layer's of config B (3072-512-10, batch 256).
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
	{"B/X·W1/256x3072x512", blas.NoTrans, blas.NoTrans, 256, 512, 3072, 0},
	{"B/Xᵀ·dZ/3072x256x512", blas.Trans, blas.NoTrans, 3072, 512, 256, 1},
	{"B/dZ·W2ᵀ/256x10x512", blas.NoTrans, blas.Trans, 256, 512, 10, 0},
}

// leads returns the leading dimensions of A and B for a shape stored
// densely.
func leads(tA, tB blas.Transpose, m, n, k int) (lda, ldb int) {
	lda, ldb = k, n
	if tA != blas.NoTrans {
		lda = m
	}
	if tB != blas.NoTrans {
		ldb = k
	}
	return lda, ldb
}

// BenchmarkDgemm runs each shape on this package's Dgemm and on gonum's in
// the same process; GFLOP/s counts 2·m·n·k per call. Entries are random
// and nonzero, because gonum skips zero entries of A.
func BenchmarkDgemm(bm *testing.B) {
	rnd := rand.New(rand.NewPCG(3, 3))
	for _, s := range benchShapes {
		a, b, c0 := random(rnd, s.m*s.k), random(rnd, s.k*s.n), random(rnd, s.m*s.n)
		lda, ldb := leads(s.tA, s.tB, s.m, s.n, s.k)
		for _, impl := range []struct {
			name string
			blas.Float64
		}{{"kernel", kernel.Implementation{}}, {"gonum", gonum.Implementation{}}} {
			bm.Run(s.name+"/"+impl.name, func(bb *testing.B) {
				c := append([]float64(nil), c0...)
				for bb.Loop() {
					impl.Dgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, b, ldb, s.beta, c, s.n)
				}
				bb.ReportMetric(2*float64(s.m*s.n*s.k)*float64(bb.N)/bb.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// random returns n entries in [-1, 1).
func random(rnd *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 2*rnd.Float64() - 1
	}
	return s
}

// BenchmarkSgemm runs the shapes in float32 on this package's Sgemm (the
// browser's, in Go), on Packed32 (cmd/mlp's, all threads and one) and on
// gonum's.
func BenchmarkSgemm(bm *testing.B) {
	rnd := rand.New(rand.NewPCG(3, 3))
	for _, s := range benchShapes {
		a, b, c0 := rand32(rnd, s.m*s.k), rand32(rnd, s.k*s.n), rand32(rnd, s.m*s.n)
		lda, ldb := leads(s.tA, s.tB, s.m, s.n, s.k)
		for _, impl := range []struct {
			name string
			blas.Float32
		}{{"kernel", kernel.Implementation{}}, {"packed", kernel.Packed32{}}, {"packed1", kernel.Packed32{Threads: 1}}, {"gonum", gonum.Implementation{}}} {
			bm.Run(s.name+"/"+impl.name, func(bb *testing.B) {
				c := append([]float32(nil), c0...)
				for bb.Loop() {
					impl.Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, b, ldb, float32(s.beta), c, s.n)
				}
				bb.ReportMetric(2*float64(s.m*s.n*s.k)*float64(bb.N)/bb.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
