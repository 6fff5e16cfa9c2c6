package worker

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/backprop-playground/playground/msg"
)

// TestSetWeight: a paused run's weight is edited and the edit is what the
// next step starts from; a running run, a bad index and a bad value are
// refused with a reason and change nothing.
func TestSetWeight(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: planeRun})
	if e := doErr(t, s, rec, msg.Request{Kind: msg.SetWeight, Weight: &msg.WeightEdit{Layer: 0, From: 1, To: 2, Value: 0.5}}); !strings.Contains(e, "pause") {
		t.Errorf("editing a running run: %q", e)
	}
	s.Tick(time.Nanosecond)
	do(t, s, rec, msg.Request{Kind: msg.Pause})
	W := s.model.net.Dense()[1].W.Value
	ev := do(t, s, rec, msg.Request{Kind: msg.SetWeight, Weight: &msg.WeightEdit{Layer: 1, From: 3, To: 2, Value: -2.5}})
	if got := W.At(3, 2); got != -2.5 {
		t.Errorf("W2[3,2] = %g after the edit, want -2.5", got)
	}
	if st := ofKind(ev, msg.StateEvent); len(st) != 1 || st[0].State != msg.StatePaused {
		t.Errorf("the edit answered %v, want the paused state", ev)
	}
	for _, bad := range []msg.WeightEdit{{Layer: 2}, {Layer: 1, From: 8}, {Layer: 0, To: -1}, {Layer: 0, Value: math.NaN()}, {Layer: 0, Value: 1e4}} {
		before := W.At(0, 0)
		if e := doErr(t, s, rec, msg.Request{Kind: msg.SetWeight, Weight: &bad}); e == "" {
			t.Errorf("%+v accepted", bad)
		}
		if W.At(0, 0) != before {
			t.Errorf("%+v changed a weight", bad)
		}
	}
	// The next step starts from the edited weight: one SGD-like update
	// moves it by a small amount, not back to what it was.
	do(t, s, rec, msg.Request{Kind: msg.Step})
	s.Tick(time.Hour)
	if got := W.At(3, 2); math.Abs(got+2.5) > 0.1 {
		t.Errorf("W2[3,2] = %g a step after the edit to -2.5", got)
	}
}
