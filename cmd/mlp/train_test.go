package main

import (
	"encoding/json"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/train"
)

func TestTrainFlagErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notModel := filepath.Join(dir, "x.resume")
	os.WriteFile(notModel, []byte("not a model"), 0o644)
	for i, test := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-lr", "abc"}, 2, `invalid lr "abc"`},
		{[]string{"-lr", "-1"}, 2, "lr"},
		{[]string{"-lr", "NaN"}, 2, "finite"},
		{[]string{"-hidden", "0"}, 2, "hidden[0]"},
		{[]string{"-hidden", "50,x"}, 2, "hidden[1]"},
		{[]string{"-batch", "0"}, 2, "batch"},
		{[]string{"-act", "softplus"}, 2, "activation"},
		{[]string{"-opt", "rmsprop"}, 2, "optimizer"},
		{[]string{"-pre", "zca"}, 2, "pre"},
		{[]string{"-shift", "40"}, 2, "shift"},
		{[]string{"-seed", "-3"}, 2, "seed"},
		{[]string{"-fliph=maybe"}, 2, "fliph"},
		{[]string{"-config", "lr=x"}, 2, "-config"},
		{[]string{"-config", "color=red"}, 2, `setting "color"`},
		{[]string{"-iters", "0"}, 2, "set iters or epochs"},
		{[]string{"-dtype", "f16"}, 2, "-dtype"},
		{[]string{"-progress", "maybe"}, 2, "-progress"},
		{[]string{"-pca-fit", "1"}, 2, "-pca-fit"},
		{[]string{"-ntrain", "-5", "-data", "sample"}, 2, "-ntrain"},
		{[]string{"-val", "-1", "-data", "sample"}, 2, "-val"},
		{[]string{"-nope"}, 2, "flag provided but not defined"},
		{[]string{"-data", "sample", "stray"}, 2, "unexpected argument"},
		{[]string{"-data", filepath.Join(dir, "missing")}, 1, "make data"},
		{[]string{"-data", notModel}, 1, "not a directory"},
		{[]string{"-data", "sample", "-resume", filepath.Join(dir, "none.resume")}, 1, "no such file"},
		{[]string{"-data", "sample", "-resume", notModel}, 1, "not a checkpoint"},
		{[]string{"-data", "sample", "-pca", "5000", "-iters", "1"}, 1, "pca"},
	} {
		code, _, stderr := mlp(append([]string{"train"}, test.args...)...)
		if code != test.code || !strings.Contains(stderr, test.want) {
			t.Errorf("case %d: mlp train %v: exit %d, stderr %q; want exit %d saying %q", i, test.args, code, stderr, test.code, test.want)
		}
	}
}

// TestConfigFlags checks the schema-made flags: -config first, then the
// flags wherever they are written, and bool flags without a value.
func TestConfigFlags(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		args []string
		want func(c *train.Config)
	}{
		{nil, func(c *train.Config) {}},
		{[]string{"-hidden", "9", "-config", "hidden=7&lr=0.5"}, func(c *train.Config) { c.Hidden, c.LR = []int{9}, 0.5 }},
		{[]string{"-config", "#opt=adam&fliph=true", "-fliph=false"}, func(c *train.Config) { c.Optimizer = "adam" }},
		{[]string{"-fliph", "-flipv", "-shift", "2"}, func(c *train.Config) { c.FlipH, c.FlipV, c.Shift = true, true, 2 }},
		{[]string{"-hidden", "50,70,50", "-init", "he", "-epochs", "3"}, func(c *train.Config) {
			c.Hidden, c.Init, c.Epochs = []int{50, 70, 50}, "he", 3
		}},
		{[]string{"-hidden", ""}, func(c *train.Config) { c.Hidden = nil }},
	} {
		fs := newFlagSet("test", new(strings.Builder))
		config := configFlags(fs, "data")
		if err := fs.Parse(test.args); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		got, err := config()
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		want := train.Default()
		test.want(&want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("case %d: %v gave\n%s\nwant\n%s", i, test.args, got.Encode(), want.Encode())
		}
	}
}

// sampleRun trains a small net on the committed sample and returns its
// JSON summary.
func sampleRun(t *testing.T, args ...string) *result {
	t.Helper()
	args = append([]string{"train", "-data", "sample", "-json", "-progress", "off"}, args...)
	code, stdout, stderr := mlp(args...)
	if code != 0 {
		t.Fatalf("mlp %v: exit %d\n%s", args, code, stderr)
	}
	var r result
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("mlp %v: %v\n%s", args, err, stdout)
	}
	return &r
}

