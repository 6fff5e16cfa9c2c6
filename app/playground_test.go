package app

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/msg"
)

// newTestPage returns a loaded playground whose requests are collected
// instead of posted to a worker.
func newTestPage(t *testing.T) (*playground, *[]msg.Request) {
	t.Helper()
	p := &playground{}
	e := app.NewTestEngine()
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	p.mounted = true // as after OnMount, which go-app calls only in a browser
	var sent []msg.Request
	p.worker = wire.New(func(text string, parts msg.Parts) {
		r, err := msg.DecodeRequest(text, parts)
		if err != nil {
			t.Fatalf("the page sent a bad request %s: %v", text, err)
		}
		sent = append(sent, r)
	}, p.onRun)
	return p, &sent
}

// receive plays the worker: e reaches the page as the worker sends it,
// through app/wire to the reply of the request it answers.
func receive(p *playground, e msg.Event) { p.worker.Receive(msg.EncodeEvent(e)) }

// html renders the page in its current state.
func html(p *playground) string { return app.HTMLString(p.Render()) }

// setup returns the page's setup panel, as go-app mounts it.
func setup(p *playground) *setupPanel {
	s := p.setupView()
	s.OnInit()
	return s
}

// rerender does natively what go-app does to a mounted panel when its
// page renders again: it gives the panel the exported fields of the
// page's new one, and calls its OnUpdate.
func rerender[T app.Composer](mounted, fresh T) {
	m, f := reflect.ValueOf(mounted).Elem(), reflect.ValueOf(fresh).Elem()
	for i := range m.NumField() {
		if m.Type().Field(i).IsExported() && !m.Type().Field(i).Anonymous {
			m.Field(i).Set(f.Field(i))
		}
	}
	if u, ok := any(mounted).(app.Updater); ok {
		u.OnUpdate(app.Context{})
	}
}

// last returns the last request and fails the test unless it has kind k.
func last(t *testing.T, sent []msg.Request, k msg.Kind) msg.Request {
	t.Helper()
	if len(sent) == 0 || sent[len(sent)-1].Kind != k {
		t.Fatalf("sent %v, want a %s last", kindsOf(sent), k)
	}
	return sent[len(sent)-1]
}

func kindsOf(rs []msg.Request) []msg.Kind {
	var k []msg.Kind
	for _, r := range rs {
		k = append(k, r.Kind)
	}
	return k
}

// TestRender: the prerendered page has every panel and control, in the
// idle state, and matches go-app's test descriptors where it matters.
func TestRender(t *testing.T) {
	p, _ := newTestPage(t)
	page := html(p)
	for _, id := range []string{IDPlayground, IDControls, IDTrain, IDStep, IDStop, IDReset, IDRunState, IDRunProgress,
		IDSetup, IDSetData, IDPresetBestKnown, IDPresetReportDefault, IDPresetReportBest, IDSetting("lr"), IDSetting("hidden"),
		IDSetting("fliph"), IDLossChart, IDAccChart, IDWeightsCanvas, IDGradRun, IDResultsRun, IDClassifyPad,
		IDClassifyFile, IDClassifyDrop, IDClassifyUsePre, IDModelSave, IDModelLoad, IDShareLink, IDClassifyColor(0)} {
		if !strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("no element with id %q", id)
		}
	}
	for _, id := range []string{IDPause, IDResume, IDLinkErrors, IDRunError, IDGradTable, IDResultsTestAcc} {
		if strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("element %q is there before it applies", id)
		}
	}
	if !strings.Contains(page, `data-state="idle"`) || !strings.Contains(page, "Press Train") {
		t.Error("not an idle page with an empty loss chart")
	}
	tree := p.Render()
	if err := app.Match(app.H1().Text("Backprop Playground"), tree, 0, 1, 0); err != nil {
		t.Error(err)
	}
}

