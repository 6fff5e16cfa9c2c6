package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/core/checkpoint"
	coremodel "github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/msg"
)

// The model panel: save the current model to a file and load one back
// (core/checkpoint's format, made and read by the worker), and the list
// of the models this browser keeps (kept.go), which a reload reopens.

// modelState is the panel's state.
type modelState struct {
	busy     bool
	err      string
	status   string     // what the last save or load did
	saved    string     // whether the model is kept in this browser
	restored string     // the notice after restoring a kept model
	file     string     // the file being loaded
	saveFile modelFile  // the file the current model was last saved to or loaded from
	pending  *keptRun   // the kept run being imported
	size     int        // bytes of the current model's last checkpoint
	results  *msg.Event // its last evaluation (Results), kept with it

	kept        []keptRun   // what this browser keeps, newest first
	keptID      string      // the current model's entry in kept, once kept
	keptIter    int         // the step at which it was last kept
	keepPending bool        // an export to keep it is on its way
	keepAgain   bool        // ... and another was asked for meanwhile
	last        *keptWrite  // the last write to the store
	keeps       int         // writes done (for tests: data-keeps)
	ask         *discardAsk // the question before discarding a model
	legacy      bool        // the model came from the store's old single slot: the next write deletes it
}

// maxModelFile bounds a model file the page reads: twice the biggest
// model the worker accepts.
const maxModelFile = 128 << 20

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
	p.model.saveFile = modelFile{Name: name, At: time.Now(), Iter: p.iter}
	if p.model.keptID != "" && p.model.keptIter == p.iter && !p.model.keepPending {
		p.keep(p.keptMeta(), nil, true) // the record says where the file is
	}
	if format == msg.FormatNPZ {
		p.model.status = fmt.Sprintf("Exported %s (%s): in Python, f = np.load(%q) gives W1, b1, W2, b2, …, mean and classes.", name, sizeText(len(b)), name)
		return
	}
	p.model.status = fmt.Sprintf("Saved %s (%s). Load it here later, or in `mlp` on the command line.", name, sizeText(len(b)))
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
	// One decimal, none when it is 0: "2.3 MB", "96 MB".
	return strconv.FormatFloat(math.Round(float64(n)/(1<<20)*10)/10, 'f', -1, 64) + " MB"
}

// loadFile reads a model file the user picked and sends it to the
// worker, after asking if the current model would be lost.
func (p *playground) loadFile(ctx app.Context) {
	f, ok := inputFile(IDModelLoad)
	resetInput(IDModelLoad) // picking the same file again is a change
	if !ok {
		return
	}
	p.guard(func() { p.loadPicked(ctx, f) })
}

// loadPicked reads the picked file f and imports it.
func (p *playground) loadPicked(ctx app.Context, f fileRef) {
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
			p.modelReq = p.send(msg.Request{Kind: msg.Import, Checkpoint: b}, p.onImport(importFile))
		})
	})
}

// How a model comes to be imported.
type importKind int

const (
	importFile    importKind = iota // a file the user loaded
	importRestore                   // the newest kept run, after a reload
	importOpen                      // a kept run the user opened from the list
)

// onImport returns the reply to the import of a model.
func (p *playground) onImport(kind importKind) wire.Reply {
	return func(e msg.Event) {
		switch {
		case e.Kind == msg.Error && kind == importRestore:
			p.model.pending = nil
			p.model.restored = "Your model from the last visit could not be restored: " + e.Err.Message
		case e.Kind == msg.Error:
			what := p.model.file
			if kind == importOpen {
				what = "the kept model"
			}
			p.model.pending = nil
			p.model.busy, p.model.err = false, fmt.Sprintf("Cannot load %s: %s", what, e.Err.Message)
		case e.Kind == msg.StateEvent && e.Text == "imported" && kind == importRestore && (p.waiting != "" || p.startQueued):
			// The kept model arrived after the user pressed Train or
			// Reset: the request under way replaces it, and neither its
			// settings nor its charts may start with the old run's.
			p.model.pending = nil
		case e.Kind == msg.StateEvent && e.Text == "imported":
			p.apply(e)
			p.imported(e, kind)
		default:
			p.apply(e)
		}
	}
}

