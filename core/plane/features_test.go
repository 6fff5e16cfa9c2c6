package plane_test

import (
	"errors"
	"math"
	"net/url"
	"strings"
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
	for _, k := range plane.FeatureOrder() {
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

// TestSpecFeatures: the chosen features travel in the spec's "features"
// key in TF Playground's order, the default x,y is left out of links, a
// wrong key is a ConfigError naming it, and TrainData reads the features.
func TestSpecFeatures(t *testing.T) {
	t.Parallel()
	s := plane.DefaultSpec()
	if got := plane.Fields.Encode(&s, nil); strings.Contains(got, "features") {
		t.Errorf("default spec encodes %q", got)
	}
	if err := s.Set("features", "xx,x,y"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Inputs(), ","); got != "x,y,xx" {
		t.Errorf("Inputs %q, want x,y,xx", got)
	}
	var back plane.Spec
	for _, kv := range strings.Split(plane.Fields.Encode(&s, nil), "&") {
		k, v, _ := strings.Cut(kv, "=")
		v, _ = url.QueryUnescape(v)
		if err := back.Set(k, v); err != nil {
			t.Fatalf("%s=%s: %v", k, v, err)
		}
	}
	if strings.Join(back.Features, ",") != "x,y,xx" {
		t.Errorf("round trip gave %q", back.Features)
	}
	if err := s.Set("features", "x,y"); err != nil || s.Features != nil {
		t.Errorf("x,y: %v, %q (want the default, nil)", err, s.Features)
	}
	for _, bad := range []string{"x,z", "x,x", ",y"} {
		err := s.Set("features", bad)
		var ce *nn.ConfigError
		if !errors.As(err, &ce) || ce.Field != "features" {
			t.Errorf("%q: %v, want a ConfigError on features", bad, err)
		}
	}
	s.Features = []string{"sinx", "xy", "yy"}
	set, err := plane.Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	m := set.TrainData()
	p := set.Train[0]
	if m.Dim() != 3 || m.X.At(0, 0) != p.Y*p.Y || m.X.At(0, 1) != p.X*p.Y || m.X.At(0, 2) != math.Sin(math.Pi*p.X) {
		t.Errorf("TrainData row 0 %v for point %+v, want (yy, xy, sinx)", m.X.RawRowView(0), p)
	}
}
