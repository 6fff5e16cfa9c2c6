package worker

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/gradcheck"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/internal/testenv"
	"github.com/backprop-playground/playground/msg"
)

// TestGradCheckToy: every entry of the toy net is judged or skipped, and
// the check passes, before and after training; after the notebook's
// training a ReLU input sits at -6.6e-5, close enough to 0 that the
// report's step of 1e-5 in W1 crosses the kink (the old check failed W1
// there): the entries whose every step crosses it are skipped and said.
func TestGradCheckToy(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Reset, Config: "data=toy&reg=0.05"})
	check := func(when string) {
		ev := do(t, s, rec, msg.Request{ID: 9, Kind: msg.GradCheck})
		g := ofKind(ev, msg.GradResult)
		if len(g) != 1 || g[0].ID != 9 || !strings.Contains(g[0].Text, "every entry") {
			t.Fatalf("%s: events %s", when, kinds(ev))
		}
		want := []struct {
			name    string
			entries int
		}{{"W1", 40}, {"b1", 10}, {"W2", 30}, {"b2", 3}}
		if len(g[0].Checks) != len(want) {
			t.Fatalf("%s: %d checks", when, len(g[0].Checks))
		}
		for i, c := range g[0].Checks {
			if c.Name != want[i].name || c.Entries+c.Skipped != want[i].entries || c.Threshold != gradcheck.Threshold {
				t.Errorf("%s: check %d = %+v, want %s with %d entries", when, i, c, want[i].name, want[i].entries)
			}
			if !c.Pass || c.Entries == 0 {
				t.Errorf("%s: check %+v fails", when, c)
			}
		}
		if !strings.HasPrefix(g[0].Summary, "Backprop agrees with finite differences") {
			t.Errorf("%s: summary %q", when, g[0].Summary)
		}
		t.Logf("%s: %s", when, g[0].Summary)
	}
	check("fresh")
	do(t, s, rec, msg.Request{Kind: msg.Resume})
	runAll(t, s, rec)
	check("trained")
}

// TestGradCheckReg: the check takes the L2 strength of the request. The
// toy run's own strength (5e-6) makes correct gradients of dead units
// fail the report's bar on rounding alone; the report's 0.05 passes.
func TestGradCheckReg(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Reset, Config: "data=toy"})
	for i, test := range []struct {
		reg  float64
		pass bool
		text string
	}{{0.05, true, "reg 0.05"}, {-1, false, ""}} {
		reg := test.reg
		if test.text == "" {
			if e := doErr(t, s, rec, msg.Request{ID: 3, Kind: msg.GradCheck, Reg: &reg}); !strings.Contains(e, "L2 strength -1") {
				t.Errorf("%d: reg %g: error %q", i, reg, e)
			}
			continue
		}
		ev := do(t, s, rec, msg.Request{ID: 3, Kind: msg.GradCheck, Reg: &reg})
		g := ofKind(ev, msg.GradResult)
		if len(g) != 1 || !strings.Contains(g[0].Text, test.text) {
			t.Fatalf("%d: events %s", i, kinds(ev))
		}
		for _, c := range g[0].Checks {
			if c.Pass != test.pass {
				t.Errorf("%d: reg %g: %+v", i, reg, c)
			}
		}
	}
}

// TestGradCheckSparse: the sampled check of an image net passes, leaves
// the weights alone and does not change the run.
func TestGradCheckSparse(t *testing.T) {
	t.Parallel()
	want := uninterrupted(t, smallSample)
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: smallSample + "&dropout=0.3"})
	s.Tick(time.Nanosecond)
	all := rec.take()
	before := slices.Clone(s.model.net.Param("W1").Data())
	start := time.Now()
	ev := do(t, s, rec, msg.Request{Kind: msg.GradCheck})
	took := time.Since(start)
	g := ofKind(ev, msg.GradResult)
	if len(g) != 1 || len(g[0].Checks) != 4 {
		t.Fatalf("events %s", kinds(ev))
	}
	for _, c := range g[0].Checks {
		entries := min(SparseEntries, c.Shape[0]*c.Shape[1]) // all of a small one
		if !c.Pass || c.Entries+c.Skipped != entries || c.Threshold != gradcheck.Threshold {
			t.Errorf("check %+v: want a pass on %d entries", c, entries)
		}
		t.Logf("%s %v: %.3g over %d entries", c.Name, c.Shape, c.RelError, c.Entries)
	}
	t.Logf("sparse check took %v", took)
	if !sameBits(before, s.model.net.Param("W1").Data()) {
		t.Error("the check changed W1")
	}
	_ = want
	all = append(all, runAll(t, s, rec)...)
	// Dropout draws from the run's generator: the check must not.
	s2, rec2 := newSession(t)
	do(t, s2, rec2, msg.Request{Kind: msg.Start, Config: smallSample + "&dropout=0.3"})
	if got, want := losses(t, all), losses(t, runAll(t, s2, rec2)); !sameBits(got, want) {
		t.Error("a gradient check changed the run")
	}
}

