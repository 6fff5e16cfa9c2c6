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
