package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/backprop-playground/playground/app/msg"
	"github.com/backprop-playground/playground/core/train"
)

// The page's side of the worker protocol (app/msg): requests carry an id
// and a purpose, and each event updates the state on the UI goroutine.

// Purposes of requests, so that an answer (or an error) reaches the panel
// that asked.
const (
	forLoad     = "load"
	forRun      = "run" // start, reset, pause, resume, step, stop
	forGrad     = "gradcheck"
	forPredict  = "predict"
	forEvaluate = "evaluate"
	forDownload = "download" // export, then save the file
	forPersist  = "persist"  // export, then keep it in this browser
	forImport   = "import"   // a model file the user loaded
	forRestore  = "restore"  // the model kept in this browser
)

// send posts a request for a purpose and returns its id.
func (p *playground) send(purpose string, r msg.Request) int {
	p.nextID++
	r.ID = p.nextID
	p.pending[r.ID] = purpose
	// Answers come back in order, soon: old ids are not needed for long.
	delete(p.pending, r.ID-500)
	p.post(msg.Encode(r))
	return r.ID
}

// receive decodes and applies one message of the worker. The browser may
// have decoded its pixels and checkpoint already (splitMessage); then they
// are given apart and s is the rest.
func (p *playground) receive(s string, pixels, checkpoint []byte) {
	e, err := msg.DecodeEvent(s)
	if err != nil {
		p.runErr = "The training worker sent a message the page cannot read: " + err.Error()
		return
	}
	if pixels != nil {
		e.Pixels = pixels
	}
	if checkpoint != nil {
		e.Checkpoint = checkpoint
	}
	p.apply(e)
}

// apply updates the state with one event.
func (p *playground) apply(e msg.Event) {
	purpose := p.pending[e.ID]
	switch e.Kind {
	case msg.Ready:
		p.workerUp = true
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
		p.applyState(e, purpose)
	case msg.Progress:
		if p.hist.Beta == 0 {
			p.hist.Beta = smoothingFor(e.Iters)
		}
		p.hist.addLosses(e.Iter-len(e.Losses), e.Losses)
		p.iter, p.iters, p.lr, p.epoch = e.Iter, e.Iters, e.LR, e.Epoch
		p.msPerStep, p.perSecond = e.MsPerStep, e.PerSecond
		if p.state == msg.StateRunning && time.Since(p.lastPersist) > persistEvery && p.model.size <= persistBig {
			p.persist()
		}
	case msg.Epoch:
		p.hist.addEpoch(epochMark{Epoch: e.Epoch, Iter: e.Iter, TrainAcc: e.TrainAcc, ValAcc: e.ValAcc, Best: e.Best})
		p.epoch = e.Epoch
	case msg.Weights:
		if p.waiting == "starting" || p.waiting == "resetting" || e.ID != 0 && e.ID < p.modelReq {
			// Sent by an older model (its pause, its start), possibly
			// delivered late: the browser decodes large messages apart.
			return
		}
		p.weights = templates{count: e.Count, side: e.Side, pixels: e.Pixels}
		// The classifier follows the model as it learns.
		if p.classify.image != nil && p.classify.use == useCurrent && !p.classify.busy {
			p.predict()
		}
	case msg.GradResult:
		p.grad = gradState{checks: e.Checks, summary: e.Summary, text: e.Text, model: p.runCfg}
	case msg.Prediction:
		p.classify.busy = false
		if purpose == forPredict && e.ID == p.classify.request {
			p.classify.probs, p.classify.classes, p.classify.err = e.Probs, e.Classes, ""
			p.classify.used = p.classify.asked
			if p.classify.used == usePretrained {
				p.pretrained = available
			}
		}
	case msg.Results:
		p.results = resultsState{ev: &e}
	case msg.Model:
		p.onModel(e, purpose)
	case msg.Error:
		p.onError(e, purpose)
	}
}

