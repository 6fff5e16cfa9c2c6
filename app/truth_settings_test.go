package app

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// TestScheduleWarning: the setup warns exactly when the step schedule
// takes the rate below 1/1,000 of its start before half of the run.
func TestScheduleWarning(t *testing.T) {
	t.Parallel()
	best := func(data string) train.Config {
		for _, pr := range presets {
			if pr.id == IDPresetReportBest {
				return pr.apply(withData(train.Default(), data))
			}
		}
		t.Fatal("no best-model preset")
		return train.Config{}
	}
	cfg := func(decay float64, batch, iters int, sampling string) train.Config {
		c := train.Default()
		c.Decay, c.Batch, c.Iters, c.Sampling = decay, batch, iters, sampling
		return c
	}
	for _, test := range []struct {
		name string
		c    train.Config
		n    int
		want string // "" for no warning
	}{
		// The case: the report's 0.8 per epoch with batch 1000
		// on 2,500 images is a decay per 2.5 steps: 0.8^31 < 1e-3 at
		// step 78 of 4,500.
		{"best unscaled on sample", cfg(0.8, 1000, 4500, "choice"), 2500, "after step 78 of 4,500"},
		// The report's own best run: 31 epochs of 49 steps (notebook
		// rule, from step 0) is step 1,471 of 4,500.
		{"best on full", best(msg.DataCIFAR), 49000, "after step 1,471 of 4,500"},
		// The preset on the sample is the report's 92 epochs (230 steps),
		// with the rate falling per image as in the report's first 230
		// steps: it stays above 1/1,000 of its start.
		{"best preset on sample", best(msg.DataSample), 2500, ""},
		// 0.95^80 ≈ 1.7e-2 at the end: too fast, but not below 1e-3.
		{"default on sample, unscaled", cfg(0.95, 200, 1000, "choice"), 2500, ""},
		{"default on full", train.Default(), 49000, ""},
		{"slow decay", cfg(0.99, 200, 1000, "choice"), 2500, ""},
		{"constant", func() train.Config { c := cfg(0.5, 200, 1000, "choice"); c.Schedule = "constant"; return c }(), 2500, ""},
		// 0.5^10 < 1e-3 after 10 epochs of 10 steps (shuffled).
		{"halving", cfg(0.5, 100, 1000, "shuffle"), 1000, "after step 100 of 1,000"},
		// The same at step 500 of 1,000 is not before half; 499 is.
		{"at half", cfg(0.5, 100, 1000, "shuffle"), 5000, ""},
		{"before half", cfg(0.5, 100, 1002, "shuffle"), 5000, "after step 500 of 1,002"},
	} {
		got := scheduleWarning(test.c, test.n)
		if (test.want == "") != (got == "") || !strings.Contains(got, test.want) {
			t.Errorf("%s: %q, want %q", test.name, got, test.want)
		}
	}
}

// TestPresetsScaleToTheSet: the report's presets decay per image seen as
// in the report: their own factors on the full set, scaled on the sample,
// where no warning fires for the default run.
func TestPresetsScaleToTheSet(t *testing.T) {
	t.Parallel()
	for _, pr := range presets[:2] {
		full := pr.apply(withData(train.Default(), msg.DataCIFAR))
		sample := pr.apply(withData(train.Default(), msg.DataSample))
		if want := map[string]float64{IDPresetReportDefault: 0.95, IDPresetReportBest: 0.8}[pr.id]; full.Decay != want {
			t.Errorf("%s on full CIFAR-10: decay %g, want the report's %g", pr.name, full.Decay, want)
		}
		if !(sample.Decay > full.Decay && sample.Decay < 1) {
			t.Errorf("%s on the sample: decay %g, want scaled above %g", pr.name, sample.Decay, full.Decay)
		}
		if sample.Data != msg.DataSample {
			t.Errorf("%s changed the data to %q", pr.name, sample.Data)
		}
	}
	// The best model: the report's 4,500 steps on the full set, its 92
	// epochs elsewhere (4,500 × 1,000 / 49,000 = 91.8).
	best := presets[1]
	if full := best.apply(withData(train.Default(), msg.DataCIFAR)); full.Iters != 4500 || full.Epochs != 0 {
		t.Errorf("%s on full CIFAR-10: %d iterations, %d epochs; want the report's 4,500 iterations", best.name, full.Iters, full.Epochs)
	}
	for _, data := range []string{msg.DataSample, "cifar:10000"} {
		if c := best.apply(withData(train.Default(), data)); c.Epochs != 92 {
			t.Errorf("%s on %s: %d epochs, want the report's 92", best.name, data, c.Epochs)
		}
	}
	if w := scheduleWarning(presets[0].apply(withData(train.Default(), msg.DataSample)), msg.SampleTrain); w != "" {
		t.Errorf("the default run on the sample warns: %s", w)
	}
}

