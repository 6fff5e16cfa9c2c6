package lesson

import (
	"fmt"

	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/toy"
	"github.com/backprop-playground/playground/core/train"
)

// Limits of the step-through: every matrix is drawn with its numbers, so
// the net stays small.
const (
	MaxSamples = 10 // rows of X
	MaxUnits   = 16 // units of a hidden layer
	MaxDepth   = 3  // hidden layers
	MaxClasses = 6
)

// Setup is the problem the step-through walks: the toy problem's data
// (Args.Data: Inputs samples of InputSize features drawn from SeedData,
// Classes classes), a network built by nn.New(Spec, rng.New(Seed)), the
// loss's L2 strength Args.Reg, and the optimizer of the update.
type Setup struct {
	Args      toy.Args
	Spec      nn.Spec
	Seed      uint32
	Optimizer string
	LR        float64
	Momentum  float64
	// Iter is the number of training steps taken (on the same data, with
	// the same optimizer) before the pass shown: the step-through goes on
	// past "update" into the next iteration. At most MaxIter.
	Iter int
}

// MaxIter bounds Setup.Iter: each iteration is computed again from the
// start when the page opens at it.
const MaxIter = 10_000

// SetupOf returns the step-through's problem for a classroom scenario on
// the toy data (classroom.ToyData), or an *nn.ConfigError naming the
// setting (as a link spells it) that the step-through cannot show. For
// the ready scenario "toy" it is the report's toy problem exactly.
func SetupOf(s classroom.Scenario) (Setup, error) {
	a, ok := s.Toy()
	if !ok {
		return Setup{}, &nn.ConfigError{Field: "data", Value: fmt.Sprintf("%q", s.Data.Name),
			Reason: "the step-through runs on the toy data (data=toy)"}
	}
	c := s.Config
	st := Setup{Args: a, Spec: c.Spec(a.InputSize, a.Classes), Seed: c.Seed,
		Optimizer: c.Optimizer, LR: c.LR, Momentum: c.Momentum}
	// Dropout would make the forward pass random: the step-through shows
	// the deterministic net.
	st.Spec.Dropout = 0
	return st, st.Validate()
}

// ScenarioOf returns the default step-through scenario: the ready "toy".
func ScenarioOf() classroom.Scenario {
	s, _ := classroom.Ready("toy")
	return s
}

// Validate returns an *nn.ConfigError for a setup too large to show or
// that cannot work.
func (st Setup) Validate() error {
	a := st.Args
	if a.Inputs < 1 || a.Inputs > MaxSamples {
		return &nn.ConfigError{Field: "points", Value: a.Inputs, Reason: fmt.Sprintf("the step-through shows 1 to %d samples", MaxSamples)}
	}
	if a.Classes < 2 || a.Classes > MaxClasses {
		return &nn.ConfigError{Field: "classes", Value: a.Classes, Reason: fmt.Sprintf("the step-through shows 2 to %d classes", MaxClasses)}
	}
	if len(st.Spec.Hidden) < 1 || len(st.Spec.Hidden) > MaxDepth {
		return &nn.ConfigError{Field: "hidden", Value: len(st.Spec.Hidden), Reason: fmt.Sprintf("the step-through shows 1 to %d hidden layers", MaxDepth)}
	}
	for i, h := range st.Spec.Hidden {
		if h < 1 || h > MaxUnits {
			return &nn.ConfigError{Field: fmt.Sprintf("hidden[%d]", i), Value: h, Reason: fmt.Sprintf("the step-through shows 1 to %d units per layer", MaxUnits)}
		}
	}
	if err := st.Spec.Validate(); err != nil {
		return err
	}
	c := train.Default()
	c.Optimizer, c.LR, c.Momentum = st.Optimizer, st.LR, st.Momentum
	if err := c.Validate(); err != nil {
		return err
	}
	if st.Iter < 0 || st.Iter > MaxIter {
		return &nn.ConfigError{Field: "iteration", Value: st.Iter, Reason: fmt.Sprintf("the step-through goes up to iteration %d", MaxIter)}
	}
	if a.Reg < 0 || a.Reg != a.Reg || a.Reg > 1e6 {
		return &nn.ConfigError{Field: "reg", Value: a.Reg, Reason: "must be a finite number >= 0"}
	}
	return nil
}
