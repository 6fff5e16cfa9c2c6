package worker

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/backprop-playground/playground/assets"
	"github.com/backprop-playground/playground/assets/pretrained"
	"github.com/backprop-playground/playground/core/mnist"
	"github.com/backprop-playground/playground/internal/testenv"
	"github.com/backprop-playground/playground/internal/testenv/idx"
	"github.com/backprop-playground/playground/msg"
)

// grayFetcher serves the committed gray samples and the digits model as
// the server does.
func grayFetcher(t *testing.T) testenv.FSFetcher {
	return testenv.FSFetcher{
		SampleURL:        sampleFS(t),
		DigitsURL:        assets.DigitsFS(),
		FashionSampleURL: assets.FashionFS(),
		"/data/":         fstest.MapFS{"pretrained-digits.npz": {Data: pretrained.Digits}},
	}
}

// TestGraySamples trains on the digits and on the Fashion-MNIST sample in
// the worker: 28×28 templates and test images, the sets' class names, and
// accuracies far above chance (10%).
func TestGraySamples(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		data    string
		classes []string
		min     float64
	}{{msg.DataDigits, mnist.DigitNames, 0.8}, {msg.DataFashionSample, mnist.FashionNames, 0.6}} {
		s, rec := newSessionFetch(t, grayFetcher(t))
		ev := do(t, s, rec, msg.Request{Kind: msg.Start, Config: "data=" + c.data + "&hidden=64&opt=adam&lr=0.001&pre=channel&epochs=4&batch=50&init=he"})
		in := ofKind(ev, msg.Loaded)
		if len(in) != 1 || in[0].Info.Dim != 784 || in[0].Info.Side != 28 || in[0].Info.Channels != 1 || in[0].Info.Train != 1500 || !slices.Equal(in[0].Info.Classes, c.classes) {
			t.Fatalf("%s: loaded %+v", c.data, in)
		}
		w := ofKind(ev, msg.Weights)
		if len(w) != 1 || w[0].Side != 28 || w[0].Count != 64 || len(w[0].Pixels) != 64*28*28*4 {
			t.Fatalf("%s: weights %d events: want 64 templates of 28×28 RGBA", c.data, len(w))
		}
		runAll(t, s, rec)
		ev = do(t, s, rec, msg.Request{Kind: msg.Evaluate, Count: 5})
		r := ofKind(ev, msg.Results)
		if len(r) != 1 || r[0].Side != 28 || len(r[0].Pixels) != 5*28*28*4 || !slices.Equal(r[0].Classes, c.classes) {
			t.Fatalf("%s: results %+v", c.data, r)
		}
		t.Logf("%s: test accuracy %.3f after 4 epochs", c.data, r[0].TestAcc)
		if r[0].TestAcc < c.min {
			t.Errorf("%s: test accuracy %.3f, want ≥ %.2f", c.data, r[0].TestAcc, c.min)
		}
		// A drawn CIFAR picture (3072 bytes) for a digits model is refused
		// with a reason, not a panic.
		if e := doErr(t, s, rec, msg.Request{Kind: msg.Predict, Image: make([]byte, 3072)}); !strings.Contains(e, "28×28 grayscale") {
			t.Errorf("%s: a 32×32 picture for a gray model: %q", c.data, e)
		}
	}
}

// TestPretrainedDigits classifies the sample's test digits with the
// shipped digits model through Predict, as the drawing pad does.
func TestPretrainedDigits(t *testing.T) {
	t.Parallel()
	s, rec := newSessionFetch(t, grayFetcher(t))
	d := idx.Splits(t, assets.DigitsFS(), mnist.DigitNames)
	right := 0
	for i := range 50 {
		ev := do(t, s, rec, msg.Request{Kind: msg.Predict, Image: d.Test.Image(i), Pretrained: true})
		p := ofKind(ev, msg.Prediction)
		if len(p) != 1 || !slices.Equal(p[0].Classes, mnist.DigitNames) {
			t.Fatalf("prediction %+v", ev)
		}
		if slices.Index(p[0].Probs, slices.Max(p[0].Probs)) == int(d.Test.Labels[i]) {
			right++
		}
	}
	if right < 48 {
		t.Errorf("the pretrained digits model got %d of 50 test digits, want ≥ 48", right)
	}
}

// TestFullFashion trains on the full Fashion-MNIST, fetched as the server
// serves Debian's dataset-fashion-mnist under FashionURL (.ci/run installs
// it), cut to 5,000 training images, and scores all 10,000 test images.
func TestFullFashion(t *testing.T) {
	t.Parallel()
	s, rec := newSessionFetch(t, testenv.FSFetcher{FashionURL: os.DirFS(mnist.FashionDir)})
	ev := do(t, s, rec, msg.Request{Kind: msg.Start, Config: "data=fashion:5000&hidden=64&opt=adam&lr=0.001&pre=channel&epochs=2&batch=100&init=he"})
	in := ofKind(ev, msg.Loaded)
	if len(in) != 1 || in[0].Info.Name != "fashion:5000" || in[0].Info.Train != 5000 || in[0].Info.Val != 1000 || in[0].Info.Test != 10000 {
		t.Fatalf("loaded %+v", in)
	}
	runAll(t, s, rec)
	r := ofKind(do(t, s, rec, msg.Request{Kind: msg.Evaluate}), msg.Results)
	if len(r) != 1 {
		t.Fatal("no results")
	}
	t.Logf("fashion:5000, 2 epochs: test accuracy %.4f on 10,000 images", r[0].TestAcc)
	if r[0].TestAcc < 0.7 {
		t.Errorf("test accuracy %.3f, want ≥ 0.7", r[0].TestAcc)
	}
}

// TestDownloadFailure: a dataset the server lacks fails with the typed
// kind msg.FailDownload (the page reacts to the kind, never to the text),
// naming the set and what to do.
func TestDownloadFailure(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ data, says string }{
		{"cifar:1000", "make data"},
		{"fashion:1000", "make data"},
		{"digits", "Reload the page"},
	} {
		s, rec := newSessionFetch(t, testenv.FSFetcher{SampleURL: sampleFS(t)})
		f := doFail(t, s, rec, msg.Request{Kind: msg.Load, Data: c.data})
		if f.Kind != msg.FailDownload || !strings.HasPrefix(f.Message, "could not download ") || !strings.Contains(f.Message, c.says) {
			t.Errorf("%s: failure %+v, want kind %q saying %q", c.data, f, msg.FailDownload, c.says)
		}
	}
}
