package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/mnist"
	coremodel "github.com/backprop-playground/playground/core/model"
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
	m, err := coremodel.ReadNPZ(b)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Classes, mnist.DigitNames) || len(m.Net.Dense()) != 2 {
		t.Fatalf("classes %q, %d layers", m.Classes, len(m.Net.Dense()))
	}
	d, err := mnist.LoadNPM(os.DirFS(data))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := m.Evaluate(d.Test.Images(), 250, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Accuracy < 0.7 {
		t.Fatalf("held-out accuracy %.3f from the .npz, want ≥ 0.7 after two epochs", ev.Accuracy)
	}
}
