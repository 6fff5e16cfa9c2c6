package plane_test

import (
	"math"
	"testing"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

func TestExpand(t *testing.T) {
	t.Parallel()
	m, err := plane.Expand([]plane.Point{{X: 0.5, Y: -0.25, Class: 1}}, []string{"x", "y", "xx", "yy", "xy", "sinx", "siny"})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.5, -0.25, 0.25, 0.0625, -0.125, 1, math.Sin(-math.Pi / 4)}
	for j, w := range want {
		if got := m.X.At(0, j); math.Abs(got-w) > 1e-15 {
			t.Errorf("feature %d: got %v, want %v", j, got, w)
		}
	}
	if m.Y[0] != 1 {
		t.Errorf("class %d, want 1", m.Y[0])
	}
	for i, keys := range [][]string{nil, {"x", "z"}} {
		if _, err := plane.Expand([]plane.Point{{}}, keys); err == nil {
			t.Errorf("case %d: keys %q gave no error", i, keys)
		}
	}
	for _, k := range plane.FeatureNames() {
		if plane.Features[k].Label == "" {
			t.Errorf("feature %q has no label", k)
		}
	}
}

// TestFeaturesLinearize: two circles are not linearly separable in (x, y),
// but they are in (x², y²), so a net with no hidden layer learns them from
// those features and not from the coordinates.
func TestFeaturesLinearize(t *testing.T) {
	t.Parallel()
	set, err := plane.Generate(plane.Spec{Name: "circles", Classes: 2, Points: 400, Noise: 0.02, Split: 0.5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	acc := func(keys []string) float64 {
		tr, err := plane.Expand(set.Train, keys)
		if err != nil {
			t.Fatal(err)
		}
		te, _ := plane.Expand(set.Test, keys)
		c := train.Config{Activation: "relu", Init: "he", Optimizer: "adam", LR: 0.05, Schedule: "constant",
			Decay: 1, Batch: 32, Iters: 1500, Sampling: "shuffle", Preprocess: "none", Seed: 1}
		src := rng.New(1)
		net, err := nn.New(c.Spec(len(keys), 2), src)
		if err != nil {
			t.Fatal(err)
		}
		trn, err := train.NewTrainer(c, net, tr, nil, src)
		if err != nil {
			t.Fatal(err)
		}
		for !trn.Done() {
			if _, err := trn.Step(); err != nil {
				t.Fatal(err)
			}
		}
		return train.Accuracy(net, te, 1000)
	}
	raw, sq := acc([]string{"x", "y"}), acc([]string{"xx", "yy"})
	t.Logf("linear model on circles: test accuracy %.3f from (x, y), %.3f from (x², y²)", raw, sq)
	if sq < 0.95 || raw > 0.8 {
		t.Fatalf("test accuracy %.3f from (x², y²) (want ≥ 0.95) and %.3f from (x, y) (want ≤ 0.8)", sq, raw)
	}
}
