package worker

import (
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/msg"
)

// planeRun is a 3,000-step run of a small net on the default 2D spiral.
var planeRun = "data=" + url.QueryEscape(msg.PlaneData(plane.DefaultSpec())) + "&hidden=8&batch=16&iters=3000&pre=none&sampling=shuffle"

// TestSpeed: a Speed request limits a running run to its rate, on the
// session's clock (a fake one here: the test measures steps, not time);
// a burst after a long gap is capped; rate 0 lifts the limit; Step is not
// paced; bad rates are refused.
func TestSpeed(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	clock := time.Unix(1000, 0)
	s.now = func() time.Time { return clock }
	do(t, s, rec, msg.Request{Kind: msg.Speed, Rate: 20})
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: planeRun})
	tick := func(d time.Duration) {
		clock = clock.Add(d)
		s.Tick(time.Hour) // no time budget: only the pace stops a tick
	}
	for range 50 { // 5 s at 10 ticks a second
		tick(100 * time.Millisecond)
	}
	// 20 steps a second for 5 s, and the first step at once.
	if got := s.run.Iter(); got < 100 || got > 101 {
		t.Errorf("5 s at 20 steps/s: %d steps, want 100 (or 101)", got)
	}
	// A minute without ticks (a paused tab) catches up a quarter second.
	before := s.run.Iter()
	tick(time.Minute)
	if got := s.run.Iter() - before; got != 5 {
		t.Errorf("after a minute's gap: %d steps, want %d (a quarter second at 20/s)", got, 5)
	}
	// Step is not paced: 30 steps at once.
	do(t, s, rec, msg.Request{Kind: msg.Pause})
	before = s.run.Iter()
	do(t, s, rec, msg.Request{Kind: msg.Step, Steps: 30})
	s.Tick(time.Hour)
	if got := s.run.Iter() - before; got != 30 {
		t.Errorf("Step 30 while paced: %d steps", got)
	}
	// No limit: one tick takes everything left of the run.
	do(t, s, rec, msg.Request{Kind: msg.Speed, Rate: 0})
	do(t, s, rec, msg.Request{Kind: msg.Resume})
	tick(time.Millisecond)
	if s.state != msg.StateDone {
		t.Errorf("unpaced: state %s at step %d of 3000 after one unbounded tick", s.state, s.run.Iter())
	}
	rec.take()
	for _, bad := range []float64{-1, 2e6} {
		if e := doErr(t, s, rec, msg.Request{Kind: msg.Speed, Rate: bad}); !strings.Contains(e, "steps a second") {
			t.Errorf("rate %g: %q", bad, e)
		}
	}
}

// TestSpeedReadout: the ms/step a running run reports is its speed over
// the last seconds of wall time (the session's clock, fake here), not the
// last tick's compute time: paced at 20 steps a second, 50 ms a step and
// 20 minibatches a second, however fast each step computes.
func TestSpeedReadout(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	clock := time.Unix(1000, 0)
	s.now = func() time.Time { return clock }
	do(t, s, rec, msg.Request{Kind: msg.Speed, Rate: 20})
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: planeRun})
	for range 40 {
		clock = clock.Add(100 * time.Millisecond)
		s.Tick(time.Hour)
	}
	var last msg.Event
	for _, e := range ofKind(rec.take(), msg.Progress) {
		last = e
	}
	if math.Abs(last.MsPerStep-50) > 1e-9 || math.Abs(last.PerSecond-16*20) > 1e-6 {
		t.Errorf("paced at 20 steps/s: read-out %g ms/step, %g examples/s; want 50 and 320", last.MsPerStep, last.PerSecond)
	}
}

