package kernel

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is gonum's blas.Float64 with Dgemm replaced by the
// kernels of this package. The zero value is ready to use and runs in pure
// Go; with a Block, the untransposed-B products (A·B and Aᵀ·B, the
// forward and weight-gradient products of a layer) hand their full 4×4
// tiles to it.
type Implementation struct {
	gonum.Implementation

	// Block, if not nil, computes the inner blocks of A·B and Aᵀ·B. The Go
	// code still checks the arguments, scales C by beta, handles the rows
	// and columns left over by the 4×4 tiles, and does A·Bᵀ and Aᵀ·Bᵀ.
	Block Block

	// Block32 is Block for Sgemm: a float32 kernel, such as wasm/simd's
	// f32x4 one. With it, Sgemm also copies a transposed B into its
	// transpose so that the block does those products too.
	Block32 Block32
}

// Block is a fast path for Dgemm's inner blocks, such as the SIMD kernel of
// wasm/simd (WebAssembly SIMD128 through syscall/js).
//
// MulAdd adds the m×n product, for i < m, j < n:
//
//	C[i,j] += Σ_{l<k} (alpha·A[i,l])·B[l,j]
//
// where A[i,l] is a[i·rsA + l·csA] (rsA, csA = lda, 1 for A and 1, lda
// for Aᵀ), B[l,j] is b[l·ldb + j] and C[i,j] is c[i·ldc + j]. Dgemm calls
// it with m and n positive multiples of 4, k > 0 and slices long enough
// for every element named. Like the Go loops, a Block must round
// alpha·A[i,l] first and add the k terms of each C[i,j] one by one in the
// order of l, each product rounded on its own (no fused multiply-add):
// Dgemm's results are then the same, bit for bit, with or without it.
type Block interface {
	MulAdd(m, n, k int, alpha float64, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc int)
}

var _ blas.Float64 = Implementation{}

// Panic messages, the same as gonum's (blas/gonum/errors.go).
const (
	badTranspose = "blas: illegal transpose"
	mLT0         = "blas: m < 0"
	nLT0         = "blas: n < 0"
	kLT0         = "blas: k < 0"
	badLdA       = "blas: bad leading dimension of A"
	badLdB       = "blas: bad leading dimension of B"
	badLdC       = "blas: bad leading dimension of C"
	shortA       = "blas: insufficient length of a"
	shortB       = "blas: insufficient length of b"
	shortC       = "blas: insufficient length of c"
)

// Block sizes. A kb×nb panel of B (kb·nb·8 bytes = 128 KB) stays in L2
// while every group of 4 rows of A passes over it, and the 4 nb-wide rows
// of C it updates (8 KB) stay in L1.
const (
	kb = 64
	nb = 256
)

// Dgemm computes
//
//	C = alpha * A * B + beta * C
//	C = alpha * Aᵀ * B + beta * C
//	C = alpha * A * Bᵀ + beta * C
//	C = alpha * Aᵀ * Bᵀ + beta * C
//
// where A is m×k (k×m if tA is Trans), B is k×n (n×k if tB is Trans) and C
// is m×n, all row-major with leading dimensions lda, ldb and ldc. It panics,
// as gonum's Dgemm, if a transpose is not NoTrans, Trans or ConjTrans, a
// size is negative, a leading dimension is too small or a slice too short.
func (impl Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	var blk mulAdder[float64]
	if impl.Block != nil {
		blk = impl.Block
	}
	gemm(blk, panel{kb, nb}, false, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemm checks the arguments of Dgemm or Sgemm, scales C by beta and adds
// alpha·op(A)·op(B) with the loop order of the transposes. With
// transposeB and a block, a transposed B is copied into its transpose
// first, so that the block computes those products too.
func gemm[T float](blk mulAdder[T], p panel, transposeB bool, tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if !checkGemm(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c)) {
		return
	}
	aTrans := tA != blas.NoTrans
	bTrans := tB != blas.NoTrans

	if beta != 1 {
		scale(m, n, beta, c, ldc)
	}
	if alpha == 0 || k == 0 {
		return
	}
	if bTrans && transposeB && blk != nil {
		// Bᵀ (n×k) becomes B (k×n): n·k copies against m·n·k
		// multiply-adds, and the block does the product.
		bt := make([]T, k*n)
		for j := range n {
			for l, v := range b[j*ldb:][:k] {
				bt[l*n+j] = v
			}
		}
		b, ldb, bTrans = bt, n, false
	}
	switch {
	case !aTrans && !bTrans:
		gemmNN(blk, p, m, n, k, alpha, a, lda, b, ldb, c, ldc)
	case aTrans && !bTrans:
		gemmTN(blk, p, m, n, k, alpha, a, lda, b, ldb, c, ldc)
	case !aTrans && bTrans:
		gemmNT(m, n, k, alpha, a, lda, b, ldb, c, ldc)
	default:
		gemmTT(m, n, k, alpha, a, lda, b, ldb, c, ldc)
	}
}

// scale sets C = beta·C, and C = 0 without reading C when beta is 0.
func scale[T float](m, n int, beta T, c []T, ldc int) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
