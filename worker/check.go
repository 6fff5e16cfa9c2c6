package worker

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/gradcheck"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/msg"
)

// Gradient checks. The toy net is small enough to check every entry with
// the report's central differences; for an image net a full check would
// take 2 × 300,000 forward passes, so entries are sampled as in cs231n's
// grad_check_sparse, on a few training images, in float64 throughout.
const (
	// ToyThreshold is the report's bar for the full check of the toy net.
	ToyThreshold = 1e-7
	// SparseThreshold is the bar for the sampled check of an image net,
	// cs231n's "usually okay for objectives with kinks". There the cost is
	// about 2.3 and some gradient entries are near 1e-6, where the
	// rounding error of a central difference alone (about
	// 2e-16 · 2.3 / 1e-5 ≈ 5e-11, see gradcheck.Central) is a relative
	// error of 1e-5 or more: correct gradients of the report's net measured
	// up to 1.2e-5 on the sample, while a wrong one is off by far more.
	SparseThreshold = 1e-4
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
			return fmt.Errorf("reg %g: want a finite number >= 0", r)
		}
		reg = *regOverride
	}
	var (
		checks []msg.Check
		text   string
		x      *mat.Dense
	)
	switch {
	case d != nil && d.images == nil && m.net.Spec.Inputs == d.dim() && m.net.Spec.Classes == len(d.classes):
		x = d.toyX
		for _, c := range m.net.CheckGradients(x, d.toyY, reg, gradcheck.Central(gradcheck.ReportStep)) {
			r, cols := m.net.Param(c.Name).Value.Dims()
			checks = append(checks, msg.Check{Name: c.Name, Shape: [2]int{r, cols}, RelError: c.RelError,
				Entries: len(c.Analytic), Threshold: ToyThreshold, Pass: c.RelError < ToyThreshold})
		}
		text = fmt.Sprintf("central differences (h = %g) on every entry, on the %d toy points with reg %g; pass below %g",
			gradcheck.ReportStep, len(d.toyY), reg, ToyThreshold)
	case d != nil && d.images != nil && m.takesImages() && m.net.Spec.Classes == len(d.classes):
		// Its own generator, so that a check never changes the run.
		src := rng.New(m.cfg.Seed ^ 0x5eed)
		idx := src.Choice(d.images.Train.Len(), SparseSamples)
		x = m.features(d.images.Train, idx)
		y := make([]int, len(idx))
		for i, j := range idx {
			y[i] = int(d.images.Train.Labels[j])
		}
		checks = sparseCheck(m.net, x, y, reg, SparseEntries, src)
		text = fmt.Sprintf("central differences (h = %g) on %d random entries of each parameter, on %d training images with reg %g; pass below %g",
			gradcheck.ReportStep, SparseEntries, len(idx), reg, SparseThreshold)
	default:
		return errors.New("no data for the current model: load the dataset it reads")
	}
	if n := kinks(m.net, x, gradcheck.ReportStep); n > 0 {
		text += fmt.Sprintf("; %d ReLU inputs are within a step of the kink at 0, where central differences are not valid", n)
	}
	s.emit(msg.Event{ID: id, Kind: msg.GradResult, Checks: checks, Text: text})
	return nil
}

// kinks returns how many inputs z of the ReLUs (and leaky ReLUs) of net on
// x are so close to 0 that a step h in a weight of the layer before can
// move z across the kink: |z| < h · max(1, max |input of that layer|).
// Central differences straddling a kink measure neither side's slope
// (cs231n, "Gradient checks: kinks in the objective").
func kinks(net *nn.Network, x *mat.Dense, h float64) int {
	net.Forward(x, false)
	n := 0
	for i, l := range net.Layers[:len(net.Layers)-1] {
		d, ok := l.(*nn.Dense)
		act, ok2 := net.Layers[i+1].(*nn.Activation)
		if !ok || !ok2 || (act.Name != "relu" && act.Name != "leakyrelu") {
			continue
		}
		bound := 1.0
		for _, v := range d.Input().RawMatrix().Data {
			bound = max(bound, math.Abs(v))
		}
		bound *= h
		for _, z := range d.Output().RawMatrix().Data {
			if math.Abs(z) < bound {
				n++
			}
		}
	}
	return n
}

// sparseCheck compares the analytic gradient of net's cost on (x, y) with
// central differences at up to entries random entries of each parameter
// (all of a parameter that has no more), with dropout off. Parameters are
// restored bit for bit; gradients are left holding the analytic values.
func sparseCheck(net *nn.Network, x *mat.Dense, y []int, reg float64, entries int, src *rng.RandomState) []msg.Check {
	for _, l := range net.Layers {
		if d, ok := l.(*nn.Dropout); ok && d.P > 0 {
			p := d.P
			d.P = 0
			defer func() { d.P = p }()
		}
	}
	net.ZeroGrad()
	net.CostGrad(x, y, reg)
	const h = gradcheck.ReportStep
	var checks []msg.Check
	for _, p := range net.Params() {
		data, grad := p.Data(), p.GradData()
		idx := seq(0, len(data))
		if len(data) > entries {
			idx = idx[:entries]
			for i := range idx {
				idx[i] = src.Intn(len(data))
			}
		}
		ana := make([]float64, len(idx))
		num := make([]float64, len(idx))
		for k, i := range idx {
			ana[k] = grad[i]
			num[k] = central(data, i, h, func() float64 { return net.Cost(x, y, reg) })
		}
		rel := gradcheck.RelError(ana, num)
		r, c := p.Value.Dims()
		checks = append(checks, msg.Check{Name: p.Name, Shape: [2]int{r, c}, RelError: rel,
			Entries: len(idx), Threshold: SparseThreshold, Pass: rel < SparseThreshold})
	}
	return checks
}

// central returns (f(x+h) - f(x-h)) / 2h where x is data[i], and puts
// data[i] back, even if f panics.
func central(data []float64, i int, h float64, f func() float64) float64 {
	old := data[i]
	defer func() { data[i] = old }()
	data[i] = old + h
	fp := f()
	data[i] = old - h
	fm := f()
	return (fp - fm) / (2 * h)
}
