package worker

import (
	"math"
	"net/url"
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
