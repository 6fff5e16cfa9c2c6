package main

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// numpyDefaultLoss is the final minibatch loss of the report's default run
// from ../shared/reference/cifar_reference.py with its defaults (numpy's
// legacy generator seeded 0) on the full CIFAR-10, on the project machine:
// the Go run draws the same weights and batches, so only the order of
// floating-point sums differs.
const numpyDefaultLoss = 1.9673592163800298

// TestDefaultRun is the report's default run (hidden 50, 1000 iterations,
// batch 200, lr 1e-4 decayed by 0.95 per epoch, reg 0.25, std 1e-4,
// mean-image subtraction) on the full CIFAR-10: its validation accuracy
// must be in the band around the report's 0.287 (numpy reference 0.279).
// It takes about 25 s on two cores.
func TestDefaultRun(t *testing.T) {
	if testing.Short() {
		t.Skip("the full CIFAR-10 run takes ~25 s")
	}
	dir := fullDataDir(t)
	d, err := loadDataset(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	f, err := newFeatures(d, 0)
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := trainRun(context.Background(), train.Default(), f, runOptions{}, hooks{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("val %.3f, final loss %.15g, %.1f s (%.1f ms/iteration)", res.ValAcc, res.Loss, res.Seconds, res.MsIter)
	if res.Iters != 1000 {
		t.Errorf("%d iterations, want 1000", res.Iters)
	}
	if res.ValAcc < 0.26 || res.ValAcc > 0.31 {
		t.Errorf("validation accuracy %.3f outside [0.26, 0.31] (report 0.287, numpy reference 0.279)", res.ValAcc)
	}
	if rel := math.Abs(res.Loss-numpyDefaultLoss) / numpyDefaultLoss; rel > 1e-9 {
		t.Errorf("final loss %.15g, numpy's %.15g (relative difference %.2g): the runs no longer draw the same numbers",
			res.Loss, numpyDefaultLoss, rel)
	}
}

var benchData struct {
	once sync.Once
	d    *cifar.Dataset
	err  error
}

// BenchmarkDefaultRun times one iteration of the report's default run
// (3072-50-10, batch 200: a minibatch drawn and prepared, forward,
// backward, SGD update) on the full CIFAR-10, in ms/iter; make bench puts
// it beside the numpy reference's ms_per_iter.
func BenchmarkDefaultRun(b *testing.B) {
	dir := fullDataDir(b)
	benchData.once.Do(func() { benchData.d, benchData.err = loadDataset(dir, 0) })
	if benchData.err != nil {
		b.Fatal(benchData.err)
	}
	c := train.Default()
	c.Iters = train.MaxIters
	pre, err := cifar.FitPreprocess(c.Preprocess, benchData.d.Train)
	if err != nil {
		b.Fatal(err)
	}
	data, err := cifar.NewData(benchData.d.Train, pre, nil, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	src := rng.New(c.Seed)
	net, err := nn.New(c.Spec(cifar.ImageBytes, cifar.Classes), src)
	if err != nil {
		b.Fatal(err)
	}
	tr, err := train.NewTrainer(c, net, data, nil, src)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(1000*b.Elapsed().Seconds()/float64(b.N), "ms/iter")
}
