package train

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
)

func TestEncodeParseRoundTrip(t *testing.T) {
	t.Parallel()
	for i, c := range []Config{
		Default(),
		func() Config {
			c := Default()
			c.Hidden, c.Activation, c.Init, c.Optimizer, c.LR = []int{50, 70, 70, 50}, "tanh", "xavier", "adam", 3e-4
			c.Schedule, c.Sampling, c.Epochs, c.Patience, c.Seed = "cosine", "shuffle", 10, 3, 4294967295
			c.FlipH, c.Shift, c.PCA, c.Dropout, c.Preprocess, c.Data = true, 4, 640, 0.1, "channel", "toy & co"
			return c
		}(),
		func() Config { c := Default(); c.Hidden = nil; return c }(),
	} {
		got, err := Parse(c.Encode(), Config{})
		if err != nil {
			t.Errorf("case %d: Parse(Encode(c)): %v\n%s", i, err, c.Encode())
			continue
		}
		if !reflect.DeepEqual(got, c) {
			t.Errorf("case %d: round trip\n got %+v\nwant %+v", i, got, c)
		}
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	c, err := Parse("#hidden=100,50&opt=adam&lr=0.001", Default())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Hidden, []int{100, 50}) || c.Optimizer != "adam" || c.LR != 0.001 || c.Batch != 200 {
		t.Errorf("Parse over Default = %+v", c)
	}
	for i, test := range []struct {
		query, field string
	}{
		{"lr=abc", "lr"},
		{"lr=NaN", "lr"},
		{"lr=0", "lr"},
		{"lr=-1", "lr"},
		{"lr=Inf", "lr"},
		{"lr=1e400", "lr"},
		{"batch=0", "batch"},
		{"batch=2.5", "batch"},
		{"hidden=10,x", "hidden[1]"},
		{"hidden=10,0", "hidden[1]"},
		{"hidden=-5", "hidden[0]"},
		{"act=softplus", "activation"},
		{"opt=rmsprop", "optimizer"},
		{"init=zeros", "init"},
		{"decay=0", "decay"},
		{"decay=1.5", "decay"},
		{"reg=-0.1", "reg"},
		{"iters=0&epochs=0", "iters"},
		{"sampling=random", "sampling"},
		{"schedule=exp", "schedule"},
		{"seed=-1", "seed"},
		{"seed=99999999999", "seed"},
		{"fliph=maybe", "fliph"},
		{"pre=zca", "pre"},
		{"color=red", "setting"},
		{"lr=1&lr=2", "lr"},
		{"momentum=1", "momentum"},
		{"dropout=1", "dropout"},
		{"lr=%zz", "query"},
	} {
		_, err := Parse(test.query, Default())
		var ce *nn.ConfigError
		if !errors.As(err, &ce) || ce.Field != test.field {
			t.Errorf("case %d: Parse(%q) = %v, want an error on %q", i, test.query, err, test.field)
		} else if !strings.Contains(err.Error(), test.field) {
			t.Errorf("case %d: %q does not name the field", i, err)
		}
	}
}

// FuzzParse checks that Parse never panics, that what it accepts is valid,
// and that Encode then Parse gives back the same Config.
func FuzzParse(f *testing.F) {
	f.Add(Default().Encode())
	f.Add("hidden=50,70,50&act=leakyrelu&opt=nesterov&epochs=3&sampling=shuffle")
	f.Add("lr=1e-3&reg=0&batch=1&seed=0")
	f.Add("hidden=&lr=NaN")
	f.Add("%")
	f.Fuzz(func(t *testing.T, q string) {
		c, err := Parse(q, Default())
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse(%q) accepted an invalid config: %v", q, err)
		}
		again, err := Parse(c.Encode(), Config{})
		if err != nil {
			t.Fatalf("Parse(Encode(Parse(%q))): %v", q, err)
		}
		if !reflect.DeepEqual(again, c) {
			t.Fatalf("round trip of %q:\n got %+v\nwant %+v", q, again, c)
		}
	})
}

