package train

import (
	"errors"
	"fmt"
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
		for sampling := range Samplings {
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

// TestEpochs is the table of epoch bookkeeping over (N, batch). Where
// batch divides N (or exceeds it) with the report's sampling, the
// notebook's rule holds, so that numpy parity holds: accuracies and decay
// where it % (N/batch) == 0, from step 0. Elsewhere an epoch ends on the
// step whose images bring the count seen to a multiple of N (decay, and
// the epoch count, follow it), and the last step measures accuracies
// without decaying.
func TestEpochs(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		n, batch, iters int
		sampling        string
		ends            []int // steps that measure accuracies
		decays          []int // the ends that are real epochs
		epochs          int   // the epoch count at the end
	}{
		{300, 30, 25, "choice", []int{0, 10, 20}, []int{0, 10, 20}, 3},                           // per_epoch = 10: the notebook's
		{5, 200, 3, "choice", []int{0, 1, 2}, []int{0, 1, 2}, 3},                                 // max(0.025, 1) = 1: every step (the toy)
		{300, 200, 5, "choice", []int{1, 2, 4}, []int{1, 2, 4}, 3},                               // 1.5 steps: 400, 600, 1000 images seen
		{300, 70, 10, "choice", []int{4, 8, 9}, []int{4, 8}, 2},                                  // 4.29 steps: 350, 630 images; last step
		{2500, 64, 196, "choice", []int{39, 78, 117, 156, 195}, []int{39, 78, 117, 156, 195}, 5}, // the 5 epochs of batch 64
		{300, 30, 25, "shuffle", []int{9, 19, 24}, []int{9, 19}, 2},                              // whole passes, then the last step
		{300, 70, 10, "shuffle", []int{4, 8, 9}, []int{4, 8}, 2},                                 // ragged passes
	} {
		c := blobConfig()
		c.Batch, c.Iters, c.Sampling = test.batch, test.iters, test.sampling
		if test.n == 2500 {
			c.Iters, c.Epochs = 0, 5
		}
		tr := newRun(t, c, blobs(test.n, rng.New(1)))
		if test.n == 2500 && tr.Total() != test.iters {
			t.Errorf("n=%d batch=%d: 5 epochs take %d steps, want %d", test.n, test.batch, tr.Total(), test.iters)
		}
		var ends, decays []int
		var last Event
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
				if ev.Epoch > last.Epoch {
					decays = append(decays, ev.Iter)
					lr *= c.Decay
				}
				last = ev
			}
		}
		name := fmt.Sprintf("n=%d batch=%d %s", test.n, test.batch, test.sampling)
		if !reflect.DeepEqual(ends, test.ends) || !reflect.DeepEqual(decays, test.decays) || last.Epoch != test.epochs {
			t.Errorf("%s: accuracies at %v, epochs end at %v, epoch %d; want %v, %v, %d", name, ends, decays, last.Epoch, test.ends, test.decays, test.epochs)
		}
		if len(tr.History.ValAcc) != len(test.ends) {
			t.Errorf("%s: %d validation points, want %d", name, len(tr.History.ValAcc), len(test.ends))
		}
	}
}

// TestEarlyStoppingRaggedEpochs: with batch not dividing N, epochs end and
// patience can stop a run (the notebook's rule never got past step 0).
func TestEarlyStoppingRaggedEpochs(t *testing.T) {
	t.Parallel()
	c := blobConfig()
	c.Patience, c.Iters, c.Batch = 2, 10000, 64
	tr := newRun(t, c, blobs(90, rng.New(1)))
	var last Event
	for !tr.Done() {
		ev, err := tr.Step()
		if err != nil {
			t.Fatal(err)
		}
		last = ev
	}
	if last.Stop != "early stopping" || tr.Iter() >= 10000 || len(tr.History.ValAcc) < 3 {
		t.Fatalf("stopped with %q after %d steps and %d validation points", last.Stop, tr.Iter(), len(tr.History.ValAcc))
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

// TestSetLive: a paused run takes a new learning rate (scaled by the
// decay so far) and L2 strength, and refuses any other change.
func TestSetLive(t *testing.T) {
	t.Parallel()
	c := blobConfig()
	c.Batch = 30 // 300/30: 10 steps an epoch, decay at steps 0 and 10
	tr := newRun(t, c, blobs(300, rng.New(1)))
	for range 12 {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	before := tr.lr
	live := c
	live.LR, live.Reg = 2*c.LR, 0.5
	if err := tr.SetLive(live); err != nil {
		t.Fatal(err)
	}
	if got := tr.lr; math.Abs(got-2*before) > 1e-15 || tr.Config.Reg != 0.5 {
		t.Errorf("after SetLive: lr %g (want %g), reg %g", got, 2*before, tr.Config.Reg)
	}
	other := live
	other.Hidden = []int{9}
	if err := tr.SetLive(other); err == nil || tr.Config.Hidden[0] != c.Hidden[0] {
		t.Errorf("SetLive with another hidden size: %v", err)
	}
	bad := live
	bad.LR = -1
	if err := tr.SetLive(bad); err == nil {
		t.Error("SetLive with lr -1 accepted")
	}
}

// TestRegressionRun trains a regression net on y = x₁·x₂ through the
// Trainer: the loss falls, no accuracy is recorded, and a net without
// targets is refused with a message.
func TestRegressionRun(t *testing.T) {
	src := rng.New(1)
	x := mat.NewDense(200, 2, nil)
	tg := make([]float64, 200)
	for i := range tg {
		a, b := src.Uniform(-1, 1), src.Uniform(-1, 1)
		x.Set(i, 0, a)
		x.Set(i, 1, b)
		tg[i] = a * b
	}
	c := Default()
	c.Hidden, c.Activation, c.Init, c.Optimizer, c.LR, c.Reg, c.Batch, c.Epochs, c.Iters = []int{16}, "tanh", "xavier", "adam", 0.03, 0, 20, 100, 0
	spec := c.Spec(2, 1)
	spec.Loss = nn.LossSquared
	net, err := nn.New(spec, src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewTrainer(c, net, Matrix{X: x, Y: make([]int, 200)}, nil, src); err == nil || !strings.Contains(err.Error(), "real target") {
		t.Errorf("a regression run without targets: %v", err)
	}
	tr, err := NewTrainer(c, net, Matrix{X: x, T: tg}, nil, src)
	if err != nil {
		t.Fatal(err)
	}
	first := net.CostValues(x, tg, 0)
	for {
		if _, err := tr.Step(); err == ErrDone {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if last := net.CostValues(x, tg, 0); !(last < first/20 && last < 0.005) {
		t.Errorf("loss %g after %d steps, from %g", last, tr.Iter(), first)
	}
	if len(tr.History.TrainAcc) != 0 {
		t.Errorf("a regression run recorded accuracies %v", tr.History.TrainAcc[:1])
	}
}
