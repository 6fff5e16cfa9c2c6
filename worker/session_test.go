package worker

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backprop-playground/playground/core/toy"
	"github.com/backprop-playground/playground/msg"
)

// A small net on the sample, quick enough for every test.
const smallSample = "data=sample&hidden=16&batch=50&iters=60&lr=1e-3&opt=momentum&std=1e-3&seed=3&reg=0.01"

// TestToyMatchesCore runs the toy problem through the session and checks
// that it is exactly core/toy's training (the notebook's).
func TestToyMatchesCore(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	ev := do(t, s, rec, msg.Request{ID: 1, Kind: msg.Start, Config: "data=toy"})
	if got := kinds(ev); got != "loaded state:running" {
		t.Fatalf("start events: %s, want loaded (the toy problem needs no loading events) and running", got)
	}
	ev = runAll(t, s, rec)
	got := losses(t, ev)
	want, err := toy.Report().Train()
	if err != nil {
		t.Fatal(err)
	}
	if !sameBits(got, want) {
		t.Fatalf("toy losses differ from core/toy's:\n got %v\nwant %v", got, want)
	}
	if st := states(ev); !slices.Equal(st, []string{msg.StateDone}) {
		t.Errorf("states %v, want [done]", st)
	}
	if len(endsOf(ev)) == 0 {
		t.Errorf("no epoch events")
	}
	if len(ofKind(ev, msg.Weights)) != 0 {
		t.Errorf("weights sent for a net that reads no images")
	}
}

// TestStartProgressEpoch follows a run on the sample: loading, the first
// weights, progress covering every step, epochs, the end.
func TestStartProgressEpoch(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	ev := do(t, s, rec, msg.Request{ID: 7, Kind: msg.Start, Config: smallSample})
	load := ofKind(ev, msg.Loading)
	if len(load) == 0 || load[len(load)-1].Done != load[len(load)-1].Total {
		t.Errorf("loading events %+v: want some, the last complete", load)
	}
	if in := ofKind(ev, msg.Loaded); len(in) != 1 || in[0].Info.Name != "sample" {
		t.Errorf("start: loaded events %+v, want the sample's", in)
	}
	for _, e := range ev {
		if e.ID != 7 {
			t.Errorf("%s event with ID %d, want 7", e.Kind, e.ID)
		}
	}
	if st := states(ev); !slices.Equal(st, []string{msg.StateRunning}) {
		t.Errorf("start states %v", st)
	}
	w := ofKind(ev, msg.Weights)
	if len(w) != 1 || w[0].Side != 32 || w[0].Count != 16 || len(w[0].Pixels) != 16*32*32*4 {
		t.Fatalf("weights events %d (side %d, count %d, %d bytes): want one, 16 templates of 32×32 RGBA", len(w), w[0].Side, w[0].Count, len(w[0].Pixels))
	}
	if !s.Busy() {
		t.Fatal("not busy after start")
	}
	ev = runAll(t, s, rec)
	if n := len(losses(t, ev)); n != 60 {
		t.Errorf("%d losses, want 60", n)
	}
	for _, e := range ofKind(ev, msg.Progress) {
		if e.Iters != 60 || e.MsPerStep <= 0 || e.PerSecond <= 0 || e.LR <= 0 {
			t.Errorf("progress %+v: want iters 60 and positive speeds and lr", e)
		}
	}
	// 2500 images / 50 = 50 steps an epoch; the report's epoch ends are
	// steps 0 and 50.
	ep := endsOf(ev)
	if len(ep) != 2 || ep[0].Iter != 1 || ep[1].Iter != 51 || ep[1].Epoch != 2 {
		t.Errorf("epochs %+v, want ends after steps 1 and 51", ep)
	}
	for _, e := range ep {
		if e.ValAcc <= 0 || e.ValAcc > 1 || e.TrainAcc < 0 || e.TrainAcc > 1 {
			t.Errorf("epoch accuracies %g, %g", e.TrainAcc, e.ValAcc)
		}
	}
	if st := states(ev); !slices.Equal(st, []string{msg.StateDone}) || ofKind(ev, msg.StateEvent)[0].Text != "done" {
		t.Errorf("end states %v", st)
	}
	if s.Busy() || s.Tick(time.Second) || len(rec.take()) != 0 {
		t.Errorf("a finished run still ticks")
	}
}

// uninterrupted returns the losses of the run of config, taken in one go.
func uninterrupted(t *testing.T, config string) []float64 {
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: config})
	return losses(t, runAll(t, s, rec))
}

