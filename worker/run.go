package worker

import (
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	coremodel "github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// Limits on what a run may allocate; see msg.MaxParams.
const (
	MaxParams      = msg.MaxParams
	MaxBatchValues = msg.MaxBatchValues
)

// parseConfig reads a Start or Reset query. Its dataset is data=..., else
// the loaded one, else the sample; absent keys take that dataset's
// defaults.
func (s *Session) parseConfig(query string) (train.Config, error) {
	name := ""
	if v, err := url.ParseQuery(strings.TrimLeft(query, "?#")); err == nil {
		name = v.Get("data")
	}
	if name == "" {
		name = msg.DataSample
		if s.data != nil {
			name = s.data.name
		}
	}
	if _, _, err := msg.ParseData(name); err != nil {
		return train.Config{}, &nn.ConfigError{Field: "data", Value: fmt.Sprintf("%q", name), Reason: msg.DataNamesWanted}
	}
	// Validated once, by start: msg.CheckConfig holds train.Validate.
	c, err := train.ParseOnly(query, msg.Defaults(name))
	if err != nil {
		return train.Config{}, err
	}
	c.Data = msg.CanonicalData(c.Data)
	return c, nil
}

// start builds a fresh model and run from query (for a reset, the last
// configuration if query is empty) and runs it, or leaves it ready.
func (s *Session) start(id int, query string, running bool) error {
	var c train.Config
	if !running && strings.TrimLeft(query, "?#") == "" {
		if !s.known {
			return errors.New("no configuration yet: start a run first")
		}
		c = s.cfg
	} else {
		var err error
		if c, err = s.parseConfig(query); err != nil {
			return err
		}
	}
	// The one validation of a config entering the worker: everything
	// that does not need the images, before loading them.
	if err := msg.CheckConfig(c); err != nil {
		return err
	}
	d, _, err := s.dataset(id, c.Data)
	if err != nil {
		return err
	}
	m, t, err := build(c, d, nil)
	if err != nil {
		return err
	}
	// The last run's steps not yet reported are of a model the page has
	// left: they do not enter the new run's first Progress event.
	s.model, s.run, s.cfg, s.known, s.pending = m, t, c, true, pendingProgress{}
	s.steps, s.seconds, s.lastProgress = 0, 0, time.Time{}
	state := msg.StateReady
	if running {
		state = msg.StateRunning
	}
	s.setState(id, state, "")
	s.sendWeights(id)
	return nil
}

// build returns the network, its model and its trainer for c on d; c has
// passed msg.CheckConfig. If kept is not nil, the run continues the one
// kept saved (a checkpoint with Progress, of c): its weights,
// preprocessing, progress and optimizer moments, with the minibatches
// drawn from train.ResumeSeed (as mlp train -resume does).
func build(c train.Config, d *dataset, kept *checkpoint.Checkpoint) (*model, *train.Trainer, error) {
	if d.images == nil {
		matrix := func(*rng.RandomState) (train.Data, train.Data, error) {
			return train.Matrix{X: d.toyX, Y: d.toyY, T: d.toyT}, nil, nil
		}
		net, t, err := coremodel.NewRun(c, d.spec(c), kept, nil, matrix)
		if err != nil {
			return nil, nil, err
		}
		return &model{net: net, classes: d.classes, cfg: c, metrics: map[string]float64{}}, t, nil
	}
	pre := (*cifar.Preprocess)(nil)
	if kept != nil && kept.Preprocess != nil {
		pre = kept.Preprocess
	} else {
		var err error
		if pre, err = d.preprocess(c.Preprocess); err != nil {
			return nil, nil, err
		}
	}
	cm, t, err := coremodel.ImageRun(c, coremodel.Images{Train: d.images.Train, Val: d.images.Val, Classes: d.classes, Pre: pre, From: kept})
	if err != nil {
		return nil, nil, err
	}
	return &model{net: cm.Net, pre: pre, classes: d.classes, cfg: c, metrics: map[string]float64{}}, t, nil
}

// spec returns the network c describes for d: its inputs and classes, or
// one output trained on squared error for a regression set.
func (d *dataset) spec(c train.Config) nn.Spec {
	if d.toyT != nil {
		s := c.Spec(d.dim(), 1)
		s.Loss = nn.LossSquared
		return s
	}
	return c.Spec(d.dim(), len(d.classes))
}

// pause pauses a running run; otherwise it restates the state.
func (s *Session) pause(id int) error {
	s.steps = 0
	if s.state != msg.StateRunning {
		s.setState(id, s.state, "")
		return nil
	}
	s.setState(id, msg.StatePaused, "")
	s.sendWeights(id)
	return nil
}

// resume continues the run; a non-empty query may change its live
// settings (train.LiveFields: the learning rate, the L2 strength) first.
func (s *Session) resume(id int, query string) error {
	if s.run == nil {
		return fmt.Errorf("no run to resume (the worker is %s): start one", s.state)
	}
	if query != "" {
		c, err := s.parseConfig(query)
		if err == nil {
			err = msg.CheckConfig(c)
		}
		if err == nil {
			err = s.run.SetLive(c)
		}
		if err != nil {
			return err
		}
		s.model.cfg = c
	}
	s.steps = 0
	s.setState(id, msg.StateRunning, "")
	return nil
}

// step asks Tick for n more steps (0 means 1), pausing a running run.
func (s *Session) step(id, n int) error {
	if n == 0 {
		n = 1
	}
	if n < 0 || n > train.MaxIters {
		return fmt.Errorf("%d steps: want 1 to %d", n, train.MaxIters)
	}
	if s.run == nil {
		return fmt.Errorf("no run to step (the worker is %s): start or reset one", s.state)
	}
	if s.state != msg.StatePaused {
		s.setState(id, msg.StatePaused, "")
	}
	s.steps = min(s.steps+n, s.run.Total()-s.run.Iter())
	return nil
}

// stop ends the run, keeping the model.
func (s *Session) stop(id int) error {
	if s.run == nil {
		s.setState(id, s.state, "")
		return nil
	}
	s.endRun(id, msg.StateStopped, "")
	return nil
}

// endRun drops the run and announces its end, after its last steps.
func (s *Session) endRun(id int, state, text string) {
	s.flush()
	s.run, s.steps = nil, 0
	s.setState(id, state, text)
	s.sendWeights(id)
}

// Tick trains for about budget of the session's clock (at least one
// step) if a run is going or steps were asked, and then sends, when due,
// one Progress event for the steps taken since the last one (with the
// epochs that ended among them) and a Weights event now and then, and the
// state and error events of the run's end. It returns Busy(): whether it
// has more to do. A panic stops the run and is sent as an Error event.
//
// The budget bounds a chunk in time, whatever a step costs: the caller
// reads its messages between chunks, so a Pause waits at most a budget
// and one step. Where the chunks fall changes nothing in the run: steps
// are taken one after the other in any case.
func (s *Session) Tick(budget time.Duration) (busy bool) {
	defer func() {
		if p := recover(); p != nil {
			s.emit(msg.Event{Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailInternal,
				Message: fmt.Sprintf("training: internal error: %v", p), Stack: string(debug.Stack())}})
			s.run, s.steps, s.pending = nil, 0, pendingProgress{}
			s.setState(0, msg.StateStopped, "internal error")
			busy = false
		}
	}()
	if !s.Busy() {
		return false
	}
	t := s.run
	// A running run keeps to the Speed request's rate; asked steps don't.
	allowed := -1
	if s.steps == 0 {
		if allowed = s.pace.allow(s.clock()); allowed == 0 {
			return true
		}
	}
	start, began := s.clock(), time.Now()
	p := &s.pending
	var (
		n      int    // steps taken in this chunk
		stop   string // why the run ended, if it did
		failed error
	)
	for {
		ev, err := t.Step()
		if err != nil {
			failed = err
			break
		}
		n++
		p.losses, p.lr = append(p.losses, ev.Loss), ev.LR
		s.model.metrics["loss"] = ev.Loss
		if ev.EpochEnd {
			p.ends = append(p.ends, msg.EpochEnd{Iter: ev.Iter + 1, Epoch: ev.Epoch, TrainAcc: ev.TrainAcc, ValAcc: ev.ValAcc, Best: ev.Best})
			s.model.metrics["train_acc"] = ev.TrainAcc
			if vd := t.BestValAcc(); vd >= 0 {
				s.model.metrics["val_acc"], s.model.metrics["best_val_acc"] = ev.ValAcc, vd
			}
		}
		if ev.Stop != "" {
			stop = ev.Stop
			break
		}
		if s.steps > 0 {
			if s.steps--; s.steps == 0 {
				break
			}
		}
		if (s.state != msg.StateRunning && s.steps == 0) || s.clock().Sub(start) >= budget || n == allowed {
			break
		}
	}
	if allowed > 0 {
		s.pace.took(n)
	}
	elapsed := time.Since(began).Seconds()
	s.seconds += elapsed
	p.seconds += elapsed
	p.iter, p.iters, p.epoch = t.Iter(), t.Total(), len(t.History.TrainAcc)
	s.model.metrics["iters"], s.model.metrics["seconds"] = float64(t.Iter()), s.seconds
	if n > 0 && s.state == msg.StateRunning {
		s.meter.add(s.clock(), n)
	}
	var diverged *train.DivergedError
	switch {
	case errors.As(failed, &diverged):
		s.flush() // the steps before the error
		s.emit(msg.Event{Kind: msg.Error, Err: msg.FailureOf("", diverged), Iter: diverged.Iter})
		s.endRun(0, msg.StateDiverged, diverged.Quantity)
	case failed != nil: // train.ErrDone: steps asked beyond the end
		s.endRun(0, msg.StateDone, "done")
	case stop != "":
		if stop == "early stopping" {
			t.RestoreBest()
		}
		s.endRun(0, msg.StateDone, stop)
	default:
		if every := s.progressEvery(); s.state != msg.StateRunning || every < 0 || s.clock().Sub(s.lastProgress) >= every {
			s.flush()
		}
		if every := s.weightsEvery(); every < 0 || s.clock().Sub(s.lastWeights) >= every {
			s.sendWeights(0)
		}
	}
	return s.Busy()
}

