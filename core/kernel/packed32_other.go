//go:build !amd64

package kernel

// microKernel adds the product of a packed row panel and column panel to
// the 6×16 tile of c (see microKernelGo): in Go on this architecture.
func microKernel(kc int, a, b, c []float32, ldc int) {
	microKernelGo(kc, a, b, c, ldc)
}
