package train

import (
	"math"
	"testing"
)

// TestDivergedErrorWords: the divergence message prints its numbers for
// reading: "10,000 times" (not "10000"), steps with separators, a NaN as
// words and a diverged loss with its exponent.
func TestDivergedErrorWords(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		err  DivergedError
		want string
	}{
		{DivergedError{Iter: 12345, Quantity: "loss", Value: 9.201e302, First: 2.3026},
			"training diverged at iteration 12,345: the loss is 9.2e+302, over 10,000 times the first step's 2.3 (try a smaller learning rate)"},
		{DivergedError{Iter: 7, Quantity: "loss", Value: math.NaN()},
			"training diverged at iteration 7: loss is not a number (try a smaller learning rate)"},
		{DivergedError{Iter: 1000, Quantity: "gradient of W1", Value: math.Inf(1)},
			"training diverged at iteration 1,000: gradient of W1 is ∞ (try a smaller learning rate)"},
	} {
		if got := test.err.Error(); got != test.want {
			t.Errorf("%d: %q\nwant %q", i, got, test.want)
		}
	}
}

// TestAllFinite: allFinite agrees with math.IsNaN and math.IsInf on every
// length up to 9 with one value at each place: finite ones (the largest,
// the smallest subnormal, -0), NaN, +Inf and -Inf.
func TestAllFinite(t *testing.T) {
	t.Parallel()
	values := []float64{1, -0.0, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)}
	for n := 0; n <= 9; n++ {
		for at := 0; at < max(n, 1); at++ {
			for _, v := range values {
				s := make([]float64, n)
				for i := range s {
					s[i] = math.MaxFloat64 // finite, and its squares and sums are not
				}
				if n > 0 {
					s[at] = v
				}
				want := n == 0 || !(math.IsNaN(v) || math.IsInf(v, 0))
				if got := allFinite(s); got != want {
					t.Errorf("allFinite(%v) = %v, want %v", s, got, want)
				}
			}
		}
	}
}