// blobs is a separable 3-class problem in 2D.
func blobs(n int, src *rng.RandomState) Matrix {
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := range n {
		y[i] = i % 3
		a := 2 * math.Pi * float64(y[i]) / 3
		x.Set(i, 0, 3*math.Cos(a)+0.5*src.Randn())
		x.Set(i, 1, 3*math.Sin(a)+0.5*src.Randn())
	}
	return Matrix{X: x, Y: y}
}

func newRun(t *testing.T, c Config, d Data) *Trainer {
	t.Helper()
	src := rng.New(c.Seed)
	net, err := nn.New(c.Spec(d.Dim(), 3), src)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(c, net, d, d, src)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func blobConfig() Config {
	c := Default()
	c.Hidden, c.Init, c.LR, c.Reg, c.Batch, c.Iters = []int{8}, "he", 0.05, 1e-4, 30, 200
	return c
}

func TestEveryOptimizerLearns(t *testing.T) {
	t.Parallel()
	d := blobs(300, rng.New(5))
	for _, opt := range []string{"sgd", "momentum", "nesterov", "adam"} {
		for _, sampling := range Samplings {
			c := blobConfig()
			c.Optimizer, c.Sampling = opt, sampling
			if opt == "adam" {
				c.LR = 0.01
			}
			tr := newRun(t, c, d)
			var last Event
			for !tr.Done() {
				ev, err := tr.Step()
				if err != nil {
					t.Fatalf("%s/%s: %v", opt, sampling, err)
				}
				last = ev
			}
			if last.Stop != "done" {
				t.Errorf("%s/%s: last event Stop = %q", opt, sampling, last.Stop)
			}
			if acc := Accuracy(tr.Net, d, 64); acc < 0.95 {
				t.Errorf("%s/%s: accuracy %.3f < 0.95", opt, sampling, acc)
			}
			if h := tr.History.Loss; !(h[len(h)-1] < h[0]/3) {
				t.Errorf("%s/%s: loss %g -> %g did not fall", opt, sampling, h[0], h[len(h)-1])
			}
			if _, err := tr.Step(); !errors.Is(err, ErrDone) {
				t.Errorf("%s/%s: Step after the end = %v, want ErrDone", opt, sampling, err)
			}
		}
	}
}

// TestReportSchedule checks the notebook's epoch bookkeeping: per_epoch =
// max(N/batch, 1) as a real number, accuracies and decay where
// it % per_epoch == 0.
func TestReportSchedule(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		n, batch, iters int
		ends            []int
	}{
		{300, 30, 25, []int{0, 10, 20}}, // per_epoch = 10
		{300, 200, 5, []int{0, 3}},      // 1.5: it % 1.5 == 0 at 0 and 3
		{5, 200, 3, []int{0, 1, 2}},     // max(0.025, 1) = 1: every step (the toy)
		{300, 70, 10, []int{0}},         // 4.2857...: only 0
	} {
		c := blobConfig()
		c.Batch, c.Iters = test.batch, test.iters
		tr := newRun(t, c, blobs(test.n, rng.New(1)))
		var ends []int
		lr := c.LR
		for !tr.Done() {
			ev, err := tr.Step()
			if err != nil {
				t.Fatal(err)
			}
			if ev.LR != lr {
				t.Fatalf("n=%d batch=%d it=%d: lr %g, want %g", test.n, test.batch, ev.Iter, ev.LR, lr)
			}
			if ev.EpochEnd {
				ends = append(ends, ev.Iter)
				lr *= c.Decay
			}
		}
		if !reflect.DeepEqual(ends, test.ends) {
			t.Errorf("n=%d batch=%d: epoch ends at %v, want %v", test.n, test.batch, ends, test.ends)
		}
	}
}

func TestCosineSchedule(t *testing.T) {
	t.Parallel()
	c := blobConfig()
	c.Schedule, c.Iters = "cosine", 100
	tr := newRun(t, c, blobs(90, rng.New(1)))
	var lrs []float64
	for !tr.Done() {
		ev, _ := tr.Step()
		lrs = append(lrs, ev.LR)
	}
	if lrs[0] != c.LR || math.Abs(lrs[50]-c.LR/2) > 1e-15 || !(lrs[99] < c.LR*1e-3) {
		t.Errorf("cosine lrs: first %g, middle %g, last %g", lrs[0], lrs[50], lrs[99])
	}
}

