package rng

import (
	"fmt"
	"math"
	"math/bits"
)

// Randint returns an int in [low, high), as np.random.randint(low, high) does
// for a scalar with the default int64 dtype. It panics if high <= low (numpy
// raises ValueError "low >= high").
//
// This is legacy masked rejection sampling (numpy's _rand_int64 calling
// random_bounded_uint64_fill with use_masked=True): with rng = high-1-low and
// mask the smallest 2**k-1 >= rng, draw v & mask until it is <= rng and return
// low+v. If rng fits in 32 bits each attempt draws one Uint32; otherwise it
// draws a 64-bit value from two outputs, high word first. If rng is 0
// (high == low+1) nothing is drawn.
func (r *RandomState) Randint(low, high int) int {
	if high <= low {
		panic(fmt.Sprintf("rng: Randint: low >= high (low=%d, high=%d)", low, high))
	}
	// The difference is taken in uint64 so that it cannot overflow, as numpy
	// does with <uint64_t>(high - low).
	span := uint64(high) - uint64(low) - 1
	return int(uint64(low) + r.bounded(span))
}

// Intn returns an int in [0, n), the same draw as Randint(0, n). It panics if
// n <= 0.
func (r *RandomState) Intn(n int) int {
	if n <= 0 {
		panic(fmt.Sprintf("rng: Intn: n <= 0 (n=%d)", n))
	}
	return int(r.bounded(uint64(n) - 1))
}

// Choice returns size ints drawn uniformly from [0, n) with replacement, as
// np.random.choice(n, size) does (replace=True, p=None). The legacy generator
// implements that as randint(0, n, size), so the draws are those of size
// calls to Intn(n). Choice panics if n <= 0 or size < 0.
func (r *RandomState) Choice(n, size int) []int {
	if size < 0 {
		panic(fmt.Sprintf("rng: Choice: negative size %d", size))
	}
	dst := make([]int, size)
	r.ChoiceInto(dst, n)
	return dst
}

// ChoiceInto fills dst with the draws of Choice(n, len(dst)) without
// allocating. It panics if n <= 0.
func (r *RandomState) ChoiceInto(dst []int, n int) {
	if n <= 0 {
		panic(fmt.Sprintf("rng: ChoiceInto: n <= 0 (n=%d)", n))
	}
	span := uint64(n) - 1
	for i := range dst {
		dst[i] = int(r.bounded(span))
	}
}

// Permutation returns a random permutation of 0, 1, ..., n-1, as
// np.random.permutation(n) does: Shuffle applied to the identity. It panics
// if n < 0.
func (r *RandomState) Permutation(n int) []int {
	if n < 0 {
		panic(fmt.Sprintf("rng: Permutation: negative n %d", n))
	}
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	r.Shuffle(p)
	return p
}

// Shuffle permutes x in place, as np.random.shuffle does for a 1-D array.
// It is the Fisher-Yates shuffle run from the end (Knuth, TAOCP Vol. 2,
// Algorithm 3.4.2 P): for i = len(x)-1 down to 1, swap x[i] with x[j], j
// drawn from [0, i] by numpy's random_interval, which uses the same masked
// rejection as Randint. A slice of length 0 or 1 draws nothing.
func (r *RandomState) Shuffle(x []int) {
	for i := len(x) - 1; i > 0; i-- {
		j := r.bounded(uint64(i))
		x[i], x[j] = x[j], x[i]
	}
}

// bounded returns a value in [0, span] by masked rejection sampling, numpy's
// legacy bounded_masked_uint32/uint64 and random_interval: 32-bit draws when
// span fits in 32 bits, 64-bit draws (two outputs) otherwise, and no draw when
// span is 0.
func (r *RandomState) bounded(span uint64) uint64 {
	if span == 0 {
		return 0
	}
	m := mask(span)
	if span <= math.MaxUint32 {
		m32 := uint32(m)
		for {
			if v := r.Uint32() & m32; uint64(v) <= span {
				return uint64(v)
			}
		}
	}
	for {
		if v := r.uint64() & m; v <= span {
			return v
		}
	}
}

// mask returns the smallest 2**k-1 >= v, numpy's gen_mask.
func mask(v uint64) uint64 {
	return math.MaxUint64 >> bits.LeadingZeros64(v)
}
