//go:build !(openblas && cgo)

package main

import (
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/backprop-playground/playground/core/kernel"
)

// blasName names the matrix products the engine runs on. By default the
// float32 products (nn precision "f32") run on core/kernel's Packed32
// (packed, cache-blocked, an AVX2/FMA micro-kernel on amd64, split over
// all cores by goroutines) and the float64 ones on gonum's (amd64
// assembly, large products over goroutines). The openblas build tag
// (blas_openblas.go) replaces both with OpenBLAS. The pure-Go build is
// the default because it always builds, with no C toolchain or library.
// In both builds the conversions and vector loops of a step run on
// core/kernel's Vector64 (AVX2 on amd64, the same bits as Go's loops).
var blasName = "float32: core/kernel Packed32 (all cores); float64: gonum"

func init() {
	blas32.Use(kernel.Packed32{})
	kernel.UseConverter(kernel.Vector64{})
	kernel.UseVector(kernel.Vector64{})
}
