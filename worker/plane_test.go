package worker

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/internal/testenv"
	"github.com/backprop-playground/playground/msg"
)

// TestPlaneTraining trains the spiral net of the classroom in a session,
// as the /plane page does: reset, resume, exports while it runs.
func TestPlaneTraining(t *testing.T) {
	t.Parallel()
	var events []msg.Event
	s := New(testenv.FSFetcher{}, func(e msg.Event) { events = append(events, e) })
	name := msg.PlaneData(plane.DefaultSpec())
	cfg := "data=" + strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(name, "%", "%25"), "&", "%26"), "?", "%3F") +
		"&hidden=16,16&act=relu&init=he&opt=adam&lr=0.01&schedule=constant&batch=32&iters=400&sampling=shuffle&pre=none&seed=1"
	loaded, model := runToEnd(t, s, &events, cfg)
	if loaded == nil || loaded.Name != name || loaded.Dim != 2 || loaded.Train != 300 || len(loaded.Classes) != 3 {
		t.Errorf("loaded %+v", loaded)
	}
	if s.state != msg.StateDone || model == nil {
		t.Errorf("state %s, model %d bytes", s.state, len(model))
	}
}

// TestPlaneRegressionFeatures trains TF Playground's "plane" regression
// from the features x₁, x₂, x₁² in a session: the data has 3 inputs and no
// classes, and the exported net has one output trained on squared error
// whose loss on the test points is below 0.01.
func TestPlaneRegressionFeatures(t *testing.T) {
	t.Parallel()
	var events []msg.Event
	s := New(testenv.FSFetcher{}, func(e msg.Event) { events = append(events, e) })
	spec := plane.Spec{Name: "regplane", Classes: 2, Points: 400, Noise: 0, Split: 0.5, Seed: 2, Features: []string{"x", "y", "xx"}}
	name := msg.PlaneData(spec)
	cfg := "data=" + url.QueryEscape(name) +
		"&hidden=8&act=tanh&init=xavier&opt=adam&lr=0.02&reg=0&schedule=constant&batch=20&iters=1500&sampling=shuffle&pre=none&seed=1"
	loaded, model := runToEnd(t, s, &events, cfg)
	if loaded == nil || loaded.Dim != 3 || loaded.Train != 200 || len(loaded.Classes) != 0 {
		t.Fatalf("loaded %+v", loaded)
	}
	c, err := checkpoint.Unmarshal(model)
	if err != nil {
		t.Fatal(err)
	}
	net, err := c.Network(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !net.Spec.Regression() || net.Spec.Classes != 1 || net.Spec.Inputs != 3 {
		t.Fatalf("exported spec %+v", net.Spec)
	}
	set, err := plane.Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	te := set.TestData()
	if loss := net.CostValues(te.X, te.T, 0); !(loss < 0.01) {
		t.Errorf("test loss %g after %s, want < 0.01", loss, s.state)
	}
}

// runToEnd resets s with cfg, runs it to its end and exports the net: it
// returns the dataset the worker loaded and the checkpoint, failing the
// test on an error event.
func runToEnd(t *testing.T, s *Session, events *[]msg.Event, cfg string) (*msg.DataInfo, []byte) {
	t.Helper()
	s.Handle(msg.Request{ID: 1, Kind: msg.Reset, Config: cfg})
	s.Handle(msg.Request{ID: 2, Kind: msg.Resume})
	for s.Tick(50 * time.Millisecond) {
	}
	s.Handle(msg.Request{ID: 3, Kind: msg.Export})
	var loaded *msg.DataInfo
	var model []byte
	for _, e := range *events {
		switch e.Kind {
		case msg.Error:
			t.Fatalf("error event: %s", e.Err)
		case msg.Loaded:
			loaded = e.Info
		case msg.Model:
			model = e.Checkpoint
		}
	}
	return loaded, model
}
