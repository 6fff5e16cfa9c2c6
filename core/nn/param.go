package nn

import "gonum.org/v1/gonum/mat"

// Param is one named parameter matrix and its gradient, of the same shape.
type Param struct {
	// Name is the report's name: W1, b1, W2, b2, ... numbered by Dense layer.
	Name string
	// Value holds the parameter; only optimizers and loaders write it.
	Value *mat.Dense
	// Grad accumulates ∂J/∂Value over Backward calls until ZeroGrad.
	Grad *mat.Dense
	// Decay is true for weight matrices, which the L2 penalty applies to,
	// and false for biases.
	Decay bool
}

func newParam(name string, r, c int, decay bool) *Param {
	return &Param{Name: name, Value: mat.NewDense(r, c, nil), Grad: mat.NewDense(r, c, nil), Decay: decay}
}

// Data returns the parameter's values as one flat, row-major slice that
// aliases Value.
func (p *Param) Data() []float64 { return p.Value.RawMatrix().Data }

// GradData returns the gradient as one flat, row-major slice that aliases Grad.
func (p *Param) GradData() []float64 { return p.Grad.RawMatrix().Data }

// reuse returns m if it is r×c, or a new zeroed r×c matrix. Layers keep their
// outputs between calls so that a training step allocates nothing once the
// batch size is steady.
func reuse(m *mat.Dense, r, c int) *mat.Dense {
	if m != nil {
		if mr, mc := m.Dims(); mr == r && mc == c {
			return m
		}
	}
	return mat.NewDense(r, c, nil)
}
