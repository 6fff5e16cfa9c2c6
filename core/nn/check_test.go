package nn_test

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/gradcheck"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
)

var (
	sampleOnce sync.Once
	sample     *cifar.Dataset
	sampleErr  error
)

// cifarSample loads the playground's sample (assets/cifar-sample), the
// images the page's check runs on.
func cifarSample(t *testing.T) *cifar.Dataset {
	t.Helper()
	sampleOnce.Do(func() { sample, sampleErr = cifar.LoadDir("../../assets/cifar-sample", cifar.LoadOptions{}) })
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sample
}

// checkCase is one net the page can build.
type checkCase struct {
	name    string
	spec    nn.Spec
	pre     string
	reg     float64
	trained int // SGD steps taken before the check, to leave the init
}

// checkCases are the presets' nets (app/settings.go: "Report: default run",
// "Report: best model", "Best known") and each activation with the
// report's 1e-4 init and with He's, in one and two hidden layers (under
// js, two only).
func checkCases() []checkCase {
	spec := func(hidden []int, act, init string, dropout float64) nn.Spec {
		return nn.Spec{Inputs: cifar.ImageBytes, Hidden: hidden, Classes: 10, Activation: act, Init: init, Std: 1e-4, Dropout: dropout}
	}
	cs := []checkCase{
		{"Report: default run", spec([]int{50}, "relu", "std", 0), "mean-image", 0.25, 0},
		{"Report: best model", spec([]int{80}, "relu", "std", 0), "mean-image", 0.29, 0},
		{"Best known", spec([]int{100}, "relu", "std", 0), "channel", 0.01, 0},
		{"Best known, trained", spec([]int{100}, "relu", "std", 0), "channel", 0.01, 30},
		{"dropout 0.5", spec([]int{50}, "relu", "he", 0.5), "channel", 0.01, 0},
	}
	// The page's default trains in float32: the check still runs in float64.
	fast := spec([]int{100}, "relu", "std", 0)
	fast.Precision = "f32"
	cs = append(cs, checkCase{"Best known, float32", fast, "channel", 0.01, 0})
	shapes := [][]int{{50, 50}, {100}}
	if runtime.GOOS == "js" {
		// Under node (make test-wasm) the same arithmetic in Go's wasm
		// output and gonum's pure Go, single-threaded: every activation and
		// init once, in two hidden layers; the one-layer nets (the slowest
		// half) run natively, and the presets' one-layer nets above here too.
		shapes = shapes[:1]
	}
	for _, act := range []string{"relu", "leakyrelu", "tanh", "sigmoid"} {
		for _, init := range []string{"std", "he"} {
			for _, hidden := range shapes {
				cs = append(cs, checkCase{fmt.Sprintf("%s %s %v", act, init, hidden), spec(hidden, act, init, 0), "mean-image", 0.25, 0})
			}
		}
	}
	return cs
}

// batchOf returns the features and labels of 10 sample training images,
// as the worker's check takes them.
func batchOf(t *testing.T, pre string, seed uint32) (*mat.Dense, []int) {
	d := cifarSample(t)
	p, err := cifar.FitPreprocess(pre, d.Train)
	if err != nil {
		t.Fatal(err)
	}
	idx := rng.New(seed).Choice(d.Train.Len(), 10)
	y := make([]int, len(idx))
	return d.Train.Batch(nil, y, idx, p, nil, nil), y
}

