package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/assets"
	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// constantModel returns a softmax regression that always predicts class k
// (through its bias), saved in dir.
func constantModel(t *testing.T, dir string, inputs, classes, k int) string {
	t.Helper()
	c := train.Default()
	c.Hidden = nil
	net, err := nn.New(c.Spec(inputs, classes), rng.New(1))
	if err != nil {
		t.Fatal(err)
	}
	net.Dense()[0].W.Value.Zero()
	net.Dense()[0].B.Data()[k] = 1
	ck, err := checkpoint.New(net, checkpoint.Header{Config: c, Preprocess: &cifar.Preprocess{Kind: "none"}}, "f32", nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "const.bppmodel")
	if err := writeCheckpoint(path, ck); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestScoreConfusion(t *testing.T) {
	t.Parallel()
	d, err := cifar.LoadFS(assets.SampleFS(), cifar.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{0, 3, 9} {
		c, err := readCheckpoint(constantModel(t, t.TempDir(), cifar.ImageBytes, cifar.Classes, k))
		if err != nil {
			t.Fatal(err)
		}
		m, err := modelFromCheckpoint(c)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := score("test", m, d.Test, cifar.Classes, 64) // 64 does not divide 250: a short last batch
		if err != nil {
			t.Fatal(err)
		}
		counts := d.Test.Counts()
		if want := float64(counts[k]) / float64(d.Test.Len()); sc.Accuracy != want {
			t.Errorf("k=%d: accuracy %g, want %g", k, sc.Accuracy, want)
		}
		for i, row := range sc.Confusion {
			for j, v := range row {
				want := 0
				if j == k {
					want = counts[i] // every image of class i predicted as k
				}
				if v != want {
					t.Errorf("k=%d: confusion[%d][%d] = %d, want %d", k, i, j, v, want)
				}
			}
			want := 0.0
			if i == k {
				want = 1
			}
			if sc.PerClass[i] != want {
				t.Errorf("k=%d: class %d accuracy %g, want %g", k, i, sc.PerClass[i], want)
			}
		}
	}
}

func TestEvalErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.bppmodel")
	os.WriteFile(junk, []byte("hello"), 0o644)
	sample := func(args ...string) []string { return append(args, "-data", "sample") }
	for i, test := range []struct {
		args []string
		code int
		want string
	}{
		{sample(), 2, "-model FILE is required"},
		{sample("-model", filepath.Join(dir, "none")), 1, "no such file"},
		{sample("-model", junk), 1, "not a checkpoint"},
		{sample("-model", constantModel(t, t.TempDir(), cifar.ImageBytes, 3, 0)), 1, "3 classes"},
		{sample("-model", constantModel(t, t.TempDir(), 12, cifar.Classes, 0)), 1, "12 features"},
		{[]string{"-model", constantModel(t, t.TempDir(), cifar.ImageBytes, cifar.Classes, 0), "-data", filepath.Join(dir, "nodata")}, 1, "make data"},
		{sample("-model", junk, "extra"), 2, "unexpected argument"},
	} {
		code, _, stderr := mlp(append([]string{"eval"}, test.args...)...)
		if code != test.code || !strings.Contains(stderr, test.want) {
			t.Errorf("case %d: mlp eval %v: exit %d, %q; want exit %d saying %q", i, test.args, code, stderr, test.code, test.want)
		}
	}
}

func TestEvalText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := constantModel(t, dir, cifar.ImageBytes, cifar.Classes, 8)
	code, stdout, stderr := mlp("eval", "-model", model, "-data", "sample", "-val", "-plot", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"test (all 250): accuracy 0.1000", "validation (250)", "ship", "true \\ predicted", "confusion.png"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "confusion.png")); err != nil || fi.Size() < 1000 {
		t.Errorf("confusion.png: %v", err)
	}
}