// TestPauseStepResume checks that pausing, stepping and resuming change
// nothing in the run: the losses are those of an uninterrupted run.
func TestPauseStepResume(t *testing.T) {
	t.Parallel()
	want := uninterrupted(t, smallSample)
	s, rec := newSession(t)
	all := do(t, s, rec, msg.Request{Kind: msg.Start, Config: smallSample})
	s.Tick(time.Nanosecond) // one step
	ev := do(t, s, rec, msg.Request{ID: 2, Kind: msg.Pause})
	all = append(all, ev...)
	if st := states(ev); !slices.Equal(st, []string{msg.StatePaused}) {
		t.Fatalf("pause: states %v", st)
	}
	if s.Busy() || s.Tick(time.Second) {
		t.Fatal("a paused run ticks")
	}
	for _, n := range []int{0, 5, 3} {
		all = append(all, do(t, s, rec, msg.Request{Kind: msg.Step, Steps: n})...)
		for s.Tick(time.Second) {
		}
		ev := rec.take()
		all = append(all, ev...)
		if got, want := steps(ev), max(n, 1); got != want {
			t.Errorf("step %d: %d steps taken, want %d", n, got, want)
		}
		if s.state != msg.StatePaused {
			t.Fatalf("state %s after stepping, want paused", s.state)
		}
	}
	ev = do(t, s, rec, msg.Request{Kind: msg.Resume})
	if st := states(ev); !slices.Equal(st, []string{msg.StateRunning}) || !s.Busy() {
		t.Fatalf("resume: states %v, busy %v", st, s.Busy())
	}
	all = append(all, ev...)
	all = append(all, runAll(t, s, rec)...)
	if got := losses(t, all); !sameBits(got, want) {
		t.Errorf("losses after pause/step/resume differ from an uninterrupted run:\n got %v\nwant %v", got, want)
	}
}

// TestStepWhileRunningPauses: a step request pauses a running run first.
func TestStepWhileRunningPauses(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: "data=toy"})
	ev := do(t, s, rec, msg.Request{Kind: msg.Step, Steps: 2})
	if st := states(ev); !slices.Equal(st, []string{msg.StatePaused}) {
		t.Errorf("states %v, want [paused]", st)
	}
	for s.Tick(time.Second) {
	}
	if got := steps(rec.take()); got != 2 {
		t.Errorf("%d steps, want 2", got)
	}
	// Asking for more steps than remain takes the rest and ends the run.
	do(t, s, rec, msg.Request{Kind: msg.Step, Steps: 1000})
	ev = runAll(t, s, rec)
	if got := steps(ev); got != 98 || s.state != msg.StateDone {
		t.Errorf("%d more steps and state %s, want 98 and done", got, s.state)
	}
}

func TestStop(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: smallSample})
	s.Tick(time.Nanosecond)
	ev := do(t, s, rec, msg.Request{ID: 3, Kind: msg.Stop})
	if st := states(ev); !slices.Equal(st, []string{msg.StateStopped}) {
		t.Fatalf("stop: states %v", st)
	}
	if s.Busy() || s.Tick(time.Second) {
		t.Error("a stopped run ticks")
	}
	if e := doErr(t, s, rec, msg.Request{ID: 4, Kind: msg.Resume}); !strings.Contains(e, "no run to resume") {
		t.Errorf("resume after stop: %q", e)
	}
	if e := doErr(t, s, rec, msg.Request{ID: 5, Kind: msg.Step}); !strings.Contains(e, "no run to step") {
		t.Errorf("step after stop: %q", e)
	}
	// The model is kept.
	if ev := do(t, s, rec, msg.Request{Kind: msg.Export}); len(ofKind(ev, msg.Model)) != 1 {
		t.Errorf("export after stop: %s", kinds(ev))
	}
	// Stop and pause when nothing runs just restate the state.
	for _, k := range []msg.Kind{msg.Stop, msg.Pause} {
		if st := states(do(t, s, rec, msg.Request{Kind: k})); !slices.Equal(st, []string{msg.StateStopped}) {
			t.Errorf("%s when stopped: states %v", k, st)
		}
	}
}

// TestResetReproducible: the same configuration gives the same run.
func TestResetReproducible(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	if e := doErr(t, s, rec, msg.Request{Kind: msg.Reset}); !strings.Contains(e, "no configuration yet") {
		t.Errorf("reset before start: %q", e)
	}
	config := strings.Replace(smallSample, "iters=60", "iters=30", 1) + "&fliph=true&shift=2&dropout=0.2"
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: config})
	first := losses(t, runAll(t, s, rec))
	ev := do(t, s, rec, msg.Request{Kind: msg.Reset})
	if st := states(ev); !slices.Equal(st, []string{msg.StateReady}) || len(ofKind(ev, msg.Weights)) != 1 {
		t.Fatalf("reset: %s", kinds(ev))
	}
	if s.Busy() {
		t.Fatal("a reset run starts by itself")
	}
	do(t, s, rec, msg.Request{Kind: msg.Resume})
	second := losses(t, runAll(t, s, rec))
	if len(first) != 30 || !sameBits(first, second) {
		t.Errorf("reset run differs:\n first %v\nsecond %v", first, second)
	}
	// A new seed is a new run.
	do(t, s, rec, msg.Request{Kind: msg.Reset, Config: strings.Replace(config, "seed=3", "seed=4", 1)})
	do(t, s, rec, msg.Request{Kind: msg.Resume})
	if third := losses(t, runAll(t, s, rec)); sameBits(first, third) {
		t.Errorf("seed 4 gave the losses of seed 3")
	}
}