// TestCheckOnPageNets runs the page's gradient check on every net of
// checkCases: each passes, with most entries checked, and no parameter or
// layer setting changes.
func TestCheckOnPageNets(t *testing.T) {
	t.Parallel()
	for _, c := range checkCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src := rng.New(1)
			net, err := nn.New(c.spec, src)
			if err != nil {
				t.Fatal(err)
			}
			x, y := batchOf(t, c.pre, 7)
			for range c.trained {
				net.ZeroGrad()
				net.CostGrad(x, y, c.reg)
				for _, p := range net.Params() {
					g := p.GradData()
					for i := range p.Data() {
						p.Data()[i] -= 1e-3 * g[i]
					}
				}
			}
			before := paramsOf(net)
			r := net.Check(x, y, c.reg, gradcheck.Options{Entries: 10, Pick: rng.New(3).Intn})
			if !r.Pass {
				t.Errorf("check fails on a correct backward: %s", r.Summary())
				for _, b := range r.Blocks {
					t.Logf("%s: checked %d, worst %.2g, kinks %d, tiny %d, rough %d", b.Name, b.Checked, b.Worst, b.Kinks, b.Tiny, b.Rough)
				}
			}
			// Most entries are judged, the first and last weights always:
			// only gradients that are genuinely below float64's reach (b1
			// of two 1e-4 layers, ~1e-9 against a loss of 2.3) are skipped.
			if total := r.Checked + r.Skipped(); r.Checked < total/3 {
				t.Errorf("only %d of %d entries checked: %s", r.Checked, total, r.Summary())
			}
			if first, last := r.Blocks[0], r.Blocks[len(r.Blocks)-2]; first.Checked == 0 || last.Checked == 0 {
				t.Errorf("%s checked %d, %s checked %d: %s", first.Name, first.Checked, last.Name, last.Checked, r.Summary())
			}
			for _, b := range r.Blocks {
				if b.Checked == 0 && b.Shape[0]*b.Shape[1] > 1 {
					t.Logf("%s: no entry checked (%d tiny, %d kinks, %d rough)", b.Name, b.Tiny, b.Kinks, b.Rough)
				}
			}
			if !slices.EqualFunc(before, paramsOf(net), slices.Equal) {
				t.Error("the check changed the parameters")
			}
			for _, l := range net.Layers {
				if d, ok := l.(*nn.Dropout); ok && d.P != c.spec.Dropout {
					t.Errorf("the check changed dropout to %g", d.P)
				}
			}
			t.Logf("%s", r.Summary())
		})
	}
}

func paramsOf(net *nn.Network) [][]float64 {
	var out [][]float64
	for _, p := range net.Params() {
		out = append(out, slices.Clone(p.Data()))
	}
	return out
}

// TestCheckCatchesBrokenBackward breaks the backward pass with a test-only
// layer that lets values through but negates the gradient flowing back (a
// sign error), placed after the first hidden activation, so that W1 and b1
// get the opposite of their gradients: the check must fail, in W1, on every
// net, and pass the layers after the flip.
func TestCheckCatchesBrokenBackward(t *testing.T) {
	t.Parallel()
	for _, c := range checkCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			net, err := nn.New(c.spec, rng.New(1))
			if err != nil {
				t.Fatal(err)
			}
			net.Layers = slices.Insert(net.Layers, 2, nn.Layer(signFlip{}))
			x, y := batchOf(t, c.pre, 7)
			r := net.Check(x, y, c.reg, gradcheck.Options{Entries: 5, Pick: rng.New(3).Intn})
			if r.Pass {
				t.Fatalf("a sign error in backward passes: %s", r.Summary())
			}
			for _, b := range r.Blocks {
				flipped := b.Name == "W1" || b.Name == "b1"
				switch {
				case b.Name == "W1" && (b.Pass || b.Checked == 0):
					t.Errorf("W1 (flipped) passes: checked %d, worst %.2g", b.Checked, b.Worst)
				case flipped && b.Checked > 0 && b.Pass:
					t.Errorf("%s (flipped) passes %d checked entries", b.Name, b.Checked)
				case !flipped && !b.Pass:
					t.Errorf("%s (correct) fails: worst %.2g", b.Name, b.Worst)
				}
			}
		})
	}
}

// signFlip is the test's broken layer: the identity forward, the negated
// gradient backward.
type signFlip struct{}

func (signFlip) Forward(x *mat.Dense, _ bool) *mat.Dense { return x }
func (signFlip) Backward(dy *mat.Dense) *mat.Dense {
	var d mat.Dense
	d.Scale(-1, dy)
	return &d
}
func (signFlip) Params() []*nn.Param { return nil }
func (signFlip) String() string      { return "SignFlip" }
