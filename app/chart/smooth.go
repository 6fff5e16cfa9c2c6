package chart

import "math"

// Smoother is the one loss smoothing of every page: an exponential moving
// average with weight Beta for the past, debiased as in Adam (Kingma & Ba
// 2015, Algorithm 1, m̂ = m / (1 - β^t)) so that it starts at the first
// value instead of 0; TensorBoard smooths the same way. The zero value
// smooths with SmoothingFor(0).
type Smoother struct {
	Beta float64
	ema  float64
	n    int
}

// Add takes the next value and returns the smoothed value so far.
// Non-finite values are skipped (the worker never sends them).
func (s *Smoother) Add(v float64) float64 {
	if s.Beta == 0 {
		s.Beta = SmoothingFor(0)
	}
	if !finite(v) {
		return s.Value()
	}
	s.n++
	s.ema = s.Beta*s.ema + (1-s.Beta)*v
	return s.Value()
}

// Value returns the smoothed value, or NaN before the first.
func (s *Smoother) Value() float64 {
	if s.n == 0 {
		return math.NaN()
	}
	return s.ema / (1 - math.Pow(s.Beta, float64(s.n)))
}

// Smooth returns the smoothed values of vs with the weight beta.
func Smooth(vs []float64, beta float64) []float64 {
	s := Smoother{Beta: beta}
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = s.Add(v)
	}
	return out
}

// SmoothingFor returns the weight of the past for a run of total steps:
// an average over about a twentieth of the run (1 - 20/total), from 0.6 to
// 0.95.
func SmoothingFor(total int) float64 {
	if total <= 0 {
		return 0.95
	}
	return min(0.95, max(0.6, 1-20/float64(total)))
}

// Continue makes s continue from a smoothed value v as if it had seen a
// long run whose smoothed value is v (no bias correction left): a chart
// restored from its points goes on without a jump.
func (s *Smoother) Continue(v float64) {
	if !finite(v) {
		return
	}
	s.ema, s.n = v, math.MaxInt32
}
