package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// The page's side of the worker protocol (msg, through app/wire): each
// request goes with the reply that handles its answers, and every event
// updates the state on the UI goroutine.

// send posts a request whose answers go to reply, starting the worker
// first if it is not running: the first Train, Step, gradient check,
// classification or model file of a visit downloads worker.wasm then. It
// returns the request's id, or 0 if the worker cannot start (runErr says
// why).
func (p *playground) send(r msg.Request, reply wire.Reply) int {
	if p.worker == nil && p.mounted {
		p.startWorker()
	}
	if p.worker == nil {
		p.waiting, p.loading, p.startQueued = "", nil, false
		return 0
	}
	return p.worker.Send(r, reply)
}

// onRun handles the run's events (those of no request, and the answers
// to the run's controls and to loads): a failure is shown above the
// panels, anything else is applied.
func (p *playground) onRun(e msg.Event) {
	if e.Kind == msg.Error {
		p.runFailed(e.Err)
		return
	}
	p.apply(e)
}

// onLoad handles the answers to a load.
func (p *playground) onLoad(e msg.Event) {
	if e.Kind == msg.Error {
		p.loading, p.startQueued = nil, false
	}
	p.onRun(e)
}

// apply updates the state with one event.
func (p *playground) apply(e msg.Event) {
	switch e.Kind {
	case msg.Ready:
		p.workerUp, p.kernelNote = true, e.Text
	case msg.Loading:
		name := p.cfg.Data
		if p.loading != nil {
			name = p.loading.data
		}
		p.loading = &loadProgress{data: name, done: e.Done, total: e.Total, file: e.Text}
	case msg.Loaded:
		p.info, p.loading = e.Info, nil
		if p.startQueued && e.Info != nil && e.Info.Name == msg.CanonicalData(p.cfg.Data) {
			p.startQueued = false
			p.start()
		}
	case msg.StateEvent:
		p.applyState(e)
	case msg.Progress:
		if p.hist.Beta == 0 {
			p.hist.Beta = smoothingFor(e.Iters)
		}
		p.hist.addLosses(e.Iter-len(e.Losses), e.Losses)
		for _, end := range e.Ends {
			p.hist.addEpoch(epochMark{Epoch: end.Epoch, Iter: end.Iter, TrainAcc: end.TrainAcc, ValAcc: end.ValAcc, Best: end.Best})
		}
		p.iter, p.iters, p.lr, p.epoch = e.Iter, e.Iters, e.LR, e.Epoch
		p.msPerStep, p.perSecond = e.MsPerStep, e.PerSecond
		if p.persistDue() {
			p.persist()
		}
	case msg.Weights:
		if p.waiting == "starting" || p.waiting == "resetting" || e.ID != 0 && e.ID < p.modelReq {
			// Sent by an older model (its pause, its start), possibly
			// delivered late: the browser decodes large messages apart.
			return
		}
		// The classifier follows the model as it learns (gen).
		p.weights = templates{count: e.Count, side: e.Side, pixels: e.Pixels, gen: p.weights.gen + 1}
	case msg.Error:
		p.runFailed(e.Err)
	}
}

// applyState follows the worker's state. The state event of an import
// is also its answer: the import's reply does the rest (model.go).
func (p *playground) applyState(e msg.Event) {
	prev := p.state
	p.state, p.stateText, p.waiting = e.State, e.Text, ""
	if e.Text == "imported" {
		return
	}
	p.started = p.started || e.State == msg.StateRunning
	ended := prev != e.State && (prev == msg.StateRunning || prev == msg.StatePaused)
	switch e.State {
	case msg.StatePaused:
		if ended {
			p.persist()
		}
	case msg.StateDone, msg.StateStopped, msg.StateDiverged:
		if ended {
			p.iters = max(p.iters, p.iter)
			p.persist()
			if e.State != msg.StateDiverged && p.imagesLoaded() {
				p.askResults()
			}
		}
	}
}

