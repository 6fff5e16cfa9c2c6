package app

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/msg"
)

// The models this browser keeps: one store of kept runs in IndexedDB,
// used by the periodic save while a run goes, the save when the page is
// hidden or left, the list in the model panel (open, delete) and the
// restore after a reload. Each kept run is the worker's FormatState
// export (the model and, if it has a run, the run's progress and its
// optimizer's moments, so that Resume continues it) with what the page
// showed of it: its settings, its charts, its last results, and the file
// it was saved to or loaded from.
//
// The store (one object store of byte arrays, see browser_js.go):
//
//	"runs"        the index: JSON []keptRun without History and Results, newest first
//	"run/<id>"    one keptRun as JSON, with its charts and results
//	"model/<id>"  its checkpoint bytes
//
// It holds at most keepMax runs and keepBytes of checkpoints: keeping one
// more drops the oldest, first among those saved to a file (they are kept
// elsewhere). Every write of a run is one transaction.
const (
	keyIndex = "runs"
	// The one model and its charts that the page kept before there was a
	// list: read once into the list, then deleted.
	keyLegacyModel, keyLegacyRun = "model", "run"
	keepMax                      = 5
	keepBytes                    = 96 << 20
	// persistBig is the checkpoint size above which a run is kept only
	// when it pauses or ends, not periodically: exporting tens of
	// megabytes costs the worker and the page more than the steps saved.
	persistBig = 32 << 20
	// The periodic save while a run goes: about one second per megabyte
	// of checkpoint, between persistMin and persistMax, so that a small
	// net loses at most two seconds and a big one does not spend its
	// time copying itself.
	persistMin = 2 * time.Second
	persistMax = 30 * time.Second
)

// keptRun is one kept run: its entry in the index, and with History and
// Results its record.
type keptRun struct {
	ID    string    `json:"id"`
	Name  string    `json:"name"` // data, shape, steps and accuracy
	Saved time.Time `json:"saved"`
	Bytes int       `json:"bytes"` // of the checkpoint

	Config string `json:"config"` // the model's settings, as a link
	Iter   int    `json:"iter"`
	Iters  int    `json:"iters"`
	Epoch  int    `json:"epoch"`
	State  string `json:"state"`
	Run    bool   `json:"run"` // the checkpoint holds a run that Resume continues

	File modelFile `json:"file,omitzero"`

	History *history     `json:"history,omitempty"`
	Results *keptResults `json:"results,omitempty"`
}

// modelFile is the file a model was last saved to or loaded from.
type modelFile struct {
	Name   string    `json:"name"`
	Loaded bool      `json:"loaded,omitempty"` // loaded from it, not saved to it
	At     time.Time `json:"at"`
	Iter   int       `json:"iter"` // the step the file holds
}

// keptResults is the results panel's evaluation.
type keptResults struct {
	Event  msg.Event `json:"event"`
	Pixels []byte    `json:"pixels"`
}

// keptWrite is one write to the store, kept until it is done so that
// pagehide can start it again if the page goes first.
type keptWrite struct {
	put  map[string][]byte
	del  []string
	done bool
}

// discardAsk is the question asked before an action would discard a
// trained model that is kept nowhere.
type discardAsk struct {
	text string
	then func()
}

func runKey(id string) string   { return "run/" + id }
func modelKey(id string) string { return "model/" + id }

// persistPeriod is the time between two saves of a running run whose
// checkpoint has size bytes.
func persistPeriod(size int) time.Duration {
	d := time.Duration(size) * time.Second / (1 << 20)
	return min(max(d, persistMin), persistMax)
}

// persistDue reports whether a running run should be kept now: at its
// first steps, then every persistPeriod.
func (p *playground) persistDue() bool {
	if p.state != msg.StateRunning || p.model.keepPending || p.model.size > persistBig || p.iter == 0 {
		return false
	}
	return p.model.keptID == "" || time.Since(p.lastPersist) > persistPeriod(p.model.size)
}

// persist asks the worker for the model and its run, to keep them in
// this browser. What the page shows of the run is taken now, and again
// when the bytes arrive if the model is still the same (the worker's
// events come in order, so the page then shows exactly the exported
// step); a model replaced meanwhile is kept as it was asked for.
func (p *playground) persist() {
	if !p.hasModel() || !p.mounted {
		return
	}
	if p.model.keepPending {
		p.model.keepAgain = true // the export under way may be older
		return
	}
	if p.model.keptID == "" {
		p.model.keptID = newKeptID()
	}
	snap := p.keptMeta()
	req := p.modelReq
	p.lastPersist = time.Now()
	p.model.keepPending = true
	p.send(msg.Request{Kind: msg.Export, Format: msg.FormatState}, func(e msg.Event) {
		switch e.Kind {
		case msg.Model:
			same := req == p.modelReq && snap.ID == p.model.keptID
			if same {
				p.model.keepPending = false
				snap = p.keptMeta()
			}
			p.keep(snap, e.Checkpoint, same)
			if same && p.model.keepAgain {
				p.model.keepAgain = false
				p.persist()
			}
		case msg.Error:
			p.model.keepPending, p.model.keepAgain = false, false
			p.model.saved = "Could not keep the model in this browser: " + e.Err.Message
		default:
			p.apply(e)
		}
	})
}