// applyState follows the worker's state.
func (p *playground) applyState(e msg.Event, purpose string) {
	if e.Text == "imported" && purpose == forRestore && (p.waiting != "" || p.startQueued) {
		// The kept model arrived after the user pressed Train or Reset:
		// the request under way replaces it (see imported).
		p.model.pending = nil
		return
	}
	prev := p.state
	p.state, p.stateText, p.waiting = e.State, e.Text, ""
	switch e.State {
	case msg.StateRunning, msg.StatePaused:
		p.hasRun = true
		p.started = p.started || e.State == msg.StateRunning
	case msg.StateReady:
		p.hasRun = e.Text != "imported"
	default:
		p.hasRun = false
	}
	if e.Text == "imported" {
		p.imported(e, purpose)
		return
	}
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
				p.evaluate()
			}
		}
	}
}

// onError shows an error where it belongs: in the panel that asked, else
// above the panels.
func (p *playground) onError(e msg.Event, purpose string) {
	text := e.Error
	if purpose != forRun && purpose != forLoad && purpose != "" {
		text = withoutKind(text)
	}
	switch purpose {
	case forGrad:
		p.grad.busy, p.grad.err = false, capitalize(text)
	case forPredict:
		p.classify.busy = false
		if e.ID == p.classify.request {
			p.classify.err, p.classify.probs = capitalize(text), nil
			if strings.Contains(text, "pretrained model is not available") {
				p.pretrained = unavailable
			}
		}
	case forEvaluate:
		p.results.busy, p.results.err = false, capitalize(text)
	case forDownload:
		p.model.busy, p.model.err = false, "Cannot save the model: "+text
	case forImport:
		p.model.busy, p.model.err = false, fmt.Sprintf("Cannot load %s: %s", p.model.file, text)
	case forPersist:
		p.model.saved = "Could not keep the model in this browser: " + text
	case forRestore:
		p.model.restored = "Your model from the last visit could not be restored: " + text
	default:
		p.waiting = ""
		if rest, ok := strings.CutPrefix(withoutKind(text), "could not download "); ok {
			text = "load: could not download " + rest // the data, whichever request needed it
		}
		if strings.HasPrefix(text, "start: ") || strings.HasPrefix(text, "reset: ") {
			text = "Cannot train with these settings: " + strings.SplitN(text, ": ", 2)[1]
		}
		if p.state == msg.StateDiverged || strings.Contains(text, "diverged") || strings.Contains(text, "not finite") {
			// One sentence of advice: the engine's message may carry its own.
			text = withoutKind(text)
			if !strings.Contains(strings.ToLower(text), "try a smaller") {
				text += ". Try a smaller learning rate or a smaller init std"
			}
			if !strings.HasPrefix(strings.ToLower(text), "training diverged") {
				text = "Training diverged: " + text
			}
			text = capitalize(strings.TrimSuffix(text, ".") + ".")
		}
		if purpose == forLoad || strings.HasPrefix(text, "load: ") {
			p.loading, p.startQueued = nil, false
			text = "Cannot load the data: " + strings.TrimPrefix(text, "load: ")
		}
		p.runErr = text
	}
}

// start builds a fresh net from the settings and trains it.
func (p *playground) start() {
	if !p.settingsOK() {
		return
	}
	p.clearRun()
	p.runCfg, p.dirty, p.runErr = p.cfg, false, ""
	p.waiting = "starting"
	p.modelReq = p.send(forRun, msg.Request{Kind: msg.Start, Config: linkOf(p.cfg)})
}

// reset rebuilds the net from the settings, ready to step or resume. It
// reports whether it asked the worker (not if a setting is wrong).
func (p *playground) reset() bool {
	if !p.settingsOK() {
		return false
	}
	p.clearRun()
	p.runCfg, p.dirty, p.runErr = p.cfg, false, ""
	p.waiting = "resetting"
	p.modelReq = p.send(forRun, msg.Request{Kind: msg.Reset, Config: linkOf(p.cfg)})
	return true
}

// train is the Train button: a new run, or the one built by Reset.
func (p *playground) train() {
	if c := p.controls(); c.primary == actResume || c.primary == actContinue {
		p.resume()
		return
	}
	p.start()
}

