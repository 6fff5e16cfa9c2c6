package pretrained_test

import (
	"slices"
	"testing"

	"github.com/backprop-playground/playground/assets"
	"github.com/backprop-playground/playground/assets/pretrained"
	"github.com/backprop-playground/playground/core/mnist"
	coremodel "github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/internal/testenv/idx"
)

// TestDigitsModel loads the shipped digits model as the worker does (the
// notebook's .npz) and classifies the committed sample's test digits
// (drawn from the held-out 10% it was never trained on): at least 97%
// must be right.
func TestDigitsModel(t *testing.T) {
	t.Parallel()
	m, err := coremodel.ReadNPZ(pretrained.Digits)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Classes, mnist.DigitNames) || m.Net.Spec.Inputs != mnist.ImageBytes {
		t.Fatalf("classes %q, %d inputs", m.Classes, m.Net.Spec.Inputs)
	}
	d := idx.Splits(t, assets.DigitsFS(), mnist.DigitNames)
	ev, err := m.Evaluate(d.Test.Images(), 100, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("held-out sample digits: %d images, accuracy %.3f", ev.Images, ev.Accuracy)
	if ev.Accuracy < 0.97 {
		t.Fatalf("accuracy %.3f on held-out digits, want ≥ 0.97", ev.Accuracy)
	}
}
