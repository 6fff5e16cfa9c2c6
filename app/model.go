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

// modelState is what the page knows of the current model's files: where
// it was saved or loaded, whether and where this browser keeps it, and
// its last evaluation.
type modelState struct {
	saved    string     // whether the model is kept in this browser
	restored string     // the notice after restoring a kept model
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

// modelPanel is the model file panel: a component that owns what its
// actions do, a save, an export or a load under way, and what the last
// one said (an error or a status line), both of the model they acted on:
// a new model makes them go. What the page knows of the current model's
// files (modelState) it gives as fields.
type modelPanel struct {
	app.Compo

	Model  int       // the id of the request that built the current model
	Has    bool      // the worker holds a model (playground.hasModel)
	Wait   bool      // the worker cannot take a request yet (playground.workerPending)
	File   modelFile // the file the current model was saved to or loaded from
	Saved  string    // whether it is kept in this browser
	Kept   []keptRun // what this browser keeps, newest first
	KeptID string    // the current model's entry in Kept
	Ask    *dataAsk  // the page's question on the model's full dataset
	Bytes  int64     // ... and its download's size
	Page   modelPage

	ctx     app.Context
	mounted bool
	busy    bool
	err     string
	status  string // what the last save or load did
	of      int    // the model busy, err and status are of
}

// modelPage is what the panel asks of the page.
type modelPage interface {
	send(msg.Request, wire.Reply) int
	apply(msg.Event)
	// load sends the model b to the worker, to replace the current one
	// (r is the kept run it is, nil for a file). The reply is the
	// panel's: it gives the page the import (imported, importFailed).
	load(b []byte, r *keptRun, reply wire.Reply) int
	imported(e msg.Event, kind importKind, file string)
	importFailed()
	// saved says the current model was saved to the file f.
	saved(f modelFile)
	// fileName names a file of the current model.
	fileName() string
	guard(action func())
	deleteKept(id string)
	acceptDownload()
	declineDownload()
}

var (
	_ app.Composer = (*modelPanel)(nil)
	_ app.Mounter  = (*modelPanel)(nil)
)

func (c *modelPanel) OnMount(ctx app.Context) { c.ctx, c.mounted = ctx, true }

// update renders the panel again after an answer, which arrives in the
// page's dispatch. Natively (in tests) nothing is mounted.
func (c *modelPanel) update() {
	if c.mounted {
		c.ctx.Update()
	}
}

// act starts an action on the current model.
func (c *modelPanel) act() { c.of, c.busy, c.err, c.status = c.Model, true, "", "" }

// done ends the action on the model of, with an error or a status.
func (c *modelPanel) done(of int, err, status string) {
	if c.of == of {
		c.busy, c.err, c.status = false, err, status
	}
}

// save asks the worker for the model in format (msg.Format*), to
// download it: a .bppmodel, or the notebook's .npz for numpy.
func (c *modelPanel) save(format string) {
	c.act()
	of := c.Model
	c.Page.send(msg.Request{Kind: msg.Export, Format: format}, func(e msg.Event) {
		switch e.Kind {
		case msg.Model:
			c.download(of, e.Checkpoint, e.Format)
		case msg.Error:
			c.done(of, "Cannot save the model: "+e.Err.Message, "")
		default:
			c.Page.apply(e)
			return
		}
		c.update()
	})
}

// download saves an exported model as a file.
func (c *modelPanel) download(of int, b []byte, format string) {
	name, mime := c.Page.fileName(), "application/octet-stream"
	if format == msg.FormatNPZ {
		name, mime = strings.TrimSuffix(name, ".bppmodel")+".npz", "application/zip"
	}
	if err := saveFile(name, mime, b); err != nil {
		c.done(of, "Cannot save the file: "+err.Error(), "")
		return
	}
	c.Page.saved(modelFile{Name: name, At: time.Now()})
	if format == msg.FormatNPZ {
		c.done(of, "", fmt.Sprintf("Exported %s (%s): in Python, f = np.load(%q) gives W1, b1, W2, b2, …, mean and classes.", name, sizeText(len(b)), name))
		return
	}
	c.done(of, "", fmt.Sprintf("Saved %s (%s). Load it here later, or in `mlp` on the command line.", name, sizeText(len(b))))
}

// saved implements modelPage: the record of the current model says
// where its file is (and so does its kept copy, if kept at this step).
func (p *playground) saved(f modelFile) {
	f.Iter = p.iter
	p.model.saveFile = f
	if p.model.keptID != "" && p.model.keptIter == p.iter && !p.model.keepPending {
		p.keep(p.keptMeta(), nil, true)
	}
}

// fileName implements modelPage: a model's file is named after its data
// and steps.
func (p *playground) fileName() string {
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
func (c *modelPanel) loadFile(ctx app.Context) {
	f, ok := inputFile(IDModelLoad)
	resetInput(IDModelLoad) // picking the same file again is a change
	if !ok {
		return
	}
	c.Page.guard(func() { c.loadPicked(ctx, f) })
}

// loadPicked reads the picked file f and imports it.
func (c *modelPanel) loadPicked(ctx app.Context, f fileRef) {
	c.act()
	of := c.of
	if f.size > maxModelFile {
		c.done(of, fmt.Sprintf("%s is %s, more than any model the playground trains: is it a .bppmodel or .npz file?", f.name, sizeText(int(f.size))), "")
		return
	}
	if f.size == 0 {
		c.done(of, f.name+" is empty: pick a .bppmodel file saved by the playground or by mlp train, or a notebook's .npz.", "")
		return
	}
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
			switch {
			case bad != nil:
				c.done(of, fmt.Sprintf("%s is not a model the playground can load: %v", f.name, bad), "")
			case err != nil:
				c.done(of, fmt.Sprintf("Cannot read %s: %v", f.name, err), "")
			default:
				c.load(b, nil, f.name)
			}
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

// load sends the model b (the file name, or the kept run r) to the
// worker; the model it builds is the current one.
func (c *modelPanel) load(b []byte, r *keptRun, name string) {
	kind := importFile
	if r != nil {
		kind, name = importOpen, "the kept model"
	}
	var id int
	id = c.Page.load(b, r, func(e msg.Event) {
		switch {
		case e.Kind == msg.Error:
			c.Page.importFailed()
			c.of = id // the model stays; the error is of this attempt
			c.done(id, fmt.Sprintf("Cannot load %s: %s", name, e.Err.Message), "")
		case e.Kind == msg.StateEvent && e.Text == "imported":
			c.Page.apply(e)
			c.Page.imported(e, kind, name)
			c.of = id
			status := ""
			if kind == importFile {
				status = "Loaded " + name + modelSummary(e.Metrics) + ". Its settings are in the setup."
			}
			c.done(id, "", status)
		default:
			c.Page.apply(e)
			return
		}
		c.update()
	})
}

// load implements modelPage.
func (p *playground) load(b []byte, r *keptRun, reply wire.Reply) int {
	p.model.pending = r
	p.modelReq = p.send(msg.Request{Kind: msg.Import, Checkpoint: b}, reply)
	return p.modelReq
}

// importFailed implements modelPage: the current model stays.
func (p *playground) importFailed() { p.model.pending = nil }

// onRestore is the reply to the import of the newest kept run, after a
// reload.
func (p *playground) onRestore(e msg.Event) {
	switch {
	case e.Kind == msg.Error:
		p.model.pending = nil
		p.model.restored = "Your model from the last visit could not be restored: " + e.Err.Message
	case e.Kind == msg.StateEvent && e.Text == "imported" && (p.waiting != "" || p.startQueued):
		// The kept model arrived after the user pressed Train or Reset:
		// the request under way replaces it, and neither its settings
		// nor its charts may start with the old run's.
		p.model.pending = nil
	case e.Kind == msg.StateEvent && e.Text == "imported":
		p.apply(e)
		p.imported(e, importRestore, "")
	default:
		p.apply(e)
	}
}

// imported follows the import of a model: the file name, or a kept
// one (modelState.pending).
func (p *playground) imported(e msg.Event, kind importKind, file string) {
	c, err := configOf(e.Config)
	if e.Config == "" || err != nil {
		// A model without usable settings (e.g. with PCA, from mlp):
		// it still reads images.
		c = pageDefaults(msg.DataSample)
	}
	summary := modelSummary(e.Metrics)
	if kind == importFile {
		p.clearRun()
		p.runCfg = c
		p.model.saveFile = modelFile{Name: file, Loaded: true, At: time.Now()}
		p.setConfig(c)
		p.persist()
	} else {
		r := p.model.pending
		p.model.pending = nil
		p.clearRun()
		p.runCfg = c
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

// modelView is the model panel with what the page knows of the model.
func (p *playground) modelView() *modelPanel {
	c := &modelPanel{Model: p.modelReq, Has: p.hasModel(), Wait: p.workerPending(), File: p.model.saveFile, Saved: p.model.saved,
		Kept: p.model.kept, KeptID: p.model.keptID, Page: p}
	if a := p.ask; a != nil && a.forModel {
		c.Ask, c.Bytes = a, p.askBytes(a)
	}
	return c
}

func (c *modelPanel) Render() app.UI {
	off := c.busy || !c.Has || c.Wait
	err, status := c.err, c.status
	if c.of != c.Model { // of a model that is gone
		err, status = "", ""
	}
	return app.Section().ID(IDModelPanel).Class("panel").Body(
		app.Div().Class("panel-head").Body(app.H2().Text("Model file")),
		app.P().Class("hint").Text("Save the trained network (weights, settings and preprocessing) to a .bppmodel file, and load it back later, here or in another browser. "+
			"Export .npz gives the notebook's W1, b1, W2, b2, … for numpy; Load model… also takes a notebook-trained net saved that way (np.savez)."),
		app.Div().Class("row").Body(
			app.Button().ID(IDModelSave).Class("secondary").Disabled(off).
				Text("Save model").OnClick(func(app.Context, app.Event) { c.save(msg.FormatCheckpoint) }),
			app.Button().ID(IDModelExportNPZ).Class("secondary").Disabled(off).
				Title("The weights, biases, preprocessing and class names as numpy arrays (np.load)").
				Text("Export .npz").OnClick(func(app.Context, app.Event) { c.save(msg.FormatNPZ) }),
			app.Label().Class("button secondary file-button").For(IDModelLoad).Body(
				app.Text("Load model…"),
				app.Input().Type("file").ID(IDModelLoad).Class("visually-hidden").Accept(".bppmodel,.npz,application/octet-stream,application/zip").
					Disabled(c.busy || c.Wait).
					OnChange(func(ctx app.Context, e app.Event) { c.loadFile(ctx) }),
			),
		),
		app.If(err != "", func() app.UI { return app.P().ID(IDModelError).Class("error").Text(err) }),
		app.If(c.Ask != nil, func() app.UI { return askView(c.Ask, c.Bytes, c.Page.acceptDownload, c.Page.declineDownload) }),
		app.P().ID(IDModelStatus).Class("muted status").Body(withCode(firstNonEmpty(status, c.fileText(), c.Saved, map[bool]string{
			true:  "The current model is not saved yet.",
			false: "No model yet.",
		}[c.Has]))...),
		c.renderKept(),
	)
}

// fileText says which file the current model was saved to or loaded
// from, if any.
func (c *modelPanel) fileText() string {
	f := c.File
	if f.Name == "" {
		return ""
	}
	verb, kept := "Saved as", ""
	if f.Loaded {
		verb = "Loaded from"
	}
	if c.KeptID != "" {
		kept = ", and kept in this browser"
	}
	return fmt.Sprintf("%s %s (%s, step %s)%s.", verb, f.Name, f.At.Format("Jan 2, 15:04"), formatCount(f.Iter), kept)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
