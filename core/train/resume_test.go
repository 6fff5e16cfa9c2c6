package train

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
)

// TestResumeContinues checks that a run stopped after k steps and resumed
// from Progress (with its weights and the generator where it stood) ends
// exactly where the uninterrupted run ends: with plain SGD the weights,
// the iteration, the schedule and the history are all the state there is.
func TestResumeContinues(t *testing.T) {
	t.Parallel()
	d := blobs(90, rng.New(3))
	for i, test := range []struct {
		schedule, sampling string
		patience, split    int
	}{
		{"step", "choice", 0, 7},
		{"cosine", "choice", 0, 13},
		{"step", "shuffle", 0, 3}, // mid-epoch: the shuffle order restarts, so not exact
		{"constant", "choice", 3, 20},
	} {
		c := blobConfig()
		c.Iters, c.Batch, c.Schedule, c.Sampling, c.Patience = 40, 30, test.schedule, test.sampling, test.patience
		whole := newRun(t, c, d)
		for !whole.Done() {
			if _, err := whole.Step(); err != nil {
				t.Fatal(err)
			}
		}

		src := rng.New(c.Seed)
		net, _ := nn.New(c.Spec(2, 3), src)
		first, err := NewTrainer(c, net, d, d, src)
		if err != nil {
			t.Fatal(err)
		}
		for first.Iter() < test.split {
			first.Step()
		}
		p := first.Progress()
		if p.Iter != test.split || len(p.History.Loss) != test.split {
			t.Fatalf("case %d: progress %+v", i, p)
		}
		// A new trainer on a copy of the weights and of the generator.
		src2 := *src
		net2, _ := nn.New(c.Spec(2, 3), rng.New(99))
		for k, p := range net.Params() {
			copy(net2.Params()[k].Data(), p.Data())
		}
		second, err := NewTrainer(c, net2, d, d, &src2)
		if err != nil {
			t.Fatal(err)
		}
		if err := second.Resume(p, first.Best()); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if second.LR() != first.LR() || second.Iter() != first.Iter() {
			t.Errorf("case %d: resumed at step %d lr %g, want %d and %g", i, second.Iter(), second.LR(), first.Iter(), first.LR())
		}
		for !second.Done() {
			if _, err := second.Step(); err != nil {
				t.Fatal(err)
			}
		}
		exact := test.sampling != "shuffle"
		if got, want := second.History.Loss, whole.History.Loss; exact && !reflect.DeepEqual(got, want) {
			t.Errorf("case %d: losses after resuming differ:\n got %v\nwant %v", i, got, want)
		}
		if exact && (second.BestValAcc() != whole.BestValAcc() || second.Iter() != whole.Iter()) {
			t.Errorf("case %d: best %g at step %d, want %g at %d", i, second.BestValAcc(), second.Iter(), whole.BestValAcc(), whole.Iter())
		}
		if !exact && (second.Iter() != whole.Iter() || len(second.History.Loss) != len(whole.History.Loss)) {
			t.Errorf("case %d: %d steps, want %d", i, second.Iter(), whole.Iter())
		}
	}
}

func TestResumeErrors(t *testing.T) {
	t.Parallel()
	d := blobs(60, rng.New(1))
	c := blobConfig()
	c.Iters = 10
	good := Progress{Iter: 4, LR: c.LR, BestVal: 0.5, History: History{Loss: []float64{1, 1, 1, 1}}}
	for i, test := range []struct {
		edit func(p *Progress, best *[][]float64)
		want string
	}{
		{func(p *Progress, b *[][]float64) { p.Iter = 11 }, "step 11"},
		{func(p *Progress, b *[][]float64) { p.Iter = -1 }, "step -1"},
		{func(p *Progress, b *[][]float64) { p.LR = math.NaN() }, "learning rate"},
		{func(p *Progress, b *[][]float64) { p.History.Loss = make([]float64, 5) }, "5 losses"},
		{func(p *Progress, b *[][]float64) { *b = (*b)[:1] }, "best parameters"},
		{func(p *Progress, b *[][]float64) { (*b)[0] = (*b)[0][:1] }, "values"},
	} {
		tr := newRun(t, c, d)
		p, best := good, tr.Net.Params()
		b := make([][]float64, len(best))
		for k, p := range best {
			b[k] = append([]float64(nil), p.Data()...)
		}
		test.edit(&p, &b)
		if err := tr.Resume(p, b); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: Resume error %v, want one saying %q", i, err, test.want)
		}
	}
	tr := newRun(t, c, d)
	tr.Step()
	if err := tr.Resume(good, nil); err == nil || !strings.Contains(err.Error(), "after the first step") {
		t.Errorf("Resume after a step: %v", err)
	}
	// Resuming without the best parameters measures the best afresh.
	tr = newRun(t, c, d)
	if err := tr.Resume(good, nil); err != nil || tr.BestValAcc() != -1 || tr.Best() != nil {
		t.Errorf("Resume without best: %v, best %g", err, tr.BestValAcc())
	}
}