// TestControls: the run bar's state machine, as a table.
func TestControlsStateMachine(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name string
		v    runView
		want controls
	}{
		{"fresh page", runView{state: msg.StateIdle}, controls{primary: actTrain, primaryOn: true, step: true, reset: true}},
		{"worker down", runView{state: msg.StateIdle, busy: true}, controls{primary: actTrain}},
		{"running", runView{state: msg.StateRunning, hasRun: true, started: true, iter: 10}, controls{primary: actPause, primaryOn: true, step: true, stop: true, reset: true}},
		{"paused", runView{state: msg.StatePaused, hasRun: true, started: true, iter: 10}, controls{primary: actResume, primaryOn: true, step: true, stop: true, reset: true}},
		// After Step from Ready, Train stays Train (it continues the run).
		{"stepped from ready", runView{state: msg.StatePaused, hasRun: true, iter: 1}, controls{primary: actContinue, primaryOn: true, step: true, stop: true, reset: true}},
		// Ready to step: nothing to stop yet.
		{"ready after reset", runView{state: msg.StateReady, hasRun: true}, controls{primary: actContinue, primaryOn: true, step: true, reset: true}},
		// The learning rate changed on a paused run: Resume takes it.
		{"paused, lr changed", runView{state: msg.StatePaused, hasRun: true, started: true, dirty: true, liveOnly: true, iter: 10}, controls{primary: actResume, primaryOn: true, step: true, stop: true, reset: true}},
		// The hidden size changed: a new run.
		{"paused, net changed", runView{state: msg.StatePaused, hasRun: true, started: true, dirty: true, iter: 10}, controls{primary: actTrainAnew, primaryOn: true, step: true, stop: true, reset: true}},
		{"done", runView{state: msg.StateDone, iter: 500}, controls{primary: actTrain, primaryOn: true, step: true, reset: true}},
		{"pausing", runView{state: msg.StateRunning, hasRun: true, started: true, busy: true}, controls{primary: actPause}},
	} {
		if got := controlsFor(test.v); got != test.want {
			t.Errorf("%s: %+v, want %+v", test.name, got, test.want)
		}
	}
	a := train.Default()
	b := a
	b.LR, b.Reg = 0.5, 0.1
	if !liveOnly(a, b) {
		t.Error("lr and reg are live")
	}
	b.Hidden = []int{7}
	if liveOnly(a, b) {
		t.Error("hidden is not live")
	}
}

// TestSizesWith: the training-size select offers a link's own size.
func TestSizesWith(t *testing.T) {
	t.Parallel()
	if got := sizesWith(msg.DataCIFAR, 123); got[0] != 123 || len(got) != len(fullSizes[msg.DataCIFAR])+1 {
		t.Errorf("sizesWith(123) = %v", got)
	}
	if got := sizesWith(msg.DataCIFAR, 5000); len(got) != len(fullSizes[msg.DataCIFAR]) {
		t.Errorf("sizesWith(5000) = %v", got)
	}
}

