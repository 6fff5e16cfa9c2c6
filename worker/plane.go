package worker

import (
	"strconv"

	"github.com/backprop-playground/playground/msg"
)

// loadPlane makes the dataset of a PlaneData name: its training points,
// as the toy problem's matrices.
func loadPlane(name string) (*dataset, error) {
	set, err := msg.PlaneSet(name)
	if err != nil {
		return nil, err
	}
	classes := make([]string, set.Spec.Classes)
	for i := range classes {
		classes[i] = strconv.Itoa(i)
	}
	tr := set.TrainData()
	return &dataset{name: name, classes: classes, toyX: tr.X, toyY: tr.Y}, nil
}
