package pretrained_test

import (
	"bytes"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/assets"
	"github.com/backprop-playground/playground/assets/pretrained"
	"github.com/backprop-playground/playground/core/mnist"
	"github.com/backprop-playground/playground/notebook"
)

// TestDigitsModel loads the shipped digits model and classifies the
// committed sample's test digits (drawn from the held-out 10% it was never
// trained on): at least 97% must be right.
func TestDigitsModel(t *testing.T) {
	t.Parallel()
	m, err := notebook.Import(bytes.NewReader(pretrained.Digits), int64(len(pretrained.Digits)))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Classes, mnist.DigitNames) {
		t.Fatalf("classes %q", m.Classes)
	}
	d, err := mnist.LoadIDXSplits(assets.DigitsFS(), mnist.DigitNames)
	if err != nil {
		t.Fatal(err)
	}
	x := mat.NewDense(d.Test.Len(), mnist.ImageBytes, nil)
	for i := range d.Test.Len() {
		for j, p := range d.Test.Image(i) {
			x.Set(i, j, float64(p))
		}
	}
	sc := m.Scores(x)
	right := 0
	for i := range d.Test.Len() {
		row := sc.RawRowView(i)
		if slices.Index(row, slices.Max(row)) == int(d.Test.Labels[i]) {
			right++
		}
	}
	acc := float64(right) / float64(d.Test.Len())
	t.Logf("held-out sample digits: %d of %d right (%.3f)", right, d.Test.Len(), acc)
	if acc < 0.97 {
		t.Fatalf("accuracy %.3f on held-out digits, want ≥ 0.97", acc)
	}
}
