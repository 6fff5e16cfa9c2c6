//go:build openblas && cgo

package main

import (
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"

	"github.com/backprop-playground/playground/core/kernel"
)

// With -tags openblas (make mlp-openblas), every matrix product of the
// engine runs on OpenBLAS through gonum's cgo binding, in both precisions:
// the vectorized, multithreaded kernels numpy uses. It needs Debian's
// libopenblas-dev and CGO_LDFLAGS=-lopenblas.
func init() {
	blas64.Use(netlib.Implementation{})
	blas32.Use(netlib.Implementation{})
	kernel.UseConverter(kernel.Vector64{})
	kernel.UseVector(kernel.Vector64{})
}

// blasName names the matrix products the engine runs on (see blas.go).
var blasName = "OpenBLAS (cgo)"
