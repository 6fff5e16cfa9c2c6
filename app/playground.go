package app

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/base"
	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/lesson"
	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// playground is the page at PathPlayground: the setup form, the run
// controls, the live views, the gradient check, the results, the
// classifier and the model file. Its state is all unexported (go-app
// copies exported fields from the parent as attributes).
//
// Training runs only in the worker (web/static/worker.js running
// worker.wasm): the page sends it msg.Requests through app/wire, each with
// the reply that handles its answers, and applies the events on the UI
// goroutine (ctx.Dispatch). Nothing here computes for long: the UI never
// blocks.
//
// Each concern has its file: settings.go and link.go (the settings and
// their link), setup.go (the form, built by app/form), runbar.go (controls), worker.go (the run's
// events), live.go (charts and weights), gradcheck.go, results.go,
// classify.go and sketch.go, model.go (the file and what the browser
// keeps).
type playground struct {
	app.Compo

	ctx      app.Context
	mounted  bool
	worker   *wire.Client // nil until a request needs it (send; tests give one)
	releases []func()

	// Settings (setup.go).
	cfg       train.Config
	marked    []string // the setup's fields that hold a refused value (sorted)
	linkReads int      // links read (readLink): each clears the setup's typed values
	linkErrs  []fieldError
	autostart bool
	fragment  string                 // the fragment last read or written
	lesson    *classroom.ImageLesson // the classroom lesson the link opened, if any

	// The server.
	cifar      serverDataset // the full CIFAR-10, from /data/info
	fashion    serverDataset // the full Fashion-MNIST, from /data/info
	pretrained availability  // /data/pretrained.bppmodel, once used
	ask        *dataAsk      // download the full CIFAR-10? (askdata.go)
	declined   string        // the dataset the user chose the sample over, for the current model

	// The worker (worker.go).
	workerUp    bool
	kernelNote  string // the worker's sentence on its matrix products and threads
	state       string // msg.State*
	stateText   string
	started     bool         // that run has been running (not only stepped): its Train button reads Resume
	modelReq    int          // the id of the request that built the current model: older templates are stale
	runCfg      train.Config // the settings of the current model
	waiting     string       // a control's request is on its way: shown at once
	runErr      string
	info        *msg.DataInfo // the loaded dataset
	loading     *loadProgress
	startQueued bool // autostart once the data is loaded

	// The run (live.go).
	hist                 history
	iter, iters, epoch   int
	lr                   float64
	msPerStep, perSecond float64
	weights              templates
	lastPersist          time.Time

	evalAsks int        // evaluations asked of the results panel (results.go)
	model    modelState // model.go
	keepMu   sync.Mutex // one write to the kept runs at a time (kept.go)
}

var (
	_ app.Composer    = (*playground)(nil)
	_ app.Initializer = (*playground)(nil)
	_ app.Mounter     = (*playground)(nil)
	_ app.Dismounter  = (*playground)(nil)
	_ app.Navigator   = (*playground)(nil)
	_ app.AppUpdater  = (*playground)(nil)
)

// availability of something on the server.
type availability int

const (
	unknown availability = iota
	available
	unavailable
)

// serverDataset is what /data/info says of a dataset.
type serverDataset struct {
	known     bool
	available bool
	reason    string
	hint      string // what to do about it, a sentence (from the server)
	size      int64
}

// loadProgress is the dataset download in progress.
type loadProgress struct {
	data        string
	done, total int64
	file        string
}

// dirty reports whether the settings differ from those of the current
// model: Train and Reset build a new one then.
func (p *playground) dirty() bool { return p.hasModel() && linkOf(p.cfg) != linkOf(p.runCfg) }

// hasRun reports whether the worker holds a run that resume and step
// continue: one that runs, is paused, or was built by Reset (an imported
// model is ready too, but has no run).
func (p *playground) hasRun() bool {
	switch p.state {
	case msg.StateRunning, msg.StatePaused:
		return true
	case msg.StateReady:
		return p.stateText != "imported"
	}
	return false
}

