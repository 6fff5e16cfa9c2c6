//go:build js && wasm

package worker

import (
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/backprop-playground/playground/core/kernel"
)

// Under js/wasm the tests run the engine on the kernel, as the worker does.
func init() { blas64.Use(kernel.Implementation{}) }
