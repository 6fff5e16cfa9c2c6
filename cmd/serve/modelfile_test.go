//go:build !js

package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/cifar"
	coremodel "github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/internal/testenv"
)

// modelFile describes a model file written by writeModel.
type modelFile struct {
	classes int      // outputs
	names   []string // class names (nil: the file names none)
	data    string   // the dataset its settings name ("" : the sample)
	npz     bool     // the notebook's .npz instead of a .bppmodel
	file    string   // the file's name
}

// writeModel writes a small random 3072-16-classes model file as m says
// and returns its path.
func writeModel(t *testing.T, m modelFile) string {
	t.Helper()
	cfg := train.Default()
	cfg.Hidden, cfg.Preprocess, cfg.Data = []int{16}, cifar.KindNone, m.data
	if cfg.Data == "" {
		cfg.Data = "sample"
	}
	spec := cfg.Spec(cifar.ImageBytes, m.classes)
	spec.Std = 1e-2
	net, err := nn.New(spec, rng.New(7))
	if err != nil {
		t.Fatal(err)
	}
	cm := &coremodel.Model{Net: net, Pre: &cifar.Preprocess{Kind: cifar.KindNone}, Classes: m.names, Config: cfg,
		Metrics: map[string]float64{"iters": 1000, "val_acc": 0.3}}
	if m.npz {
		var buf bytes.Buffer
		if err := cm.WriteNPZ(&buf); err != nil {
			t.Fatal(err)
		}
		return writeFile(t, m.file, buf.Bytes())
	}
	c, err := cm.Checkpoint("test model", "f32")
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, m.file, b)
}

// loadModel loads the model file at path through the page's Load model…
// and waits until the page says so.
func (b *browser) loadModel(path string) {
	b.t.Helper()
	b.upload("model-load", path)
	b.waitFor(fmt.Sprintf(`document.getElementById("model-status").textContent.startsWith(%q) || !!document.getElementById("model-error")`, "Loaded "+filepath.Base(path)))
	if e := b.text("model-error"); e != "" {
		b.t.Fatalf("loading %s: %s", filepath.Base(path), e)
	}
}

// TestPlaygroundModelClasses loads models that are not CIFAR-10's ten
// named classes through Load model…: a 100-class checkpoint without class
// names is refused for classifying a picture and for Evaluate, with
// sentences that say why (never "class 7"); one with 100 names classifies
// with its own names (its ten most probable shown) and is refused for
// Evaluate on CIFAR-10; a notebook's .npz of ten unnamed classes is
// named as CIFAR-10's and evaluates.
func TestPlaygroundModelClasses(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground("/")
	b.upload("classify-file", writePNG(t, 64, 64))

	b.loadModel(writeModel(t, modelFile{classes: 100, file: "hundred-unnamed.bppmodel"}))
	b.waitFor(`!!document.getElementById("classify-error")`)
	if e := b.text("classify-error"); !strings.Contains(e, "The current model has 100 classes but its file does not name them") {
		t.Errorf("classify with 100 unnamed classes: %q", e)
	}
	if n := evaluate[int](b, `document.querySelectorAll("#classify-probs li").length`); n != 0 {
		t.Errorf("%d probability bars beside the refusal", n)
	}
	b.click("results-run")
	b.waitFor(`!!document.getElementById("results-error")`)
	if e := b.text("results-error"); !strings.Contains(e, "The current model has 100 classes and CIFAR-10 has 10: it cannot be scored on its test images") {
		t.Errorf("evaluate with 100 classes: %q", e)
	}
	b.shot("unnamed")

	names := make([]string, 100)
	for i := range names {
		names[i] = fmt.Sprintf("kind%d", i)
	}
	b.loadModel(writeModel(t, modelFile{classes: 100, names: names, file: "hundred-named.bppmodel"}))
	b.waitFor(`document.querySelectorAll("#classify-probs li").length > 0`)
	top := evaluate[string](b, `document.getElementById("classify-top").dataset.class`)
	if !strings.HasPrefix(top, "kind") || !strings.Contains(b.text("classify-top"), "Looks like") {
		t.Errorf("classify with 100 named classes: top %q, %q", top, b.text("classify-top"))
	}
	if n := evaluate[int](b, `document.querySelectorAll("#classify-probs li").length`); n != 10 || !strings.Contains(b.text("classify-more"), "10 most probable of the model's 100 classes") {
		t.Errorf("%d bars, note %q; want the 10 most probable and a note", n, b.text("classify-more"))
	}
	b.click("results-run")
	b.waitFor(`!!document.getElementById("results-error")`)
	if e := b.text("results-error"); !strings.Contains(e, "has 100 classes and CIFAR-10 has 10") {
		t.Errorf("evaluate with 100 named classes: %q", e)
	}
	b.shot("named")

	b.loadModel(writeModel(t, modelFile{classes: 10, npz: true, file: "ten-unnamed.npz"}))
	b.waitFor(`document.querySelectorAll("#classify-probs li").length === 10`)
	cifar10 := cifar.ClassNames()
	if top := evaluate[string](b, `document.getElementById("classify-top").dataset.class`); !slices.Contains(cifar10, top) {
		t.Errorf("classify with a ten-class .npz without names: top %q, want one of %v", top, cifar10)
	}
	b.click("results-run")
	b.waitFor(`!!document.getElementById("results-test-acc") || !!document.getElementById("results-error")`)
	if e := b.text("results-error"); e != "" {
		t.Errorf("evaluate a ten-class .npz: %q", e)
	}
	if h := evaluate[string](b, `[...document.querySelectorAll("#results-confusion thead th")].map((th) => th.title).join(" ")`); !strings.Contains(h, "airplane") {
		t.Errorf("confusion matrix headers %q, want CIFAR-10's classes", h)
	}
	b.shot("npz")
}