func TestGradCheckErrors(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	if e := doErr(t, s, rec, msg.Request{Kind: msg.GradCheck}); !strings.Contains(e, "no model yet") {
		t.Errorf("no model: %q", e)
	}
	// A toy model with the sample loaded has no data to be checked on.
	do(t, s, rec, msg.Request{Kind: msg.Reset, Config: "data=toy"})
	do(t, s, rec, msg.Request{Kind: msg.Load, Data: "sample"})
	if e := doErr(t, s, rec, msg.Request{Kind: msg.GradCheck}); !strings.Contains(e, "no data for the current model") {
		t.Errorf("toy model on the sample: %q", e)
	}
}

// image returns test image i of the sample.
func image(t *testing.T, i int) []byte {
	set, err := fs.ReadFile(sampleFS(t), "test.bin")
	if err != nil {
		t.Fatal(err)
	}
	return set[i*cifar.RecordBytes+1 : (i+1)*cifar.RecordBytes]
}

func predict(t *testing.T, s *Session, rec *recorder, img []byte, pretrained bool) []float64 {
	t.Helper()
	ev := do(t, s, rec, msg.Request{ID: 11, Kind: msg.Predict, Image: img, Pretrained: pretrained})
	if len(ev) != 1 || ev[0].Kind != msg.Prediction || ev[0].ID != 11 {
		t.Fatalf("predict: %s", kinds(ev))
	}
	if len(ev[0].Probs) != 10 || len(ev[0].Classes) != 10 || ev[0].Classes[0] != "airplane" {
		t.Fatalf("predict: %d probs, classes %v", len(ev[0].Probs), ev[0].Classes)
	}
	return ev[0].Probs
}

func TestPredict(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	if e := doErr(t, s, rec, msg.Request{Kind: msg.Predict, Image: image(t, 0)}); !strings.Contains(e, "no model yet") {
		t.Errorf("no model: %q", e)
	}
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: smallSample})
	runAll(t, s, rec)
	for i := range 5 {
		p := predict(t, s, rec, image(t, i), false)
		sum := 0.0
		for _, v := range p {
			if v < 0 || v > 1 {
				t.Errorf("probability %g", v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("image %d: probabilities sum to %.15f", i, sum)
		}
	}
	for _, n := range []int{0, 3071, 3073, 32 * 32 * 4} {
		if e := doErr(t, s, rec, msg.Request{Kind: msg.Predict, Image: make([]byte, n)}); !strings.Contains(e, fmt.Sprintf("has %d bytes, want 3072", n)) {
			t.Errorf("%d bytes: %q", n, e)
		}
	}
	do(t, s, rec, msg.Request{Kind: msg.Reset, Config: "data=toy"})
	if e := doErr(t, s, rec, msg.Request{Kind: msg.Predict, Image: image(t, 0)}); !strings.Contains(e, "reads 4 features") {
		t.Errorf("toy model: %q", e)
	}
}

// exportModel trains the small sample net and returns its checkpoint.
func exportModel(t *testing.T) (*Session, *recorder, []byte) {
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: smallSample})
	runAll(t, s, rec)
	ev := do(t, s, rec, msg.Request{ID: 12, Kind: msg.Export})
	if len(ev) != 1 || ev[0].Kind != msg.Model || ev[0].ID != 12 || len(ev[0].Checkpoint) == 0 {
		t.Fatalf("export: %s", kinds(ev))
	}
	return s, rec, ev[0].Checkpoint
}

