package nn

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/gradcheck"
)

// TestSquaredErrorByHand checks the loss and its gradient on numbers worked
// out by hand: z = (1, -2), t = (0.5, 0): J = (0.25 + 4)/4, dz = (0.25, -1).
func TestSquaredErrorByHand(t *testing.T) {
	var s SquaredError
	z := mat.NewDense(2, 1, []float64{1, -2})
	if got, want := s.Forward(z, []float64{0.5, 0}), 4.25/4; got != want {
		t.Errorf("loss %g, want %g", got, want)
	}
	if got, want := s.Backward().RawMatrix().Data, []float64{0.25, -1}; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("dz %v, want %v", got, want)
	}
}

// TestRegressionGradCheck checks a regression net's backprop against the
// fourth-order finite differences, for tanh (smooth everywhere) at depths
// 1 and 2, with L2, in float64; and that the f32 passes agree with it.
func TestRegressionGradCheck(t *testing.T) {
	for _, hidden := range [][]int{{8}, {6, 5}} {
		spec := Spec{Inputs: 2, Hidden: hidden, Classes: 1, Activation: "tanh", Init: "xavier", Loss: LossSquared}
		net, err := New(spec, newTestSource(3))
		if err != nil {
			t.Fatal(err)
		}
		src := newTestSource(4)
		x := randMatrix(src, 7, 2, 1)
		tg := make([]float64, 7)
		for i := range tg {
			tg[i] = src.Randn()
		}
		const reg = 1e-2
		net.ZeroGrad()
		cost := net.CostGradValues(x, tg, reg)
		if got := net.CostValues(x, tg, reg); got != cost {
			t.Errorf("%v: CostValues %g, CostGradValues %g", hidden, got, cost)
		}
		for _, p := range net.Params() {
			analytic := append([]float64(nil), p.GradData()...)
			data := p.Data()
			orig := append([]float64(nil), data...)
			num := gradcheck.Gradient(nil, func(v []float64) float64 {
				copy(data, v)
				defer copy(data, orig)
				return net.CostValues(x, tg, reg)
			}, orig, gradcheck.FivePoint)
			if e := gradcheck.RelError(analytic, num); !(e < 1e-7) {
				t.Errorf("%v: %s relative error %g", hidden, p.Name, e)
			}
		}

		spec.Precision = "f32"
		f32, err := New(spec, newTestSource(3))
		if err != nil {
			t.Fatal(err)
		}
		f32.ZeroGrad()
		if got := f32.CostGradValues(x, tg, reg); math.Abs(got-cost) > 1e-5*math.Max(1, cost) {
			t.Errorf("%v: f32 cost %g, f64 %g", hidden, got, cost)
		}
	}
}

// TestRegressionLearns fits y = x₁ - x₂ on 64 points with plain gradient
// descent: the loss must fall below 1% of where it started.
func TestRegressionLearns(t *testing.T) {
	net, err := New(Spec{Inputs: 2, Hidden: []int{8}, Classes: 1, Activation: "tanh", Init: "xavier", Loss: LossSquared}, newTestSource(5))
	if err != nil {
		t.Fatal(err)
	}
	src := newTestSource(6)
	x := randMatrix(src, 64, 2, 0.5)
	tg := make([]float64, 64)
	for i := range tg {
		tg[i] = x.At(i, 0) - x.At(i, 1)
	}
	first := net.CostValues(x, tg, 0)
	for range 2000 {
		net.ZeroGrad()
		net.CostGradValues(x, tg, 0)
		for _, p := range net.Params() {
			d, g := p.Data(), p.GradData()
			for i := range d {
				d[i] -= 0.5 * g[i]
			}
		}
	}
	if last := net.CostValues(x, tg, 0); !(last < first/100) {
		t.Errorf("loss %g after 2,000 steps, from %g", last, first)
	}
}
