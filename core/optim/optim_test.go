package optim

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/nn"
)

func param(x, g float64) *nn.Param {
	return &nn.Param{Name: "w", Value: mat.NewDense(1, 1, []float64{x}), Grad: mat.NewDense(1, 1, []float64{g})}
}

// TestHandComputed checks two steps of each optimizer on one scalar
// parameter against values computed by hand from the papers' formulas.
// The gradient is g1 = 0.5 at step 1 and g2 = -0.2 at step 2, x0 = 1, lr 0.1.
func TestHandComputed(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name   string
		x1, x2 float64
	}{
		// x1 = 1 - 0.1*0.5 = 0.95; x2 = 0.95 + 0.1*0.2 = 0.97.
		{"sgd", 0.95, 0.97},
		// v1 = -0.05, x1 = 0.95; v2 = 0.9*-0.05 + 0.02 = -0.025, x2 = 0.925.
		{"momentum", 0.95, 0.925},
		// v1 = -0.05, x1 = 1 - 0 + 1.9*-0.05 = 0.905;
		// v2 = -0.025, x2 = 0.905 - 0.9*-0.05 + 1.9*-0.025 = 0.9025.
		{"nesterov", 0.905, 0.9025},
		// Kingma & Ba, Algorithm 1, β1 0.9, β2 0.999, ε 1e-8:
		// t=1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, x1 = 1 - 0.1*0.5/(0.5+1e-8).
		// t=2: m = 0.045 - 0.02 = 0.025, v = 0.00024975 + 0.00004 = 0.00028975,
		//      m̂ = 0.025/0.19 = 0.131578947..., v̂ = 0.00028975/0.001999 = 0.144947473...,
		//      x2 = x1 - 0.1*m̂/(√v̂ + 1e-8).
		{"adam", 1 - 0.1*0.5/(0.5+1e-8), 1 - 0.1*0.5/(0.5+1e-8) - 0.1*(0.025/0.19)/(math.Sqrt(0.00028975/0.001999)+1e-8)},
	} {
		opt, err := New(test.name, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		p := param(1, 0.5)
		opt.Step([]*nn.Param{p}, 0.1)
		if got := p.Value.At(0, 0); math.Abs(got-test.x1) > 1e-14 {
			t.Errorf("%s: x1 = %.17g, want %.17g", test.name, got, test.x1)
		}
		p.Grad.Set(0, 0, -0.2)
		opt.Step([]*nn.Param{p}, 0.1)
		if got := p.Value.At(0, 0); math.Abs(got-test.x2) > 1e-14 {
			t.Errorf("%s: x2 = %.17g, want %.17g", test.name, got, test.x2)
		}
		if opt.Name() != test.name {
			t.Errorf("Name() = %q, want %q", opt.Name(), test.name)
		}
	}
}

// TestAdamBiasCorrection guards against convnetjs's bug (PR #70), which
// multiplied by 1-β1ᵗ instead of dividing: with bias correction the first
// Adam step moves every parameter by lr·sign(g), whatever |g|.
func TestAdamBiasCorrection(t *testing.T) {
	t.Parallel()
	for _, g := range []float64{1e-3, 1, 1e3, -7} {
		opt, _ := New("adam", Settings{})
		p := param(0, g)
		opt.Step([]*nn.Param{p}, 0.01)
		if got, want := p.Value.At(0, 0), -0.01*math.Copysign(1, g); math.Abs(got-want) > 1e-7 {
			t.Errorf("g=%g: first step %g, want %g", g, got, want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		name  string
		s     Settings
		field string
	}{
		{"rmsprop", Settings{}, "optimizer"},
		{"", Settings{}, "optimizer"},
		{"momentum", Settings{Momentum: 1}, "momentum"},
		{"momentum", Settings{Momentum: math.NaN()}, "momentum"},
		{"adam", Settings{Beta1: -0.5}, "beta1"},
		{"adam", Settings{Beta2: 1.5}, "beta2"},
		{"adam", Settings{Eps: math.Inf(1)}, "eps"},
		{"adam", Settings{Eps: -1}, "eps"},
	} {
		_, err := New(test.name, test.s)
		var ce *nn.ConfigError
		if !errors.As(err, &ce) || ce.Field != test.field {
			t.Errorf("case %d: New(%q, %+v) = %v, want an error on %s", i, test.name, test.s, err, test.field)
		}
	}
	for _, name := range Names {
		if _, err := New(name, Settings{}); err != nil {
			t.Errorf("New(%q): %v", name, err)
		}
	}
}