// runFailed shows a failure of the run, of its settings or of the data
// above the panels. What it says depends on the failure's kind and
// request, never on its text.
func (p *playground) runFailed(f *msg.Failure) {
	p.waiting = ""
	text := f.Error()
	switch {
	case f.Kind == msg.FailDiverged:
		// The engine's sentence names the step, the quantity and the
		// advice (train.DivergedError).
		text = capitalize(strings.TrimSuffix(f.Message, ".") + ".")
	case p.state == msg.StateDiverged:
		text = "Training diverged: " + f.Message + ". Try a smaller learning rate or a smaller init std."
	case f.Kind == msg.FailDownload || f.Request == msg.Load:
		// The data, whichever request needed it.
		text = "Cannot load the data: " + f.Message
		p.loading, p.startQueued = nil, false
	case f.Request == msg.Start || f.Request == msg.Reset:
		text = "Cannot train with these settings: " + f.Message
	}
	p.runErr = text
}

// start builds a fresh net from the settings and trains it.
func (p *playground) start() {
	if !p.settingsOK() {
		return
	}
	p.clearRun()
	p.runCfg, p.runErr = p.cfg, ""
	p.waiting = "starting"
	p.modelReq = p.send(msg.Request{Kind: msg.Start, Config: linkOf(p.cfg)}, p.onRun)
}

// reset rebuilds the net from the settings, ready to step or resume. It
// reports whether it asked the worker (not if a setting is wrong).
func (p *playground) reset() bool {
	if !p.settingsOK() {
		return false
	}
	p.clearRun()
	p.runCfg, p.runErr = p.cfg, ""
	p.waiting = "resetting"
	p.modelReq = p.send(msg.Request{Kind: msg.Reset, Config: linkOf(p.cfg)}, p.onRun)
	return true
}

// train is the Train button: a new run (after asking, if it would
// discard a model kept nowhere), or the one built by Reset.
func (p *playground) train() {
	if c := p.controls(); c.primary == actResume || c.primary == actContinue {
		p.resume()
		return
	}
	p.guard(p.start)
}

func (p *playground) pause() {
	p.waiting = "pausing"
	p.send(msg.Request{Kind: msg.Pause}, p.onRun)
}

// resume continues the run, with the changed settings if only live ones
// (the learning rate, the L2 strength) changed.
func (p *playground) resume() {
	r := msg.Request{Kind: msg.Resume}
	p.model.restored = "" // "… Resume continues it." is done
	if p.dirty() && liveOnly(p.runCfg, p.cfg) {
		r.Config = linkOf(p.cfg)
		p.runCfg = p.cfg
	}
	p.waiting = "resuming"
	p.send(r, p.onRun)
}

// step takes one step, building the run first if there is none (or the
// settings changed).
func (p *playground) step() {
	if (!p.hasRun() || p.dirty() && !liveOnly(p.runCfg, p.cfg)) && !p.reset() {
		return
	}
	p.send(msg.Request{Kind: msg.Step, Steps: 1}, p.onRun)
}

func (p *playground) stop() {
	p.waiting = "stopping"
	p.send(msg.Request{Kind: msg.Stop}, p.onRun)
}

// clearRun forgets the views of the previous run.
func (p *playground) clearRun() {
	p.started = false
	// Every view of the old model goes: its first-layer templates and
	// what the model-file panel said of it (a new model is not saved).
	p.weights = templates{}
	p.model.saved = ""
	p.model.saveFile, p.model.keptID, p.model.keptIter, p.model.size = modelFile{}, "", 0, 0
	p.model.keepPending, p.model.keepAgain, p.model.ask, p.model.restored = false, false, nil, ""
	p.hist = history{}
	p.iter, p.iters, p.epoch, p.lr, p.msPerStep, p.perSecond = 0, 0, 0, 0, 0, 0
	p.model.results = nil
	p.ask, p.declined = nil, "" // a question about the old model goes with it
	p.lastPersist = time.Now()
}

