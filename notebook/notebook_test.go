package notebook

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/nn"
)

const python = "/usr/bin/python3"

type src struct{ r *rand.Rand }

func (s src) Float64() float64 { return s.r.Float64() }
func (s src) Randn() float64   { return s.r.NormFloat64() }

func readNPY(t *testing.T, path string) *mat.Dense {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m mat.Dense
	if err := npyio.Read(f, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func maxDiff(a, b *mat.Dense) float64 {
	var d mat.Dense
	d.Sub(a, b)
	return mat.Norm(&d, math.Inf(1))
}

// TestToNumpy exports a 4-layer net from Go, has numpy load it with np.load
// and compute the scores of the same inputs, and compares them with Go's
// network (nn.Network.Forward on the preprocessed inputs) to 1e-9.
func TestToNumpy(t *testing.T) {
	t.Parallel()
	s := src{rand.New(rand.NewPCG(1, 2))}
	net, err := nn.New(nn.Spec{Inputs: 7, Hidden: []int{6, 5, 4}, Classes: 3, Activation: "relu", Init: "he"}, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range net.Dense() {
		for i := range d.B.Data() {
			d.B.Data()[i] = s.Randn()
		}
	}
	mean, std := make([]float64, 7), make([]float64, 7)
	for j := range mean {
		mean[j], std[j] = 100*s.Float64(), 1+s.Float64()
	}
	x := mat.NewDense(9, 7, nil)
	pre := mat.NewDense(9, 7, nil)
	for i := range 9 {
		for j := range 7 {
			v := 255 * s.Float64()
			x.Set(i, j, v)
			pre.Set(i, j, (v-mean[j])/std[j])
		}
	}
	goScores := mat.DenseCopyOf(net.Forward(pre, false))
	m := FromNetwork(net, mean, std, []string{"plane", "ça", "truck"})
	if d := maxDiff(m.Scores(x), goScores); d > 1e-12 {
		t.Fatalf("Model.Scores differs from the network by %g", d)
	}

	dir := t.TempDir()
	var buf bytes.Buffer
	if err := Export(&buf, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "m.npz"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	xf, _ := os.Create(filepath.Join(dir, "x.npy"))
	if err := npyio.Write(xf, x); err != nil {
		t.Fatal(err)
	}
	xf.Close()
	out, err := exec.Command(python, "testdata/notebook.py", "scores", filepath.Join(dir, "m.npz"), filepath.Join(dir, "x.npy"), filepath.Join(dir, "s.npy")).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy: %v\n%s", err, out)
	}
	if got, want := string(bytes.TrimSpace(out)), "W1 W2 W3 W4 b1 b2 b3 b4 classes mean std"; got != want {
		t.Errorf("numpy saw %q, want %q", got, want)
	}
	np := readNPY(t, filepath.Join(dir, "s.npy"))
	if d := maxDiff(np, goScores); d > 1e-9 {
		t.Fatalf("numpy's scores differ from Go's by %g, want ≤ 1e-9", d)
	} else {
		t.Logf("numpy vs Go scores: max |difference| %.3g", d)
	}
	back, err := Import(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Classes, m.Classes) || maxDiff(back.Scores(x), goScores) != 0 {
		t.Fatalf("Import(Export(m)) differs: classes %q", back.Classes)
	}
}

// TestFromNumpy imports an .npz written by numpy's np.savez (float64 and
// float32 weights, a mean, unicode class names) and compares Go's scores
// with numpy's to 1e-9.
func TestFromNumpy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, err := exec.Command(python, "testdata/notebook.py", "make", filepath.Join(dir, "m.npz"), filepath.Join(dir, "x.npy"), filepath.Join(dir, "s.npy")).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "m.npz"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Import(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.W) != 3 || m.Std != nil || len(m.Mean) != 6 || !slices.Equal(m.Classes, []string{"cat", "dog", "café"}) {
		t.Fatalf("imported %d layers, std %v, %d means, classes %q", len(m.W), m.Std, len(m.Mean), m.Classes)
	}
	got := m.Scores(readNPY(t, filepath.Join(dir, "x.npy")))
	if d := maxDiff(got, readNPY(t, filepath.Join(dir, "s.npy"))); d > 1e-9 {
		t.Fatalf("Go's scores differ from numpy's by %g, want ≤ 1e-9", d)
	}
}

func TestImportErrors(t *testing.T) {
	t.Parallel()
	good := &Model{W: []*mat.Dense{mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})}, B: [][]float64{{0, 0, 0}}}
	enc := func(m *Model) []byte {
		var buf bytes.Buffer
		zm := *m
		if err := exportUnchecked(&buf, &zm); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for i, c := range []struct {
		b    []byte
		want string
	}{
		{[]byte("not a zip"), "notebook: not a model .npz: not a zip file"},
		{enc(&Model{W: []*mat.Dense{mat.NewDense(2, 3, nil)}, B: [][]float64{{0, 0}}}), "notebook: not a model .npz: b1 has shape [2], want (3,) for W1 of shape [2 3]"},
		{enc(&Model{W: good.W, B: [][]float64{{0, math.NaN(), 0}}}), "notebook: not a model .npz: layer 1 has a value NaN, want finite numbers"},
		{enc(&Model{W: good.W, B: good.B, Std: []float64{1, 0}}), "notebook: not a model .npz: std[1] is 0, want a positive number"},
		{enc(&Model{W: good.W, B: good.B, Classes: []string{"a"}}), "notebook: not a model .npz: 1 class names for 3 outputs"},
	} {
		_, err := Import(bytes.NewReader(c.b), int64(len(c.b)))
		if !errors.Is(err, ErrFormat) || err.Error() != c.want {
			t.Errorf("case %d: got %v, want %q", i, err, c.want)
		}
	}
}

// TestLargeArrays round-trips a 784×64 matrix, big enough that the zip's
// inflating reader returns short reads.
func TestLargeArrays(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	w := mat.NewDense(784, 64, nil)
	for i := range 784 {
		for j := range 64 {
			w.Set(i, j, r.NormFloat64())
		}
	}
	m := &Model{W: []*mat.Dense{w}, B: [][]float64{make([]float64, 64)}}
	var buf bytes.Buffer
	if err := Export(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := Import(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(back.W[0], w) {
		t.Fatal("W1 changed in the round trip")
	}
}
