//go:build !js

// The numpy oracle runs as a subprocess, which node (make test-wasm) cannot
// start: these tests run natively.

package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
)

// python is Debian's python3 with numpy (.ci/run installs python3-numpy).
const python = "/usr/bin/python3"

// oracle runs testdata/npz_oracle.py and decodes its JSON.
type oracleOut struct {
	Probs   [][]float64 `json:"probs"`
	Keys    []string    `json:"keys"`
	Classes []string    `json:"classes"`
}

func oracle(t *testing.T, args ...string) oracleOut {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(python, append([]string{filepath.Join("testdata", "npz_oracle.py")}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s(needs python3-numpy)", python, args, err, stderr.String())
	}
	var out oracleOut
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// images writes n random 32×32 images and returns them and their file.
func images(t *testing.T, n int) ([]uint8, string) {
	r := rand.New(rand.NewPCG(3, 4))
	b := make([]uint8, n*cifar.ImageBytes)
	for i := range b {
		b[i] = uint8(r.IntN(256))
	}
	path := filepath.Join(t.TempDir(), "images.u8")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b, path
}

// goProbs is the playground's class probabilities of m on the images.
func goProbs(m *Model, imgs []uint8, n int) *mat.Dense {
	x := mat.NewDense(n, cifar.ImageBytes, nil)
	for i := range n {
		m.Pre.Apply(x.RawRowView(i), imgs[i*cifar.ImageBytes:(i+1)*cifar.ImageBytes])
	}
	return m.Net.Probs(x)
}

func compare(t *testing.T, got *mat.Dense, want [][]float64) {
	t.Helper()
	r, c := got.Dims()
	if len(want) != r {
		t.Fatalf("numpy gives %d rows, Go %d", len(want), r)
	}
	worst := 0.0
	for i := range r {
		if len(want[i]) != c {
			t.Fatalf("row %d: numpy gives %d classes, Go %d", i, len(want[i]), c)
		}
		for j := range c {
			worst = max(worst, math.Abs(got.At(i, j)-want[i][j]))
		}
	}
	t.Logf("largest difference of the probabilities, Go vs numpy: %.3g", worst)
	if worst > 1e-9 {
		t.Errorf("probabilities differ by %g, want at most 1e-9", worst)
	}
}

type randn struct{ r *rand.Rand }

func (s randn) Float64() float64 { return s.r.Float64() }
func (s randn) Randn() float64   { return s.r.NormFloat64() }

// TestNPZToNumpy exports a 3072-9-6-10 ReLU model with channel statistics
// and has numpy score images with it from np.load alone.
func TestNPZToNumpy(t *testing.T) {
	src := randn{rand.New(rand.NewPCG(1, 2))}
	spec := nn.Spec{Inputs: cifar.ImageBytes, Hidden: []int{9, 6}, Classes: 10, Activation: "relu", Init: "std", Std: 0.02}
	net, err := nn.New(spec, src)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range net.Dense() {
		for j := range d.B.Value.RawRowView(0) {
			d.B.Value.RawRowView(0)[j] = 0.3 * src.Randn()
		}
	}
	classes := []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}
	m := &Model{Net: net, Pre: &cifar.Preprocess{Kind: cifar.KindChannel, Mean: []float64{125.3, 123, 113.9}, Std: []float64{63, 62.1, 66.7}},
		Classes: classes, Config: train.Default()}
	path := filepath.Join(t.TempDir(), "model.npz")
	var buf bytes.Buffer
	if err := m.WriteNPZ(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	const n = 6
	imgs, imgPath := images(t, n)
	out := oracle(t, "score", path, imgPath, "6")
	wantKeys := []string{"W1", "W2", "W3", "activation", "b1", "b2", "b3", "classes", "mean", "preprocess", "std"}
	if !slices.Equal(out.Keys, wantKeys) {
		t.Errorf("np.load sees %v, want %v", out.Keys, wantKeys)
	}
	if !slices.Equal(out.Classes, classes) {
		t.Errorf("classes %v, want %v", out.Classes, classes)
	}
	compare(t, goProbs(m, imgs, n), out.Probs)

	// And back: the same file read by Go is the same model.
	back, err := ReadNPZ(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Classes, classes) || back.Pre.Kind != cifar.KindChannel || back.Net.Spec.Activation != "relu" {
		t.Errorf("read back %v %+v %s", back.Classes, back.Pre, back.Net.Spec.Activation)
	}
	compare(t, goProbs(back, imgs, n), out.Probs)
}

// TestNPZFromNumpy reads a net that numpy wrote the notebook's way
// (np.savez, a 1×3072 mean, tanh) and scores images as numpy does.
func TestNPZFromNumpy(t *testing.T) {
	const n = 5
	imgs, imgPath := images(t, n)
	path := filepath.Join(t.TempDir(), "notebook.npz")
	out := oracle(t, "write", path, imgPath, "5")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadNPZ(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Net.String(); m.Net.Spec.Inputs != 3072 || !slices.Equal(m.Net.Spec.Hidden, []int{7}) || m.Net.Spec.Classes != 4 {
		t.Errorf("network %s, want 3072-7-4", got)
	}
	if !slices.Equal(m.Classes, []string{"cat", "dog", "ship", "frog"}) || m.Pre.Kind != cifar.KindMeanImage || m.Net.Spec.Activation != "tanh" {
		t.Errorf("read %v, %s preprocessing, %s", m.Classes, m.Pre.Kind, m.Net.Spec.Activation)
	}
	compare(t, goProbs(m, imgs, n), out.Probs)
}

// TestNPZBad refuses broken files with ErrNPZ and a reason, never a panic.
func TestNPZBad(t *testing.T) {
	var good bytes.Buffer
	net, _ := nn.New(nn.Spec{Inputs: cifar.ImageBytes, Hidden: []int{3}, Classes: 2, Activation: "relu", Init: "std", Std: 0.1}, randn{rand.New(rand.NewPCG(5, 6))})
	if err := (&Model{Net: net, Pre: &cifar.Preprocess{Kind: cifar.KindNone}}).WriteNPZ(&good); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadNPZ(good.Bytes()); err != nil {
		t.Fatalf("a good file: %v", err)
	}
	for name, b := range map[string][]byte{
		"empty":     nil,
		"not a zip": []byte("hello"),
		"truncated": good.Bytes()[:good.Len()/2],
		"flipped":   flip(good.Bytes(), good.Len()/3),
	} {
		if _, err := ReadNPZ(b); !errors.Is(err, ErrNPZ) {
			t.Errorf("%s: error %v, want ErrNPZ", name, err)
		}
	}
}

func flip(b []byte, i int) []byte {
	c := slices.Clone(b)
	c[i] ^= 0xff
	return c
}