// TestExportImport: a model saved and loaded into another worker predicts
// exactly the same.
func TestExportImport(t *testing.T) {
	t.Parallel()
	s, rec, b := exportModel(t)
	s2, rec2 := newSession(t)
	ev := do(t, s2, rec2, msg.Request{ID: 13, Kind: msg.Import, Checkpoint: b})
	if st := states(ev); !slices.Equal(st, []string{msg.StateReady}) || len(ofKind(ev, msg.Weights)) != 1 {
		t.Errorf("import: %s", kinds(ev))
	}
	// The state event tells the UI the imported settings and metrics.
	if st := ofKind(ev, msg.StateEvent); len(st) != 1 || st[0].Text != "imported" || st[0].Metrics["iters"] <= 0 {
		t.Errorf("import state events %+v, want one with Text imported and Metrics", st)
	} else if c, err := train.Parse(st[0].Config, train.Config{}); err != nil || c.Data != "sample" || !slices.Equal(c.Hidden, []int{16}) {
		t.Errorf("import state Config %q: %+v, %v", st[0].Config, c, err)
	}
	for i := range 10 {
		if a, b := predict(t, s, rec, image(t, i), false), predict(t, s2, rec2, image(t, i), false); !sameBits(a, b) {
			t.Errorf("image %d: %v after import, %v before", i, b, a)
		}
	}
	m := s2.model
	for _, k := range []string{"iters", "loss", "val_acc", "seconds"} {
		if _, ok := m.metrics[k]; !ok {
			t.Errorf("metric %s not saved (%v)", k, m.metrics)
		}
	}
	if m.cfg.Data != "sample" || m.cfg.Hidden[0] != 16 {
		t.Errorf("config not saved: %+v", m.cfg)
	}
	// Reset after an import repeats the imported model's run.
	do(t, s2, rec2, msg.Request{Kind: msg.Reset})
	do(t, s2, rec2, msg.Request{Kind: msg.Resume})
	runAll(t, s2, rec2)
	if a, b := predict(t, s, rec, image(t, 0), false), predict(t, s2, rec2, image(t, 0), false); !sameBits(a, b) {
		t.Errorf("the imported config's run predicts %v, the original %v", b, a)
	}
}

// TestImportBad: a broken file is an error and the model stays.
func TestImportBad(t *testing.T) {
	t.Parallel()
	s, rec, b := exportModel(t)
	before := predict(t, s, rec, image(t, 0), false)
	flipped := slices.Clone(b)
	flipped[len(flipped)/2] ^= 1
	for i, test := range []struct {
		b    []byte
		want string
	}{
		{nil, "no checkpoint bytes"},
		{[]byte("PNG not a model"), "not a checkpoint file"},
		{b[:len(b)-10], "checksum mismatch"},
		{flipped, "checksum mismatch"},
	} {
		e := doErr(t, s, rec, msg.Request{ID: 20 + i, Kind: msg.Import, Checkpoint: test.b})
		if !strings.HasPrefix(e, "import: ") || !strings.Contains(e, test.want) {
			t.Errorf("case %d: %q, want it to say %q", i, e, test.want)
		}
	}
	if after := predict(t, s, rec, image(t, 0), false); !sameBits(before, after) || s.state != msg.StateDone {
		t.Errorf("a failed import changed the model or the state (%s)", s.state)
	}
}

// TestPretrained fetches the pretrained model lazily, once.
func TestPretrained(t *testing.T) {
	t.Parallel()
	_, _, b := exportModel(t)
	fetches := 0
	f := countFetcher{testenv.FSFetcher{SampleURL: sampleFS(t), "/data/": fstest.MapFS{"pretrained.bppmodel": {Data: b}}}, &fetches}
	s, rec := newSessionFetch(t, f)
	for range 3 {
		predict(t, s, rec, image(t, 1), true)
	}
	if fetches != 1 {
		t.Errorf("%d fetches of the pretrained model, want 1", fetches)
	}
	// Without it: a clear error.
	s, rec = newSession(t)
	if f := doFail(t, s, rec, msg.Request{Kind: msg.Predict, Image: image(t, 1), Pretrained: true}); f.Kind != msg.FailUnavailable || !strings.Contains(f.Message, "pretrained model is not available") {
		t.Errorf("no pretrained model: %+v", f)
	}
	// A broken one: another clear error.
	s, rec = newSessionFetch(t, testenv.FSFetcher{"/data/": fstest.MapFS{"pretrained.bppmodel": {Data: b[:100]}}})
	if f := doFail(t, s, rec, msg.Request{Kind: msg.Predict, Image: image(t, 1), Pretrained: true}); f.Kind != msg.FailRefused || !strings.Contains(f.Message, "the pretrained model: checkpoint") {
		t.Errorf("broken pretrained model: %+v", f)
	}
}

