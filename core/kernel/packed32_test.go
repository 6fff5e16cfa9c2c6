package kernel_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/internal/kerneltest"
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
