package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/mnist"
	"github.com/backprop-playground/playground/notebook"
)

// TestDigitsCommand trains a tiny digits model for two epochs and checks
// that the written .npz loads with the class names and classifies the
// held-out digits far better than chance.
func TestDigitsCommand(t *testing.T) {
	t.Parallel()
	data := filepath.Join("..", "..", graySets["digits"].dir)
	out := filepath.Join(t.TempDir(), "d.npz")
	var stdout bytes.Buffer
	if err := runDigits([]string{"-data", data, "-out", out, "-hidden", "32", "-epochs", "2", "-dropout", "0", "-min", "0.7"}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "held-out test") {
		t.Errorf("output %q names no held-out accuracy", stdout.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	m, err := notebook.Import(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Classes, mnist.DigitNames) || len(m.W) != 2 {
		t.Fatalf("classes %q, %d layers", m.Classes, len(m.W))
	}
	d, err := mnist.LoadNPM(os.DirFS(data))
	if err != nil {
		t.Fatal(err)
	}
	if acc := accuracy(m, d.Test); acc < 0.7 {
		t.Fatalf("held-out accuracy %.3f from the .npz, want ≥ 0.7 after two epochs", acc)
	}
}

// accuracy classifies every image of s (raw pixel bytes) with m.
func accuracy(m *notebook.Model, s *mnist.Set) float64 {
	x := mat.NewDense(s.Len(), mnist.ImageBytes, nil)
	for i := range s.Len() {
		for j, p := range s.Image(i) {
			x.Set(i, j, float64(p))
		}
	}
	sc := m.Scores(x)
	right := 0
	for i := range s.Len() {
		row := sc.RawRowView(i)
		if slices.Index(row, slices.Max(row)) == int(s.Labels[i]) {
			right++
		}
	}
	return float64(right) / float64(s.Len())
}
