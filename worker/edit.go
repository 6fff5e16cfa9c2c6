package worker

import (
	"errors"
	"fmt"
	"math"

	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/msg"
)

// setWeight changes one weight of the current model, which must not be
// running (a step would race the edit): paused, ready or ended. A paused
// run goes on from the edited weight (the optimizer's state is kept). It
// answers with the model's state, so that the page knows the edit took.
func (s *Session) setWeight(id int, w *msg.WeightEdit) error {
	if w == nil {
		return errors.New("no weight to set")
	}
	if s.model == nil {
		return errNoModel
	}
	if s.state == msg.StateRunning {
		return errors.New("pause the run to edit a weight")
	}
	dense := s.model.net.Dense()
	if w.Layer < 0 || w.Layer >= len(dense) {
		return fmt.Errorf("layer %d: the net has weight layers 0 to %d", w.Layer, len(dense)-1)
	}
	W := dense[w.Layer].W.Value
	r, c := W.Dims()
	if w.From < 0 || w.From >= r || w.To < 0 || w.To >= c {
		return fmt.Errorf("weight (%d, %d) of layer %d: it has %d inputs and %d outputs", w.From, w.To, w.Layer, r, c)
	}
	if math.IsNaN(w.Value) || math.Abs(w.Value) > msg.MaxWeight {
		return fmt.Errorf("a weight of %v: want a number from -%s to %s", w.Value, numfmt.Int(msg.MaxWeight), numfmt.Int(msg.MaxWeight))
	}
	W.Set(w.From, w.To, w.Value)
	s.setState(id, s.state, "weight edited")
	return nil
}
