//go:build !amd64

package kernel

import "unsafe"

// microKernel adds the product of a packed row panel and column panel to
// the 6×16 tile of c (see microKernelGo): in Go on this architecture.
func microKernel(kc int, a, b, c []float32, ldc int) {
	microKernelGo(kc, a, b, c, ldc)
}

// hasAVX2FMA is false: no assembly on this architecture.
const hasAVX2FMA = false

// The loops of Vector64 are never called here (hasAVX2FMA is false); they
// are the Go of what packed32_amd64.s does on amd64.
func demoteAVX2(dst *float32, src *float64, n int) {
	d, s := unsafe.Slice(dst, n), unsafe.Slice(src, n)
	for i, v := range s {
		d[i] = float32(v)
	}
}

func addPromotedAVX2(dst *float64, src *float32, n int) {
	d, s := unsafe.Slice(dst, n), unsafe.Slice(src, n)
	for i, v := range s {
		d[i] += float64(v)
	}
}

func axpyAVX2(alpha float64, x, y *float64, n int) {
	xs, ys := unsafe.Slice(x, n), unsafe.Slice(y, n)
	for i, v := range xs {
		ys[i] += alpha * v
	}
}
