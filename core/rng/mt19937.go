package rng

// MT19937 parameters from Matsumoto & Nishimura (1998), as in their
// mt19937ar.c and numpy/random/src/mt19937/mt19937.h.
const (
	stateLen  = 624        // n: words of state
	shift     = 397        // m: middle word offset
	matrixA   = 0x9908b0df // a: twist matrix coefficients
	upperMask = 0x80000000 // most significant w-r bits
	lowerMask = 0x7fffffff // least significant r bits
)

// RandomState is a numpy-compatible legacy random generator: an MT19937 bit
// generator plus the cached second normal variate of the polar method, the
// same state that numpy's RandomState.get_state() returns.
//
// The zero value is ready to use and produces the same stream as New(0).
// Assigning a RandomState copies its whole state, so the copy continues with
// the same stream as the original. A RandomState is not safe for concurrent
// use.
type RandomState struct {
	key [stateLen]uint32 // MT19937 state words (numpy: rng_state.key)

	// left is the number of words of key not yet consumed, stateLen-pos in
	// numpy's terms. Counting down lets the zero value trigger a refill.
	left   int
	seeded bool // false only for the zero value, which seeds itself with 0

	hasGauss bool    // whether gauss holds the second variate of a pair
	gauss    float64 // cached normal variate (numpy: aug_state.gauss)
}

// New returns a generator seeded with seed, equivalent to
// np.random.seed(seed) or np.random.RandomState(seed) for 0 <= seed < 2**32.
func New(seed uint32) *RandomState {
	r := new(RandomState)
	r.Seed(seed)
	return r
}

// Seed reinitialises r as np.random.seed(seed) does: the MT19937 state is
// filled by init_genrand (Matsumoto & Nishimura's mt19937ar.c, numpy's
// mt19937_seed) and the cached normal variate is discarded.
func (r *RandomState) Seed(seed uint32) {
	// Knuth TAOCP Vol. 2, 3rd ed., p. 106 multiplier, as in init_genrand.
	r.key[0] = seed
	for i := 1; i < stateLen; i++ {
		prev := r.key[i-1]
		r.key[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	r.left = 0 // numpy sets pos = RK_STATE_LEN: the first draw regenerates
	r.seeded = true
	r.hasGauss = false
	r.gauss = 0
}

// Uint32 returns the next raw (tempered) MT19937 output, numpy's
// mt19937_next32. It is the value np.random.randint(0, 2**32,
// dtype=np.uint32) returns.
func (r *RandomState) Uint32() uint32 {
	if r.left == 0 {
		r.refill()
	}
	y := r.key[stateLen-r.left]
	r.left--

	// Tempering (Matsumoto & Nishimura 1998, section 2), numpy's mt19937_next.
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// uint64 returns two outputs joined high word first, numpy's mt19937_next64.
func (r *RandomState) uint64() uint64 {
	hi := uint64(r.Uint32())
	return hi<<32 | uint64(r.Uint32())
}

// refill regenerates all stateLen words at once (numpy's mt19937_gen). Word i
// becomes key[i+m] ^ twist(upper bit of key[i], lower bits of key[i+1]), with
// indices taken mod n; the loop is split where i+m and then i+1 wrap around.
func (r *RandomState) refill() {
	if !r.seeded {
		r.Seed(0)
	}
	k := &r.key
	i := 0
	for ; i < stateLen-shift; i++ {
		k[i] = k[i+shift] ^ twist(k[i], k[i+1])
	}
	for ; i < stateLen-1; i++ {
		k[i] = k[i+shift-stateLen] ^ twist(k[i], k[i+1])
	}
	k[stateLen-1] = k[shift-1] ^ twist(k[stateLen-1], k[0])
	r.left = stateLen
}

// twist joins the upper bit of a and the lower 31 bits of b and multiplies the
// result by the twist matrix A (the recurrence of Matsumoto & Nishimura 1998,
// section 2).
func twist(a, b uint32) uint32 {
	y := a&upperMask | b&lowerMask
	return y>>1 ^ -(y&1)&matrixA
}