func TestDiverged(t *testing.T) {
	t.Parallel()
	c := blobConfig()
	c.LR, c.Init, c.Std = 1e6, "std", 10
	d := blobs(300, rng.New(1))
	for i := range d.X.RawMatrix().Data {
		d.X.RawMatrix().Data[i] *= 1e3
	}
	tr := newRun(t, c, d)
	var err error
	for err == nil {
		_, err = tr.Step()
	}
	var de *DivergedError
	if !errors.As(err, &de) {
		t.Fatalf("Step error %v, want a *DivergedError", err)
	}
	if !strings.Contains(err.Error(), "iteration") || !strings.Contains(err.Error(), de.Quantity) {
		t.Errorf("message %q does not say what and when", err)
	}
	for _, p := range tr.Net.Params() {
		for _, v := range p.Data() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s holds %g after the diverged step: parameters were not kept", p.Name, v)
			}
		}
	}
	if !tr.Done() {
		t.Errorf("a diverged run is not Done")
	}
}

func TestEarlyStoppingKeepsBest(t *testing.T) {
	t.Parallel()
	c := blobConfig()
	c.Patience, c.Iters, c.Batch = 2, 10000, 30
	d := blobs(90, rng.New(1))
	tr := newRun(t, c, d)
	var last Event
	for !tr.Done() {
		ev, err := tr.Step()
		if err != nil {
			t.Fatal(err)
		}
		last = ev
	}
	if last.Stop != "early stopping" || tr.Iter() >= 10000 {
		t.Fatalf("stopped with %q after %d steps", last.Stop, tr.Iter())
	}
	tr.RestoreBest()
	if got := Accuracy(tr.Net, d, 1000); got != tr.BestValAcc() {
		t.Errorf("after RestoreBest accuracy %g, want the best %g", got, tr.BestValAcc())
	}
}

func TestNewTrainerErrors(t *testing.T) {
	t.Parallel()
	src := rng.New(0)
	net, _ := nn.New(nn.Spec{Inputs: 3, Hidden: []int{4}, Classes: 3, Activation: "relu", Init: "he"}, src)
	d := blobs(30, src) // 2 features
	if _, err := NewTrainer(blobConfig(), net, d, nil, src); err == nil || !strings.Contains(err.Error(), "features") {
		t.Errorf("feature mismatch: %v", err)
	}
	if _, err := NewTrainer(blobConfig(), net, Matrix{X: mat.NewDense(1, 3, nil), Y: []int{0}}, nil, src); err != nil {
		t.Errorf("one sample: %v", err)
	}
	bad := blobConfig()
	bad.Batch = 0
	if _, err := NewTrainer(bad, net, d, nil, src); err == nil {
		t.Errorf("batch 0 accepted")
	}
}

// TestDivergedExploding: a loss that stays finite but explodes (lr=10 on
// unscaled inputs) is a divergence too, before the run reports done.
func TestDivergedExploding(t *testing.T) {
	t.Parallel()
	c := blobConfig()
	c.LR, c.Iters = 10, 2000
	d := blobs(300, rng.New(1))
	for i := range d.X.RawMatrix().Data {
		d.X.RawMatrix().Data[i] *= 30
	}
	tr := newRun(t, c, d)
	var err error
	maxLoss := 0.0
	for err == nil {
		var ev Event
		ev, err = tr.Step()
		if err == nil {
			maxLoss = max(maxLoss, ev.Loss)
		}
	}
	var de *DivergedError
	if !errors.As(err, &de) {
		t.Fatalf("Step error %v (largest loss %g), want a *DivergedError", err, maxLoss)
	}
	if math.IsInf(de.Value, 0) || math.IsNaN(de.Value) || de.First <= 0 || !strings.Contains(err.Error(), "first step") {
		t.Errorf("%v: want a finite exploded loss named against the first step's", err)
	}
	if maxLoss > ExplodeFactor*max(tr.History.Loss[0], 1) {
		t.Errorf("a loss of %g passed", maxLoss)
	}
}