// OnInit sets the state a fresh page starts from (also when the server
// prerenders it): the page's default settings, nothing trained.
func (p *playground) OnInit() {
	p.cfg = pageDefaults(msg.DataSample)
	p.runCfg = p.cfg
	p.state = msg.StateIdle
}

// OnMount reads the link, asks the server what it offers and restores
// the kept model, all without blocking. The worker starts later, when
// something needs it (startWorker).
func (p *playground) OnMount(ctx app.Context) {
	p.ctx, p.mounted = ctx, true
	onPanic = func(text string) {
		ctx.Dispatch(func(app.Context) { p.runErr = "Internal error in the page: " + firstLine(text) })
	}
	p.releases = append(p.releases,
		guardDrops(),
		// Synchronously: after pagehide the page may get no other turn.
		listenLeave(p.onLeave),
	)

	p.readLink(locationFragment(), true)
	// The worker starts (and the data loads) with the first request that
	// needs it (send): a visit that only looks downloads neither
	// worker.wasm nor the sample. A link that trains at once loads them
	// now, and so does a kept model (restore).
	p.askServer(ctx)
	if p.autostart {
		p.loadData()
		p.autostartWhenLoaded()
	} else {
		p.restore(ctx)
	}
}

// startWorker starts the training worker. Until it says it is ready
// (msg.Ready) the run's controls wait; the requests sent meanwhile are
// queued by worker.js.
func (p *playground) startWorker() {
	ctx := p.ctx
	w, err := wire.Start(wire.URL, func(f func()) { ctx.Dispatch(func(app.Context) { f() }) }, p.onRun)
	if err != nil {
		p.runErr = capitalize(err.Error())
		return
	}
	p.worker = w
}

// workerPending reports whether the controls that talk to the worker
// wait: in the prerendered page (nothing runs before app.wasm mounts it),
// and while a started worker is not ready yet (it downloads worker.wasm).
// A mounted page whose worker has not started does not wait: the first
// request starts it.
func (p *playground) workerPending() bool {
	if p.worker == nil {
		return !p.mounted
	}
	return !p.workerUp
}

// OnDismount stops the worker and the browser listeners.
func (p *playground) OnDismount() {
	p.mounted = false
	p.worker.Close()
	p.worker = nil
	for _, r := range p.releases {
		r()
	}
	p.releases = nil
	onPanic = func(string) {}
}

// OnNav rereads the link when the user edits the URL's fragment.
func (p *playground) OnNav(ctx app.Context) {
	if f := strings.TrimLeft(locationFragment(), "#"); p.mounted && f != p.fragment {
		p.readLink(f, false)
		p.loadEagerly()
	}
}

// OnAppUpdate reloads the page when go-app's service worker has installed
// a newer build, unless a model is in the worker: a reload would lose the
// run, so the next visit gets the new build instead.
func (p *playground) OnAppUpdate(ctx app.Context) {
	if ctx.AppUpdateAvailable() && !p.hasModel() {
		ctx.Reload()
	}
}

// askServer asks /data/info whether the full CIFAR-10 is there. Whether
// the pretrained model is there is learnt when it is first used (a probe
// would log a 404 in the console of every visit while it is missing).
func (p *playground) askServer(ctx app.Context) {
	ctx.Async(func() {
		status, body, err := httpGet(base.URL(dataInfoURL))
		ctx.Dispatch(func(app.Context) {
			p.cifar = parseDataInfo(status, body, err, msg.DataCIFAR)
			p.fashion = parseDataInfo(status, body, err, msg.DataFashion)
			p.serverAnswered()
		})
	})
}

