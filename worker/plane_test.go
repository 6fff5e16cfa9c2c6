package worker

import (
	"strings"
	"testing"
	"time"

	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/msg"
)

// TestPlaneTraining trains the spiral net of the classroom in a session,
// as the /plane page does: reset, resume, exports while it runs.
func TestPlaneTraining(t *testing.T) {
	t.Parallel()
	var events []msg.Event
	s := New(FSFetcher{}, func(e msg.Event) { events = append(events, e) })
	name := msg.PlaneData(plane.DefaultSpec())
	cfg := "data=" + strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(name, "%", "%25"), "&", "%26"), "?", "%3F") +
		"&hidden=16,16&act=relu&init=he&opt=adam&lr=0.01&schedule=constant&batch=32&iters=400&sampling=shuffle&pre=none&seed=1"
	s.Handle(msg.Request{ID: 1, Kind: msg.Reset, Config: cfg})
	s.Handle(msg.Request{ID: 2, Kind: msg.Resume})
	for s.Tick(50 * time.Millisecond) {
	}
	s.Handle(msg.Request{ID: 3, Kind: msg.Export})
	var loaded *msg.DataInfo
	var model []byte
	for _, e := range events {
		switch e.Kind {
		case msg.Error:
			t.Fatalf("error event: %s", e.Err)
		case msg.Loaded:
			loaded = e.Info
		case msg.Model:
			model = e.Checkpoint
		}
	}
	if loaded == nil || loaded.Name != name || loaded.Dim != 2 || loaded.Train != 300 || len(loaded.Classes) != 3 {
		t.Errorf("loaded %+v", loaded)
	}
	if s.State() != msg.StateDone || model == nil {
		t.Errorf("state %s, model %d bytes", s.State(), len(model))
	}
}
