package worker

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/cifar"
	coremodel "github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// namedModel returns a model file: a random 3072-8-classes net with the
// class names names (nil: none), as a checkpoint or as the notebook's .npz.
func namedModel(t *testing.T, classes int, names []string, npz bool) []byte {
	t.Helper()
	cfg := train.Default()
	cfg.Hidden, cfg.Preprocess, cfg.Data = []int{8}, cifar.KindNone, "sample"
	spec := cfg.Spec(cifar.ImageBytes, classes)
	spec.Std = 1e-3
	net, err := nn.New(spec, rng.New(3))
	if err != nil {
		t.Fatal(err)
	}
	m := &coremodel.Model{Net: net, Pre: &cifar.Preprocess{Kind: cifar.KindNone}, Classes: names, Config: cfg, Metrics: map[string]float64{}}
	if npz {
		var buf bytes.Buffer
		if err := m.WriteNPZ(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	c, err := m.Checkpoint("", "f64")
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hundred returns n made-up class names ("fine 0", "fine 1", …), as a
// CIFAR-100 model's file would list its own.
func hundred(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("fine %d", i)
	}
	return names
}

// TestClassNamesFromModel: a model's guesses are named by its file; a
// file without names gets CIFAR-10's only when it has CIFAR-10's ten
// classes, and otherwise classifying a picture is refused with a sentence
// that says why (never "7" or "class 7"). Evaluate on CIFAR-10's test
// images is refused for any model whose classes are not CIFAR-10's.
func TestClassNamesFromModel(t *testing.T) {
	t.Parallel()
	cifar10 := cifar.ClassNames()
	wrongOrder := slices.Clone(cifar10)
	wrongOrder[0], wrongOrder[1] = wrongOrder[1], wrongOrder[0]
	for i, c := range []struct {
		name    string
		file    []byte
		names   []string // the prediction's class names; nil: refused
		predErr string   // the refusal of a prediction contains this
		evalErr string   // Evaluate's refusal contains this ("" : it scores)
	}{
		{"100 classes, no names", namedModel(t, 100, nil, false), nil,
			"has 100 classes but its file does not name them", "has 100 classes and CIFAR-10 has 10"},
		{"100 named classes", namedModel(t, 100, hundred(100), false), hundred(100),
			"", "has 100 classes and CIFAR-10 has 10"},
		{".npz, 100 classes, no names", namedModel(t, 100, nil, true), nil,
			"has 100 classes but its file does not name them", "has 100 classes and CIFAR-10 has 10"},
		{".npz, 10 classes, no names", namedModel(t, 10, nil, true), cifar10, "", ""},
		{"10 classes, no names", namedModel(t, 10, nil, false), cifar10, "", ""},
		{"CIFAR-10's names", namedModel(t, 10, cifar10, false), cifar10, "", ""},
		{"ten other names", namedModel(t, 10, wrongOrder, false), wrongOrder, "", "are not CIFAR-10's"},
	} {
		s, rec := newSession(t)
		do(t, s, rec, msg.Request{Kind: msg.Load, Data: "sample"})
		do(t, s, rec, msg.Request{Kind: msg.Import, Checkpoint: c.file})
		s.Handle(msg.Request{ID: 21, Kind: msg.Predict, Image: image(t, 0)})
		ev := rec.take()
		switch {
		case len(ev) != 1:
			t.Errorf("%d %s: predict answered %s", i, c.name, kinds(ev))
		case c.names == nil:
			if ev[0].Kind != msg.Error || !strings.Contains(ev[0].Err.Message, c.predErr) {
				t.Errorf("%d %s: predict %s %+v, want the refusal %q", i, c.name, kinds(ev), ev[0].Err, c.predErr)
			} else {
				t.Logf("%s: %s", c.name, ev[0].Err.Message)
			}
		case ev[0].Kind != msg.Prediction || !slices.Equal(ev[0].Classes, c.names) || len(ev[0].Probs) != len(c.names):
			t.Errorf("%d %s: predict %s with classes %v, want %d probabilities named %v", i, c.name, kinds(ev), ev[0].Classes, len(c.names), c.names)
		}
		s.Handle(msg.Request{ID: 22, Kind: msg.Evaluate, Count: 2})
		ev = rec.take()
		switch {
		case len(ev) != 1:
			t.Errorf("%d %s: evaluate answered %s", i, c.name, kinds(ev))
		case c.evalErr != "":
			if ev[0].Kind != msg.Error || !strings.Contains(ev[0].Err.Message, c.evalErr) {
				t.Errorf("%d %s: evaluate %s %+v, want the refusal %q", i, c.name, kinds(ev), ev[0].Err, c.evalErr)
			} else {
				t.Logf("%s: %s", c.name, ev[0].Err.Message)
			}
		case ev[0].Kind != msg.Results || !slices.Equal(ev[0].Classes, cifar10):
			t.Errorf("%d %s: evaluate %s with classes %v, want results named by CIFAR-10", i, c.name, kinds(ev), ev[0].Classes)
		}
	}
}