// Render returns the page.
func (p *playground) Render() app.UI {
	return app.Div().Class("page").Body(
		lesson.Masthead(PathPlayground, "Train a neural network on CIFAR-10 or handwritten digits in your browser and watch backpropagation at work."),
		app.Main().ID(IDPlayground).Class("playground").
			DataSet("state", p.state).
			DataSet("iter", p.iter).
			DataSet("epochs", len(p.hist.Epochs)).
			DataSet("best-val", formatFloat(max(p.hist.bestVal(), 0), 4)).
			DataSet("ready", boolText(p.mounted)).
			DataSet("worker", boolText(p.workerUp)).
			DataSet("data", p.loadedData()).
			DataSet("kept-iter", p.model.keptIter).
			DataSet("keeps", p.model.keeps).
			DataSet("storing", boolText(p.model.last != nil && !p.model.last.done)).
			Body(
				p.renderIntro(),
				app.If(p.lesson != nil, p.renderLesson),
				p.renderMessages(),
				p.renderAsk(),
				p.runBarView(),
				app.Div().Class("layout").Body(
					p.setupView(),
					app.Div().Class("views").Body(append(p.liveViews(),
						&gradPanel{Of: p.subject(), Wait: p.workerPending() || p.state == msg.StateRunning, Page: p},
						p.modelView(),
						p.resultsView(),
						&classifyPanel{Gray: p.grayMode(), Model: p.modelReq, Kind: p.modelKind(), Has: p.hasModel(), Gen: p.weights.gen, Page: p},
					)...),
				),
			),
		app.Footer().Class("footer").Text("Everything runs in this tab: the network trains in a Web Worker (Go compiled to WebAssembly). "+
			"The settings live in the page's address: copy it to share a setup."),
	)
}

// renderIntro is the three steps a newcomer takes.
func (p *playground) renderIntro() app.UI {
	steps := []struct{ title, text string }{
		{"Set up", "Pick a dataset and a network, or a preset."},
		{"Train", "Watch the loss fall and the first-layer weights turn into colour templates."},
		{"Inspect", "Check the gradients, see the test results, and draw something to classify."},
	}
	return app.Ol().Class("intro").Body(app.Range(steps).Slice(func(i int) app.UI {
		s := steps[i]
		return app.Li().Body(
			app.Span().Class("intro-n").Text(i+1),
			app.Div().Body(app.Strong().Text(s.title), app.Span().Text(" "+s.text)),
		)
	}))
}

// renderMessages shows the link's errors, the run's error and notices.
func (p *playground) renderMessages() app.UI {
	return app.Div().Class("messages").Body(
		app.If(len(p.linkErrs) > 0, func() app.UI {
			return app.Div().ID(IDLinkErrors).Class("error").Aria("live", "polite").Body(
				app.Div().Body(
					app.Strong().Text("Some settings in the link were not used:"),
					app.Ul().Body(app.Range(p.linkErrs).Slice(func(i int) app.UI {
						e := p.linkErrs[i]
						return app.Li().DataSet("field", e.Field).Text(capitalize(e.Text) + ".")
					})),
				),
				app.Button().Class("secondary small").Text("Dismiss").OnClick(func(app.Context, app.Event) { p.linkErrs = nil }),
			)
		}),
		app.If(p.runErr != "", func() app.UI {
			return app.Div().ID(IDRunError).Class("error").Aria("live", "assertive").Body(
				app.Span().Body(withCode(p.runErr)...),
				app.Button().Class("secondary small").Text("Dismiss").OnClick(func(app.Context, app.Event) { p.runErr = "" }),
			)
		}),
		app.If(p.model.ask != nil, p.renderDiscardAsk),
		app.If(p.model.restored != "", func() app.UI {
			return app.Div().ID(IDRestored).Class("notice").Body(
				app.Span().Text(p.model.restored),
				app.Button().Class("secondary small").Text("OK").OnClick(func(app.Context, app.Event) { p.model.restored = "" }),
			)
		}),
	)
}

// loadedData returns the name of the worker's dataset, or "".
func (p *playground) loadedData() string {
	if p.info == nil {
		return ""
	}
	return p.info.Name
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// stateIn reports whether the worker's state is one of states.
func (p *playground) stateIn(states ...string) bool { return slices.Contains(states, p.state) }