// loadEagerly loads the chosen dataset if the worker runs, the dataset
// is small (toy, sample) and no run would be stopped by it. Before the
// worker runs nothing loads: the first request that needs the data
// (Train, Step, the gradient check) loads it.
func (p *playground) loadEagerly() {
	if p.worker == nil {
		return
	}
	p.loadData()
}

// loadData loads the chosen dataset, starting the worker if needed, if it
// is small (toy, sample) and no run would be stopped by it.
func (p *playground) loadData() {
	kind, _, err := msg.ParseData(p.cfg.Data)
	if err != nil || msg.Full(kind) || p.stateIn(msg.StateRunning, msg.StatePaused) {
		return
	}
	if p.loadedData() == msg.CanonicalData(p.cfg.Data) || (p.loading != nil && p.loading.data == p.cfg.Data) {
		return
	}
	p.loading = &loadProgress{data: p.cfg.Data}
	p.send(msg.Request{Kind: msg.Load, Data: p.cfg.Data}, p.onLoad)
}

// autostartWhenLoaded starts training once the link's dataset is loaded.
func (p *playground) autostartWhenLoaded() {
	if p.loadedData() == msg.CanonicalData(p.cfg.Data) {
		p.start()
		return
	}
	if kind, n, _ := msg.ParseData(p.cfg.Data); kind == msg.DataCIFAR {
		// A download of up to 184 MB: the page asks first (askdata.go).
		p.ask = &dataAsk{data: msg.CanonicalData(p.cfg.Data), n: n}
		return
	}
	p.startQueued = true
}

// imagesLoaded reports whether the worker holds image data that the
// current model reads.
func (p *playground) imagesLoaded() bool {
	if p.info == nil || p.info.Dim != imageBytes && p.info.Dim != grayBytes {
		return false
	}
	return msg.CanonicalData(p.runCfg.Data) == p.info.Name
}

// hasModel reports whether the worker holds a model.
func (p *playground) hasModel() bool { return p.state != msg.StateIdle && p.state != "" }

// modelImageBytes returns the size of the images of the dataset kind.
func modelImageBytes(kind string) int {
	if msg.Gray(kind) {
		return grayBytes
	}
	return imageBytes
}

// modelData returns the dataset kind the current model was trained on.
func (p *playground) modelKind() string {
	kind, _, _ := msg.ParseData(p.runCfg.Data)
	return kind
}

// runLabel describes the state for people.
func (p *playground) stateLabel() string {
	switch p.waiting {
	case "starting":
		return "Starting…"
	case "resetting":
		return "Resetting…"
	case "pausing":
		return "Pausing…"
	case "resuming":
		return "Resuming…"
	case "stopping":
		return "Stopping…"
	}
	if p.loading != nil {
		return "Loading data…"
	}
	switch p.state {
	case msg.StateIdle:
		switch {
		case p.worker != nil && !p.workerUp:
			return "Starting the worker…"
		case !p.mounted:
			return "Loading the page…"
		}
		return "Ready"
	case msg.StateReady:
		if p.stateText == "imported" {
			return "Model loaded"
		}
		return "Ready to step"
	case msg.StateRunning:
		return "Training"
	case msg.StatePaused:
		return "Paused"
	case msg.StateDone:
		if p.stateText == "early stopping" {
			return "Stopped early"
		}
		return "Done"
	case msg.StateStopped:
		return "Stopped"
	case msg.StateDiverged:
		return "Diverged"
	}
	return p.state
}

// configOf parses a worker's config query over its dataset's defaults.
func configOf(query string) (train.Config, error) {
	c, err := train.Parse(query, train.Default())
	if err != nil {
		return train.Config{}, fmt.Errorf("the model's settings: %w", err)
	}
	return c, nil
}
