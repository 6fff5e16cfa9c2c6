package checkpoint

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/optim"
	"github.com/backprop-playground/playground/core/train"
)

// adamState returns the memory of an Adam optimizer after two steps on
// net's parameters with made-up gradients.
func adamState(t *testing.T, c *Checkpoint) optim.State {
	t.Helper()
	net, err := c.Network(nil)
	if err != nil {
		t.Fatal(err)
	}
	o, _ := optim.New("adam", optim.Settings{})
	for step := range 2 {
		for _, p := range net.Params() {
			for i := range p.GradData() {
				p.GradData()[i] = 0.01 * float64((i+step)%5-2)
			}
		}
		o.Step(net.Params(), 0.01)
	}
	return optim.StateOf(o, net.Params())
}

// TestOptimizerRoundTrip keeps Adam's moments in a checkpoint (with and
// without a PCA), writes and reads it, and gets them back exactly; the
// weights and the PCA read as before.
func TestOptimizerRoundTrip(t *testing.T) {
	t.Parallel()
	net, h := testNet(t)
	h.Progress = &train.Progress{Iter: 2, LR: 0.01, BestVal: -1, History: train.History{Loss: []float64{1, 0.9}}}
	c, err := New(net, h, "f64", nil)
	if err != nil {
		t.Fatal(err)
	}
	s := adamState(t, c)
	if err := c.SetOptimizer(s); err != nil {
		t.Fatal(err)
	}
	if err := c.SetOptimizer(s); err != nil { // replaces, does not add
		t.Fatal(err)
	}
	if n := len(c.Params); n != 6*3 {
		t.Fatalf("%d parameters, want 6 of the net and 12 moments", n)
	}
	if c.Params[6].Name != "opt_m_W1" || c.Params[12].Name != "opt_v_W1" {
		t.Errorf("moment parameters named %s and %s, want opt_m_W1 and opt_v_W1", c.Params[6].Name, c.Params[12].Name)
	}
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	got := back.OptimizerState()
	if got == nil || got.T != 2 || !reflect.DeepEqual(got.Values, s.Values) || !reflect.DeepEqual(got.Moments, s.Moments) {
		t.Fatalf("optimizer state read back %+v, want t=2 and the same moments", got)
	}
	n2, err := back.Network(nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range n2.Params() {
		if !reflect.DeepEqual(p.Data(), net.Params()[i].Data()) {
			t.Errorf("%s differs after the round trip", p.Name)
		}
	}
	if plain, _ := New(net, h, "f64", nil); plain.OptimizerState() != nil {
		t.Error("a checkpoint without moments returns an optimizer state")
	}

	// A renamed or missing moment is refused.
	bad, _ := Unmarshal(b)
	bad.Params[7].Name = "opt_m_b9"
	if err := bad.check(); !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "want opt_m_b1") {
		t.Errorf("renamed moment: %v", err)
	}
	bad, _ = Unmarshal(b)
	bad.Params, bad.Values = bad.Params[:len(bad.Params)-1], bad.Values[:len(bad.Values)-1]
	if err := bad.check(); !errors.Is(err, ErrMismatch) {
		t.Errorf("missing moment: %v", err)
	}
}

// TestOptimizerWithPCA keeps moments in a PCA model's checkpoint: the PCA
// (stored before the moments) reads back the same.
func TestOptimizerWithPCA(t *testing.T) {
	t.Parallel()
	net, h, pca := pcaNet(t, 12, 4)
	c, err := New(net, h, "f64", pca)
	if err != nil {
		t.Fatal(err)
	}
	s := adamState(t, c)
	if err := c.SetOptimizer(s); err != nil {
		t.Fatal(err)
	}
	b, _ := c.Marshal()
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.PCAModel(); !reflect.DeepEqual(got.Mean, pca.Mean) || !reflect.DeepEqual(got.Vars, pca.Vars) {
		t.Errorf("pca read back %+v, want %+v", got, pca)
	}
	if got := back.OptimizerState(); got == nil || !reflect.DeepEqual(got.Values, s.Values) {
		t.Error("the moments of a pca model do not read back")
	}
}
