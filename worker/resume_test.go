package worker

import (
	"math"
	"reflect"
	"testing"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/internal/testenv"
	"github.com/backprop-playground/playground/msg"
)

// resumeRun is a run whose optimizer has moments worth keeping (Adam).
const resumeRun = "data=sample&hidden=24&batch=50&iters=200&lr=1e-3&opt=adam&std=1e-3&seed=4&reg=1e-4"

// stepped takes n steps of s's run and returns their losses and the step
// the first of them was.
func stepped(t *testing.T, s *Session, rec *recorder, n int) (first int, ls []float64) {
	t.Helper()
	do(t, s, rec, msg.Request{Kind: msg.Step, Steps: n})
	first = -1
	for _, e := range runAll(t, s, rec) {
		if e.Kind == msg.Progress {
			if first < 0 {
				first = e.Iter - len(e.Losses)
			}
			ls = append(ls, e.Losses...)
		}
	}
	if len(ls) != n {
		t.Fatalf("%d losses for %d steps", len(ls), n)
	}
	return first, ls
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// TestExportImportRun exports a run's state at step k, imports it into a
// fresh session and resumes: the session is paused at step k, the next
// step is step k, the state exported again is the same bytes (model,
// progress and Adam's moments all came back), and the loss continues
// where it was, close to the uninterrupted run's and far below the
// untrained net's ln(10).
func TestExportImportRun(t *testing.T) {
	t.Parallel()
	const k = 80
	a, recA := newSession(t)
	do(t, a, recA, msg.Request{Kind: msg.Reset, Config: resumeRun})
	_, before := stepped(t, a, recA, k)
	ev := do(t, a, recA, msg.Request{ID: 5, Kind: msg.Export, Format: msg.FormatState})
	if len(ev) != 1 || ev[0].Kind != msg.Model {
		t.Fatalf("export: %s", kinds(ev))
	}
	state := ev[0].Checkpoint
	c, err := checkpoint.Unmarshal(state)
	if err != nil {
		t.Fatal(err)
	}
	if c.Progress == nil || c.Progress.Iter != k || len(c.Progress.History.Loss) != k {
		t.Fatalf("exported progress %+v, want step %d", c.Progress, k)
	}
	if o := c.OptimizerState(); o == nil || o.Optimizer != "adam" || o.T != k {
		t.Fatalf("exported optimizer %+v, want adam at step %d", o, k)
	}
	// A plain export (the file download) has no run in it.
	plain := do(t, a, recA, msg.Request{Kind: msg.Export})
	if pc, _ := checkpoint.Unmarshal(plain[0].Checkpoint); pc == nil || pc.Progress != nil || pc.Optimizer != nil {
		t.Errorf("a plain export holds the run: %+v", pc)
	}
	_, whole := stepped(t, a, recA, 20) // the uninterrupted run

	b, recB := newSession(t)
	ev = do(t, b, recB, msg.Request{ID: 6, Kind: msg.Import, Checkpoint: state})
	st := ofKind(ev, msg.StateEvent)
	if len(st) != 1 || st[0].State != msg.StatePaused || st[0].Text != "imported" || st[0].Iter != k || st[0].Iters != 200 || st[0].Config == "" {
		t.Fatalf("import of a run: state events %+v, want paused at step %d of 200, imported", st, k)
	}
	// Exported again, it is the same run: weights, moments, step, rate
	// and history (not the best epoch's weights, which are not kept:
	// the resumed run measures its best afresh).
	again := do(t, b, recB, msg.Request{Kind: msg.Export, Format: msg.FormatState})
	c2, err := checkpoint.Unmarshal(again[0].Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c2.Values, c.Values) || !reflect.DeepEqual(c2.Params, c.Params) || !reflect.DeepEqual(c2.Metrics, c.Metrics) ||
		c2.Progress.Iter != k || c2.Progress.LR != c.Progress.LR || !reflect.DeepEqual(c2.Progress.History, c.Progress.History) {
		t.Errorf("the imported run exports another state: part of it was lost\n got %+v\nwant %+v", c2.Header, c.Header)
	}
	first, after := stepped(t, b, recB, 20)
	if first != k {
		t.Errorf("the resumed run's first step is %d, want %d", first, k)
	}
	last, next, ref := mean(before[k-10:]), mean(after[:10]), mean(whole[:10])
	t.Logf("loss: last 10 before %.4f, first 10 after %.4f, uninterrupted %.4f", last, next, ref)
	if math.Abs(next-ref) > 0.1*ref || math.Abs(next-last) > 0.15*last {
		t.Errorf("the loss after resuming is %.4f, the uninterrupted run's %.4f and the last before %.4f", next, ref, last)
	}
	if next > math.Log(10)-0.3 {
		t.Errorf("the loss after resuming is %.4f: back near the untrained %.4f", next, math.Log(10))
	}
	// Resume runs it to its end.
	do(t, b, recB, msg.Request{Kind: msg.Resume})
	runAll(t, b, recB)
	if b.state != msg.StateDone || b.model.metrics["iters"] != 200 {
		t.Errorf("the resumed run ended %s at %v steps, want done at 200", b.state, b.model.metrics["iters"])
	}
}

// urlFetcher records every URL it fetches.
type urlFetcher struct {
	Fetcher
	urls *[]string
}

func (f urlFetcher) Fetch(url string, progress func(done, total int64)) ([]byte, error) {
	*f.urls = append(*f.urls, url)
	return f.Fetcher.Fetch(url, progress)
}

// TestImportFullSetRunAsks: a kept run on the full CIFAR-10 is imported
// as a model, without fetching the set (up to 184 MB the user was not
// asked about); the page asks before the download.
func TestImportFullSetRunAsks(t *testing.T) {
	t.Parallel()
	a, recA := newSession(t)
	do(t, a, recA, msg.Request{Kind: msg.Reset, Config: resumeRun})
	stepped(t, a, recA, 5)
	ev := do(t, a, recA, msg.Request{Kind: msg.Export, Format: msg.FormatState})
	c, err := checkpoint.Unmarshal(ev[0].Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	c.Config.Data = "cifar:1000"
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	s, rec := newSessionFetch(t, urlFetcher{testenv.FSFetcher{SampleURL: sampleFS(t)}, &urls})
	got := do(t, s, rec, msg.Request{Kind: msg.Import, Checkpoint: b})
	if len(urls) != 0 {
		t.Errorf("importing a full-set run fetched %v", urls)
	}
	if st := ofKind(got, msg.StateEvent); len(st) != 1 || st[0].State != msg.StateReady || st[0].Text != "imported" {
		t.Errorf("import answered %s, want the model imported and ready", kinds(got))
	}
}