type countFetcher struct {
	Fetcher
	n *int
}

func (c countFetcher) Fetch(url string, progress func(done, total int64)) ([]byte, error) {
	if url == PretrainedURL {
		*c.n++
	}
	return c.Fetcher.Fetch(url, progress)
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	s, rec, _ := exportModel(t)
	ev := do(t, s, rec, msg.Request{ID: 14, Kind: msg.Evaluate, Count: 5})
	if len(ev) != 1 || ev[0].Kind != msg.Results {
		t.Fatalf("evaluate: %s", kinds(ev))
	}
	r := ev[0]
	n, right := 0, 0
	for c, row := range r.Confusion {
		for p, v := range row {
			n += v
			if c == p {
				right += v
			}
		}
	}
	if n != s.data.images.Test.Len() || r.TestAcc != float64(right)/float64(n) {
		t.Errorf("confusion counts %d images, %d right; test accuracy %g", n, right, r.TestAcc)
	}
	if len(r.Guesses) != 5 || r.Count != 5 || r.Side != 32 || len(r.Pixels) != 5*32*32*4 || len(r.ClassAcc) != 10 {
		t.Errorf("results: %d guesses, count %d, %d pixel bytes, %d class accuracies", len(r.Guesses), r.Count, len(r.Pixels), len(r.ClassAcc))
	}
	img := image(t, 0)
	if g := r.Guesses[0]; len(g.Top) != 3 || g.Probs[0] < g.Probs[1] || g.Probs[1] < g.Probs[2] {
		t.Errorf("guess %+v: want the top 3, most probable first", g)
	} else if p := predict(t, s, rec, img, false); p[g.Top[0]] != g.Probs[0] {
		t.Errorf("guess %+v, prediction %v", g, p)
	}
	// The first pixel of the first image, as RGBA.
	if got := r.Pixels[:4]; got[0] != img[0] || got[1] != img[1024] || got[2] != img[2048] || got[3] != 255 {
		t.Errorf("first pixel %v, want %v %v %v 255", got, img[0], img[1024], img[2048])
	}
	if e := doErr(t, s, rec, msg.Request{Kind: msg.Evaluate, Count: -1}); !strings.Contains(e, "count -1") {
		t.Errorf("count -1: %q", e)
	}
}

// TestBadConfig: every bad setting is an error naming its field, sent
// before anything is built; the worker stays as it was.
func TestBadConfig(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	for i, test := range []struct {
		config, field string
	}{
		{"lr=abc", `lr "abc"`},
		{"lr=-1", "lr"},
		{"lr=NaN", "lr"},
		{"hidden=0", "hidden[0]"},
		{"hidden=10,x", "hidden[1]"},
		{"act=softplus", "activation"},
		{"opt=rmsprop", "optimizer"},
		{"batch=0", "batch"},
		{"batch=65536", "batch 65536: a minibatch"}, // 65536 × 3072 values
		{"hidden=2000,2000", "the network would have"},
		{"hidden=70000", "at most 1,360 units"}, // the real bound for this shape, not nn's 65,536
		{"iters=0", "iters"},
		{"data=mnist", "data"},
		{"data=cifar:0", "data"},
		{"data=cifar:50000", "data"},
		{"pca=50", "pca"},
		{"data=toy&fliph=true", "fliph"},
		{"data=toy&pre=mean-image", "pre"},
		{"shift=40", "shift"},
		{"colour=red", "setting"},
		{"lr=1&lr=2", "lr"},
		{"%zz", "query"},
	} {
		f := doFail(t, s, rec, msg.Request{ID: 30 + i, Kind: msg.Start, Config: test.config})
		e := f.Error()
		if f.Kind != msg.FailConfig || f.Field == "" {
			t.Errorf("case %d (%s): failure %+v, want a config failure naming its field", i, test.config, f)
		}
		if !strings.HasPrefix(e, "start: invalid ") || !strings.Contains(e, test.field) {
			t.Errorf("case %d (%s): %q, want it to name %q", i, test.config, e, test.field)
		}
	}
	if s.state != msg.StateIdle || s.model != nil {
		t.Errorf("state %s, model %v after errors", s.state, s.model)
	}
}