func newKeptID() string { return strconv.FormatInt(time.Now().UnixNano(), 36) }

// keptMeta describes the current model and run as the page shows them.
func (p *playground) keptMeta() keptRun {
	h := p.hist
	r := keptRun{ID: p.model.keptID, Saved: time.Now(), Bytes: p.model.size, Config: linkOf(p.runCfg),
		Iter: p.iter, Iters: p.iters, Epoch: p.epoch, State: p.state, Run: p.hasRun() && p.iter > 0,
		File: p.model.saveFile, History: &h}
	if ev := p.model.results; ev != nil {
		e := *ev
		e.Pixels = nil
		r.Results = &keptResults{Event: e, Pixels: ev.Pixels}
	}
	r.Name = p.keptName(r.Iter)
	return r
}

// keptName names a model by its data, shape, steps and accuracy.
func (p *playground) keptName(iter int) string {
	c := p.runCfg
	hidden := make([]string, len(c.Hidden))
	for i, h := range c.Hidden {
		hidden[i] = formatCount(h)
	}
	name := fmt.Sprintf("%s, %s hidden, %s steps", dataLabel(c.Data), strings.Join(hidden, "–"), formatCount(iter))
	if v := p.hist.bestVal(); v >= 0 {
		name += ", " + percent(v) + " validation"
	}
	return name
}

// dataLabel names a dataset for people.
func dataLabel(data string) string {
	kind, n, _ := msg.ParseData(data)
	switch kind {
	case msg.DataToy:
		return "toy problem"
	case msg.DataSample:
		return "CIFAR-10 sample"
	case msg.DataCIFAR:
		if n > 0 {
			return "CIFAR-10 (" + formatCount(n) + " images)"
		}
		return "CIFAR-10"
	case msg.DataDigits:
		return "digits sample"
	case msg.DataFashionSample:
		return "Fashion-MNIST sample"
	case msg.DataFashion:
		return "Fashion-MNIST (" + formatCount(n) + " images)"
	}
	return data
}

// keep stores a kept run: b is its checkpoint (nil: the record only, for
// a model kept before), current whether it is the page's current model.
func (p *playground) keep(r keptRun, b []byte, current bool) {
	if !p.mounted {
		return
	}
	if b != nil {
		r.Bytes = len(b)
		if current {
			p.model.size = len(b)
		}
	}
	if r.Bytes > keepBytes {
		if current {
			p.model.keptID, p.model.keptIter = "", -1
			p.model.saved = fmt.Sprintf("The model is %s, more than this browser keeps (%s): save it to a file to keep it.", sizeText(r.Bytes), sizeText(keepBytes))
		}
		return
	}
	w, index, err := keptWrites(p.model.kept, r, b)
	if err != nil {
		p.model.saved = "Could not keep the model in this browser: " + err.Error()
		return
	}
	if p.model.legacy {
		p.model.legacy = false
		w.del = append(w.del, keyLegacyModel, keyLegacyRun)
	}
	p.model.kept = index
	if current {
		p.model.keptIter = r.Iter
	}
	p.write(w, func(err error) {
		if err != nil {
			p.model.saved = "Could not keep the model in this browser: " + err.Error()
			return
		}
		p.model.keeps++
		if current && r.ID == p.model.keptID {
			p.model.saved = "Kept in this browser (" + r.Saved.Format("15:04:05") + "): a reload finds it again."
		}
	})
}

// write carries out w off the UI thread, one write at a time, as the
// model's last write, then calls done with its error on the UI thread.
func (p *playground) write(w *keptWrite, done func(error)) {
	p.model.last = w
	ctx := p.ctx
	ctx.Async(func() {
		p.keepMu.Lock()
		err := storePut(w.put, w.del)
		p.keepMu.Unlock()
		ctx.Dispatch(func(app.Context) {
			w.done = err == nil
			done(err)
		})
	})
}

