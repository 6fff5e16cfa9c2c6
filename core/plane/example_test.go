package plane_test

import (
	"fmt"

	"github.com/backprop-playground/playground/core/plane"
)

func ExampleGenerate() {
	set, err := plane.Generate(plane.Spec{Name: "circles", Classes: 3, Points: 90, Noise: 0.02, Split: 0.8, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	tr, te := set.TrainData(), set.TestData()
	fmt.Println(tr.Len(), tr.Dim(), te.Len())

	// A point added by hand goes to the training set.
	if err := set.Add(plane.Point{X: 0.1, Y: -0.2, Class: 2}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(len(set.Train))

	_, err = plane.Generate(plane.Spec{Name: "circles", Classes: 1, Points: 90, Split: 0.8})
	fmt.Println(err)
	// Output:
	// 72 2 18
	// 73
	// invalid classes 1: must be from 2 to 16
}
