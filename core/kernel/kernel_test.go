package kernel_test

import (
	"runtime"
	"testing"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/internal/kerneltest"
)

// TestDgemm compares the pure-Go kernel with gonum's Dgemm: random shapes,
// strides, transposes and scalars, the special values of alpha and beta,
// and the panics on bad arguments (kerneltest).
func TestDgemm(t *testing.T) {
	t.Parallel()
	kerneltest.Dgemm(t, kernel.Implementation{})
}

// goBlock is a Block in plain Go, written from Block's definition: it
// shows that Dgemm hands only whole tiles to a Block and does the rest
// itself, with results identical to the Block-less kernel. (That holds
// where Go does not fuse x*y + z, as on wasm and amd64; the conversions
// below keep goBlock's own products rounded everywhere.)
type goBlock struct{ t *testing.T }

func (g goBlock) MulAdd(m, n, k int, alpha float64, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc int) {
	if m <= 0 || n <= 0 || k <= 0 || m%4 != 0 || n%4 != 0 {
		g.t.Fatalf("MulAdd called with m=%d n=%d k=%d", m, n, k)
	}
	// Each C[i,j] gets its terms in the order of l, as Block requires.
	for i := range m {
		ci := c[i*ldc:][:n]
		for l := range k {
			x := alpha * a[i*rsA+l*csA]
			for j, v := range b[l*ldb:][:n] {
				ci[j] += float64(x * v)
			}
		}
	}
}

// TestBlock runs the kernel with a Block: the Block's own check, every
// Dgemm check, and bit-for-bit agreement with the kernel without it.
func TestBlock(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("the same code natively; under node, wasm/simd runs these checks on its Block")
	}
	t.Parallel()
	blk := goBlock{t}
	kerneltest.BlockMatches(t, blk)
	impl := kernel.Implementation{Block: blk}
	kerneltest.Dgemm(t, impl)
	kerneltest.Same(t, kernel.Implementation{}, impl)
}
