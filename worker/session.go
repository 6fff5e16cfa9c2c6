package worker

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime/debug"
	"time"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// Session holds the worker's dataset, model and run; see the package
// documentation.
type Session struct {
	// WeightsEvery is the least time between two Weights events while
	// training. If zero, it is one second; if negative, every Tick sends
	// one.
	WeightsEvery time.Duration
	// ProgressEvery is the least time between two Progress events while a
	// run runs: the steps between them (their losses and epoch ends) are
	// reported together, so that the page draws a few times a second
	// rather than once a chunk. If zero, it is 250 ms; if negative, every
	// Tick sends one. A run that stops running (pause, step, its end)
	// reports its last steps before its state event.
	ProgressEvery time.Duration

	fetch Fetcher
	out   func(msg.Event)

	data  *dataset
	cfg   train.Config // of the last start, reset or import
	known bool         // cfg holds a configuration
	model *model       // nil before the first start or import
	state string

	run         *train.Trainer // nil unless state is ready (after a reset), running or paused
	seconds     float64        // time the run has spent in Tick
	steps       int            // steps asked by Step, still to take
	lastWeights time.Time

	pending      pendingProgress // steps taken, not yet reported
	lastProgress time.Time       // of the last Progress event

	pretrained map[cifar.Shape]*model // by image shape, loaded on first use

	pace  pace             // the Speed request's limit on a running run
	meter speedMeter       // the speed read-out's average over seconds
	now   func() time.Time // the clock of chunks, pace, cadence and meter; nil: time.Now (tests set it)
}

// model is a network with what it needs to read an image.
type model struct {
	net     *nn.Network
	pre     *cifar.Preprocess // nil: raw features
	pca     *cifar.PCA        // nil: none (only imported models have one)
	classes []string
	cfg     train.Config
	metrics map[string]float64 // saved with the model: iters, loss, val_acc, ...
}

// New returns a Session that fetches data with f and sends every event to
// out, from the goroutine that calls Handle or Tick.
func New(f Fetcher, out func(msg.Event)) *Session {
	return &Session{fetch: f, out: out, state: msg.StateIdle}
}

// Busy reports whether Tick has work to do: a run is going, or steps asked
// by a Step request remain.
func (s *Session) Busy() bool {
	return s.run != nil && (s.state == msg.StateRunning || s.steps > 0)
}

// Handle carries out one request and sends its answers. A failure, a panic
// included, is sent as one Error event with the request's ID.
func (s *Session) Handle(r msg.Request) {
	defer func() {
		if p := recover(); p != nil {
			s.emit(msg.Event{ID: r.ID, Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailInternal, Request: r.Kind,
				Message: fmt.Sprintf("internal error: %v", p), Stack: string(debug.Stack())}})
		}
	}()
	if err := s.handle(r); err != nil {
		s.emit(msg.Event{ID: r.ID, Kind: msg.Error, Err: msg.FailureOf(r.Kind, err)})
	}
}

func (s *Session) handle(r msg.Request) error {
	switch r.Kind {
	case msg.Load:
		return s.load(r.ID, r.Data)
	case msg.Start:
		return s.start(r.ID, r.Config, true)
	case msg.Reset:
		return s.start(r.ID, r.Config, false)
	case msg.Pause:
		return s.pause(r.ID)
	case msg.Resume:
		return s.resume(r.ID, r.Config)
	case msg.Step:
		return s.step(r.ID, r.Steps)
	case msg.Stop:
		return s.stop(r.ID)
	case msg.GradCheck:
		return s.gradCheck(r.ID, r.Reg)
	case msg.Predict:
		return s.predict(r.ID, r.Image, r.Pretrained)
	case msg.Evaluate:
		return s.evaluate(r.ID, r.Count)
	case msg.Export:
		return s.export(r.ID, r.Format)
	case msg.Import:
		return s.importModel(r.ID, r.Checkpoint)
	case msg.Speed:
		return s.setSpeed(r.Rate)
	case msg.SetWeight:
		return s.setWeight(r.ID, r.Weight)
	}
	return fmt.Errorf("unknown request (want %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s or %s)",
		msg.Load, msg.Start, msg.Pause, msg.Resume, msg.Step, msg.Stop, msg.Reset,
		msg.GradCheck, msg.Predict, msg.Evaluate, msg.Export, msg.Import, msg.Speed, msg.SetWeight)
}

