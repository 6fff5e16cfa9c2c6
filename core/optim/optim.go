// Package optim updates network parameters from their gradients: plain SGD
// (the report's), classical momentum, Nesterov momentum and Adam.
//
// An Optimizer is the only code that writes nn.Param.Value during training.
// Its Step reads Param.Grad as filled by Network.CostGrad; the learning rate
// is passed to every Step so that a schedule lives outside the optimizer.
package optim

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/core/nn"
)

// Optimizer updates parameters in place from their gradients.
type Optimizer interface {
	// Step applies one update with learning rate lr.
	Step(params []*nn.Param, lr float64)
	// Name returns the registry key, e.g. "adam".
	Name() string
}

// Settings are the hyperparameters beyond the learning rate. A zero field
// takes its default: Momentum 0.9, Beta1 0.9, Beta2 0.999, Eps 1e-8 (the
// defaults of Kingma & Ba and of cs231n).
type Settings struct {
	Momentum float64 `json:"momentum,omitempty"`
	Beta1    float64 `json:"beta1,omitempty"`
	Beta2    float64 `json:"beta2,omitempty"`
	Eps      float64 `json:"eps,omitempty"`
}

func (s Settings) withDefaults() Settings {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&s.Momentum, 0.9)
	def(&s.Beta1, 0.9)
	def(&s.Beta2, 0.999)
	def(&s.Eps, 1e-8)
	return s
}

// Registry maps each optimizer's name to its constructor from (checked,
// defaulted) Settings: the one place an optimizer is named.
var Registry = map[string]func(s Settings) Optimizer{
	"sgd":      func(Settings) Optimizer { return SGD{} },
	"momentum": func(s Settings) Optimizer { return &Momentum{Mu: s.Momentum} },
	"nesterov": func(s Settings) Optimizer { return &Momentum{Mu: s.Momentum, Nesterov: true} },
	"adam":     func(s Settings) Optimizer { return &Adam{Beta1: s.Beta1, Beta2: s.Beta2, Eps: s.Eps} },
}

// Names lists the keys of Registry, in the order of the report's
// optimizers from plain to adaptive.
var Names = []string{"sgd", "momentum", "nesterov", "adam"}

// New returns the optimizer registered as name. It returns an
// *nn.ConfigError for an unknown name or a setting out of range: momentum
// and the betas in [0, 1), eps positive, all finite.
func New(name string, s Settings) (Optimizer, error) {
	s = s.withDefaults()
	for _, f := range []struct {
		field string
		v     float64
	}{{"momentum", s.Momentum}, {"beta1", s.Beta1}, {"beta2", s.Beta2}} {
		if math.IsNaN(f.v) || f.v < 0 || f.v >= 1 {
			return nil, &nn.ConfigError{Field: f.field, Value: f.v, Reason: "must be in [0, 1)"}
		}
	}
	if math.IsNaN(s.Eps) || math.IsInf(s.Eps, 0) || s.Eps <= 0 {
		return nil, &nn.ConfigError{Field: "eps", Value: s.Eps, Reason: "must be a positive finite number"}
	}
	if build, ok := Registry[name]; ok {
		return build(s), nil
	}
	names := append([]string(nil), Names...)
	sort.Strings(names)
	return nil, &nn.ConfigError{Field: "optimizer", Value: fmt.Sprintf("%q", name), Reason: "want one of " + strings.Join(names, ", ")}
}

// SGD is stochastic gradient descent, x ← x - lr·g.
type SGD struct{}

var _ Optimizer = SGD{}

// Step applies x ← x - lr·g to every parameter.
func (SGD) Step(params []*nn.Param, lr float64) {
	for _, p := range params {
		// x + (-lr)·g rounds as x - lr·g: negation is exact.
		kernel.Axpy(-lr, p.GradData(), p.Data())
	}
}

// Name returns "sgd".
func (SGD) Name() string { return "sgd" }

// Momentum is SGD with classical or Nesterov momentum, in the velocity form
// of cs231n's notes (Sutskever et al., "On the importance of initialization
// and momentum in deep learning", ICML 2013):
//
//	v ← μ v - lr g;  x ← x + v                       (classical)
//	v' ← μ v - lr g; x ← x - μ v + (1 + μ) v'         (Nesterov)
type Momentum struct {
	Mu       float64
	Nesterov bool

	v map[*nn.Param][]float64
}

var _ Optimizer = (*Momentum)(nil)

// Step applies one momentum update. The velocity starts at zero.
func (m *Momentum) Step(params []*nn.Param, lr float64) {
	if m.v == nil {
		m.v = make(map[*nn.Param][]float64)
	}
	for _, p := range params {
		x, g := p.Data(), p.GradData()
		v := m.v[p]
		if v == nil {
			v = make([]float64, len(x))
			m.v[p] = v
		}
		for i := range x {
			prev := v[i]
			v[i] = m.Mu*prev - lr*g[i]
			if m.Nesterov {
				x[i] += -m.Mu*prev + (1+m.Mu)*v[i]
			} else {
				x[i] += v[i]
			}
		}
	}
}

