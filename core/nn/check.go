package nn

import (
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/gradcheck"
)

// GradCheck is the result of checking one parameter's analytic gradient
// against central differences.
type GradCheck struct {
	Name      string    `json:"name"`
	Analytic  []float64 `json:"analytic"`
	Numerical []float64 `json:"numerical"`
	// RelError is the report's max |a-b| / max(1e-8, |a|+|b|).
	RelError float64 `json:"rel_error"`
}

// CheckGradients compares the backpropagated gradient of Cost(x, y, reg)
// with finite differences by formula (gradcheck.Central(1e-5) is the
// report's check) for every parameter, in the order of Params. Dropout is off in both. The
// parameters are restored bit for bit afterwards; the gradients are left
// holding the analytic values.
func (n *Network) CheckGradients(x *mat.Dense, y []int, reg float64, formula fd.Formula) []GradCheck {
	// Always in float64: finite differences of a float32 cost measure its
	// rounding, not its slope.
	fast := n.fast
	n.fast = nil
	defer func() { n.fast = fast }()
	n.ZeroGrad()
	n.costGradEval(x, y, reg)
	var out []GradCheck
	for _, p := range n.params {
		data := p.Data()
		orig := append([]float64(nil), data...)
		num := gradcheck.Gradient(nil, func(v []float64) float64 {
			copy(data, v)
			return n.Cost(x, y, reg)
		}, orig, formula)
		copy(data, orig)
		ana := append([]float64(nil), p.GradData()...)
		out = append(out, GradCheck{Name: p.Name, Analytic: ana, Numerical: num, RelError: gradcheck.RelError(ana, num)})
	}
	return out
}

// costGradEval is CostGrad with dropout layers passing their input through,
// so that the analytic gradient is of the same function Cost evaluates.
func (n *Network) costGradEval(x *mat.Dense, y []int, reg float64) float64 {
	var off []*Dropout
	for _, l := range n.Layers {
		if d, ok := l.(*Dropout); ok && d.P > 0 {
			off = append(off, d)
		}
	}
	ps := make([]float64, len(off))
	for i, d := range off {
		ps[i], d.P = d.P, 0
	}
	defer func() {
		for i, d := range off {
			d.P = ps[i]
		}
	}()
	return n.CostGrad(x, y, reg)
}
