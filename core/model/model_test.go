package model

import (
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// tinySet returns n random images with labels 0..9 in turn.
func tinySet(n int) *cifar.Set {
	src := rng.New(3)
	s := &cifar.Set{}
	for i := range n {
		s.Labels = append(s.Labels, uint8(i%cifar.Classes))
		for range cifar.ImageBytes {
			s.Pixels = append(s.Pixels, uint8(src.Randint(0, 256)))
		}
	}
	return s
}

// TestEvaluate: the confusion matrix, accuracy and per-class accuracy are
// those of the network's own Predict on the same features, batch size
// changes nothing, and every image's probabilities are handed out once.
func TestEvaluate(t *testing.T) {
	s := tinySet(37)
	spec := nn.Spec{Inputs: cifar.ImageBytes, Hidden: []int{8}, Classes: cifar.Classes, Activation: "relu", Init: "std", Std: 1e-3}
	net, err := nn.New(spec, rng.New(1))
	if err != nil {
		t.Fatal(err)
	}
	pre, err := cifar.FitPreprocess(cifar.KindMeanImage, s)
	if err != nil {
		t.Fatal(err)
	}
	m := &Model{Net: net, Pre: pre}
	d, err := cifar.NewData(s, pre, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := make([]int, s.Len())
	for i := range idx {
		idx[i] = i
	}
	x := mat.NewDense(s.Len(), d.Dim(), nil)
	y := make([]int, s.Len())
	d.Batch(x, y, idx)
	pred := net.Predict(nil, x)
	right := 0
	want := make([][]int, cifar.Classes)
	for i := range want {
		want[i] = make([]int, cifar.Classes)
	}
	for i := range pred {
		want[y[i]][pred[i]]++
		if pred[i] == y[i] {
			right++
		}
	}
	for _, batch := range []int{1, 10, 100} {
		seen := 0
		ev, err := m.Evaluate(s, batch, func(i int, p []float64) {
			if i != seen || len(p) != cifar.Classes {
				t.Errorf("batch %d: image %d handed out as %d", batch, seen, i)
			}
			seen++
		})
		if err != nil {
			t.Fatal(err)
		}
		if seen != s.Len() || ev.Images != s.Len() || ev.Accuracy != float64(right)/float64(s.Len()) {
			t.Errorf("batch %d: %d images seen, accuracy %g, want %g", batch, seen, ev.Accuracy, float64(right)/float64(s.Len()))
		}
		for c := range want {
			for j := range want[c] {
				if ev.Confusion[c][j] != want[c][j] {
					t.Fatalf("batch %d: confusion[%d][%d] = %d, want %d", batch, c, j, ev.Confusion[c][j], want[c][j])
				}
			}
			total := 0
			for _, v := range want[c] {
				total += v
			}
			if total > 0 && ev.PerClass[c] != float64(want[c][c])/float64(total) {
				t.Errorf("per-class accuracy of %d: %g", c, ev.PerClass[c])
			}
		}
	}
	if _, err := (&Model{Net: net}).Evaluate(s, 0, nil); err == nil {
		t.Error("batch 0 accepted")
	}
}

// TestCheckpointRoundTrip: a model written to a checkpoint reads back the
// same.
func TestCheckpointRoundTrip(t *testing.T) {
	spec := nn.Spec{Inputs: cifar.ImageBytes, Hidden: []int{4}, Classes: cifar.Classes, Activation: "tanh", Init: "std", Std: 1e-2}
	net, err := nn.New(spec, rng.New(2))
	if err != nil {
		t.Fatal(err)
	}
	m := &Model{Net: net, Classes: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}, Config: train.Default(), Metrics: map[string]float64{"iters": 5}}
	c, err := m.Checkpoint("test", "f64")
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	c2, err := checkpoint.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	back, err := FromCheckpoint(c2)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(back.Net.Dense()[0].W.Value, net.Dense()[0].W.Value) || back.Classes[9] != "j" || back.Metrics["iters"] != 5 ||
		back.Config.Encode() != m.Config.Encode() || !back.TakesImages() {
		t.Error("the model did not read back the same")
	}
}

// TestEvaluateHugeWeights: finite weights of 1e308 overflow the forward
// pass; Evaluate says so instead of scoring NaNs.
func TestEvaluateHugeWeights(t *testing.T) {
	s := tinySet(5)
	spec := nn.Spec{Inputs: cifar.ImageBytes, Hidden: []int{4}, Classes: cifar.Classes, Activation: "relu", Init: "std", Std: 1e-3}
	net, err := nn.New(spec, rng.New(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range net.Params() {
		d := p.Data()
		for i := range d {
			d[i] = 1e308
		}
	}
	m := &Model{Net: net, Pre: &cifar.Preprocess{Kind: cifar.KindNone}}
	_, err = m.Evaluate(s, 5, nil)
	var nf *NonFiniteError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "too large") {
		t.Errorf("Evaluate with 1e308 weights: %v, want a *NonFiniteError", err)
	}
}
