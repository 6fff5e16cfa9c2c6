//go:build !js

package app

import (
	"os"
	"testing"
	"time"

	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
	"github.com/backprop-playground/playground/worker"
)

// TestReportDefaultOnSample runs the "Report: default run" preset on the
// sample in the worker's own session (natively: 1,000 steps take minutes in
// a loaded browser; TestTruth in cmd/serve runs Best known there): with its
// decay scaled to the set it learns, validation ending well above chance,
// where the report's unscaled 0.95 per 12.5 steps left it near 20%.
func TestReportDefaultOnSample(t *testing.T) {
	t.Parallel()
	c := presets[0].apply(withData(train.Default(), msg.DataSample))
	var epochs []msg.Event
	var failed string
	s := worker.New(worker.FSFetcher{worker.SampleURL: os.DirFS("../assets/cifar-sample")}, func(e msg.Event) {
		switch e.Kind {
		case msg.Epoch:
			epochs = append(epochs, e)
		case msg.Error:
			failed = e.Err.Error()
		}
	})
	s.Handle(msg.Request{Kind: msg.Start, Config: linkOf(c)})
	for s.Busy() {
		s.Tick(time.Second)
	}
	if failed != "" || len(epochs) == 0 {
		t.Fatalf("error %q, %d epochs", failed, len(epochs))
	}
	last := epochs[len(epochs)-1]
	t.Logf("%s: epoch %d, validation %.3f after %d steps", presets[0].name, last.Epoch, last.ValAcc, last.Iter)
	if last.ValAcc < 0.25 || last.Epoch != 80 {
		t.Errorf("validation %.3f at epoch %d, want above 0.25 (chance 0.1) at epoch 80", last.ValAcc, last.Epoch)
	}
}
