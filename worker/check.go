package worker

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/gradcheck"
	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/msg"
)

// Gradient checks, by core/gradcheck through nn.Network.Check: every entry
// of the toy net; for an image net (a full check would take 2 × 300,000
// forward passes) a few random entries of each parameter, as cs231n's
// grad_check_sparse, on a few training images, in float64 throughout.
const (
	// SparseEntries and SparseSamples are how many entries of each
	// parameter and how many training images the sampled check uses.
	SparseEntries = 20
	SparseSamples = 10
)

// gradCheck checks the current model's gradients on the loss with L2
// strength *regOverride, or the model's if it is nil.
func (s *Session) gradCheck(id int, regOverride *float64) error {
	m := s.model
	if m == nil {
		return errNoModel
	}
	d := s.data
	reg := m.cfg.Reg
	if regOverride != nil {
		if r := *regOverride; math.IsNaN(r) || math.IsInf(r, 0) || r < 0 {
			return fmt.Errorf("the L2 strength %g cannot be checked: it must be a finite number of at least 0", r)
		}
		reg = *regOverride
	}
	var (
		x    *mat.Dense
		y    []int
		opt  gradcheck.Options
		text string
	)
	switch {
	case m.net.Spec.Regression():
		return errors.New("the gradient check runs on classifiers (softmax loss); this net is a regression")
	case d != nil && d.images == nil && m.net.Spec.Inputs == d.dim() && m.net.Spec.Classes == len(d.classes):
		x, y = d.toyX, d.toyY
		text = fmt.Sprintf("every entry, on the %d toy points with reg %g", len(d.toyY), reg)
	case d != nil && d.images != nil && m.takesImages() && m.net.Spec.Classes == len(d.classes):
		// Its own generator, so that a check never changes the run.
		src := rng.New(m.cfg.Seed ^ 0x5eed)
		idx := src.Choice(d.images.Train.Len(), SparseSamples)
		x = m.features(d.images.Train, idx)
		y = make([]int, len(idx))
		for i, j := range idx {
			y[i] = int(d.images.Train.Labels[j])
		}
		opt = gradcheck.Options{Entries: SparseEntries, Pick: src.Intn}
		text = fmt.Sprintf("%d random entries of each parameter, on %d training images with reg %g", SparseEntries, len(idx), reg)
	default:
		return errors.New("there is no data for the current model: load the dataset it reads")
	}
	r := m.net.Check(x, y, reg, opt)
	text = "Fourth-order finite differences with a step chosen per entry, on " + text +
		fmt.Sprintf("; an entry passes below a relative error of %s", numfmt.Error(r.Threshold))
	s.emit(msg.Event{ID: id, Kind: msg.GradResult, Checks: checksOf(r), Summary: r.Summary(), Text: text})
	return nil
}

// checksOf turns a gradcheck.Result into the message's rows.
func checksOf(r gradcheck.Result) []msg.Check {
	var out []msg.Check
	for _, b := range r.Blocks {
		out = append(out, msg.Check{Name: b.Name, Shape: b.Shape, RelError: b.Worst, Entries: b.Checked,
			Skipped: b.Kinks + b.Tiny + b.Rough, Threshold: r.Threshold, Pass: b.Pass})
	}
	return out
}
