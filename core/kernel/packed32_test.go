package kernel_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/core/kernel/kerneltest"
)

// TestPacked32 runs kerneltest.Sgemm's checks on Packed32 at 1, 2 and 3
// threads.
func TestPacked32(t *testing.T) {
	t.Parallel()
	for _, threads := range []int{1, 2, 3} {
		t.Run(fmt.Sprint(threads), func(t *testing.T) {
			kerneltest.Sgemm(t, kernel.Packed32{Threads: threads})
		})
	}
}

// TestPacked32Large checks Packed32 on random shapes large enough to cross
// its blocks (kc 256, mc 120, nc 1024) and be split over threads, with
// ragged edges of its 6×16 tiles, every transpose, against a float64 sum
// of the same float32 inputs (within the bound of float32 summation,
// 2(k+2)·2⁻²⁴·Σ|alpha·a·b| + |beta·c|), and requires the same bits at 1,
// 2 and 3 threads.
func TestPacked32Large(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(7, 7))
	trans := []blas.Transpose{blas.NoTrans, blas.Trans}
	for trial := range 12 {
		m, n, k := 1+rnd.IntN(300), 1+rnd.IntN(1100), 1+rnd.IntN(600)
		if trial == 0 {
			m, n, k = 200, 100, 3072 // config A's forward product
		}
		tA, tB := trans[rnd.IntN(2)], trans[rnd.IntN(2)]
		alpha, beta := float32(1), []float32{0, 1, -0.5}[rnd.IntN(3)]
		if trial%3 == 1 {
			alpha = -0.75
		}
		lda, ldb, ldc := k+rnd.IntN(3), n+rnd.IntN(3), n+rnd.IntN(3)
		ar, bc := m, k
		if tA != blas.NoTrans {
			lda, ar = m+rnd.IntN(3), k
		}
		if tB != blas.NoTrans {
			ldb, bc = k+rnd.IntN(3), n
		}
		a, b, c0 := rand32(rnd, ar*lda), rand32(rnd, bc*ldb), rand32(rnd, m*ldc)
		at := func(i, l int) float64 {
			if tA != blas.NoTrans {
				return float64(a[l*lda+i])
			}
			return float64(a[i*lda+l])
		}
		bt := func(l, j int) float64 {
			if tB != blas.NoTrans {
				return float64(b[j*ldb+l])
			}
			return float64(b[l*ldb+j])
		}
		var first []float32
		for _, threads := range []int{1, 2, 3} {
			c := append([]float32(nil), c0...)
			kernel.Packed32{Threads: threads}.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
			if first == nil {
				first = c
				tol := 2 * float64(k+2) * 0x1p-24
				for i := range m {
					for j := range ldc {
						p := i*ldc + j
						if j >= n {
							if c[p] != c0[p] {
								t.Fatalf("trial %d: padding C[%d,%d] changed", trial, i, j)
							}
							continue
						}
						var want, bound float64
						for l := range k {
							x := float64(alpha) * at(i, l) * bt(l, j)
							want += x
							bound += math.Abs(x)
						}
						if beta != 0 {
							want += float64(beta) * float64(c0[p])
							bound += math.Abs(float64(beta) * float64(c0[p]))
						}
						if d := math.Abs(float64(c[p]) - want); d > tol*bound+1e-30 {
							t.Fatalf("trial %d (%v%v m=%d n=%d k=%d): C[%d,%d] = %g, want %g (bound %g)", trial, tA, tB, m, n, k, i, j, c[p], want, tol*bound)
						}
					}
				}
				continue
			}
			for p := range c {
				if math.Float32bits(c[p]) != math.Float32bits(first[p]) {
					t.Fatalf("trial %d (m=%d n=%d k=%d): %d threads differ from 1 at %d", trial, m, n, k, threads, p)
				}
			}
		}
	}
}

func rand32(rnd *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(2*rnd.Float64() - 1)
	}
	return s
}

// BenchmarkPacked32 runs the float32 products of one step of configs A
// (3072-100-10, batch 200) and B (3072-512-10, batch 256) on Packed32
// (all threads and one), on gonum's Sgemm and on blas32's current
// implementation; GFLOP/s counts 2·m·n·k per call.
func BenchmarkPacked32(bm *testing.B) {
	rnd := rand.New(rand.NewPCG(3, 3))
	shapes := []struct {
		name    string
		tA, tB  blas.Transpose
		m, n, k int
	}{
		{"A/X·W1", blas.NoTrans, blas.NoTrans, 200, 100, 3072},
		{"A/Xᵀ·dZ", blas.Trans, blas.NoTrans, 3072, 100, 200},
		{"B/X·W1", blas.NoTrans, blas.NoTrans, 256, 512, 3072},
		{"B/Xᵀ·dZ", blas.Trans, blas.NoTrans, 3072, 512, 256},
		{"B/dZ·W2ᵀ", blas.NoTrans, blas.Trans, 256, 512, 10},
	}
	for _, s := range shapes {
		a, b, c := rand32(rnd, s.m*s.k), rand32(rnd, s.k*s.n), rand32(rnd, s.m*s.n)
		lda, ldb := s.k, s.n
		if s.tA != blas.NoTrans {
			lda = s.m
		}
		if s.tB != blas.NoTrans {
			ldb = s.k
		}
		for _, impl := range []struct {
			name string
			blas.Float32
		}{{"packed", kernel.Packed32{}}, {"packed1", kernel.Packed32{Threads: 1}}, {"gonum", gonum.Implementation{}}} {
			bm.Run(s.name+"/"+impl.name, func(bb *testing.B) {
				for bb.Loop() {
					impl.Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, b, ldb, 0, c, s.n)
				}
				bb.ReportMetric(2*float64(s.m*s.n*s.k)*float64(bb.N)/bb.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
