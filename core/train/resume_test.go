package train

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/optim"
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
		if err := second.Resume(p, first.best, nil); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if second.lr != first.lr || second.Iter() != first.Iter() {
			t.Errorf("case %d: resumed at step %d lr %g, want %d and %g", i, second.Iter(), second.lr, first.Iter(), first.lr)
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
		if err := tr.Resume(p, b, nil); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: Resume error %v, want one saying %q", i, err, test.want)
		}
	}
	tr := newRun(t, c, d)
	tr.Step()
	if err := tr.Resume(good, nil, nil); err == nil || !strings.Contains(err.Error(), "after the first step") {
		t.Errorf("Resume after a step: %v", err)
	}
	// Resuming without the best parameters measures the best afresh.
	tr = newRun(t, c, d)
	if err := tr.Resume(good, nil, nil); err != nil || tr.BestValAcc() != -1 || tr.best != nil {
		t.Errorf("Resume without best: %v, best %g", err, tr.BestValAcc())
	}
}

// TestResumeOptimizer checks that the optimizer's moments travel with a
// resumed run: a run of momentum or Adam stopped at step k and resumed with
// OptimizerState (on a generator reseeded as the uninterrupted run's was at
// k) takes exactly the same steps; resumed without it, the next losses
// differ (the moments restart from zero).
func TestResumeOptimizer(t *testing.T) {
	t.Parallel()
	d := blobs(90, rng.New(3))
	for i, opt := range []string{"momentum", "nesterov", "adam"} {
		c := blobConfig()
		c.Optimizer, c.Iters, c.LR = opt, 30, 0.01
		const k = 12
		// The uninterrupted run, reseeded at k as a resumed run is.
		src := rng.New(c.Seed)
		net, _ := nn.New(c.Spec(2, 3), src)
		whole, err := NewTrainer(c, net, d, d, src)
		if err != nil {
			t.Fatal(err)
		}
		var weights [][]float64
		var p Progress
		var state optim.State
		for !whole.Done() {
			if whole.Iter() == k {
				p, state, weights = whole.Progress(), whole.OptimizerState(), snapshot(whole.Net, nil)
				src.Seed(ResumeSeed(c.Seed, k))
			}
			if _, err := whole.Step(); err != nil {
				t.Fatal(err)
			}
		}
		resumed := func(s *optim.State) []float64 {
			src := rng.New(99)
			net, _ := nn.New(c.Spec(2, 3), src)
			for j, p := range net.Params() {
				copy(p.Data(), weights[j])
			}
			src.Seed(ResumeSeed(c.Seed, k))
			tr, err := NewTrainer(c, net, d, d, src)
			if err != nil {
				t.Fatal(err)
			}
			if err := tr.Resume(p, nil, s); err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			for !tr.Done() {
				if _, err := tr.Step(); err != nil {
					t.Fatal(err)
				}
			}
			return tr.History.Loss
		}
		if got, want := resumed(&state), whole.History.Loss; !reflect.DeepEqual(got, want) {
			t.Errorf("case %d (%s): losses after resuming with the moments differ:\n got %v\nwant %v", i, opt, got[k:], want[k:])
		}
		if got := resumed(nil); got[k+1] == whole.History.Loss[k+1] {
			t.Errorf("case %d (%s): resumed without the moments, step %d has the same loss %v: the test cannot tell", i, opt, k+1, got[k+1])
		}
	}
	// A state of another optimizer is refused, changing nothing.
	c := blobConfig()
	tr := newRun(t, c, d)
	bad := optim.State{Optimizer: "adam", Moments: []string{"m", "v"}}
	if err := tr.Resume(Progress{Iter: 1, LR: c.LR, History: History{Loss: []float64{1}}}, nil, &bad); err == nil || tr.Iter() != 0 {
		t.Errorf("Resume with an adam state on an sgd run: %v, at step %d", err, tr.Iter())
	}
}
