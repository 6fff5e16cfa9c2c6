package classroom

import (
	"errors"
	"math"
	"testing"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// The lessons the ready scenarios teach, measured natively: each runs both
// of a scenario's nets for their full iterations, as the page would.

type outcome struct {
	train, test float64 // accuracies at the end
	loss        float64 // mean loss of the last 100 steps
	diverged    bool
}

func run(t *testing.T, d plane.Spec, c train.Config) outcome {
	t.Helper()
	set, err := plane.Generate(d)
	if err != nil {
		t.Fatal(err)
	}
	src := rng.New(c.Seed)
	net, err := nn.New(c.Spec(2, d.Classes), src)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := train.NewTrainer(c, net, set.TrainData(), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	var o outcome
	for !tr.Done() {
		if _, err := tr.Step(); err != nil {
			var de *train.DivergedError
			if !errors.As(err, &de) {
				t.Fatal(err)
			}
			o.diverged = true
			break
		}
	}
	h := tr.History.Loss
	tail := h[max(0, len(h)-100):]
	for _, l := range tail {
		o.loss += l / float64(len(tail))
	}
	o.train, o.test = train.Accuracy(net, set.TrainData(), 1000), train.Accuracy(net, set.TestData(), 1000)
	return o
}

// both runs a scenario's two nets in parallel.
func both(t *testing.T, key string) (first, second outcome) {
	s, _ := Ready(key)
	if s.Compare == nil {
		t.Fatalf("%s has no second net", key)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		second = run(t, s.Data, *s.Compare)
	}()
	first = run(t, s.Data, s.Config)
	<-done
	t.Logf("%s: first net %+v, second net %+v", key, first, second)
	return first, second
}

// TestBadInit: with the report's std 1e-4 init the 5-layer net stays at
// chance on the 3-class spiral (loss ln 3 = 1.0986, accuracy 1/3); with
// He's it learns. Measured (seed 1): std 0.333 train and test, loss
// 1.0996; He 0.990 train, 0.980 test, loss 0.026.
func TestBadInit(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("trains two 5-layer nets for 2000 steps")
	}
	std, he := both(t, "bad-init")
	if std.test > 1.0/3+0.05 || std.train > 1.0/3+0.05 || math.Abs(std.loss-math.Log(3)) > 0.01 {
		t.Errorf("std 1e-4 init: accuracy %.3f train, %.3f test, loss %.4f; want chance (%.3f, loss %.4f) within 0.05 and 0.01",
			std.train, std.test, std.loss, 1.0/3, math.Log(3))
	}
	if he.test < 0.9 || he.loss > 0.3 {
		t.Errorf("He init: test accuracy %.3f, loss %.4f; want >= 0.9 and <= 0.3", he.test, he.loss)
	}
}

// TestOverfitL2: without L2 the big net fits its 40 training points
// perfectly and generalizes worse than with reg 0.01. Measured (seed 1):
// reg 0 train 1.000, test 0.600; reg 0.01 train 0.825, test 0.756.
func TestOverfitL2(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("trains two nets for 2000 steps")
	}
	plain, l2 := both(t, "overfit-l2")
	if plain.train < 0.99 {
		t.Errorf("reg 0: train accuracy %.3f, want >= 0.99 (overfitting)", plain.train)
	}
	if gap, gapL2 := plain.train-plain.test, l2.train-l2.test; gap < gapL2+0.1 {
		t.Errorf("generalization gap %.3f without L2, %.3f with; want the first larger by 0.1", gap, gapL2)
	}
	if l2.test < plain.test+0.03 {
		t.Errorf("test accuracy %.3f with L2, %.3f without; want L2 better by 0.03", l2.test, plain.test)
	}
}

// TestHighLR: SGD at learning rate 3 ends near chance (or diverges), at 0.1
// it learns. Measured (seed 1): lr 3 train and test 0.333, loss 1.143
// (dead ReLUs); lr 0.1 train 0.977, test 0.960.
func TestHighLR(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("trains two nets for 2000 steps")
	}
	fast, slow := both(t, "high-lr")
	if !fast.diverged && fast.test > 0.5 {
		t.Errorf("lr 3: test accuracy %.3f, want <= 0.5 or a diverged run", fast.test)
	}
	if slow.test < 0.9 {
		t.Errorf("lr 0.1: test accuracy %.3f, want >= 0.9", slow.test)
	}
}

// TestSpiral: the default scenario's net passes 95% test accuracy, as
// issue 4 asks of the browser, and stays there at the end of its run.
// Measured (seed 1): 0.977 after 3000 steps.
func TestSpiral(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("trains a net for 3000 steps")
	}
	s, _ := Ready("spiral")
	o := run(t, s.Data, s.Config)
	t.Logf("spiral: %+v", o)
	if o.test < 0.95 {
		t.Errorf("test accuracy %.3f after %d steps, want >= 0.95", o.test, s.Config.Iters)
	}
}
