package nn

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Func is an element-wise nonlinearity and its derivative, kept side by side
// as in micrograd and TensorFlow Playground.
type Func struct {
	// Name is the registry key: "relu", "leakyrelu", "tanh" or "sigmoid".
	Name string
	// F is the function a = F(z).
	F func(z float64) float64
	// DF is F'(z), given both z and a = F(z) so that tanh and sigmoid can
	// use their output (1 - a², a(1 - a)) instead of recomputing exponentials.
	DF func(z, a float64) float64
}

// LeakySlope is LeakyReLU's slope for negative inputs, as in Maas et al.,
// "Rectifier Nonlinearities Improve Neural Network Acoustic Models" (2013).
const LeakySlope = 0.01

// Activations maps each activation's URL and command-line name to its Func.
// Names are lowercase and stable.
var Activations = map[string]Func{
	"relu": {Name: "relu",
		F: func(z float64) float64 { return math.Max(z, 0) },
		// relu'(z) = 1 where z > 0, else 0 (the report's convention at 0).
		DF: func(z, _ float64) float64 {
			if z > 0 {
				return 1
			}
			return 0
		}},
	"leakyrelu": {Name: "leakyrelu",
		F: func(z float64) float64 {
			if z > 0 {
				return z
			}
			return LeakySlope * z
		},
		DF: func(z, _ float64) float64 {
			if z > 0 {
				return 1
			}
			return LeakySlope
		}},
	"tanh": {Name: "tanh",
		F:  math.Tanh,
		DF: func(_, a float64) float64 { return 1 - a*a }},
	"sigmoid": {Name: "sigmoid",
		F:  func(z float64) float64 { return 1 / (1 + math.Exp(-z)) },
		DF: func(_, a float64) float64 { return a * (1 - a) }},
}

// Activation is the layer a = F(z), applied element-wise.
type Activation struct {
	Func

	z, a, dz *mat.Dense
}

var _ Layer = (*Activation)(nil)

// NewActivation returns the layer for f.
func NewActivation(f Func) *Activation { return &Activation{Func: f} }

// Forward returns F(z) element-wise. The result is owned by the layer.
func (l *Activation) Forward(z *mat.Dense, _ bool) *mat.Dense {
	r, c := z.Dims()
	l.z = z
	l.a = reuse(l.a, r, c)
	zs, as := z.RawMatrix().Data, l.a.RawMatrix().Data
	for i, v := range zs {
		as[i] = l.F(v)
	}
	return l.a
}

// Backward returns dz = da ⊙ F'(z).
func (l *Activation) Backward(da *mat.Dense) *mat.Dense {
	r, c := da.Dims()
	l.dz = reuse(l.dz, r, c)
	zs, as, das, dzs := l.z.RawMatrix().Data, l.a.RawMatrix().Data, da.RawMatrix().Data, l.dz.RawMatrix().Data
	for i, g := range das {
		dzs[i] = g * l.DF(zs[i], as[i])
	}
	return l.dz
}

// Params returns nil: activations have no parameters.
func (l *Activation) Params() []*Param { return nil }

// Output returns the last a computed by Forward.
func (l *Activation) Output() *mat.Dense { return l.a }

// String returns the activation's name, e.g. "ReLU".
func (l *Activation) String() string {
	switch l.Name {
	case "relu":
		return "ReLU"
	case "leakyrelu":
		return "LeakyReLU"
	case "tanh":
		return "Tanh"
	case "sigmoid":
		return "Sigmoid"
	}
	return l.Name
}