// pendingProgress is what the next Progress event reports: the steps
// taken since the last one.
type pendingProgress struct {
	losses             []float64
	ends               []msg.EpochEnd
	lr                 float64
	seconds            float64 // compute time of those steps
	iter, iters, epoch int     // the run's, after them
}

// flush sends the Progress event of the steps taken since the last one,
// if any. Its speed read-out is the run's over the last seconds while it
// runs, else (a Step) the steps' own compute time.
func (s *Session) flush() {
	p := s.pending
	if len(p.losses) == 0 {
		return
	}
	s.pending = pendingProgress{losses: p.losses[:0:0]}
	s.lastProgress = s.clock()
	ms := p.seconds * 1e3 / float64(len(p.losses))
	if s.state == msg.StateRunning {
		if avg, ok := s.meter.msPerStep(); ok {
			ms = avg
		}
	}
	s.emit(msg.Event{Kind: msg.Progress, Iter: p.iter, Iters: p.iters, Losses: p.losses, Ends: p.ends, LR: p.lr,
		MsPerStep: ms, PerSecond: float64(s.cfg.Batch) / (ms / 1e3), Epoch: p.epoch})
}

// progressEvery returns ProgressEvery or its default.
func (s *Session) progressEvery() time.Duration {
	if s.ProgressEvery == 0 {
		return 250 * time.Millisecond
	}
	return s.ProgressEvery
}

func (s *Session) weightsEvery() time.Duration {
	if s.WeightsEvery == 0 {
		return time.Second
	}
	return s.WeightsEvery
}