// TestPlaygroundAskFullDownload loads a model trained on the full
// CIFAR-10 into a page on the sample, with a server that offers the full
// set: the page asks whether to download its 184 MB, and the server sees
// no request for it until the user says yes. "Use the sample instead"
// evaluates on the sample; the next such model asked again and accepted
// downloads the set and evaluates on its 10,000 test images. A link that
// trains on the full set by itself asks too (TestPlaygroundFullCIFAR).
func TestPlaygroundAskFullDownload(t *testing.T) {
	dir := testenv.CIFAR10Dir(t)
	b := newPlaygroundBrowser(t, "-data", dir)
	b.openPlayground("/")
	noneYet := func(when string) {
		t.Helper()
		if got := b.serverLog("path=/data/cifar/"); len(got) > 0 {
			t.Errorf("%s: the full CIFAR-10 was requested before the user said yes: %q", when, got)
		}
	}
	full := modelFile{classes: 10, names: cifar.ClassNames(), data: "cifar", file: "full-1.bppmodel"}
	b.loadModel(writeModel(t, full))
	b.waitFor(`!!document.getElementById("data-ask")`)
	ask := b.text("data-ask")
	t.Logf("asked: %q", ask)
	if !strings.Contains(ask, "This model was trained on the full CIFAR-10") || !strings.Contains(ask, "184 MB") {
		t.Errorf("the question %q: want the full CIFAR-10 and its 184 MB", ask)
	}
	if a := evaluate[string](b, `document.getElementById("data-ask").closest("#model") ? "model panel" : "elsewhere"`); a != "model panel" {
		t.Errorf("the question is %s, want in the model panel beside the loaded file", a)
	}
	noneYet("asked")
	b.shot("asked")

	b.click("data-ask-no")
	b.waitFor(`!document.getElementById("data-ask")`)
	b.click("results-run")
	b.waitFor(`!!document.getElementById("results-test-acc") || !!document.getElementById("results-error")`)
	if e := b.text("results-error"); e != "" {
		t.Errorf("evaluate on the sample: %q", e)
	}
	if d := b.state("data"); d != "sample" {
		t.Errorf("data %q after Use the sample instead, want sample", d)
	}
	noneYet("declined")

	full.file = "full-2.bppmodel"
	b.loadModel(writeModel(t, full))
	b.waitFor(`!!document.getElementById("data-ask")`)
	noneYet("asked again")
	b.click("data-ask-yes")
	b.waitFor(`document.getElementById("playground").dataset.data === "cifar:49000"`)
	b.waitFor(`!!document.getElementById("results-test-acc") || !!document.getElementById("results-error")`)
	if e := b.text("results-error"); e != "" {
		t.Errorf("evaluate on the full set: %q", e)
	}
	if r := b.text("results"); !strings.Contains(r, "of 10,000 test images") {
		t.Errorf("results %.200q: want all 10,000 test images", r)
	}
	if got := b.serverLog("path=/data/cifar/"); len(got) == 0 {
		t.Error("no request for the full CIFAR-10 after the user said yes")
	} else {
		t.Logf("after yes: %d requests for /data/cifar/ files", len(got))
	}
	b.shot("downloaded")
}