// load makes name the loaded dataset. A run on another dataset is stopped.
func (s *Session) load(id int, name string) error {
	if _, _, err := parseDataName(name); err != nil {
		return err
	}
	d, fresh, err := s.dataset(id, name)
	if err != nil {
		return err
	}
	if !fresh { // dataset sent Loaded only if it loaded
		s.emit(msg.Event{ID: id, Kind: msg.Loaded, Info: d.info()})
	}
	return nil
}

// dataset returns the named dataset, loading it (and sending Loaded)
// unless it is the loaded one; fresh reports whether it loaded. Loading
// another dataset stops the current run, whose data it replaces.
func (s *Session) dataset(id int, name string) (d *dataset, fresh bool, err error) {
	name = canonical(name)
	if s.data != nil && s.data.name == name {
		return s.data, false, nil
	}
	d, err = s.loadData(id, name)
	if err != nil {
		return nil, false, err
	}
	if s.run != nil {
		// The run's data is gone; so is the point of its templates,
		// which would arrive after the new model's request (issue 12:
		// a toy run showed the old CIFAR net's templates).
		s.run, s.steps = nil, 0
		s.setState(id, msg.StateStopped, "")
	}
	s.data = d
	s.emit(msg.Event{ID: id, Kind: msg.Loaded, Info: d.info()})
	return d, true, nil
}

// emit sends e after replacing any value that JSON cannot hold.
func (s *Session) emit(e msg.Event) {
	sanitize(&e)
	s.out(e)
}

// setState records and announces a state. A run that stops running
// reports its last steps first.
func (s *Session) setState(id int, state, text string) {
	if s.state == msg.StateRunning && state != msg.StateRunning {
		s.flush()
	}
	if state != s.state || state != msg.StateRunning {
		s.meter.reset() // a new stretch of running: its own average
	}
	s.state = state
	s.emit(msg.Event{ID: id, Kind: msg.StateEvent, State: state, Text: text})
}

// sanitize replaces non-finite floats: gradient-check errors by 1 (a
// failure), everything else by 0. The session never produces them on
// purpose; this is the last guard before JSON, which cannot encode them.
func sanitize(e *msg.Event) {
	fix := func(v *float64) {
		if math.IsNaN(*v) || math.IsInf(*v, 0) {
			*v = 0
		}
	}
	for _, v := range []*float64{&e.LR, &e.MsPerStep, &e.PerSecond, &e.TestAcc} {
		fix(v)
	}
	for i := range e.Ends {
		fix(&e.Ends[i].TrainAcc)
		fix(&e.Ends[i].ValAcc)
	}
	for i := range e.Losses {
		fix(&e.Losses[i])
	}
	for i := range e.Probs {
		fix(&e.Probs[i])
	}
	for i := range e.ClassAcc {
		fix(&e.ClassAcc[i])
	}
	for i := range e.Guesses {
		for j := range e.Guesses[i].Probs {
			fix(&e.Guesses[i].Probs[j])
		}
	}
	for k, v := range e.Metrics {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			delete(e.Metrics, k)
		}
	}
	for i := range e.Checks {
		c := &e.Checks[i]
		if math.IsNaN(c.RelError) || math.IsInf(c.RelError, 0) {
			c.RelError, c.Pass = 1, false
		}
		fix(&c.Threshold)
	}
}

// errNoModel is the error of requests that need a model before there is one.
var errNoModel = errors.New("no model yet: start a run or import a model")

// checkpointOf returns m as a checkpoint in float64, exact.
func checkpointOf(m *model) (*checkpoint.Checkpoint, error) {
	c := m.core()
	c.Metrics = maps.Clone(m.metrics)
	return c.Checkpoint("Backprop Playground worker", "f64")
}
