// Package gradcheck checks analytic gradients against finite differences of
// any function of a flat parameter vector: a layer, a loss, or a whole
// network. The differences are gonum's (diff/fd); this package adds the
// report's step, a fourth-order stencil, and the report's relative error.
package gradcheck

import (
	"math"

	"gonum.org/v1/gonum/diff/fd"
)

// ReportStep is the step of the report's (and cs231n's) check, h = 1e-5.
const ReportStep = 1e-5

// Central returns the central difference (f(x+h) - f(x-h)) / 2h, the
// report's formula, with step h (ReportStep if h <= 0). Its truncation error
// is O(h²) and its rounding error about ε·|f|/h: with h = 1e-5 and a cost
// near 1, entries of the gradient below about 1e-4 cannot reach a relative
// error of 1e-7, whatever the backprop.
func Central(h float64) fd.Formula {
	if h <= 0 {
		h = ReportStep
	}
	f := fd.Central
	f.Step = h
	return f
}

// FivePoint is the fourth-order central stencil
//
//	(f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / 12h
//
// (Fornberg, "Generation of Finite Difference Formulas on Arbitrarily Spaced
// Grids", Math. Comp. 51 (1988), Table 1). With h = 1e-3 its truncation
// error is O(h⁴) ≈ 1e-12 and its rounding error ≈ 1e-13, a far tighter
// oracle than Central where the function is smooth within 2h.
var FivePoint = fd.Formula{
	Stencil: []fd.Point{
		{Loc: -2, Coeff: 1.0 / 12}, {Loc: -1, Coeff: -8.0 / 12},
		{Loc: 1, Coeff: 8.0 / 12}, {Loc: 2, Coeff: -1.0 / 12},
	},
	Derivative: 1,
	Step:       1e-3,
}

// Gradient estimates the gradient of f at x with the given formula and
// places it in dst, which is allocated if nil and returned. x is not
// modified: f receives a copy with one entry perturbed at a time, in index
// order. It panics (as fd.Gradient) if dst is not nil and len(dst) != len(x).
func Gradient(dst []float64, f func(x []float64) float64, x []float64, formula fd.Formula) []float64 {
	return fd.Gradient(dst, f, x, &fd.Settings{Formula: formula})
}

// RelError returns the report's maximum relative error between a and b,
//
//	max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|),
//
// which is 0 for identical slices and 1 when they have opposite signs. The
// floor of 1e-8 keeps entries where both gradients vanish from dividing by
// zero. RelError returns NaN if any entry is NaN, so that a broken gradient
// never passes a threshold test, and panics if the lengths differ.
func RelError(a, b []float64) float64 {
	if len(a) != len(b) {
		panic("gradcheck: slice length mismatch")
	}
	worst := 0.0
	for i := range a {
		e := math.Abs(a[i]-b[i]) / math.Max(1e-8, math.Abs(a[i])+math.Abs(b[i]))
		if math.IsNaN(e) {
			return math.NaN()
		}
		worst = math.Max(worst, e)
	}
	return worst
}
