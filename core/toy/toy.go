// Package toy is the report's toy problem (Questions 1-2): a 4-10-3 ReLU
// net on 5 points, with the weights, data and labels drawn exactly as
// ../shared/reference/toy_reference.py draws them with numpy.
package toy

import (
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// Args are the toy problem's sizes and seeds, named as the reference
// script's flags.
type Args struct {
	SeedModel uint32  `json:"seed_model"`
	SeedData  uint32  `json:"seed_data"`
	Inputs    int     `json:"inputs"`
	InputSize int     `json:"input_size"`
	Hidden    int     `json:"hidden"`
	Classes   int     `json:"classes"`
	Std       float64 `json:"std"`
	Reg       float64 `json:"reg"`
}

// Report returns the report's toy setting: seeds 0 and 1, 5 inputs of size
// 4, 10 hidden units, 3 classes, std 0.1, reg 0.05.
func Report() Args {
	return Args{SeedModel: 0, SeedData: 1, Inputs: 5, InputSize: 4, Hidden: 10, Classes: 3, Std: 0.1, Reg: 0.05}
}

// Spec returns the network Spec of a.
func (a Args) Spec() nn.Spec {
	return nn.Spec{Inputs: a.InputSize, Hidden: []int{a.Hidden}, Classes: a.Classes, Activation: "relu", Init: "std", Std: a.Std}
}

// Model returns a fresh model seeded as the script's make_model, and the
// generator in the state that model creation left behind (the notebook
// draws its minibatches from it).
func (a Args) Model() (*nn.Network, *rng.RandomState, error) {
	if err := a.Validate(); err != nil {
		return nil, nil, err
	}
	src := rng.New(a.SeedModel)
	net, err := nn.New(a.Spec(), src)
	return net, src, err
}

// Data returns X = 10·randn(inputs, input_size) from seed_data, and the
// labels [0 1 2 2 1] for the report's 5×3 shape, else i mod classes.
func (a Args) Data() (*mat.Dense, []int) {
	src := rng.New(a.SeedData)
	x := mat.NewDense(a.Inputs, a.InputSize, nil)
	data := x.RawMatrix().Data
	src.RandnFill(data)
	for i := range data {
		data[i] *= 10
	}
	y := make([]int, a.Inputs)
	for i := range y {
		y[i] = i % a.Classes
	}
	if a.Inputs == 5 && a.Classes == 3 {
		copy(y, []int{0, 1, 2, 2, 1})
	}
	return x, y
}

// TrainConfig is the notebook's toy training: SGD, lr 0.1, reg 5e-6, 100
// iterations, batch 200 drawn with replacement, lr × 0.95 per epoch.
func TrainConfig() train.Config {
	c := train.Default()
	c.Data, c.Hidden = "toy", nil
	c.LR, c.Reg, c.Iters, c.Batch, c.Decay = 0.1, 5e-6, 100, 200, 0.95
	return c
}

// Train runs TrainConfig on a fresh model and returns the loss history.
func (a Args) Train() ([]float64, error) {
	net, src, err := a.Model()
	if err != nil {
		return nil, err
	}
	x, y := a.Data()
	c := TrainConfig()
	c.Hidden, c.Std = []int{a.Hidden}, a.Std
	t, err := train.NewTrainer(c, net, train.Matrix{X: x, Y: y}, nil, src)
	if err != nil {
		return nil, err
	}
	for !t.Done() {
		if _, err := t.Step(); err != nil {
			return t.History.Loss, err
		}
	}
	return t.History.Loss, nil
}

// Validate returns an *nn.ConfigError for sizes or scales that cannot work.
func (a Args) Validate() error {
	if a.Inputs <= 0 || a.Inputs > 100_000 {
		return &nn.ConfigError{Field: "inputs", Value: a.Inputs, Reason: "must be from 1 to 100000"}
	}
	if a.Reg < 0 || a.Reg != a.Reg || a.Reg > 1e6 {
		return &nn.ConfigError{Field: "reg", Value: a.Reg, Reason: "must be a finite number >= 0"}
	}
	return a.Spec().Validate()
}
