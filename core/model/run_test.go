package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/train"
)

// graySet returns n 28×28 gray images whose brightness is their label.
func graySet(n int) *cifar.Set {
	s := &cifar.Set{Shape: cifar.Gray28}
	for i := range n {
		l := uint8(i % 2)
		s.Labels = append(s.Labels, l)
		for j := range cifar.Gray28.Bytes() {
			s.Pixels = append(s.Pixels, uint8(j%7)+100*l)
		}
	}
	return s
}

func runConfig() train.Config {
	c := train.Default()
	c.Hidden, c.Iters, c.Batch, c.Optimizer, c.LR, c.Preprocess, c.Seed = []int{8}, 6, 10, "adam", 1e-3, "none", 3
	return c
}

// TestImageRun: the run is the net of the images' shape, the same
// settings give the same losses, and the state of a run continues where
// it stopped (a checkpoint with Progress and the optimizer's moments).
func TestImageRun(t *testing.T) {
	d := Images{Train: graySet(40), Val: graySet(10), Classes: []string{"dark", "light"}, Pre: &cifar.Preprocess{Kind: cifar.KindNone}}
	losses := func(d Images, steps int) ([]float64, *Model, *train.Trainer) {
		m, tr, err := ImageRun(runConfig(), d)
		if err != nil {
			t.Fatal(err)
		}
		var ls []float64
		for range steps {
			l, err := tr.Step()
			if err != nil {
				t.Fatal(err)
			}
			ls = append(ls, l.Loss)
		}
		return ls, m, tr
	}
	a, m, tr := losses(d, 3)
	if m.Net.Spec.Inputs != 784 || m.Net.Spec.Classes != 2 || !slices.Equal(m.Classes, d.Classes) {
		t.Fatalf("net %v, classes %q", m.Net.Spec.Sizes(), m.Classes)
	}
	if b, _, _ := losses(d, 3); !slices.Equal(a, b) {
		t.Fatalf("the same settings gave losses %v and %v", a, b)
	}
	// The state after 3 steps, continued.
	p := tr.Progress()
	ck, err := checkpoint.New(m.Net, checkpoint.Header{Config: runConfig(), Preprocess: d.Pre, Classes: d.Classes, Progress: &p}, "f64", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ck.SetOptimizer(tr.OptimizerState()); err != nil {
		t.Fatal(err)
	}
	d.From = ck
	_, m2, tr2 := losses(d, 0)
	if tr2.Iter() != 3 || !slices.Equal(m2.Net.Params()[0].Data(), m.Net.Params()[0].Data()) {
		t.Fatalf("continued at step %d, weights equal %v", tr2.Iter(), slices.Equal(m2.Net.Params()[0].Data(), m.Net.Params()[0].Data()))
	}
	// A state of another net is refused, saying both shapes.
	c := runConfig()
	c.Hidden = []int{9}
	if _, _, err := ImageRun(c, d); err == nil || !strings.Contains(err.Error(), "the settings make") {
		t.Fatalf("a state of another net: %v", err)
	}
}
