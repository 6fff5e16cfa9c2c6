package lesson

import (
	"time"

	"github.com/backprop-playground/playground/app/canvasmsg"

	"github.com/backprop-playground/playground/app/chart"
	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// Target is the test accuracy whose time the 2D playground reports (issue
// 4: a 2-hidden-layer net on the 3-class spiral reaches it within 30 s).
const Target = 0.95

// exportEvery is the least time between two snapshots asked of a running
// worker.
const exportEvery = 200 * time.Millisecond

// runner is one net of the 2D playground and its training worker.
type runner struct {
	prefix string // element ids: prefix+"-regions", …
	cfg    train.Config
	data   string          // the dataset name the worker trains on (msg.PlaneData)
	w      *wire.Client    // nil before the page mounts
	on     func(msg.Event) // handles each event of the worker (the page's handle, then painting)

	state   string // the worker's msg.State*, "" before the first
	iter    int
	iters   int
	losses  []float64
	evals   []evalPoint
	snap    *snapshot
	err     string
	painted bool // the canvases show snap
	stale   bool // the data changed since the run began: Train starts afresh

	exportPending bool
	lastExport    time.Time

	runningSince time.Time     // zero unless running
	trained      time.Duration // time spent running, pauses excluded
	time95       time.Duration // when test accuracy first reached Target; -1 before

	frame    netFrame
	at       *[2]float64 // the point of the plane the diagram shows
	atSent   time.Time
	netHover string
	edit     *canvasmsg.Edge // the weight clicked on the diagram, being edited
}

// evalPoint is one snapshot's accuracies.
type evalPoint struct {
	iter        int
	train, test float64 // accuracies, or a regression net's losses
}

func newRunner(prefix string, cfg train.Config) *runner {
	r := &runner{prefix: prefix, cfg: cfg, time95: -1}
	r.frame.id = prefix + "-net"
	return r
}

// clear forgets the last run's curves and timings.
func (r *runner) clear() {
	r.iter, r.iters, r.losses, r.evals, r.err = 0, 0, nil, nil, ""
	r.runningSince, r.trained, r.time95 = time.Time{}, 0, -1
}

// query is the worker's configuration: cfg on the dataset r.data.
func (r *runner) query() string {
	c := r.cfg
	c.Hidden = append([]int(nil), c.Hidden...)
	c.Data = r.data
	return c.Encode()
}

// send posts a request of the run: its answers, like the run's own
// events, go to handle.
func (r *runner) send(req msg.Request) {
	r.w.Send(req, r.on)
}

// reset builds a fresh net (same seed, same run) and waits.
func (r *runner) reset() {
	r.clear()
	r.send(msg.Request{Kind: msg.Reset, Config: r.query()})
}

// running reports whether the worker trains.
func (r *runner) running() bool { return r.state == msg.StateRunning }

// train starts, resumes or pauses.
func (r *runner) train() {
	switch r.state {
	case msg.StateRunning:
		r.send(msg.Request{Kind: msg.Pause})
	case msg.StatePaused:
		r.send(msg.Request{Kind: msg.Resume})
	case msg.StateReady:
		if r.iter == 0 {
			r.send(msg.Request{Kind: msg.Resume})
			return
		}
		fallthrough
	default: // done, stopped, diverged, idle: a fresh run
		r.clear()
		r.send(msg.Request{Kind: msg.Start, Config: r.query()})
	}
}

// step takes one step of the run (building one first if there is none).
func (r *runner) step() {
	switch r.state {
	case msg.StatePaused, msg.StateReady, msg.StateRunning:
	default:
		r.reset()
	}
	r.send(msg.Request{Kind: msg.Step, Steps: 1})
}

// seconds is the time trained so far.
func (r *runner) seconds(now time.Time) float64 {
	d := r.trained
	if !r.runningSince.IsZero() {
		d += now.Sub(r.runningSince)
	}
	return d.Seconds()
}

// handle applies one event of the worker; it reports whether a new
// snapshot needs painting.
func (r *runner) handle(e msg.Event, set *plane.Set, now time.Time) bool {
	switch e.Kind {
	case msg.StateEvent:
		was := r.state
		r.state = e.State
		if r.state == msg.StateRunning && was != msg.StateRunning {
			r.runningSince = now
		}
		if r.state != msg.StateRunning && !r.runningSince.IsZero() {
			r.trained += now.Sub(r.runningSince)
			r.runningSince = time.Time{}
		}
		if r.state != msg.StateRunning {
			r.export(now, true)
		}
		if r.state == msg.StateRunning || r.state == msg.StateReady {
			r.err = ""
		}
	case msg.Progress:
		r.iter, r.iters = e.Iter, e.Iters
		r.losses = append(r.losses, e.Losses...)
		r.export(now, false)
	case msg.Model:
		r.exportPending = false
		s, err := snapshotOf(e.Checkpoint, set)
		if err != nil {
			r.err = "showing the net: " + err.Error()
			return false
		}
		r.snap, r.painted = s, false
		e := evalPoint{iter: r.iter, train: s.trainAcc, test: s.testAcc}
		if s.net.Spec.Regression() {
			e.train, e.test = s.trainLoss, s.testLoss
		}
		r.evals = append(r.evals, e)
		if r.time95 < 0 && !s.net.Spec.Regression() && s.testAcc >= Target && r.iter > 0 {
			r.time95 = time.Duration(r.seconds(now) * float64(time.Second))
		}
		return true
	case msg.Error:
		r.err = e.Err.Error()
	}
	return false
}

// export asks for the net's weights unless it was asked recently (or
// always, if final).
func (r *runner) export(now time.Time, final bool) {
	if r.w == nil || (r.exportPending && !final) || (!final && now.Sub(r.lastExport) < exportEvery) {
		return
	}
	if r.state == "" || r.state == msg.StateIdle {
		return
	}
	r.exportPending, r.lastExport = true, now
	r.w.Send(msg.Request{Kind: msg.Export}, func(e msg.Event) {
		if e.Kind == msg.Error {
			r.exportPending = false
		}
		r.on(e)
	})
}

// smoothLoss returns the smoothed loss the loss chart ends on, or NaN
// without any.
func (r *runner) smoothLoss() float64 {
	s := chart.Smoother{Beta: chart.SmoothingFor(max(r.iters, r.cfg.Iters, len(r.losses)))}
	for _, l := range r.losses {
		s.Add(l)
	}
	return s.Value()
}