// Name returns "momentum" or "nesterov".
func (m *Momentum) Name() string {
	if m.Nesterov {
		return "nesterov"
	}
	return "momentum"
}

// Adam is Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR
// 2015, Algorithm 1:
//
//	m ← β1 m + (1-β1) g;  v ← β2 v + (1-β2) g²
//	m̂ = m / (1-β1ᵗ);      v̂ = v / (1-β2ᵗ)
//	x ← x - lr m̂ / (√v̂ + ε)
type Adam struct {
	Beta1, Beta2, Eps float64

	t    int
	m, v map[*nn.Param][]float64
}

var _ Optimizer = (*Adam)(nil)

// Step applies one Adam update; t counts Steps from 1.
func (a *Adam) Step(params []*nn.Param, lr float64) {
	if a.m == nil {
		a.m, a.v = make(map[*nn.Param][]float64), make(map[*nn.Param][]float64)
	}
	a.t++
	c1 := 1 - math.Pow(a.Beta1, float64(a.t))
	c2 := 1 - math.Pow(a.Beta2, float64(a.t))
	for _, p := range params {
		x, g := p.Data(), p.GradData()
		m, v := a.m[p], a.v[p]
		if m == nil {
			m, v = make([]float64, len(x)), make([]float64, len(x))
			a.m[p], a.v[p] = m, v
		}
		for i := range x {
			m[i] = a.Beta1*m[i] + (1-a.Beta1)*g[i]
			v[i] = a.Beta2*v[i] + (1-a.Beta2)*g[i]*g[i]
			x[i] -= lr * (m[i] / c1) / (math.Sqrt(v[i]/c2) + a.Eps)
		}
	}
}

// Name returns "adam".
func (a *Adam) Name() string { return "adam" }

// State is an optimizer's memory between steps, taken by StateOf to be
// saved with a run and put back by Restore, so that a resumed run
// continues with the moments it had instead of starting them from zero.
// SGD has none (Moments is empty); momentum keeps the velocity "v"; Adam
// keeps the first and second moments "m" and "v" and its step count T.
type State struct {
	Optimizer string   `json:"optimizer"`   // the registry key
	T         int      `json:"t,omitempty"` // Adam's steps so far
	Moments   []string `json:"moments"`     // the names of the moments, e.g. "m", "v"
	// Values[k][i] holds moment k of parameter i (in the order of the
	// params given to StateOf), one value per parameter value.
	Values [][][]float64 `json:"-"`
}

// StateOf returns o's memory for params, copied. A moment not yet
// allocated (no Step taken) reads as zeros.
func StateOf(o Optimizer, params []*nn.Param) State {
	s := State{Optimizer: o.Name()}
	take := func(maps ...map[*nn.Param][]float64) {
		for _, m := range maps {
			vals := make([][]float64, len(params))
			for i, p := range params {
				vals[i] = make([]float64, len(p.Data()))
				copy(vals[i], m[p])
			}
			s.Values = append(s.Values, vals)
		}
	}
	switch o := o.(type) {
	case *Momentum:
		s.Moments = []string{"v"}
		take(o.v)
	case *Adam:
		s.T, s.Moments = o.t, []string{"m", "v"}
		take(o.m, o.v)
	}
	return s
}

// Restore puts s back into o, for params in the order StateOf took them.
// It returns an error, changing nothing, if s is another optimizer's or
// its shapes do not fit params.
func Restore(o Optimizer, params []*nn.Param, s State) error {
	if s.Optimizer != o.Name() {
		return fmt.Errorf("optim: a state of %q for a %q optimizer", s.Optimizer, o.Name())
	}
	want := StateOf(o, params) // the moments o keeps, as zeros
	if !slices.Equal(s.Moments, want.Moments) || len(s.Values) != len(want.Values) {
		return fmt.Errorf("optim: %s keeps moments %v, the state has %v", o.Name(), want.Moments, s.Moments)
	}
	if s.T < 0 {
		return fmt.Errorf("optim: step count %d", s.T)
	}
	for k, vals := range s.Values {
		if len(vals) != len(params) {
			return fmt.Errorf("optim: moment %s of %d parameters, want %d", s.Moments[k], len(vals), len(params))
		}
		for i, p := range params {
			if len(vals[i]) != len(p.Data()) {
				return fmt.Errorf("optim: moment %s of %s has %d values, want %d", s.Moments[k], p.Name, len(vals[i]), len(p.Data()))
			}
		}
	}
	put := func(k int) map[*nn.Param][]float64 {
		m := make(map[*nn.Param][]float64, len(params))
		for i, p := range params {
			m[p] = append([]float64(nil), s.Values[k][i]...)
		}
		return m
	}
	switch o := o.(type) {
	case *Momentum:
		o.v = put(0)
	case *Adam:
		o.t, o.m, o.v = s.T, put(0), put(1)
	}
	return nil
}
