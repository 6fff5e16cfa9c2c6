package worker

import (
	"strings"
	"testing"
	"time"

	"github.com/backprop-playground/playground/msg"
)

// TestResumeLive: a paused run resumes with a new learning rate and L2
// strength, and refuses a change of its network.
func TestResumeLive(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: smallSample})
	s.Tick(time.Nanosecond)
	do(t, s, rec, msg.Request{Kind: msg.Pause})
	lr := s.run.Progress().LR
	do(t, s, rec, msg.Request{Kind: msg.Resume, Config: strings.NewReplacer("lr=1e-3", "lr=2e-3", "reg=0.01", "reg=0.5").Replace(smallSample)})
	if s.state != msg.StateRunning || s.run.Progress().LR != 2*lr || s.run.Config.Reg != 0.5 {
		t.Errorf("after a live resume: state %s, lr %g (want %g), reg %g", s.state, s.run.Progress().LR, 2*lr, s.run.Config.Reg)
	}
	do(t, s, rec, msg.Request{Kind: msg.Pause})
	if e := doErr(t, s, rec, msg.Request{Kind: msg.Resume, Config: strings.Replace(smallSample, "hidden=16", "hidden=7", 1)}); !strings.Contains(e, "only the learning rate and the L2 strength") {
		t.Errorf("resume with another hidden size: %q", e)
	}
}

// TestNoStaleTemplatesOnNewData: starting a run on other data stops the
// old run without sending the old model's templates (the page would show
// them over the new model).
func TestNoStaleTemplatesOnNewData(t *testing.T) {
	t.Parallel()
	s, rec := newSession(t)
	do(t, s, rec, msg.Request{Kind: msg.Start, Config: smallSample})
	s.Tick(time.Nanosecond)
	do(t, s, rec, msg.Request{Kind: msg.Pause})
	ev := do(t, s, rec, msg.Request{Kind: msg.Start, Config: "data=toy"})
	if w := ofKind(ev, msg.Weights); len(w) != 0 {
		t.Errorf("starting the toy run sent %d template events of the old model (%s)", len(w), kinds(ev))
	}
}
