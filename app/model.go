package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/core/checkpoint"
	coremodel "github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/msg"
)

// The model panel: save the current model to a file and load one back
// (core/checkpoint's format, made and read by the worker). The page also
// keeps the model in this browser (IndexedDB), with the charts of its
// run, so that a reload, or the next visit, finds it again.

// modelState is the panel's state.
type modelState struct {
	busy     bool
	err      string
	status   string // what the last save or load did
	saved    string // whether the model is kept in this browser
	restored string // the notice after restoring a kept model
	file     string // the file being loaded
	pending  *savedRun
	size     int // bytes of the last checkpoint kept
}

// What the page keeps in IndexedDB.
const (
	storeModel   = "model" // the checkpoint bytes
	storeRun     = "run"   // a savedRun as JSON
	persistEvery = 30 * time.Second
	// persistBig is the checkpoint size above which the model is kept
	// only when a run pauses or ends, not every persistEvery while it
	// runs: exporting tens of megabytes costs the worker and the page
	// more than a lost half minute of training is worth.
	persistBig   = 8 << 20
	maxModelFile = 128 << 20 // bytes; twice the biggest model the worker accepts
)

// savedRun is what the charts showed of the kept model's run.
type savedRun struct {
	Saved   time.Time `json:"saved"`
	Config  string    `json:"config"` // the model's settings, as a link
	Iter    int       `json:"iter"`
	Iters   int       `json:"iters"`
	Epoch   int       `json:"epoch"`
	State   string    `json:"state"`
	History history   `json:"history"`
}

// save asks the worker for the model in format (msg.Format*), to
// download it: a .bppmodel, or the notebook's .npz for numpy.
func (p *playground) save(format string) {
	p.model.busy, p.model.err, p.model.status = true, "", ""
	p.send(msg.Request{Kind: msg.Export, Format: format}, func(e msg.Event) {
		switch e.Kind {
		case msg.Model:
			p.download(e.Checkpoint, e.Format)
		case msg.Error:
			p.model.busy, p.model.err = false, "Cannot save the model: "+e.Err.Message
		default:
			p.apply(e)
		}
	})
}

// persist asks the worker for the model, to keep it in this browser.
func (p *playground) persist() {
	if !p.hasModel() || !p.mounted {
		return
	}
	p.lastPersist = time.Now()
	p.send(msg.Request{Kind: msg.Export}, func(e msg.Event) {
		switch e.Kind {
		case msg.Model:
			p.keep(e.Checkpoint)
		case msg.Error:
			p.model.saved = "Could not keep the model in this browser: " + e.Err.Message
		default:
			p.apply(e)
		}
	})
}

// download saves an exported model as a file.
func (p *playground) download(b []byte, format string) {
	p.model.busy = false
	name, mime := p.modelFileName(), "application/octet-stream"
	if format == msg.FormatNPZ {
		name, mime = strings.TrimSuffix(name, ".bppmodel")+".npz", "application/zip"
	}
	if err := saveFile(name, mime, b); err != nil {
		p.model.err = "Cannot save the file: " + err.Error()
		return
	}
	if format == msg.FormatNPZ {
		p.model.status = fmt.Sprintf("Exported %s (%s): in Python, f = np.load(%q) gives W1, b1, W2, b2, …, mean and classes.", name, sizeText(len(b)), name)
		return
	}
	p.model.status = fmt.Sprintf("Saved %s (%s). Load it here later, or in `mlp` on the command line.", name, sizeText(len(b)))
}

// keep stores an exported model, and the run's charts, in this browser.
func (p *playground) keep(b []byte) {
	if !p.mounted {
		return
	}
	run := savedRun{Saved: time.Now(), Config: linkOf(p.runCfg), Iter: p.iter, Iters: p.iters, Epoch: p.epoch,
		State: p.state, History: p.hist}
	meta, err := json.Marshal(run)
	if err != nil {
		p.model.saved = "Could not keep the model in this browser: " + err.Error()
		return
	}
	p.model.size = len(b)
	ctx := p.ctx
	ctx.Async(func() {
		err := storePut(storeModel, b)
		if err == nil {
			err = storePut(storeRun, meta)
		}
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				p.model.saved = "Could not keep the model in this browser: " + err.Error()
				return
			}
			p.model.saved = "Kept in this browser (" + run.Saved.Format("15:04:05") + "): a reload finds it again."
		})
	})
}