// TestDivergence: a run that blows up stops as diverged, says where, and
// never sends NaN (the recorder checks every event).
func TestDivergence(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: "data=sample&hidden=16&batch=50&iters=200&lr=1e6&std=1&pre=none&seed=1"})
	ev := runAll(t, s, rec)
	errs := ofKind(ev, msg.Error)
	if len(errs) != 1 || errs[0].Err.Kind != msg.FailDiverged || !strings.Contains(errs[0].Err.Error(), "training diverged at iteration ") {
		t.Fatalf("events %s: want one divergence error", kinds(ev))
	}
	t.Log(errs[0].Err)
	if s.state != msg.StateDiverged || states(ev)[len(states(ev))-1] != msg.StateDiverged {
		t.Errorf("state %s, want diverged", s.state)
	}
	// The model is the last finite one: it still predicts.
	p := predict(t, s, rec, image(t, 0), false)
	for _, v := range p {
		if math.IsNaN(v) {
			t.Fatal("NaN prediction after divergence")
		}
	}
}

// TestPanicRecovered: a panic in a request or in training becomes an error
// event, and the session goes on working.
func TestPanicRecovered(t *testing.T) {
	t.Parallel()
	s, rec := newSessionFetch(t, panicFetcher{})
	e := doErr(t, s, rec, msg.Request{ID: 40, Kind: msg.Load, Data: "sample"})
	if !strings.Contains(e, "load: internal error: fetcher exploded") {
		t.Errorf("panic in load: %q", e)
	}
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: "data=toy"})
	// Break the network behind the trainer's back.
	s.model.net.Layers = append(s.model.net.Layers, bomb{})
	ev := runAll(t, s, rec)
	errs := ofKind(ev, msg.Error)
	if len(errs) != 1 || !strings.Contains(errs[0].Err.Error(), "training: internal error") || s.state != msg.StateStopped {
		t.Errorf("panic in training: %s, state %s", kinds(ev), s.state)
	}
	s.model.net.Layers = s.model.net.Layers[:len(s.model.net.Layers)-1]
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: "data=toy"})
	if ev := runAll(t, s, rec); s.state != msg.StateDone {
		t.Errorf("after the panics: %s", kinds(ev))
	}
}

type panicFetcher struct{}

func (panicFetcher) Fetch(string, func(int64, int64)) ([]byte, error) { panic("fetcher exploded") }

// bomb is a layer that panics.
type bomb struct{}

func (bomb) Forward(x *mat.Dense, _ bool) *mat.Dense { panic("bomb") }
func (bomb) Backward(d *mat.Dense) *mat.Dense        { panic("bomb") }
func (bomb) Params() []*nn.Param                     { return nil }
func (bomb) String() string                          { return "bomb" }