// TestRun follows a run through the protocol: Train sends start with the
// settings, events fill the views, the end triggers an evaluation and
// a save in the browser (export); the results are of the model.
func TestRun(t *testing.T) {
	p, sent := newTestPage(t)
	receive(p, msg.Event{Kind: msg.Ready})
	receive(p, msg.Event{Kind: msg.Loaded, Info: &msg.DataInfo{Name: "sample", Train: 2500, Val: 250, Test: 250, Dim: 3072}})

	p.train()
	r := last(t, *sent, msg.Start)
	if r.Config != linkOf(p.cfg) || p.stateLabel() != "Starting…" {
		t.Errorf("start config %q, label %q", r.Config, p.stateLabel())
	}
	receive(p, msg.Event{ID: r.ID, Kind: msg.StateEvent, State: msg.StateRunning})
	receive(p, msg.Event{ID: r.ID, Kind: msg.Weights, Side: 32, Count: 2, Pixels: make([]byte, 2*32*32*4)})
	receive(p, msg.Event{Kind: msg.Progress, Iter: 3, Iters: 500, Losses: []float64{2.3, 2.2, 2.1}, MsPerStep: 50, PerSecond: 2000})
	// Kept in the browser from its first steps, as a run's state.
	if r := last(t, *sent, msg.Export); r.Format != msg.FormatState {
		t.Errorf("the first save exports %q, want the run's state", r.Format)
	} else {
		// (The store is the browser's: here the export fails.)
		receive(p, msg.Event{ID: r.ID, Kind: msg.Error, Err: &msg.Failure{Message: "no store"}})
	}
	receive(p, msg.Event{Kind: msg.Progress, Iter: 3, Iters: 500, Epoch: 1, MsPerStep: 50, PerSecond: 2000,
		Ends: []msg.EpochEnd{{Iter: 3, Epoch: 1, TrainAcc: 0.3, ValAcc: 0.25, Best: true}}})
	if !p.hasRun() || p.iter != 3 || len(p.hist.Raw) != 3 || p.hist.bestVal() != 0.25 || p.weights.count != 2 {
		t.Errorf("after events: hasRun %v iter %d raw %v best %g weights %d", p.hasRun(), p.iter, p.hist.Raw, p.hist.bestVal(), p.weights.count)
	}
	page := html(p)
	for _, want := range []string{`id="` + IDPause + `"`, "3 / 500", "25.0%", `id="` + IDWeightsCanvas + `"`, "50 ms/step"} {
		if !strings.Contains(page, want) {
			t.Errorf("running page lacks %q", want)
		}
	}

	p.pause()
	last(t, *sent, msg.Pause)
	receive(p, msg.Event{Kind: msg.StateEvent, State: msg.StatePaused})
	r = last(t, *sent, msg.Export) // kept in the browser at a pause
	receive(p, msg.Event{ID: r.ID, Kind: msg.Error, Err: &msg.Failure{Message: "no store"}})
	p.step()
	if r := last(t, *sent, msg.Step); r.Steps != 1 {
		t.Errorf("step %+v", r)
	}
	p.resume()
	last(t, *sent, msg.Resume)
	receive(p, msg.Event{Kind: msg.StateEvent, State: msg.StateRunning})
	n := len(*sent)
	receive(p, msg.Event{Kind: msg.StateEvent, State: msg.StateDone, Text: "done"})
	// The page asks its results panel to evaluate (go-app calls OnUpdate
	// when the panel's attributes change; natively the test does).
	results := p.resultsView()
	results.OnUpdate(app.Context{})
	if got := kindsOf((*sent)[n:]); len(got) != 2 || got[0] != msg.Export || got[1] != msg.Evaluate {
		t.Errorf("at the end the page sent %v, want export (keep) and evaluate", got)
	}
	if page := app.HTMLString(results); !strings.Contains(page, "Evaluating…") {
		t.Error("the results panel does not say it evaluates")
	}
	ev := (*sent)[len(*sent)-1]
	receive(p, msg.Event{ID: ev.ID, Kind: msg.Results, TestAcc: 0.4, Classes: []string{"a", "b"},
		Confusion: [][]int{{2, 1}, {1, 2}}, ClassAcc: []float64{2. / 3, 2. / 3}, Side: 32, Count: 1,
		Guesses: []msg.Guess{{Label: 0, Top: []int{0, 1}, Probs: []float64{0.6, 0.4}}}, Pixels: make([]byte, 32*32*4)})
	page = html(p)
	for _, want := range []string{`id="` + IDResultsTestAcc + `"`, "40.0%", `id="` + IDResultsConfuse + `"`, `id="results-img-0"`} {
		if !strings.Contains(page, want) {
			t.Errorf("results lack %q", want)
		}
	}
	if page := app.HTMLString(results); strings.Contains(page, "Evaluating…") {
		t.Error("the results panel still says it evaluates")
	}

	// Results that arrive for a model that is gone are not shown with the
	// new one.
	results = p.resultsView()
	results.evaluate()
	ev = last(t, *sent, msg.Evaluate)
	p.reset()
	receive(p, msg.Event{ID: ev.ID, Kind: msg.Results, TestAcc: 0.9, Classes: []string{"a", "b"}, Confusion: [][]int{{1, 0}, {0, 1}}})
	if page := html(p); strings.Contains(page, "90.0%") || strings.Contains(page, `id="`+IDResultsTestAcc+`"`) {
		t.Error("the results of the old model are shown with the new one")
	}
}

