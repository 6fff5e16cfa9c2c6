package worker

import (
	"strconv"

	"github.com/backprop-playground/playground/msg"
)

// loadPlane makes the dataset of a PlaneData name: its training points'
// input features (plane.Spec.Inputs), as the toy problem's matrices, with
// their classes or, for a regression set, their targets (and no classes).
func loadPlane(name string) (*dataset, error) {
	set, err := msg.PlaneSet(name)
	if err != nil {
		return nil, err
	}
	tr := set.TrainData()
	if set.Spec.Regression() {
		return &dataset{name: name, toyX: tr.X, toyT: tr.T}, nil
	}
	classes := make([]string, set.Spec.Classes)
	for i := range classes {
		classes[i] = strconv.Itoa(i)
	}
	return &dataset{name: name, classes: classes, toyX: tr.X, toyY: tr.Y}, nil
}
