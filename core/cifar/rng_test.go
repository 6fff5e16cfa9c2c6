package cifar

import (
	"testing"

	"github.com/backprop-playground/playground/core/rng"
)

// The program passes the numpy-compatible generator.
var _ source = (*rng.RandomState)(nil)

// TestBatchRNG checks that a batch is a function of the generator's seed.
func TestBatchRNG(t *testing.T) {
	t.Parallel()
	s := synthetic(40, 12)
	p, err := FitPreprocess(KindChannel, s)
	if err != nil {
		t.Fatal(err)
	}
	aug := &Augment{FlipH: true, FlipV: true, Shift: 3}
	idx := rng.New(0).Permutation(s.Len())[:16]
	a := s.Batch(nil, nil, idx, p, aug, rng.New(7))
	b := s.Batch(nil, nil, idx, p, aug, rng.New(7))
	c := s.Batch(nil, nil, idx, p, aug, rng.New(8))
	same, diff := true, false
	for i := range idx {
		ra, rb, rc := a.RawRowView(i), b.RawRowView(i), c.RawRowView(i)
		for j := range ra {
			same = same && ra[j] == rb[j]
			diff = diff || ra[j] != rc[j]
		}
	}
	if !same {
		t.Error("seed 7 twice gave different batches")
	}
	if !diff {
		t.Error("seeds 7 and 8 gave the same batch")
	}
}