// imported follows the import of a model (a file or a kept one).
func (p *playground) imported(e msg.Event, kind importKind) {
	c, err := configOf(e.Config)
	if e.Config == "" || err != nil {
		// A model without usable settings (e.g. with PCA, from mlp):
		// it still reads images.
		c = pageDefaults(msg.DataSample)
	}
	summary := modelSummary(e.Metrics)
	if kind == importFile {
		file := p.model.file
		p.clearRun()
		p.runCfg = c
		p.model.busy, p.model.file = false, file
		p.model.saveFile = modelFile{Name: file, Loaded: true, At: time.Now()}
		p.model.status = "Loaded " + file + summary + ". Its settings are in the setup."
		p.setConfig(c)
		p.persist()
	} else {
		r := p.model.pending
		p.model.pending = nil
		p.clearRun()
		p.runCfg = c
		p.model.busy = false
		p.showKept(r, e)
		switch {
		case kind == importOpen: // the user asked for it: its settings too
			p.setConfig(c)
		case p.fragment == "": // no settings in the link: show the model's
			p.cfg = c
		}
		p.model.restored = restoredText(r, e, summary, kind)
		if p.model.legacy { // from the old single slot: into the list
			p.persist()
		}
	}
	p.ensureData()
}

// showKept shows what the page kept of a run: its charts, its step, its
// last results and its file; e is the worker's answer to the import.
func (p *playground) showKept(r *keptRun, e msg.Event) {
	if r == nil {
		return
	}
	if r.History != nil {
		p.hist = *r.History
		p.hist.smooth.Beta = p.hist.Beta
		p.hist.smooth.Continue(p.hist.lastLoss()) // the chart goes on without a jump
	}
	p.iter, p.iters, p.epoch = r.Iter, r.Iters, r.Epoch
	if e.State == msg.StatePaused { // the worker's run: its step is the truth
		p.iter, p.iters, p.epoch = e.Iter, e.Iters, e.Epoch
		p.started = true // its button reads Resume
	}
	if r.Results != nil {
		ev := r.Results.Event
		ev.Pixels = r.Results.Pixels
		p.model.results = &ev
	}
	p.model.saveFile = r.File
	p.model.keptID, p.model.keptIter, p.model.size = r.ID, p.iter, r.Bytes
	p.model.saved = "Kept in this browser (" + r.Saved.Format("Jan 2, 15:04:05") + ")."
	if f := r.File; f.Name != "" {
		verb := "Saved as"
		if f.Loaded {
			verb = "Loaded from"
		}
		p.model.status = fmt.Sprintf("%s %s (%s, step %s), and kept in this browser.", verb, f.Name, f.At.Format("Jan 2, 15:04"), formatCount(f.Iter))
	}
}

// restoredText is the notice after a kept run is reopened.
func restoredText(r *keptRun, e msg.Event, summary string, kind importKind) string {
	lead := "Restored your model from your last visit"
	if kind == importOpen {
		lead = "Opened " + r.Name
	}
	if e.State == msg.StatePaused {
		if kind == importOpen {
			return fmt.Sprintf("%s: step %s of %s, paused. Resume continues it.", lead, formatCount(e.Iter), formatCount(e.Iters))
		}
		return fmt.Sprintf("Restored your run: step %s of %s, paused. Resume continues it.", formatCount(e.Iter), formatCount(e.Iters))
	}
	when := ""
	if r != nil && kind == importRestore {
		when = " (kept " + r.Saved.Format("Jan 2, 15:04") + ")"
	}
	return lead + when + summary + "."
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
	if p.info != nil && p.info.Dim == modelImageBytes(kind) {
		return
	}
	// The full set's sample: same images, fewer of them.
	data := msg.DataSample
	switch {
	case kind == msg.DataDigits || kind == msg.DataFashionSample || kind == msg.DataSample:
		data = p.runCfg.Data
	case kind == msg.DataFashion:
		data = msg.DataFashionSample
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
			app.Button().ID(IDModelSave).Class("secondary").Disabled(m.busy || !p.hasModel() || p.workerPending()).
				Text("Save model").OnClick(func(app.Context, app.Event) { p.save(msg.FormatCheckpoint) }),
			app.Button().ID(IDModelExportNPZ).Class("secondary").Disabled(m.busy || !p.hasModel() || p.workerPending()).
				Title("The weights, biases, preprocessing and class names as numpy arrays (np.load)").
				Text("Export .npz").OnClick(func(app.Context, app.Event) { p.save(msg.FormatNPZ) }),
			app.Label().Class("button secondary file-button").For(IDModelLoad).Body(
				app.Text("Load model…"),
				app.Input().Type("file").ID(IDModelLoad).Class("visually-hidden").Accept(".bppmodel,.npz,application/octet-stream,application/zip").
					Disabled(m.busy || p.workerPending()).
					OnChange(func(ctx app.Context, e app.Event) { p.loadFile(ctx) }),
			),
		),
		app.If(m.err != "", func() app.UI { return app.P().ID(IDModelError).Class("error").Text(m.err) }),
		p.renderAsk(true),
		app.P().ID(IDModelStatus).Class("muted status").Body(withCode(firstNonEmpty(m.status, m.saved, map[bool]string{
			true:  "The current model is not saved yet.",
			false: "No model yet.",
		}[p.hasModel()]))...),
		p.renderKept(),
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
