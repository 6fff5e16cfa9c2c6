package kernel_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/kernel"
)

// The worker's main installs the kernel once; from then on every gonum
// product, such as mat.Dense.Mul, runs on it.
func Example() {
	prev := blas64.Implementation()
	blas64.Use(kernel.Implementation{})
	defer blas64.Use(prev) // only this example: a worker keeps it

	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := mat.NewDense(3, 2, []float64{7, 8, 9, 10, 11, 12})
	var c mat.Dense
	c.Mul(a, b)
	fmt.Println(mat.Formatted(&c))
	var d mat.Dense
	d.Mul(a.T(), a) // Aᵀ·A: no transpose is copied
	fmt.Println(mat.Formatted(&d))
	// Output:
	// ⎡ 58   64⎤
	// ⎣139  154⎦
	// ⎡17  22  27⎤
	// ⎢22  29  36⎥
	// ⎣27  36  45⎦
}
