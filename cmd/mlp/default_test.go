package main

import (
	"context"
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/internal/testenv"
)

// parityIters is how long the default run goes in TestDefaultRun: past
// the first epoch's end (245 steps of 200 of the 49,000 training images),
// so that the learning-rate decay is compared too, and a quarter of the
// report's 1000 steps (the whole run is docs/experiments.md (a)).
const parityIters = 250

// TestDefaultRun is the report's default run (hidden 50, batch 200, lr
// 1e-4 decayed by 0.95 per epoch, reg 0.25, std 1e-4, mean-image
// subtraction) on the full CIFAR-10 for parityIters steps, beside numpy's
// ../shared/reference/cifar_reference.py run for as many steps (in
// parallel): the Go run draws numpy's weights and batches (core/rng), so
// the final loss must be numpy's to 1e-9 (only the order of floating-point
// sums differs) and the accuracies numpy's.
func TestDefaultRun(t *testing.T) {
	if testing.Short() {
		t.Skip("the full CIFAR-10 run takes ~20 s")
	}
	dir := testenv.CIFAR10Dir(t)
	type numpyResult struct {
		Loss     float64 `json:"final_loss"`
		TrainAcc float64 `json:"train_acc"`
		ValAcc   float64 `json:"val_acc"`
		MsIter   float64 `json:"ms_per_iter"`
	}
	numpy := make(chan numpyResult, 1)
	go func() {
		defer close(numpy)
		script := filepath.Join(testenv.ReferenceDir(t), "cifar_reference.py")
		out, err := exec.Command(python, script, dir, "--iters", strconv.Itoa(parityIters)).Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Errorf("%s %s: %v\n%s(needs python3-numpy)", python, script, err, stderr)
			return
		}
		var r numpyResult
		if err := json.Unmarshal(out, &r); err != nil {
			t.Errorf("%s: %v", script, err)
			return
		}
		numpy <- r
	}()

	d, err := loadDataset(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	f, err := newFeatures(d, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := train.Default()
	c.Iters = parityIters
	res, _, err := trainRun(context.Background(), c, f, runOptions{}, hooks{})
	if err != nil {
		t.Fatal(err)
	}
	np, ok := <-numpy
	if !ok {
		return
	}
	t.Logf("Go: val %.3f, train %.3f, final loss %.15g, %.1f ms/iteration; numpy: val %.3f, train %.3f, final loss %.15g, %.1f ms/iteration",
		res.ValAcc, res.TrainAcc, res.Loss, res.MsIter, np.ValAcc, np.TrainAcc, np.Loss, np.MsIter)
	if res.Iters != parityIters {
		t.Errorf("%d iterations, want %d", res.Iters, parityIters)
	}
	if rel := math.Abs(res.Loss-np.Loss) / np.Loss; rel > 1e-9 {
		t.Errorf("final loss %.15g, numpy's %.15g (relative difference %.2g): the runs no longer draw the same numbers",
			res.Loss, np.Loss, rel)
	}
	// Accuracies are counts of 1,000 images: equal, or one image apart
	// where a score is tied to the last bits.
	if math.Abs(res.TrainAcc-np.TrainAcc) > 1.5e-3 {
		t.Errorf("training accuracy %.3f, numpy's %.3f", res.TrainAcc, np.TrainAcc)
	}
	// Go keeps the best of the epoch-end and final models; numpy reports
	// the final one.
	if res.ValAcc < np.ValAcc-1.5e-3 {
		t.Errorf("validation accuracy %.3f, below numpy's final %.3f", res.ValAcc, np.ValAcc)
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
	dir := testenv.CIFAR10Dir(b)
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