// TestErrorsRouted: an error reaches the panel whose request failed; an
// error of the run is shown above the panels; a diverged run says so.
func TestErrorsRouted(t *testing.T) {
	p, sent := newTestPage(t)
	receive(p, msg.Event{Kind: msg.Ready})
	g := &gradPanel{Page: p}
	g.check()
	if k := kindsOf(*sent); len(k) != 2 || k[0] != msg.Reset || k[1] != msg.GradCheck {
		t.Fatalf("gradient check without a model sent %v, want reset then gradcheck", k)
	}
	r := last(t, *sent, msg.GradCheck)
	receive(p, msg.Event{ID: r.ID, Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailRefused, Request: msg.GradCheck, Message: "no data for the current model"}})
	g.Of = p.subject()
	if g.err == "" || p.runErr != "" || g.busy || !strings.Contains(app.HTMLString(g), `id="`+IDGradError+`"`) {
		t.Errorf("grad err %q (shown: %v), run err %q", g.err, strings.Contains(app.HTMLString(g), IDGradError), p.runErr)
	}

	receive(p, msg.Event{Kind: msg.StateEvent, State: msg.StateRunning})
	receive(p, msg.Event{Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailDiverged, Message: "training diverged at iteration 12: loss is NaN", Iter: 12}})
	receive(p, msg.Event{Kind: msg.StateEvent, State: msg.StateDiverged, Text: "loss"})
	if !strings.Contains(p.runErr, "diverged") || !strings.Contains(p.runErr, "iteration 12") {
		t.Errorf("run error %q", p.runErr)
	}
	if page := html(p); !strings.Contains(page, `id="`+IDRunError+`"`) {
		t.Error("the run error is not shown")
	}
}

// TestBadField: a bad value stays in its field with the reason, the
// settings keep the last good value, and Train refuses to start.
func TestBadField(t *testing.T) {
	p, sent := newTestPage(t)
	s := setup(p)
	lr := p.cfg.LR
	s.setField("lr", "abc")
	rerender(s, p.setupView())
	if p.cfg.LR != lr || s.errs["lr"] == "" || s.text("lr") != "abc" || !slices.Equal(p.marked, []string{"lr"}) {
		t.Errorf("lr %g, error %q, text %q, marked %v", p.cfg.LR, s.errs["lr"], s.text("lr"), p.marked)
	}
	if !strings.Contains(app.HTMLString(s), `id="`+IDSettingError("lr")+`"`) {
		t.Error("no error under the lr field")
	}
	p.train()
	if len(*sent) != 0 || !strings.Contains(p.runErr, "lr") {
		t.Errorf("sent %v, run error %q", kindsOf(*sent), p.runErr)
	}
	s.setField("lr", "0.01")
	rerender(s, p.setupView())
	if p.cfg.LR != 0.01 || len(s.errs) != 0 || len(p.marked) != 0 || s.text("lr") != "0.01" {
		t.Errorf("lr %g, errors %v, marked %v", p.cfg.LR, s.errs, p.marked)
	}
	// A value that parses but cannot work with another setting.
	s.setField("hidden", "60000,60000")
	if s.errs["hidden"] == "" || len(p.marked) != 1 {
		t.Errorf("a net above the browser's limit was accepted (marked %v)", p.marked)
	}
	// A link read since replaces what was typed.
	p.readLink("lr=0.02", false)
	rerender(s, p.setupView())
	if len(s.errs) != 0 || len(p.marked) != 0 || s.text("lr") != "0.02" || s.text("hidden") != fieldValue(p.cfg, "hidden") {
		t.Errorf("after a new link: errors %v, marked %v, lr %q, hidden %q", s.errs, p.marked, s.text("lr"), s.text("hidden"))
	}
}

