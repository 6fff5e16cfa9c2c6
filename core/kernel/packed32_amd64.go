package kernel

import "golang.org/x/sys/cpu"

// hasAVX2FMA reports whether this CPU runs the assembly micro-kernel.
var hasAVX2FMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// microKernel6x16 is microKernelGo in AVX2 and FMA (packed32_amd64.s):
// the 6×16 tile in twelve 8-lane registers, one fused multiply-add per
// term, then added to C. k must be positive and the slices long enough.
//
//go:noescape
func microKernel6x16(k int, a, b, c *float32, ldc int)

// microKernel adds the product of a packed row panel and column panel to
// the 6×16 tile of c (see microKernelGo).
func microKernel(kc int, a, b, c []float32, ldc int) {
	if !hasAVX2FMA {
		microKernelGo(kc, a, b, c, ldc)
		return
	}
	_ = a[kc*pmr-1]
	_ = b[kc*pnr-1]
	_ = c[(pmr-1)*ldc+pnr-1]
	microKernel6x16(kc, &a[0], &b[0], &c[0], ldc)
}

// The loops of Vector64 in AVX2 (packed32_amd64.s), n a multiple of 8.
//
//go:noescape
func demoteAVX2(dst *float32, src *float64, n int)

//go:noescape
func addPromotedAVX2(dst *float64, src *float32, n int)

//go:noescape
func axpyAVX2(alpha float64, x, y *float64, n int)