// keptWrites returns the write that keeps r (and b, if not nil) and the
// index after it: r first, then the others newest first, within keepMax
// runs and keepBytes, dropping the oldest (those saved to a file first).
func keptWrites(index []keptRun, r keptRun, b []byte) (*keptWrite, []keptRun, error) {
	record, err := json.Marshal(r)
	if err != nil {
		return nil, nil, err
	}
	entry := r
	entry.History, entry.Results = nil, nil
	out := []keptRun{entry}
	for _, k := range index {
		if k.ID != r.ID {
			out = append(out, k)
		}
	}
	w := &keptWrite{put: map[string][]byte{runKey(r.ID): record}}
	if b != nil {
		w.put[modelKey(r.ID)] = b
	}
	for len(out) > keepMax || keptSize(out) > keepBytes {
		victim := len(out) - 1
		for i := len(out) - 1; i > 0; i-- {
			if out[i].File.Name != "" && !out[i].File.Loaded && out[i].File.Iter == out[i].Iter {
				victim = i
				break
			}
		}
		w.del = append(w.del, runKey(out[victim].ID), modelKey(out[victim].ID))
		out = slices.Delete(out, victim, victim+1)
	}
	idx, err := json.Marshal(out)
	if err != nil {
		return nil, nil, err
	}
	w.put[keyIndex] = idx
	return w, out, nil
}

func keptSize(index []keptRun) int {
	n := 0
	for _, k := range index {
		n += k.Bytes
	}
	return n
}

// onLeave keeps the run when the page is hidden (a tab switch: there is
// time to export it afresh) or left (pagehide: only time to start the
// last write again, synchronously, in case it had not finished).
func (p *playground) onLeave(final bool) {
	if !final {
		if p.stateIn(msg.StateRunning) || p.unkept() {
			p.persist()
		}
		return
	}
	if w := p.model.last; w != nil && !w.done {
		storePutNow(w.put, w.del)
	}
}

// readKept reads the index, and a run's record and checkpoint.
func readIndex() ([]keptRun, error) {
	b, err := storeGet(keyIndex)
	if err != nil || len(b) == 0 {
		return nil, err
	}
	var index []keptRun
	if err := json.Unmarshal(b, &index); err != nil {
		return nil, nil // unreadable: as if empty, rewritten at the next keep
	}
	return index, nil
}

func readKept(id string) (*keptRun, []byte, error) {
	b, err := storeGet(modelKey(id))
	if err != nil || len(b) == 0 {
		return nil, nil, err
	}
	var r keptRun
	if meta, err := storeGet(runKey(id)); err == nil && len(meta) > 0 {
		if json.Unmarshal(meta, &r) != nil || r.History == nil || !r.History.valid() {
			r.History = nil
		}
	}
	r.ID = id
	return &r, b, nil
}

// readLegacy reads the model kept before there was a list, or nil. Its
// record's JSON names are those of keptRun.
func readLegacy() (*keptRun, []byte) {
	b, err := storeGet(keyLegacyModel)
	if err != nil || len(b) == 0 {
		return nil, nil
	}
	r := keptRun{}
	if meta, err := storeGet(keyLegacyRun); err == nil && len(meta) > 0 && json.Unmarshal(meta, &r) == nil {
		if r.History != nil && !r.History.valid() {
			r.History = nil
		}
	}
	r.ID, r.Bytes, r.Run = newKeptID(), len(b), false
	return &r, b
}

// restore reads the kept runs and reopens the newest, unless the user
// started something meanwhile.
func (p *playground) restore(ctx app.Context) {
	ctx.Async(func() {
		index, _ := readIndex()
		var r *keptRun
		var b []byte
		legacy := false
		if len(index) > 0 {
			r, b, _ = readKept(index[0].ID)
		} else if r, b = readLegacy(); r != nil {
			legacy = true
		}
		ctx.Dispatch(func(app.Context) {
			p.model.kept = index
			p.model.legacy = legacy
			if r == nil || p.hasModel() || p.waiting != "" || p.startQueued {
				return // nothing kept, or the user was quicker: keep what they did
			}
			p.model.pending = r
			p.modelReq = p.send(msg.Request{Kind: msg.Import, Checkpoint: b}, p.onRestore)
		})
	})
}

// openKept reopens a kept run from the list.
func (c *modelPanel) openKept(ctx app.Context, id string) {
	c.act()
	of := c.of
	ctx.Async(func() {
		r, b, err := readKept(id)
		ctx.Dispatch(func(app.Context) {
			if err == nil && r == nil {
				err = fmt.Errorf("it is no longer in this browser")
			}
			if err != nil {
				c.done(of, "Cannot open the kept model: "+err.Error(), "")
				return
			}
			c.load(b, r, "")
		})
	})
}

// deleteKept removes a kept run from this browser.
func (p *playground) deleteKept(id string) {
	var out []keptRun
	for _, k := range p.model.kept {
		if k.ID != id {
			out = append(out, k)
		}
	}
	idx, err := json.Marshal(out)
	if err != nil {
		return
	}
	p.model.kept = out
	if id == p.model.keptID {
		p.model.keptID, p.model.keptIter, p.model.saved = "", -1, "Deleted from this browser."
	}
	w := &keptWrite{put: map[string][]byte{keyIndex: idx}, del: []string{runKey(id), modelKey(id)}}
	p.write(w, func(err error) {
		if err != nil {
			p.model.saved = "Could not delete the kept model: " + err.Error()
		}
	})
}