func TestTrainSample(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "m.bppmodel")
	r := sampleRun(t, "-hidden", "16", "-init", "he", "-opt", "adam", "-lr", "2e-3", "-reg", "1e-3", "-epochs", "3",
		"-sampling", "shuffle", "-pre", "channel", "-fliph", "-save", model, "-plot", dir)
	// 3 epochs of 2,500 images at batch 200 are 7,500 images: 38 steps
	// (epochs count images seen; 2,500/200 is not whole).
	if r.Iters != 38 || r.Epochs != 3 || r.Stop != "done" || r.NTest != 250 {
		t.Errorf("iters %d, epochs %d, stop %q, test images %d; want 38, 3, done, 250", r.Iters, r.Epochs, r.Stop, r.NTest)
	}
	// 10 classes: chance is 0.1; 39 steps of Adam on 2,500 images do better.
	if r.ValAcc < 0.2 || r.TestAcc < 0.2 || r.TrainAcc < 0.2 {
		t.Errorf("accuracies val %.3f test %.3f train %.3f: not learning", r.ValAcc, r.TestAcc, r.TrainAcc)
	}
	c, err := readCheckpoint(model)
	if err != nil {
		t.Fatal(err)
	}
	if c.Metrics["test_acc"] != r.TestAcc || c.Metrics["val_acc"] != r.ValAcc || c.Params[0].DType != "f64" {
		t.Errorf("checkpoint metrics %v (dtype %s), summary val %g test %g", c.Metrics, c.Params[0].DType, r.ValAcc, r.TestAcc)
	}
	if !c.Config.FlipH || c.Config.Hidden[0] != 16 || c.Preprocess.Kind != "channel" {
		t.Errorf("checkpoint config %s, preprocess %q", c.Config.Encode(), c.Preprocess.Kind)
	}
	// eval on the saved model agrees with the run.
	code, stdout, stderr := mlp("eval", "-model", model, "-data", "sample", "-json")
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, stderr)
	}
	var rep evalReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if got := rep.Sets[0].Accuracy; got != r.TestAcc {
		t.Errorf("eval test accuracy %g, train reported %g", got, r.TestAcc)
	}
	for name, size := range map[string][2]int{"loss.png": {300, 200}, "accuracy.png": {300, 200}, "weights.png": {2 * (4*33 + 1), 2 * (4*33 + 1)}} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Error(err)
			continue
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if b := img.Bounds(); b.Dx() < size[0] || b.Dy() < size[1] {
			t.Errorf("%s is %v, want at least %v", name, b, size)
		}
	}
}

// TestReproducible checks that a seed fixes a run, augmentation and
// dropout included, and that another seed changes it.
func TestReproducible(t *testing.T) {
	t.Parallel()
	args := []string{"-hidden", "12", "-init", "he", "-opt", "adam", "-lr", "1e-3", "-iters", "20", "-fliph", "-shift", "2", "-dropout", "0.2"}
	a, b := sampleRun(t, args...), sampleRun(t, args...)
	c := sampleRun(t, append(args, "-seed", "5")...)
	if a.Loss != b.Loss || a.ValAcc != b.ValAcc {
		t.Errorf("same seed: loss %v vs %v", a.Loss, b.Loss)
	}
	if a.Loss == c.Loss {
		t.Errorf("seeds 0 and 5 gave the same loss %v", a.Loss)
	}
}

