package checkpoint

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// pcaNet returns a net on k inputs and a PCA of d features to k.
func pcaNet(t *testing.T, d, k int) (*nn.Network, Header, *cifar.PCA) {
	t.Helper()
	cfg := train.Default()
	cfg.Hidden, cfg.Init, cfg.PCA = []int{5}, "he", k
	net, err := nn.New(cfg.Spec(k, 3), rng.New(4))
	if err != nil {
		t.Fatal(err)
	}
	// A hand-made PCA (its values need no SVD, so the seed file is the
	// same on every platform): the first k coordinate axes.
	pca := &cifar.PCA{Mean: make([]float64, d), Vectors: mat.NewDense(d, k, nil), Vars: make([]float64, k), Whiten: true}
	for j := range d {
		pca.Mean[j] = float64(j) / 8
	}
	for j := range k {
		pca.Vectors.Set(j, j, 1)
		pca.Vars[j] = float64(k - j)
	}
	return net, Header{Config: cfg, Metrics: map[string]float64{"val_acc": 0.25}}, pca
}

func TestPCARoundTrip(t *testing.T) {
	t.Parallel()
	net, h, pca := pcaNet(t, 12, 4)
	if _, err := New(net, h, "f64", nil); err == nil || !strings.Contains(err.Error(), "needs its PCA") {
		t.Errorf("New of a PCA model: %v", err)
	}
	for _, dtype := range []string{"f32", "f64"} {
		c, err := New(net, h, dtype, pca)
		if err != nil {
			t.Fatal(err)
		}
		b, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Unmarshal(b)
		if err != nil {
			t.Fatalf("%s: %v", dtype, err)
		}
		got := back.PCAModel()
		if got == nil || !got.Whiten || !mat.Equal(got.Vectors, pca.Vectors) || got.Vars[3] != pca.Vars[3] || got.Mean[11] != pca.Mean[11] {
			t.Fatalf("%s: the PCA did not survive (it is kept in f64 whatever the dtype)", dtype)
		}
		// The network's parameters come first; the PCA does not disturb them.
		n2, err := back.Network(nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(n2.Params()) != 4 || n2.Spec.Inputs != 4 {
			t.Errorf("%s: network %v with %d params", dtype, n2.Spec.Sizes(), len(n2.Params()))
		}
	}
	if c, _ := New(testNetOnly(t), Header{Config: train.Default()}, "f64", nil); c.PCAModel() != nil {
		t.Errorf("a model without PCA has one")
	}
}

func testNetOnly(t *testing.T) *nn.Network {
	net, _ := testNet(t)
	return net
}

func TestPCAMismatch(t *testing.T) {
	t.Parallel()
	net, h, pca := pcaNet(t, 12, 4)
	_, _, other := pcaNet(t, 12, 6)
	if _, err := New(net, h, "f64", other); err == nil || !strings.Contains(err.Error(), "6 components") {
		t.Errorf("a 6-component PCA for 4 inputs: %v", err)
	}
	good, _ := New(net, h, "f64", pca)
	for i, test := range []struct {
		edit func(c *Checkpoint)
		want string
	}{
		{func(c *Checkpoint) { c.Params[len(c.Params)-1].Name = "pcs" }, "pca parameters"},
		{func(c *Checkpoint) { c.PCA.Vars = c.PCA.Vars[:2] }, "2 pca variances"},
		{func(c *Checkpoint) { c.PCA.Vars[0] = -1 }, "variance 0"},
		{func(c *Checkpoint) { c.Params, c.Values = c.Params[:4], c.Values[:4] }, "pca_mean"},
		{func(c *Checkpoint) { c.PCA = nil }, "no PCA"},
	} {
		c := &Checkpoint{Header: good.Header, Values: append([][]float64(nil), good.Values...)}
		c.Params = append([]ParamInfo(nil), good.Params...)
		pi := *good.PCA
		pi.Vars = append([]float64(nil), pi.Vars...)
		c.PCA = &pi
		test.edit(c)
		b, err := c.Marshal()
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if _, err := Unmarshal(b); !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: %v, want ErrMismatch saying %q", i, err, test.want)
		}
	}
}

func TestProgressRoundTrip(t *testing.T) {
	t.Parallel()
	net, h := testNet(t)
	h.Progress = &train.Progress{Iter: 7, Epoch: 2, LR: 0.5, BestVal: 0.3, SinceBest: 1,
		History: train.History{Loss: []float64{3, 2, 1}, ValAcc: []float64{0.3}}}
	c, _ := New(net, h, "f64", nil)
	b, _ := c.Marshal()
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Progress == nil || back.Progress.Iter != 7 || back.Progress.History.Loss[2] != 1 || back.Progress.SinceBest != 1 {
		t.Errorf("progress %+v", back.Progress)
	}
}

// TestWritePCASeed keeps a PCA model in the fuzz corpus, in step with the
// format (UPDATE_TESTDATA=1 rewrites it).
func TestWritePCASeed(t *testing.T) {
	net, h, pca := pcaNet(t, 6, 2)
	c, err := New(net, h, "f32", pca)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Marshal()
	path := filepath.Join("testdata", "pca.bppmodel")
	old, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(old, b) {
		if os.Getenv("UPDATE_TESTDATA") == "" {
			t.Fatalf("%s is missing or stale: run UPDATE_TESTDATA=1 go test ./core/checkpoint/", path)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
