// Package rng is a random generator that reproduces, bit for bit, the legacy
// global generator of numpy 1.x: the stream that np.random.seed(n) followed by
// np.random.randn, np.random.choice, np.random.permutation and friends produce.
//
// Reproducing numpy exactly lets a Go training run start from the same
// weights and visit the same mini-batches as a reference Python script, so the
// two can be compared step by step.
//
// # Usage
//
// A *RandomState is created with New and passed explicitly to whatever needs
// randomness; the package has no global generator, and its only package-level
// variable is a read-only table.
//
//	r := rng.New(0)            // np.random.seed(0)
//	w := make([]float64, 4*10)
//	r.RandnFill(w)             // np.random.randn(4, 10), row-major
//	idx := r.Choice(5, 200)    // np.random.choice(5, 200)
//
// # Algorithms and sources
//
// The bit generator is MT19937 (M. Matsumoto and T. Nishimura, "Mersenne
// Twister: a 623-dimensionally equidistributed uniform pseudo-random number
// generator", ACM TOMACS 8(1), 1998), seeded with init_genrand as in numpy's
// randomkit (numpy/random/src/mt19937/mt19937.c, mt19937_seed). Each method
// documents the numpy function it mirrors:
//
//   - RandomSample: mt19937_next_double (53-bit doubles from two outputs).
//   - Randn: legacy_gauss in numpy/random/src/legacy/legacy-distributions.c,
//     the Marsaglia polar method that caches the second variate.
//   - Randint, Choice: _rand_int64 in numpy/random/_bounded_integers.pyx.in and
//     random_bounded_uint64_fill in numpy/random/src/distributions/distributions.c
//     with use_masked=True (the legacy RandomState setting).
//   - Shuffle, Permutation: RandomState.shuffle in numpy/random/mtrand.pyx with
//     random_interval from distributions.c.
//   - Uniform: random_uniform in distributions.c.
//
// # Bit-for-bit invariants
//
// Every method consumes exactly the same number of MT19937 outputs as its numpy
// counterpart, so interleaved calls stay in step with numpy. Floating-point
// expressions are written with explicit float64 conversions so the Go compiler
// never fuses them into FMA instructions that numpy's C code does not use.
//
// The polar method needs a natural logarithm. Go's math.Log differs from
// glibc's log in the last bit for about 7% of the arguments the polar method
// passes it, which changes about 3% of normal variates, so the package carries
// a port of glibc's log (the ARM optimized-routines algorithm that glibc 2.28
// and later use, as compiled in glibc's FMA variant, which x86-64 CPUs with
// FMA select at run time). The reference is therefore numpy on x86-64 Linux
// with glibc; numpy linked against another libm (macOS, Windows, musl) or run
// on a CPU without FMA may differ in rare normal variates.
//
// A RandomState is not safe for concurrent use.
package rng