func (p *playground) pause() {
	p.waiting = "pausing"
	p.send(forRun, msg.Request{Kind: msg.Pause})
}

// resume continues the run, with the changed settings if only live ones
// (the learning rate, the L2 strength) changed.
func (p *playground) resume() {
	r := msg.Request{Kind: msg.Resume}
	if p.dirty && liveOnly(p.runCfg, p.cfg) {
		r.Config = linkOf(p.cfg)
		p.runCfg, p.dirty = p.cfg, false
	}
	p.waiting = "resuming"
	p.send(forRun, r)
}

// step takes one step, building the run first if there is none (or the
// settings changed).
func (p *playground) step() {
	if (!p.hasRun || p.dirty && !liveOnly(p.runCfg, p.cfg)) && !p.reset() {
		return
	}
	p.send(forRun, msg.Request{Kind: msg.Step, Steps: 1})
}

func (p *playground) stop() {
	p.waiting = "stopping"
	p.send(forRun, msg.Request{Kind: msg.Stop})
}

// clearRun forgets the views of the previous run.
func (p *playground) clearRun() {
	p.started = false
	// Every view of the old model goes: its first-layer templates and
	// what the model-file panel said of it (a new model is not saved).
	p.weights = templates{}
	p.model.status, p.model.err, p.model.file = "", "", ""
	p.hist = history{}
	p.iter, p.iters, p.epoch, p.lr, p.msPerStep, p.perSecond = 0, 0, 0, 0, 0, 0
	p.results = resultsState{}
	p.grad = gradState{}
	p.classify.probs, p.classify.err = nil, ""
	p.lastPersist = time.Now()
}

// loadEagerly loads the chosen dataset if it is small (toy, sample) and
// no run would be stopped by it.
func (p *playground) loadEagerly() {
	kind, _, err := msg.ParseData(p.cfg.Data)
	if err != nil || kind == msg.DataCIFAR || p.stateIn(msg.StateRunning, msg.StatePaused) {
		return
	}
	if p.loadedData() == msg.CanonicalData(p.cfg.Data) || (p.loading != nil && p.loading.data == p.cfg.Data) {
		return
	}
	p.loading = &loadProgress{data: p.cfg.Data}
	p.send(forLoad, msg.Request{Kind: msg.Load, Data: p.cfg.Data})
}

// autostartWhenLoaded starts training once the link's dataset is loaded.
func (p *playground) autostartWhenLoaded() {
	if p.loadedData() == msg.CanonicalData(p.cfg.Data) {
		p.start()
		return
	}
	p.startQueued = true
	if kind, _, _ := msg.ParseData(p.cfg.Data); kind == msg.DataCIFAR {
		p.loading = &loadProgress{data: p.cfg.Data}
		p.send(forLoad, msg.Request{Kind: msg.Load, Data: p.cfg.Data})
	}
}

// imagesLoaded reports whether the worker holds image data that the
// current model reads.
func (p *playground) imagesLoaded() bool {
	if p.info == nil || p.info.Dim != imageBytes {
		return false
	}
	return msg.CanonicalData(p.runCfg.Data) == p.info.Name
}

// hasModel reports whether the worker holds a model.
func (p *playground) hasModel() bool { return p.state != msg.StateIdle && p.state != "" }

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
		if !p.workerUp {
			return "Starting the worker…"
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

// withoutKind returns a worker error without its leading request kind
// ("predict: the image has …" → "the image has …"): the panel that shows
// it already says what was asked.
func withoutKind(text string) string {
	kind, rest, ok := strings.Cut(text, ": ")
	if !ok {
		return text
	}
	switch msg.Kind(kind) {
	case msg.Load, msg.Start, msg.Pause, msg.Resume, msg.Step, msg.Stop, msg.Reset,
		msg.GradCheck, msg.Predict, msg.Evaluate, msg.Export, msg.Import:
		return rest
	}
	return text
}