// TestRestoreAfterTrain: a kept model whose restore completes after Train
// was pressed does not bring its charts or settings into the new run.
func TestRestoreAfterTrain(t *testing.T) {
	p, _ := newTestPage(t)
	p.apply(msg.Event{Kind: msg.Ready})
	p.model.pending = &keptRun{Iter: 196, Iters: 196, Epoch: 5, History: &history{Iters: []float64{1, 2}, Raw: []float64{2.3, 2.2}, Smooth: []float64{2.3, 2.25}}}
	id := p.send(msg.Request{Kind: msg.Import}, p.onRestore)
	p.train() // the user is quicker than the restore
	if p.waiting == "" {
		t.Fatal("Train sent nothing")
	}
	receive(p, msg.Event{ID: id, Kind: msg.StateEvent, State: msg.StateReady, Text: "imported", Config: "data=sample&hidden=7"})
	if len(p.hist.Raw) != 0 || p.iter != 0 || p.runCfg.Hidden[0] == 7 || p.waiting == "" {
		t.Errorf("the restored run leaked into the new one: hist %v, iter %d, hidden %v, waiting %q", p.hist.Raw, p.iter, p.runCfg.Hidden, p.waiting)
	}
}

// TestLateWeightsIgnored: templates the old model sent before the worker
// took a new Start do not show over the new model.
func TestLateWeightsIgnored(t *testing.T) {
	p, _ := newTestPage(t)
	p.apply(msg.Event{Kind: msg.Ready})
	pause := p.send(msg.Request{Kind: msg.Pause}, p.onRun)
	p.start()
	p.apply(msg.Event{Kind: msg.Weights, Count: 1, Side: 1, Pixels: []byte{1, 2, 3, 4}})
	if p.weights.count != 0 {
		t.Errorf("late templates of the old model shown: %+v", p.weights)
	}
	receive(p, msg.Event{ID: p.modelReq, Kind: msg.StateEvent, State: msg.StateRunning})
	receive(p, msg.Event{ID: pause, Kind: msg.Weights, Count: 1, Side: 1, Pixels: []byte{1, 2, 3, 4}})
	if p.weights.count != 0 {
		t.Errorf("the old model's pause templates shown over the new run: %+v", p.weights)
	}
	receive(p, msg.Event{ID: p.modelReq, Kind: msg.Weights, Count: 1, Side: 1, Pixels: []byte{1, 2, 3, 4}})
	if p.weights.count != 1 {
		t.Errorf("the new model's templates not shown: %+v", p.weights)
	}
}

// TestGradSummaryShown: the panel shows the worker's verdict sentence.
func TestGradSummaryShown(t *testing.T) {
	p, sent := newTestPage(t)
	p.apply(msg.Event{Kind: msg.Ready})
	p.workerUp, p.state, p.runCfg = true, msg.StateReady, p.cfg // a model built from the settings
	g := &gradPanel{Page: p}
	g.check()
	receive(p, msg.Event{ID: last(t, *sent, msg.GradCheck).ID, Kind: msg.GradResult, Summary: "Backprop agrees with finite differences (4 entries, worst relative error 1.0e-09).",
		Checks: []msg.Check{{Name: "W1", Shape: [2]int{2, 2}, Entries: 4, Pass: true, Threshold: 1e-4}}})
	g.Of = p.subject()
	if !strings.Contains(app.HTMLString(g), "Backprop agrees with finite differences (4 entries") {
		t.Error("the verdict is not in the panel")
	}
	// A view of a model that is gone is not shown: the settings of the
	// model that was only built change, and the answer was of the old ones.
	setup(p).setField("lr", "0.0123")
	g.Of = p.subject()
	if strings.Contains(app.HTMLString(g), "Backprop agrees") {
		t.Error("the check of the old settings is still shown")
	}
}
