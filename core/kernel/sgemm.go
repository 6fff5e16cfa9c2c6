package kernel

import (
	"strconv"

	"gonum.org/v1/gonum/blas"
)

// Block32 is Block in float32: MulAdd adds, for i < m, j < n,
//
//	C[i,j] += Σ_{l<k} (alpha·A[i,l])·B[l,j]
//
// with A[i,l] = a[i·rsA + l·csA], B[l,j] = b[l·ldb + j] and
// C[i,j] = c[i·ldc + j], m and n positive multiples of 4 and k > 0, as
// Block does. Unlike Block it may sum the terms in any fixed order (a SIMD
// kernel keeps partial sums in vector lanes): float32 results are checked
// against a tolerance for summation order, not bit for bit, but they must
// be the same on every call with the same arguments.
type Block32 interface {
	MulAdd(m, n, k int, alpha float32, a []float32, rsA, csA int, b []float32, ldb int, c []float32, ldc int)
}

var _ blas.Float32 = Implementation{}

// Block sizes of Sgemm: a kb×nb panel of B (256·256·4 bytes = 256 KB) is
// what a block gets per call. A call through syscall/js costs a few µs,
// so the panels are larger than Dgemm's.
const (
	kb32 = 256
	nb32 = 256
)

// Panel32 is the number of rows of B in the panels Sgemm hands a Block32
// (kb32), the unit of its sums.
const Panel32 = kb32

// Paneled is a Block32 that takes larger parts of a product per call than
// Sgemm's panels, for one whose calls cost a hand-off (wasm/simd's Pool
// splits each call over threads): Panels returns the kb and nb (multiples
// of Panel32) Sgemm then hands it. Such a block must sum each element of C
// as a Block32 called on panels of Panel32 rows of B in order would, so
// that results are the same with it as with a plain Block32 (the terms
// Sgemm adds in Go, at ragged edges, are summed in the same order for any
// panel size that is a multiple of 4).
type Paneled interface {
	Block32
	Panels() (kb, nb int)
}

// Sgemm is Dgemm in float32, the products of the fast (float32) training
// path: the same checks, the same loop orders and, with a Block32, the
// same split between the block and the Go code. Without a Block32 it sums
// each element of C in the order Dgemm does.
func (impl Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	var blk mulAdder[float32]
	p := panel{kb, nb} // the Go loops' blocking: its panel stays in L2
	if impl.Block32 != nil {
		blk, p = impl.Block32, panel{kb32, nb32}
		if pb, ok := impl.Block32.(Paneled); ok {
			p.kb, p.nb = pb.Panels()
			if p.kb <= 0 || p.kb%kb32 != 0 || p.nb <= 0 || p.nb%4 != 0 {
				panic("kernel: Paneled block: panels of " + strconv.Itoa(p.kb) + "×" + strconv.Itoa(p.nb) + " rows and columns, want multiples of Panel32 and 4")
			}
		}
	}
	gemm(blk, p, true, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
