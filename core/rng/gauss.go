package rng

import "math"

// Randn returns a standard normal variate, as np.random.randn() and
// np.random.standard_normal() do with the legacy generator.
//
// It is numpy's legacy_gauss (numpy/random/src/legacy/legacy-distributions.c):
// the polar method of Marsaglia and Bray (1964), in the form of Knuth, TAOCP
// Vol. 2, 3rd ed., Algorithm 3.4.1 P. A point (x1, x2) is drawn uniformly in
// the square [-1, 1)² with two RandomSample calls each, and rejected until
// 0 < r² = x1²+x2² < 1. Then f = sqrt(-2 ln(r²)/r²); f*x2 is returned and f*x1
// is cached, and the next call returns the cached value without drawing.
// Seed discards the cached value.
func (r *RandomState) Randn() float64 {
	if r.hasGauss {
		r.hasGauss = false
		g := r.gauss
		r.gauss = 0
		return g
	}
	var x1, x2, r2 float64
	for {
		x1 = 2*r.RandomSample() - 1 // both operations are exact
		x2 = 2*r.RandomSample() - 1
		// Explicit conversions round each square, so the compiler may not
		// fuse them into an FMA, which numpy's C code does not use.
		r2 = float64(x1*x1) + float64(x2*x2)
		if r2 < 1 && r2 != 0 {
			break
		}
	}
	// numpy calls the C library's log; math.Log would differ in the last bit
	// for a few percent of inputs, see glibcLog.
	f := math.Sqrt(-2 * glibcLog(r2) / r2)
	r.gauss = f * x1
	r.hasGauss = true
	return f * x2
}

// RandnFill fills dst with standard normal variates in order, as
// np.random.randn(len(dst)) does; for a matrix, np.random.randn(rows, cols)
// equals RandnFill on a row-major slice of length rows*cols.
func (r *RandomState) RandnFill(dst []float64) {
	for i := range dst {
		dst[i] = r.Randn()
	}
}