// modelFileName names a downloaded model after its data and steps.
func (p *playground) modelFileName() string {
	data := strings.ReplaceAll(p.runCfg.Data, ":", "-")
	if data == "" {
		data = "model"
	}
	return fmt.Sprintf("backprop-%s-%dsteps.bppmodel", data, p.iter)
}

func sizeText(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.0f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// loadFile reads a model file the user picked and sends it to the worker.
func (p *playground) loadFile(ctx app.Context) {
	f, ok := inputFile(IDModelLoad)
	resetInput(IDModelLoad) // picking the same file again is a change
	if !ok {
		return
	}
	p.model.err, p.model.status = "", ""
	if f.size > maxModelFile {
		p.model.err = fmt.Sprintf("%s is %s, more than any model the playground trains: is it a .bppmodel or .npz file?", f.name, sizeText(int(f.size)))
		return
	}
	if f.size == 0 {
		p.model.err = f.name + " is empty: pick a .bppmodel file saved by the playground or by mlp train, or a notebook's .npz."
		return
	}
	p.model.busy, p.model.file = true, f.name
	ctx.Async(func() {
		// The start of the file says whether the whole is worth reading.
		b, err := readFile(f, 64<<10)
		var bad error
		if err == nil && !coremodel.IsNPZ(b) { // a checkpoint: its header says its size
			var need int
			if need, bad = checkpoint.CheckPrefix(b, f.size); bad == nil && need > 0 {
				if b, err = readFile(f, int64(need)); err == nil {
					_, bad = checkpoint.CheckPrefix(b, f.size)
				}
			}
		}
		if err == nil && bad == nil {
			b, err = readFile(f, -1)
		}
		ctx.Dispatch(func(app.Context) {
			if bad != nil {
				p.model.busy, p.model.err = false, fmt.Sprintf("%s is not a model the playground can load: %v", f.name, bad)
				return
			}
			if err != nil {
				p.model.busy, p.model.err = false, fmt.Sprintf("Cannot read %s: %v", f.name, err)
				return
			}
			p.modelReq = p.send(msg.Request{Kind: msg.Import, Checkpoint: b}, p.onImport(false))
		})
	})
}

// restore reads the kept model and run, and imports the model unless the
// user started something meanwhile.
func (p *playground) restore(ctx app.Context) {
	ctx.Async(func() {
		b, err := storeGet(storeModel)
		if err != nil || len(b) == 0 {
			return // nothing kept (or no IndexedDB): a fresh page
		}
		var run *savedRun
		if meta, err := storeGet(storeRun); err == nil && len(meta) > 0 {
			var r savedRun
			if json.Unmarshal(meta, &r) == nil && r.History.valid() {
				run = &r
			}
		}
		ctx.Dispatch(func(app.Context) {
			if p.hasModel() || p.waiting != "" || p.startQueued {
				return // the user was quicker: keep what they did
			}
			p.model.pending = run
			p.modelReq = p.send(msg.Request{Kind: msg.Import, Checkpoint: b}, p.onImport(true))
		})
	})
}

// onImport returns the reply to the import of a model: the kept one
// (restore) or a file the user loaded.
func (p *playground) onImport(restore bool) wire.Reply {
	return func(e msg.Event) {
		switch {
		case e.Kind == msg.Error && restore:
			p.model.restored = "Your model from the last visit could not be restored: " + e.Err.Message
		case e.Kind == msg.Error:
			p.model.busy, p.model.err = false, fmt.Sprintf("Cannot load %s: %s", p.model.file, e.Err.Message)
		case e.Kind == msg.StateEvent && e.Text == "imported" && restore && (p.waiting != "" || p.startQueued):
			// The kept model arrived after the user pressed Train or
			// Reset: the request under way replaces it, and neither its
			// settings nor its charts may start with the old run's.
			p.model.pending = nil
		case e.Kind == msg.StateEvent && e.Text == "imported":
			p.apply(e)
			p.imported(e, restore)
		default:
			p.apply(e)
		}
	}
}

// imported follows the import of a model (a file or the kept one).
func (p *playground) imported(e msg.Event, restore bool) {
	c, err := configOf(e.Config)
	if e.Config == "" || err != nil {
		// A model without usable settings (e.g. with PCA, from mlp):
		// it still reads images.
		c = pageDefaults(msg.DataSample)
	}
	p.runCfg = c
	summary := modelSummary(e.Metrics)
	if restore {
		run := p.model.pending
		p.model.pending = nil
		if run != nil {
			p.hist, p.iter, p.iters, p.epoch = run.History, run.Iter, run.Iters, run.Epoch
		}
		when := ""
		if run != nil {
			when = " (kept " + run.Saved.Format("Jan 2, 15:04") + ")"
		}
		p.model.restored = "Restored your model from your last visit" + when + summary + "."
		if p.fragment == "" { // no settings in the link: show the model's
			p.cfg = c
		}
	} else {
		file := p.model.file
		p.clearRun()
		p.model.busy, p.model.file = false, file
		p.model.status = "Loaded " + file + summary + ". Its settings are in the setup."
		p.setConfig(c)
		p.persist()
	}
	p.ensureData()
	if p.classify.image != nil && p.classify.use == useCurrent {
		p.predict()
	}
}

// ensureData loads a dataset the model can be evaluated on, if none is:
// its own if small, else the sample (same images, fewer of them).
func (p *playground) ensureData() {
	p.offerFull() // the model's own full CIFAR-10 only when the user says so (askdata.go)
	if p.loading != nil || p.stateIn(msg.StateRunning, msg.StatePaused) {
		return
	}
	kind := p.modelKind()
	if kind == msg.DataToy {
		if p.loadedData() != msg.DataToy {
			p.loading = &loadProgress{data: msg.DataToy}
			p.send(msg.Request{Kind: msg.Load, Data: msg.DataToy}, p.onLoad)
		}
		return
	}
	if p.info != nil && p.info.Dim == imageBytes {
		return
	}
	data := msg.DataSample
	if kind == msg.DataSample {
		data = p.runCfg.Data
	}
	p.loading = &loadProgress{data: data}
	p.send(msg.Request{Kind: msg.Load, Data: data}, p.onLoad)
}

// modelSummary describes a model's training from its metrics.
func modelSummary(m map[string]float64) string {
	var parts []string
	if v, ok := m["iters"]; ok && v > 0 {
		parts = append(parts, fmt.Sprintf("trained %s steps", formatCount(int(v))))
	}
	if v, ok := m["best_val_acc"]; ok {
		parts = append(parts, "best validation accuracy "+percent(v))
	} else if v, ok := m["val_acc"]; ok {
		parts = append(parts, "validation accuracy "+percent(v))
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

func (p *playground) renderModelPanel() app.UI {
	m := p.model
	return app.Section().ID(IDModelPanel).Class("panel").Body(
		app.Div().Class("panel-head").Body(app.H2().Text("Model file")),
		app.P().Class("hint").Text("Save the trained network (weights, settings and preprocessing) to a .bppmodel file, and load it back later, here or in another browser. "+
			"Export .npz gives the notebook's W1, b1, W2, b2, … for numpy; Load model… also takes a notebook-trained net saved that way (np.savez)."),
		app.Div().Class("row").Body(
			app.Button().ID(IDModelSave).Class("secondary").Disabled(m.busy || !p.hasModel() || !p.workerUp).
				Text("Save model").OnClick(func(app.Context, app.Event) { p.save(msg.FormatCheckpoint) }),
			app.Button().ID(IDModelExportNPZ).Class("secondary").Disabled(m.busy || !p.hasModel() || !p.workerUp).
				Title("The weights, biases, preprocessing and class names as numpy arrays (np.load)").
				Text("Export .npz").OnClick(func(app.Context, app.Event) { p.save(msg.FormatNPZ) }),
			app.Label().Class("button secondary file-button").For(IDModelLoad).Body(
				app.Text("Load model…"),
				app.Input().Type("file").ID(IDModelLoad).Class("visually-hidden").Accept(".bppmodel,.npz,application/octet-stream,application/zip").
					Disabled(m.busy || !p.workerUp).
					OnChange(func(ctx app.Context, e app.Event) { p.loadFile(ctx) }),
			),
		),
		app.If(m.err != "", func() app.UI { return app.P().ID(IDModelError).Class("error").Text(m.err) }),
		p.renderAsk(true),
		app.P().ID(IDModelStatus).Class("muted status").Body(withCode(firstNonEmpty(m.status, m.saved, map[bool]string{
			true:  "The current model is not saved yet.",
			false: "No model yet.",
		}[p.hasModel()]))...),
	)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
