package plane_test

import (
	"testing"
	"time"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// spiralConfig is the 2-hidden-layer net issue 4 asks to reach 95% test
// accuracy on the 3-class spiral: 2-16-16-3, ReLU, He init, Adam.
func spiralConfig() train.Config {
	return train.Config{Data: "spiral", Hidden: []int{16, 16}, Activation: "relu", Init: "he",
		Optimizer: "adam", LR: 0.01, Schedule: "constant", Decay: 1, Batch: 32, Iters: 3000,
		Sampling: "shuffle", Preprocess: "none", Seed: 1}
}

// learn trains c on s and returns the test accuracy after each block of
// steps, stopping at the first that reaches target, and the training time
// (accuracy checks excluded).
func learn(t *testing.T, s plane.Spec, c train.Config, block int, target float64) (accs []float64, steps int, elapsed time.Duration) {
	t.Helper()
	set, err := plane.Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	src := rng.New(c.Seed)
	net, err := nn.New(c.Spec(2, s.Classes), src)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := train.NewTrainer(c, net, set.TrainData(), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	test := set.TestData()
	for !tr.Done() {
		start := time.Now()
		for range block {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		accs = append(accs, train.Accuracy(net, test, 1000))
		if accs[len(accs)-1] >= target {
			break
		}
	}
	return accs, tr.Iter(), elapsed
}

// TestSpiralLearnable: issue 4 wants a 2-hidden-layer net at >= 95% test
// accuracy on the 3-class spiral. Natively it gets there in a few hundred
// steps of a few tens of microseconds; the log line gives the figures.
func TestSpiralLearnable(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint32{1, 2, 3} {
		s := plane.DefaultSpec()
		s.Seed = seed
		c := spiralConfig()
		c.Seed = seed
		accs, steps, elapsed := learn(t, s, c, 100, 0.95)
		best := accs[len(accs)-1]
		t.Logf("seed %d: test accuracy %.3f after %d steps, %v training (%.1f µs/step)",
			seed, best, steps, elapsed.Round(time.Millisecond), float64(elapsed.Microseconds())/float64(steps))
		if best < 0.95 {
			t.Errorf("seed %d: test accuracy %.3f after %d steps, want >= 0.95 (history %.2f)", seed, best, steps, accs)
		}
	}
}

// TestShapesLearnable trains the same small net on every shape with 4
// classes: each k-class generalization can be learnt. TF Playground's
// 1.75-turn spiral is learnt with its own 2 classes (4 arms turning 1.75
// times are too tight for a 16-16 net in 3,000 steps).
func TestShapesLearnable(t *testing.T) {
	t.Parallel()
	for i, name := range plane.Names() {
		if plane.Generators[name].Regression() {
			continue // TestRegressionLearnable
		}
		k := 4
		if name == "tfspiral" {
			k = 2
		}
		s := plane.Spec{Name: name, Classes: k, Points: 800, Noise: 0.03, Split: 0.5, Seed: 5}
		c := spiralConfig()
		accs, steps, _ := learn(t, s, c, 200, 0.9)
		if best := accs[len(accs)-1]; best < 0.9 {
			t.Errorf("%d %s: test accuracy %.3f after %d steps, want >= 0.9", i, name, best, steps)
		}
	}
}

// BenchmarkSpiralStep times one training step of the spiral net.
func BenchmarkSpiralStep(b *testing.B) {
	set, err := plane.Generate(plane.DefaultSpec())
	if err != nil {
		b.Fatal(err)
	}
	c := spiralConfig()
	c.Iters = train.MaxIters
	src := rng.New(1)
	net, _ := nn.New(c.Spec(2, 3), src)
	tr, err := train.NewTrainer(c, net, set.TrainData(), nil, src)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRegressionLearnable: the issue wants a regression run on "plane" to
// reach a test loss below 0.01 (TF Playground's loss, half the mean squared
// error); multi-Gaussian, whose six bumps have kinks, gets below 0.02.
func TestRegressionLearnable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		want float64
	}{{"regplane", 0.01}, {"reggauss", 0.02}} {
		s := plane.Spec{Name: tc.name, Classes: 2, Points: 600, Noise: 0, Split: 0.5, Seed: 1}
		set, err := plane.Generate(s)
		if err != nil {
			t.Fatal(err)
		}
		c := spiralConfig()
		c.Data, c.Activation, c.Init, c.Iters = tc.name, "tanh", "xavier", 4000
		spec := c.Spec(2, 1)
		spec.Loss = nn.LossSquared
		src := rng.New(c.Seed)
		net, err := nn.New(spec, src)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := train.NewTrainer(c, net, set.TrainData(), nil, src)
		if err != nil {
			t.Fatal(err)
		}
		test := set.TestData()
		loss := net.CostValues(test.X, test.T, 0)
		for loss >= tc.want && !tr.Done() {
			for range 200 {
				if _, err := tr.Step(); err != nil {
					t.Fatal(err)
				}
			}
			loss = net.CostValues(test.X, test.T, 0)
		}
		t.Logf("%s: test loss %.4f after %d steps", tc.name, loss, tr.Iter())
		if loss >= tc.want {
			t.Errorf("%s: test loss %.4f after %d steps, want < %g", tc.name, loss, tr.Iter(), tc.want)
		}
	}
}
