package train_test

import (
	"math"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// precisionRun trains the playground's Best known run, smaller (50 ReLU units,
// Adam, per-channel standardization, batch 50) for 200 steps on the
// committed CIFAR-10 sample in the given precision, and returns its
// losses and its accuracy on the sample's 250 validation and 250 test
// images together.
func precisionRun(t *testing.T, d *cifar.Dataset, precision string) ([]float64, float64) {
	t.Helper()
	c := train.Default()
	c.Hidden, c.Optimizer, c.LR, c.Decay, c.Reg, c.Batch, c.Iters = []int{50}, "adam", 1e-3, 0.9, 0.01, 50, 200
	c.Preprocess, c.Precision, c.Seed = "channel", precision, 7
	pre, err := cifar.FitPreprocess(c.Preprocess, d.Train)
	if err != nil {
		t.Fatal(err)
	}
	src := rng.New(c.Seed)
	net, err := nn.New(c.Spec(cifar.ImageBytes, cifar.Classes), src)
	if err != nil {
		t.Fatal(err)
	}
	data := func(s *cifar.Set) *cifar.Data {
		x, err := cifar.NewData(s, pre, nil, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	tr, err := train.NewTrainer(c, net, data(d.Train), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	for !tr.Done() {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	held := &cifar.Set{Pixels: append(append([]uint8(nil), d.Val.Pixels...), d.Test.Pixels...),
		Labels: append(append([]uint8(nil), d.Val.Labels...), d.Test.Labels...)}
	return tr.History.Loss, train.Accuracy(net, data(held), 500)
}

// TestPrecisionsAgree trains the same run in float64 and float32: the
// float32 losses must stay within 2% (relative) of the float64 ones at
// every step, and the held-out accuracies within 1 point (5 of 500
// images). Rounding to float32 (relative 6e-8 per operation) moves the
// trajectory only slightly over 200 steps; a float32 pass with a wrong
// product, bias or mask is off by far more from the first steps.
func TestPrecisionsAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("trains twice on the sample")
	}
	if runtime.GOOS == "js" {
		t.Skip("the same code natively; under node the products are gonum's pure Go, ~10x slower")
	}
	d, err := cifar.LoadDir(filepath.Join("..", "..", "assets", "cifar-sample"), cifar.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	l64, a64 := precisionRun(t, d, "f64")
	l32, a32 := precisionRun(t, d, "f32")
	worst, at := 0.0, 0
	for i := range l64 {
		if r := math.Abs(l32[i]-l64[i]) / l64[i]; r > worst || math.IsNaN(r) {
			worst, at = r, i
		}
	}
	t.Logf("losses: largest relative difference %.2g at step %d (%.4f vs %.4f); final %.4f vs %.4f; accuracy f64 %.3f, f32 %.3f",
		worst, at, l32[at], l64[at], l32[len(l32)-1], l64[len(l64)-1], a64, a32)
	if len(l32) != len(l64) || !(worst <= 0.02) {
		t.Errorf("float32 losses differ from float64 by %.2g (relative) at step %d, want at most 0.02", worst, at)
	}
	if math.Abs(a32-a64) > 0.01+1e-9 {
		t.Errorf("accuracy: float32 %.3f, float64 %.3f, want within 0.01", a32, a64)
	}
	if l64[0] == l32[0] {
		t.Errorf("the first losses are identical (%v): the float32 pass did not run", l64[0])
	}
}