// TestChunkBoundedInTime: a Tick stops once its budget of the session's
// clock is spent, however many steps that is (a fake clock here, which
// every reading moves on 10 ms: a step "costs" 10 ms), so a Pause waits
// at most a budget and a step; and where the chunks fall changes nothing:
// the losses are those of one uninterrupted Tick, bit for bit, and so are
// the epoch ends the Progress events report.
func TestChunkBoundedInTime(t *testing.T) {
	t.Parallel()
	whole, rec := newSession(t)
	do(t, whole, rec, msg.Request{Kind: msg.Start, Config: planeRun})
	all := runAll(t, whole, rec) // time.Now: one chunk of a second, the whole run
	want, wantEnds := losses(t, all), endsOf(all)

	s, rec := newSession(t)
	clock := time.Unix(1000, 0)
	s.now = func() time.Time { clock = clock.Add(10 * time.Millisecond); return clock }
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: planeRun})
	var ev []msg.Event
	ticks, most := 0, 0
	for s.Busy() {
		before := s.run.Iter()
		s.Tick(50 * time.Millisecond)
		ticks++
		if s.run != nil {
			most = max(most, s.run.Iter()-before)
		}
		if ticks == 100 { // a Pause between two chunks acts at once
			ev = append(ev, rec.take()...)
			paused := do(t, s, rec, msg.Request{Kind: msg.Pause})
			if st := states(paused); !slices.Equal(st, []string{msg.StatePaused}) || s.Busy() {
				t.Fatalf("pause after a chunk: states %v, busy %v", st, s.Busy())
			}
			ev = append(ev, paused...)
			ev = append(ev, do(t, s, rec, msg.Request{Kind: msg.Resume})...)
		}
	}
	ev = append(ev, rec.take()...)
	// Reading the clock at the start and after each step: 50 ms are 5
	// readings, at most 5 steps.
	if most < 1 || most > 5 {
		t.Errorf("a 50 ms chunk took up to %d steps of 10 ms, want 1 to 5", most)
	}
	if got := losses(t, ev); !sameBits(got, want) {
		t.Errorf("%d chunks: losses differ from one uninterrupted run (%d and %d steps)", ticks, len(got), len(want))
	}
	if got := endsOf(ev); !slices.Equal(got, wantEnds) {
		t.Errorf("%d chunks: %d epoch ends, want %d, the same", ticks, len(got), len(wantEnds))
	}
	t.Logf("3,000 steps in %d chunks of at most %d steps", ticks, most)
}

// TestProgressCoalesced: a running run sends one Progress event per
// ProgressEvery (250 ms), not one per chunk, holding every step since the
// last one; a Pause sends the steps not yet reported before its state
// event; a Step's progress comes at once.
func TestProgressCoalesced(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	clock := time.Unix(1000, 0)
	s.now = func() time.Time { return clock }
	do(t, s, rec, msg.Request{Kind: msg.Speed, Rate: 100})
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: planeRun})
	for range 40 { // 2 s of 50 ms chunks, 5 steps each
		clock = clock.Add(50 * time.Millisecond)
		s.Tick(time.Hour)
	}
	ev := rec.take()
	prog := ofKind(ev, msg.Progress)
	// The first chunk reports at once, then one event per 250 ms.
	if len(prog) < 8 || len(prog) > 9 {
		t.Errorf("40 chunks in 2 s: %d Progress events, want 8 or 9 (one per 250 ms)", len(prog))
	}
	if len(endsOf(ev)) == 0 {
		t.Error("no epoch ends in 2 s of a run whose epochs are a dozen steps")
	}
	clock = clock.Add(50 * time.Millisecond)
	s.Tick(time.Hour) // steps not yet reported
	ev = append(ev, do(t, s, rec, msg.Request{Kind: msg.Pause})...)
	if k := ev[len(ev)-2].Kind; k != msg.Progress || ev[len(ev)-1].State != msg.StatePaused {
		t.Errorf("pause: %s then %s %s, want the last steps' progress, then state paused", k, ev[len(ev)-1].Kind, ev[len(ev)-1].State)
	}
	if got := steps(ev); got != s.run.Iter() || len(losses(t, ev)) != got {
		t.Errorf("%d steps reported of %d taken", got, s.run.Iter())
	}
	do(t, s, rec, msg.Request{Kind: msg.Step, Steps: 1})
	s.Tick(time.Hour)
	if p := ofKind(rec.take(), msg.Progress); len(p) != 1 || len(p[0].Losses) != 1 {
		t.Errorf("a step: %d Progress events, want one of one step", len(p))
	}
}
