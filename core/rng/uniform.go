package rng

import (
	"fmt"
	"math"
)

// RandomSample returns a float64 in [0, 1), as np.random.random_sample() does.
// It consumes two outputs a and b and returns
// ((a>>5)*2**26 + (b>>6)) / 2**53 (numpy's mt19937_next_double, from
// Matsumoto & Nishimura's genrand_res53), so every multiple of 2**-53 in
// [0, 1) is equally likely.
func (r *RandomState) RandomSample() float64 {
	a := r.Uint32() >> 5 // 27 bits
	b := r.Uint32() >> 6 // 26 bits
	// Both products and the sum are exact (at most 53 significant bits), so
	// the order of evaluation cannot change the result.
	return (float64(a)*67108864 + float64(b)) / 9007199254740992
}

// Float64 is RandomSample under the name used by math/rand.
func (r *RandomState) Float64() float64 { return r.RandomSample() }

// Uniform returns low + (high-low)*RandomSample(), as np.random.uniform(low,
// high) does (numpy's random_uniform). As in numpy, high may be less than or
// equal to low; the result then lies in (high, low] or equals low. Uniform
// panics if high-low is not finite, where numpy raises OverflowError.
func (r *RandomState) Uniform(low, high float64) float64 {
	scale := high - low
	if math.IsInf(scale, 0) || math.IsNaN(scale) {
		panic(fmt.Sprintf("rng: Uniform: range high-low is not finite (low=%v, high=%v)", low, high))
	}
	// The float64 conversion rounds the product, so the compiler may not fuse
	// it with the addition into an FMA, which numpy's C code does not use.
	return low + float64(scale*r.RandomSample())
}