func TestUnknownRequest(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	if e := doErr(t, s, rec, msg.Request{ID: 1, Kind: "train"}); !strings.HasPrefix(e, "train: unknown request") {
		t.Errorf("%q", e)
	}
	if e := doErr(t, s, rec, msg.Request{ID: 2, Kind: msg.Step, Steps: -1}); !strings.Contains(e, "-1 steps") {
		t.Errorf("%q", e)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	ev := do(t, s, rec, msg.Request{ID: 5, Kind: msg.Load, Data: "sample"})
	in := ofKind(ev, msg.Loaded)
	if len(in) != 1 || in[0].Info.Name != "sample" || in[0].Info.Dim != 3072 || len(in[0].Info.Classes) != 10 || in[0].Info.Train == 0 {
		t.Fatalf("load: %s %+v", kinds(ev), in)
	}
	// Loading it again fetches nothing.
	if ev := do(t, s, rec, msg.Request{Kind: msg.Load, Data: "sample"}); kinds(ev) != "loaded" {
		t.Errorf("second load: %s", kinds(ev))
	}
	ev = do(t, s, rec, msg.Request{Kind: msg.Load, Data: "toy"})
	if in := ofKind(ev, msg.Loaded); len(in) != 1 || in[0].Info.Train != 5 || in[0].Info.Dim != 4 {
		t.Errorf("toy: %+v", in)
	}
	for i, test := range []struct{ data, want string }{
		{"", `unknown dataset ""`},
		{"cifar:abc", `unknown dataset "cifar:abc"`},
		{"cifar:1000", "make data"}, // the fetcher has no /data/cifar/
	} {
		if e := doErr(t, s, rec, msg.Request{Kind: msg.Load, Data: test.data}); !strings.Contains(e, test.want) {
			t.Errorf("case %d: %q, want %q", i, e, test.want)
		}
	}
	// A broken file names itself and the record.
	bad := fstest.MapFS{}
	for name, f := range tinySample(t).(fstest.MapFS) {
		bad[name] = f
	}
	train := slices.Clone(bad["train.bin"].Data)
	train[3*cifar.RecordBytes] = 12
	bad["train.bin"] = &fstest.MapFile{Data: train}
	s, rec = newSessionFetch(t, testenv.FSFetcher{SampleURL: bad})
	if e := doErr(t, s, rec, msg.Request{Kind: msg.Load, Data: "sample"}); !strings.Contains(e, "train.bin: record 3 (offset 9219): label 12") {
		t.Errorf("bad record: %q", e)
	}
}

// TestLoadCIFAR loads the start of the full set and checks which files it
// fetched: only those its splits need.
func TestLoadCIFAR(t *testing.T) {
	t.Parallel()
	dir := testenv.CIFAR10Dir(t)
	var urls []string
	f := recordFetcher{testenv.FSFetcher{CIFARURL: os.DirFS(dir)}, &urls}
	s, rec := newSessionFetch(t, f)
	ev := do(t, s, rec, msg.Request{Kind: msg.Load, Data: "cifar:1000"})
	in := ofKind(ev, msg.Loaded)[0].Info
	if in.Name != "cifar:1000" || in.Train != 1000 || in.Val != 1000 || in.Test != 10000 { // the whole test set
		t.Errorf("info %+v", in)
	}
	want := []string{"batches.meta.txt", "data_batch_1.bin", "data_batch_5.bin", "test_batch.bin"}
	for i := range want {
		want[i] = CIFARURL + want[i]
	}
	if !slices.Equal(urls, want) {
		t.Errorf("fetched %v, want %v", urls, want)
	}
	load := ofKind(ev, msg.Loading)
	meta, err := os.Stat(filepath.Join(dir, "batches.meta.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range load {
		if e.Total != meta.Size()+3*batchBytes || e.Done > e.Total || i > 0 && e.Done < load[i-1].Done {
			t.Errorf("loading event %d: %d of %d bytes, want a growing count of %d", i, e.Done, e.Total, meta.Size()+3*batchBytes)
		}
	}
	if last := load[len(load)-1]; last.Done != last.Total || last.Text != "test_batch.bin" {
		t.Errorf("last loading event %+v", last)
	}
	// The validation split is records 49,000-49,999: the end of batch 5.
	b, err := os.ReadFile(filepath.Join(dir, "data_batch_5.bin"))
	if err != nil {
		t.Fatal(err)
	}
	rec9000 := b[9000*cifar.RecordBytes : 9001*cifar.RecordBytes]
	val := s.data.images.Val
	if val.Labels[0] != rec9000[0] || !bytes.Equal(val.Image(0), rec9000[1:]) {
		t.Error("val[0] is not record 9000 of data_batch_5.bin")
	}
}

type recordFetcher struct {
	Fetcher
	urls *[]string
}

func (r recordFetcher) Fetch(url string, progress func(done, total int64)) ([]byte, error) {
	*r.urls = append(*r.urls, url)
	return r.Fetcher.Fetch(url, progress)
}

func TestTemplates(t *testing.T) {
	t.Parallel()
	w := mat.NewDense(3072, 3, nil)
	for i := range 3072 {
		w.Set(i, 0, float64(i))  // a ramp: pixel 0's red is the minimum
		w.Set(i, 1, -float64(i)) // the reverse
		w.Set(i, 2, 7)           // constant
	}
	n, pix := Templates(w, 2)
	if n != 2 || len(pix) != 2*1024*4 {
		t.Fatalf("%d templates, %d bytes", n, len(pix))
	}
	// Template 0, pixel 0: R = 0 (min), G = ⌊1024/3071·255⌋ = 85, B = ⌊2048/3071·255⌋ = 170.
	if got := pix[:4]; got[0] != 0 || got[1] != 85 || got[2] != 170 || got[3] != 255 {
		t.Errorf("template 0 pixel 0 = %v", got)
	}
	// Template 0, last pixel: B = 255 (max).
	if got := pix[1023*4+2]; got != 255 {
		t.Errorf("template 0 last blue = %d", got)
	}
	if got := pix[4096 : 4096+4]; got[0] != 255 {
		t.Errorf("template 1 pixel 0 = %v, want red 255", got)
	}
	if n, pix := Templates(w, 10); n != 3 || pix[2*4096] != 0 || pix[2*4096+3] != 255 {
		t.Errorf("constant template: %d templates, first pixel %v", n, pix[2*4096:2*4096+4])
	}
}

// TestFSFetcher checks the prefix lookup and the not-found error.
func TestFSFetcher(t *testing.T) {
	t.Parallel()
	f := testenv.FSFetcher{"/data/": fstest.MapFS{"a": {Data: []byte("A")}}, "/data/sample/": fstest.MapFS{"a": {Data: []byte("S")}}}
	var done, total int64
	if b, err := f.Fetch("/data/sample/a", func(d, t int64) { done, total = d, t }); err != nil || string(b) != "S" || done != 1 || total != 1 {
		t.Errorf("sample a: %q %v (%d/%d)", b, err, done, total)
	}
	if b, err := f.Fetch("/data/a", nil); err != nil || string(b) != "A" {
		t.Errorf("a: %q %v", b, err)
	}
	for _, url := range []string{"/data/b", "/other/a", "/data/../data/a/.."} {
		if _, err := f.Fetch(url, nil); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: %v, want fs.ErrNotExist", url, err)
		}
	}
}

// TestExportImportNPZ: the model exported as the notebook's .npz and
// imported into another worker classifies exactly as before (the .npz
// holds every weight in float64, the preprocessing and the class names);
// a damaged .npz is an error that leaves the model.
func TestExportImportNPZ(t *testing.T) {
	t.Parallel()
	s, rec, _ := exportModel(t)
	ev := do(t, s, rec, msg.Request{ID: 14, Kind: msg.Export, Format: msg.FormatNPZ})
	if len(ev) != 1 || ev[0].Kind != msg.Model || ev[0].Format != msg.FormatNPZ || !bytes.HasPrefix(ev[0].Checkpoint, []byte("PK\x03\x04")) {
		t.Fatalf("export npz: %s", kinds(ev))
	}
	npz := ev[0].Checkpoint
	s2, rec2 := newSession(t)
	ev = do(t, s2, rec2, msg.Request{ID: 15, Kind: msg.Import, Checkpoint: npz})
	if st := states(ev); !slices.Equal(st, []string{msg.StateReady}) || len(ofKind(ev, msg.Weights)) != 1 {
		t.Errorf("import npz: %s", kinds(ev))
	}
	for i := range 10 {
		if a, b := predict(t, s, rec, image(t, i), false), predict(t, s2, rec2, image(t, i), false); !sameBits(a, b) {
			t.Errorf("image %d: %v after the .npz import, %v before", i, b, a)
		}
	}
	if !slices.Equal(s2.model.classes, s.model.classes) {
		t.Errorf("classes %v, want %v", s2.model.classes, s.model.classes)
	}
	before := predict(t, s2, rec2, image(t, 0), false)
	if e := doErr(t, s2, rec2, msg.Request{ID: 16, Kind: msg.Import, Checkpoint: npz[:len(npz)/2]}); !strings.Contains(e, "notebook's .npz") {
		t.Errorf("a cut .npz: %q", e)
	}
	if after := predict(t, s2, rec2, image(t, 0), false); !sameBits(before, after) {
		t.Error("a bad .npz changed the model")
	}
	if e := doErr(t, s, rec, msg.Request{ID: 17, Kind: msg.Export, Format: "onnx"}); !strings.Contains(e, "unknown model format") {
		t.Errorf("unknown format: %q", e)
	}
}
