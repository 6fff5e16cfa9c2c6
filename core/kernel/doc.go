// Package kernel is a blas.Float64 and blas.Float32 for the browser:
// gonum's pure-Go implementation with faster matrix products (Dgemm, and
// Sgemm for the float32 training path of core/nn).
//
// In js/wasm gonum has no assembly and its Dgemm runs at about 1 GFLOP/s
// (../shared/PLATFORM.md); the two products X·W1 and Xᵀ·dZ take 93-98% of a
// training step. Implementation.Dgemm updates 4 rows of C per pass, 4 terms
// of the sum (4 rows of B) at a time, and blocks over k and n so that the
// panel of B it sweeps stays in cache; each transpose layout has its own
// loop order, so nothing is copied or transposed. In node it runs the
// report's products 4-7x faster than gonum's pure Go (bench_test.go). The
// worker installs it once:
//
//	blas64.Use(kernel.Implementation{Block: simdKernel})
//
// after which every mat.Dense.Mul and blas64.Gemm of core/nn runs on it.
// Natively the float64 path keeps gonum's assembly, and cmd/mlp gives the
// float32 path Packed32 instead (blas32.Use): an Sgemm that packs its
// operands into panels, blocks for the caches, runs a register-blocked
// micro-kernel (AVX2 and FMA assembly on amd64, Go elsewhere) and splits
// the product over every core, with results that do not depend on the
// number of threads. Vector64 is the native Converter and Vector (the
// conversions and Axpy in AVX2, the same bits as the Go loops).
//
// Go's wasm output has no SIMD. A Block (see its doc) is where a faster
// kernel written outside Go plugs in: the worker passes wasm/simd's, in
// WebAssembly SIMD128, and A·B and Aᵀ·B then hand it their full 4×4 tiles,
// panel by panel (kb×nb of B), while the Go code keeps the argument
// checks, beta, the leftover rows and columns, the transposed-B products,
// and the whole product when there is no Block (Implementation{}).
// Because a Block must round as the Go loops do, results are the same bit
// for bit with or without one. kerneltest holds the checks, so that they
// run on every Block too.
//
// Sgemm is the same code in float32 (the loops are generic); its Block32
// (wasm/simd's f32x4 kernel, or its threads) may sum in its own fixed
// order, and is checked against float64 within the bound of float32
// summation (kerneltest.Sgemm). Sgemm also hands a Block32 the
// transposed-B products, transposing B first. A Block32 whose calls cost
// a hand-off (Paneled: wasm/simd's threads) takes larger panels, whole
// products, and sums them in panels of Panel32 rows itself, so that its
// results are the plain Block32's.
// Demote and AddPromoted are the float32 path's conversions, which a
// Converter (wasm/simd again) can take over, and Axpy and AddSquares the
// float64 loops of every step over all the weights (the L2 penalty, its
// gradient, the SGD update), which a Vector can take over, bit for bit.
//
// # Semantics
//
// Dgemm is BLAS's dgemm (Dongarra et al., "A set of level 3 basic linear
// algebra subprograms", ACM TOMS 16(1), 1990), row-major as gonum's:
// C = alpha·op(A)·op(B) + beta·C for all four transpose combinations, with
// leading dimensions lda, ldb, ldc. As in the reference implementation,
// beta = 0 sets C without reading it (NaN in C does not propagate), and
// alpha = 0 or k = 0 only scales C, without reading A or B. Bad arguments
// panic with gonum's messages ("blas: bad leading dimension of A", ...).
// Rounding follows gonum's loops: with B not transposed each element of C
// gets its k terms alpha·A[i,l]·B[l,j] (alpha·A[i,l] rounded first) added
// one by one in order; with B transposed the k
// products are summed in order and alpha times the sum is added to C (gonum
// sums those dot products with its own unrolling). Gonum skips terms whose
// A entry is zero and this package does not, so results agree to rounding
// (bit for bit in most untransposed-B products) and 0·Inf in A·B gives NaN
// here, as IEEE arithmetic says.
package kernel