// TestImport: a loaded model file brings its settings into the setup.
func TestImport(t *testing.T) {
	p, sent := newTestPage(t)
	receive(p, msg.Event{Kind: msg.Ready})
	m := p.modelView()
	m.load([]byte{1}, nil, "m.bppmodel")
	id := last(t, *sent, msg.Import).ID
	cfg := pageDefaults("sample")
	cfg.Hidden = []int{33}
	receive(p, msg.Event{ID: id, Kind: msg.StateEvent, State: msg.StateReady, Text: "imported", Config: linkOf(cfg),
		Metrics: map[string]float64{"iters": 500, "val_acc": 0.4}})
	rerender(m, p.modelView())
	if p.cfg.Hidden[0] != 33 || p.hasRun() || !p.hasModel() || !strings.Contains(m.status, "500 steps") || p.model.saveFile.Name != "m.bppmodel" {
		t.Errorf("after import: hidden %v, hasRun %v, status %q, file %+v", p.cfg.Hidden, p.hasRun(), m.status, p.model.saveFile)
	}
	if h := app.HTMLString(m); !strings.Contains(h, "Loaded m.bppmodel: trained 500 steps") {
		t.Errorf("the panel does not say what it loaded: %s", h)
	}
	if k := kindsOf(*sent); k[len(k)-1] != msg.Load && k[len(k)-2] != msg.Load {
		t.Errorf("the model's data is not loaded: sent %v", k)
	}
	// Train after an import starts a new run (there is no run to resume),
	// and the panel's line of the loaded model goes with it.
	p.train()
	last(t, *sent, msg.Start)
	rerender(m, p.modelView())
	if h := app.HTMLString(m); strings.Contains(h, "Loaded m.bppmodel") || !strings.Contains(h, "No model yet") && !strings.Contains(h, "not saved yet") {
		t.Errorf("the new model's panel speaks of the loaded one: %s", h)
	}
}

// TestWorkerOnDemand: the worker starts with the first request that needs
// it, not with the page. Prerendered, the controls wait for app.wasm;
// mounted without a worker they answer; changing the data loads nothing;
// and a worker that cannot start (natively: no browser) is said above
// the panels instead of leaving Train waiting.
func TestWorkerOnDemand(t *testing.T) {
	p := &playground{}
	e := app.NewTestEngine()
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if !p.workerPending() || p.controls().primaryOn {
		t.Error("the prerendered page's Train answers before app.wasm runs")
	}
	if got := p.stateLabel(); got != "Loading the page…" {
		t.Errorf("prerendered state %q", got)
	}
	p.mounted = true
	if p.workerPending() || !p.controls().primaryOn {
		t.Error("a mounted page without a worker waits for one")
	}
	if got := p.stateLabel(); got != "Ready" {
		t.Errorf("state %q, want Ready", got)
	}
	s := setup(p)
	s.chooseData(msg.DataToy)
	s.chooseData(msg.DataSample)
	if p.worker != nil || p.loading != nil || p.runErr != "" {
		t.Errorf("choosing a dataset started the worker (%v) or a load (%v): %q", p.worker != nil, p.loading, p.runErr)
	}
	if !strings.Contains(html(p), "Downloaded when you first train") {
		t.Error("the sample's info does not say when it downloads")
	}
	p.train()
	if p.worker != nil || p.waiting != "" || !strings.Contains(p.runErr, "Not in a browser") {
		t.Errorf("Train without a browser: worker %v, waiting %q, error %q", p.worker != nil, p.waiting, p.runErr)
	}
}