// unkept reports whether the current model is trained and its last
// steps are kept nowhere: not in this browser, not in a saved file. A
// running model always has steps that are not kept yet.
func (p *playground) unkept() bool {
	if !p.hasModel() || p.iter == 0 {
		return false
	}
	if p.state == msg.StateRunning {
		return true
	}
	if p.model.keepPending || p.model.keptID != "" && p.model.keptIter == p.iter {
		return false // kept, or about to be
	}
	f := p.model.saveFile
	return f.Name == "" || f.Loaded || f.Iter != p.iter
}

// guard runs action, which would replace the current model, at once if
// nothing would be lost, else after asking.
func (p *playground) guard(action func()) {
	if !p.unkept() {
		action()
		return
	}
	name := p.keptName(p.iter)
	what := fmt.Sprintf("The current model (%s) is not kept in this browser or in a file.", name)
	switch kept := p.model.keptID != "" && p.model.keptIter > 0; {
	case p.state == msg.StateRunning && kept:
		what = fmt.Sprintf("The current model (%s) is training: it is kept in this browser at step %s, and its steps since are kept nowhere.", name, formatCount(p.model.keptIter))
	case p.state == msg.StateRunning:
		what = fmt.Sprintf("The current model (%s) is training and is not kept in this browser or in a file yet.", name)
	case kept:
		what = fmt.Sprintf("The current model (%s) is kept in this browser at step %s only: its last %s steps are kept nowhere.",
			name, formatCount(p.model.keptIter), formatCount(p.iter-p.model.keptIter))
	}
	p.model.ask = &discardAsk{text: what + " Discard it?", then: action}
}

// answer is the reply to the discard question: keep the model first (in
// this browser; the worker exports it before it takes the action), go on
// without keeping it, or do nothing.
func (p *playground) answer(choice string) {
	a := p.model.ask
	p.model.ask = nil
	if a == nil {
		return
	}
	switch choice {
	case "keep":
		p.model.keepPending = false // a newer export of the same model, now
		p.persist()
		a.then()
	case "discard":
		a.then()
	}
}

// renderDiscardAsk is the discard question, above the panels.
func (p *playground) renderDiscardAsk() app.UI {
	a := p.model.ask
	return app.Div().ID(IDDiscardAsk).Class("notice").Aria("live", "assertive").Body(
		app.Span().Text(a.text),
		app.Button().ID(IDDiscardKeep).Class("primary small").Title("Keep it in this browser's list of models, then go on").
			Text("Keep it").OnClick(func(app.Context, app.Event) { p.answer("keep") }),
		app.Button().ID(IDDiscardGo).Class("secondary small").Text("Discard").OnClick(func(app.Context, app.Event) { p.answer("discard") }),
		app.Button().ID(IDDiscardCancel).Class("secondary small").Text("Cancel").OnClick(func(app.Context, app.Event) { p.answer("") }),
	)
}

// renderKept is the list of kept models in the model panel.
func (c *modelPanel) renderKept() app.UI {
	kept := c.Kept
	return app.Div().ID(IDKeptList).Class("kept").Body(
		app.H3().Text("Kept in this browser"),
		app.P().Class("hint").Text(fmt.Sprintf("The last %d models you trained or loaded stay here, up to %s in all (older ones are dropped, those saved to a file first); a reload reopens the newest, and a paused run resumes where it was.",
			keepMax, sizeText(keepBytes))),
		app.If(len(kept) == 0, func() app.UI { return app.P().Class("muted").Text("None yet.") }),
		app.Ul().Body(app.Range(kept).Slice(func(i int) app.UI {
			k := kept[i]
			open := k.ID == c.KeptID
			return app.Li().DataSet("id", k.ID).DataSet("iter", k.Iter).DataSet("current", boolText(open)).DataSet("file", k.File.Name).Body(
				app.Span().Class("kept-name").Text(k.Name),
				app.Span().Class("muted").Text(" · "+k.Saved.Format("Jan 2, 15:04")+" · "+sizeText(k.Bytes)+map[bool]string{true: " · the current model", false: ""}[open]),
				app.Button().Class("secondary small kept-open").Disabled(open || c.busy || c.Wait).Text("Open").
					OnClick(func(ctx app.Context, _ app.Event) { id := k.ID; c.Page.guard(func() { c.openKept(ctx, id) }) }),
				app.Button().Class("secondary small kept-delete").Text("Delete").
					OnClick(func(app.Context, app.Event) { c.Page.deleteKept(k.ID) }),
			)
		})),
	)
}
