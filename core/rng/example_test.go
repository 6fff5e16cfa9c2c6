package rng_test

import (
	"fmt"

	"github.com/backprop-playground/playground/core/rng"
)

// The first variate after np.random.seed(0) is np.random.randn() ==
// 1.764052345967664.
func ExampleNew() {
	r := rng.New(0)
	fmt.Println(r.Randn())
	// Output: 1.764052345967664
}

// This reproduces a toy Python script:
//
//	np.random.seed(0)
//	W1 = 0.1 * np.random.randn(4, 10)
//	W2 = 0.1 * np.random.randn(10, 3)
//	idx = np.random.choice(5, 200)
func ExampleRandomState_RandnFill() {
	r := rng.New(0)
	w1 := make([]float64, 4*10) // row-major 4×10
	r.RandnFill(w1)
	w2 := make([]float64, 10*3)
	r.RandnFill(w2)
	for i := range w1 {
		w1[i] *= 0.1
	}
	idx := r.Choice(5, 200)
	fmt.Printf("%.8f\n", w1[:3])
	fmt.Println(idx[:10])
	// Output:
	// [0.17640523 0.04001572 0.09787380]
	// [1 4 2 3 0 3 2 3 0 0]
}

func ExampleRandomState_Permutation() {
	r := rng.New(42)
	fmt.Println(r.Permutation(10)) // np.random.seed(42); np.random.permutation(10)
	fmt.Println(r.Randint(0, 10))
	fmt.Println(r.Uniform(-1, 1))
	// Output:
	// [8 1 5 0 7 2 9 4 3 6]
	// 2
	// -0.8000501683639942
}

// ChoiceInto draws mini-batch indices into a reused buffer, without
// allocating; the draws are those of np.random.seed(0) followed by
// np.random.choice(5, 8) twice.
func ExampleRandomState_ChoiceInto() {
	r := rng.New(0)
	batch := make([]int, 8)
	for range 2 {
		r.ChoiceInto(batch, 5)
		fmt.Println(batch)
	}
	// Output:
	// [4 0 3 3 3 1 3 2]
	// [4 0 0 4 2 1 0 1]
}
