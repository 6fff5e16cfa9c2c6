package gradcheck

import (
	"math"
	"slices"
	"testing"
)

func TestGradient(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		name string
		f    func(x []float64) float64
		df   func(x []float64) []float64
		x    []float64
		tol  float64
	}{
		{
			name: "quadratic",
			f:    func(x []float64) float64 { return x[0]*x[0] + 3*x[0]*x[1] - 2*x[1]*x[1] },
			df:   func(x []float64) []float64 { return []float64{2*x[0] + 3*x[1], 3*x[0] - 4*x[1]} },
			x:    []float64{0.3, -1.7},
			tol:  1e-9,
		},
		{
			name: "exp-sin",
			f:    func(x []float64) float64 { return math.Exp(x[0]) * math.Sin(x[1]) * x[2] },
			df: func(x []float64) []float64 {
				return []float64{math.Exp(x[0]) * math.Sin(x[1]) * x[2], math.Exp(x[0]) * math.Cos(x[1]) * x[2], math.Exp(x[0]) * math.Sin(x[1])}
			},
			x:   []float64{0.5, 1.1, -2},
			tol: 1e-9,
		},
	} {
		x := slices.Clone(test.x)
		got := Gradient(nil, test.f, x, Central(0))
		if !slices.Equal(x, test.x) {
			t.Errorf("case %d (%s): x modified during call to Gradient: got %v, want %v", i, test.name, x, test.x)
		}
		if e := RelError(got, test.df(test.x)); e > test.tol {
			t.Errorf("case %d (%s): relative error %g > %g (got %v, want %v)", i, test.name, e, test.tol, got, test.df(test.x))
		}
	}
}

func TestRelError(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2}, []float64{1, 2}, 0},
		{[]float64{1}, []float64{-1}, 1},
		{[]float64{0}, []float64{0}, 0},
		{[]float64{1e-9}, []float64{0}, 0.1},    // floor 1e-8 in the denominator
		{[]float64{3, 1}, []float64{1, 1}, 0.5}, // |3-1|/(3+1)
	} {
		if got := RelError(test.a, test.b); math.Abs(got-test.want) > 1e-15 {
			t.Errorf("case %d: RelError(%v, %v) = %g, want %g", i, test.a, test.b, got, test.want)
		}
	}
	if got := RelError([]float64{math.NaN()}, []float64{1}); !math.IsNaN(got) {
		t.Errorf("RelError with NaN = %g, want NaN", got)
	}
}

// TestFivePointBeatsCentral checks the stencil's coefficients: on a quintic
// it is exact up to rounding, where Central has an O(h²) error.
func TestFivePointBeatsCentral(t *testing.T) {
	t.Parallel()
	f := func(x []float64) float64 { return math.Pow(x[0], 5) }
	x := []float64{1.3}
	want := 5 * math.Pow(1.3, 4)
	five := Gradient(nil, f, x, FivePoint)[0]
	if e := math.Abs(five-want) / want; e > 1e-11 {
		t.Errorf("FivePoint: relative error %g", e)
	}
	central := Gradient(nil, f, x, Central(1e-3))[0]
	if e := math.Abs(central-want) / want; e < 1e-8 {
		t.Errorf("Central(1e-3) relative error %g: expected an O(h²) error", e)
	}
}