func TestResume(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "m.bppmodel")
	args := []string{"-hidden", "10", "-init", "he", "-opt", "momentum", "-lr", "1e-3", "-sampling", "shuffle", "-save", model}
	first := sampleRun(t, append(args, "-epochs", "2")...)
	// 2 epochs of 2,500 images at batch 200: 5,000 images, 25 steps.
	if first.Iters != 25 {
		t.Fatalf("first part: %d iterations, want 25", first.Iters)
	}
	st, err := readCheckpoint(statePath(model))
	if err != nil {
		t.Fatal(err)
	}
	if st.Progress == nil || st.Progress.Iter != 25 || st.Progress.Epoch != 2 || len(st.Progress.History.Loss) != 25 {
		t.Fatalf("state progress %+v", st.Progress)
	}
	// The momentum's velocity travels with the state, for -resume.
	if o := st.OptimizerState(); o == nil || o.Optimizer != "momentum" || len(o.Values) != 1 || len(o.Values[0]) != 4 {
		t.Fatalf("state optimizer %+v, want momentum's velocity for W1, b1, W2, b2", o)
	}
	// Continue to 4 epochs: the config comes from the state, -epochs on top.
	second := sampleRun(t, "-resume", statePath(model), "-epochs", "4")
	if second.Iters != 50 || second.Epochs != 4 || len(second.History.Loss) != 0 && len(second.History.Loss) != 50 {
		t.Errorf("resumed run: %d iterations, %d epochs; want 50 and 4", second.Iters, second.Epochs)
	}
	if second.Config.Optimizer != "momentum" || second.Config.Epochs != 4 {
		t.Errorf("resumed config %s", second.Config.Encode())
	}
	if second.ValAcc < first.ValAcc {
		t.Errorf("the kept model got worse: val %.3f after resuming, %.3f before", second.ValAcc, first.ValAcc)
	}
	// A finished run resumed again has nothing left to do.
	third := sampleRun(t, "-resume", statePath(model))
	if third.Iters != 50 {
		t.Errorf("resuming a finished run: %d iterations, want 50", third.Iters)
	}
	// Other layer sizes do not fit the saved weights.
	code, _, stderr := mlp("train", "-data", "sample", "-resume", statePath(model), "-hidden", "11")
	if code != 1 || !strings.Contains(stderr, "network") {
		t.Errorf("resume with other sizes: exit %d, %q", code, stderr)
	}
}

func TestTrainPCA(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := filepath.Join(dir, "pca.bppmodel")
	r := sampleRun(t, "-hidden", "16", "-init", "he", "-opt", "adam", "-lr", "1e-2", "-reg", "1e-3", "-epochs", "3", "-sampling", "shuffle",
		"-pca", "40", "-pca-fit", "400", "-whiten", "-fliph", "-save", model, "-plot", dir)
	if r.ValAcc < 0.25 || math.IsNaN(r.Loss) {
		t.Errorf("PCA run: val %.3f loss %v", r.ValAcc, r.Loss)
	}
	c, err := readCheckpoint(model)
	if err != nil {
		t.Fatal(err)
	}
	p := c.PCAModel()
	if p == nil || p.K() != 40 || !p.Whiten || c.Spec.Inputs != 40 {
		t.Fatalf("checkpoint PCA %+v, inputs %d", p, c.Spec.Inputs)
	}
	code, stdout, stderr := mlp("eval", "-model", model, "-data", "sample", "-json")
	if code != 0 {
		t.Fatalf("eval: %s", stderr)
	}
	var rep evalReport
	json.Unmarshal([]byte(stdout), &rep)
	if rep.Sets[0].Accuracy != r.TestAcc {
		t.Errorf("eval of the PCA model %g, train said %g", rep.Sets[0].Accuracy, r.TestAcc)
	}
}

func TestDivergedRunFails(t *testing.T) {
	t.Parallel()
	code, _, stderr := mlp("train", "-data", "sample", "-progress", "off", "-init", "std", "-std", "1", "-lr", "1e9", "-pre", "none", "-iters", "30")
	if code != 1 || !strings.Contains(stderr, "diverged") {
		t.Errorf("exit %d, stderr %q; want 1 and a diverged error", code, stderr)
	}
}

// TestEarlyStopping checks -patience: the run stops once validation has not
// improved for that many epochs, and the kept model is the best one.
func TestEarlyStopping(t *testing.T) {
	t.Parallel()
	r := sampleRun(t, "-hidden", "10", "-init", "he", "-opt", "adam", "-lr", "3e-2", "-reg", "0", "-epochs", "60",
		"-sampling", "shuffle", "-pre", "channel", "-patience", "2")
	if r.Stop != "early stopping" || r.Epochs >= 60 {
		t.Fatalf("stopped with %q after %d epochs, want early stopping", r.Stop, r.Epochs)
	}
	if r.ValAcc < 0.2 {
		t.Errorf("kept val %.3f: not learning", r.ValAcc)
	}
	// Stopped 2 epochs (2 × 2,500/200 = 25 steps) after the best: the kept
	// model is older.
	if float64(r.BestIter) > float64(r.Iters)-2*2500.0/200 {
		t.Errorf("kept the last step (%d of %d), want the best epoch's", r.BestIter, r.Iters)
	}
}
