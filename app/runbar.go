package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// The run bar: Train / Pause / Resume, Step, Stop, Reset, and what the
// run is doing. It sticks to the top of the window while scrolling.

// icons are 16×16 SVG paths for the buttons (drawn, not font glyphs, so
// they look the same everywhere).
var icons = map[string]string{
	"play":  `<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 2.5v11l9-5.5z"/></svg>`,
	"pause": `<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z"/></svg>`,
	"step":  `<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M2.5 2.5v11l7-5.5zM11 2.5h2.5v11H11z"/></svg>`,
	"stop":  `<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 3h10v10H3z"/></svg>`,
	"reset": `<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 2.5a5.5 5.5 0 1 1-5.2 3.7l1.9.6A3.5 3.5 0 1 0 8 4.5V7L4 3.5 8 0z"/></svg>`,
}

func icon(name string) app.UI { return app.Raw(icons[name]) }

// The controls follow one state machine, controlsFor, of what the page
// knows about the worker's run; the buttons and train() both read it.
const (
	actTrain     = "train"      // build from the settings and train
	actContinue  = "continue"   // Train on a run that was only stepped: continue it
	actResume    = "resume"     // continue a paused run (with new live settings, if any)
	actTrainAnew = "train-anew" // the settings changed beyond live ones: a new run
	actPause     = "pause"
)

// runView is what the controls depend on.
type runView struct {
	state    string // the worker's, msg.State*
	busy     bool   // a request is under way, or the worker is not up
	hasRun   bool   // the worker holds a run that resume and step continue
	started  bool   // that run has been running, not only stepped
	dirty    bool   // the settings differ from the run's
	liveOnly bool   // ... in live settings only (train.LiveFields)
	iter     int    // steps taken
}

// controls is the state of the run bar's buttons.
type controls struct {
	primary           string // act*
	primaryOn         bool
	step, stop, reset bool
}

// controlsFor is the run bar's state machine.
func controlsFor(v runView) controls {
	c := controls{primary: actTrain, primaryOn: !v.busy, step: !v.busy, reset: !v.busy}
	keeps := !v.dirty || v.liveOnly // the run continues with these settings
	switch {
	case v.state == msg.StateRunning:
		c.primary = actPause
		c.stop = !v.busy
	case v.hasRun && (v.state == msg.StatePaused || v.state == msg.StateReady) && keeps:
		c.primary = actContinue
		if v.started {
			c.primary = actResume
		}
		c.stop = !v.busy && v.iter > 0
	case v.hasRun && v.state == msg.StatePaused:
		c.primary = actTrainAnew
		c.stop = !v.busy
	}
	return c
}

// controls returns the run bar's state for the page as it is.
func (p *playground) controls() controls {
	return controlsFor(runView{state: p.state, busy: p.waiting != "" || p.workerPending(), hasRun: p.hasRun(), started: p.started,
		dirty: p.dirty(), liveOnly: liveOnly(p.runCfg, p.cfg), iter: p.iter})
}

// liveOnly reports whether b differs from a in live settings only
// (train.LiveFields), which a paused run takes on Resume.
func liveOnly(a, b train.Config) bool {
	b.LR, b.Reg = a.LR, a.Reg
	return linkOf(a) == linkOf(b)
}

// runBar is the run bar: a component whose attributes are what it shows
// (the controls' state machine, the state's label and the run's numbers);
// its buttons act through the page, which owns the run.
type runBar struct {
	app.Compo

	Controls   controls
	State      string // msg.State*
	Label      string // the state for people (playground.stateLabel)
	FieldErrs  int    // settings marked in red: Train waits for them
	Iter       int
	Iters      int
	Epoch      int
	Loss       string // the last smoothed loss, or "–"
	Val        string // the last epoch's validation accuracy, or "–"
	MsPerStep  float64
	PerSecond  float64
	KernelNote string // the worker's sentence on its products and threads
	Loading    *loadProgress
	Page       runPage
}

// runPage is what the run bar's buttons ask of the page.
type runPage interface {
	train()
	pause()
	resume()
	step()
	stop()
	guard(action func()) // asks before discarding a model (kept.go)
	reset() bool
}

var _ app.Composer = (*runBar)(nil)

// runBarView returns the run bar of the page as it is now.
func (p *playground) runBarView() *runBar {
	val := "–"
	if n := len(p.hist.Epochs); n > 0 && p.hasValidation() {
		val = percent(p.hist.Epochs[n-1].ValAcc)
	}
	return &runBar{Controls: p.controls(), State: p.state, Label: p.stateLabel(), FieldErrs: len(p.marked),
		Iter: p.iter, Iters: p.iters, Epoch: p.epoch, Loss: formatFloat(p.hist.lastLoss(), 4), Val: val,
		MsPerStep: p.msPerStep, PerSecond: p.perSecond, KernelNote: p.kernelNote, Loading: p.loading, Page: p}
}

// Render returns the controls and the run's numbers.
func (b *runBar) Render() app.UI {
	c, p := b.Controls, b.Page
	var primary app.UI
	switch c.primary {
	case actPause:
		primary = app.Button().ID(IDPause).Class("primary").Disabled(!c.primaryOn).
			Title("Pause training (Resume continues it)").
			Body(icon("pause"), app.Span().Text("Pause")).
			OnClick(func(app.Context, app.Event) { p.pause() })
	case actResume:
		primary = app.Button().ID(IDResume).Class("primary").Disabled(!c.primaryOn).
			Title("Continue training").
			Body(icon("play"), app.Span().Text("Resume")).
			OnClick(func(app.Context, app.Event) { p.resume() })
	default:
		label, title := "Train", "Build a network from the settings and train it"
		switch c.primary {
		case actContinue:
			title = "Train the network you stepped, from where it is"
		case actTrainAnew:
			label, title = "Train anew", "The settings changed: build a new network from them and train it"
		}
		on := c.primaryOn
		if n := b.FieldErrs; n > 0 && c.primary != actContinue {
			// Said where the user looks: on the button, and beside
			// each marked field.
			label, title, on = "Fix settings first", fmt.Sprintf("%s in the setup marked in red: fix %s to train", numfmt.Plural(n, "setting is", "settings are"), map[bool]string{true: "it", false: "them"}[n == 1]), false
		}
		primary = app.Button().ID(IDTrain).Class("primary").Disabled(!on).
			Title(title).
			Body(icon("play"), app.Span().Text(label)).
			OnClick(func(app.Context, app.Event) { p.train() })
	}

	progress := 0.0
	if b.Iters > 0 {
		progress = math.Min(1, float64(b.Iter)/float64(b.Iters))
	}
	iter := "–"
	if b.Iters > 0 || b.Iter > 0 {
		iter = formatCount(b.Iter) + " / " + formatCount(b.Iters)
	}
	speed, rate := "–", ""
	if b.MsPerStep > 0 {
		speed = strings.TrimSuffix(numfmt.Millis(b.MsPerStep), " ms") + " ms/step"
		rate = formatCount(int(math.Round(b.PerSecond))) + " examples/s"
	}

	return app.Section().ID(IDControls).Class("runbar").Aria("label", "Training controls").Body(
		app.Div().Class("buttons").Body(
			primary,
			app.Button().ID(IDStep).Class("secondary").Disabled(!c.step).
				Title("Take one training step (pauses a running run)").
				Body(icon("step"), app.Span().Text("Step")).
				OnClick(func(app.Context, app.Event) { p.step() }),
			app.Button().ID(IDStop).Class("secondary").Disabled(!c.stop).
				Title("End the run and keep the model").
				Body(icon("stop"), app.Span().Text("Stop")).
				OnClick(func(app.Context, app.Event) { p.stop() }),
			app.Button().ID(IDReset).Class("secondary").Disabled(!c.reset).
				Title("Build a fresh network from the settings (same seed, same run) without training it").
				Body(icon("reset"), app.Span().Text("Reset")).
				OnClick(func(app.Context, app.Event) { p.guard(func() { p.reset() }) }),
		),
		app.Dl().Class("stats").Body(
			stat("State", app.Span().ID(IDRunState).Class("pill state-"+b.State).Text(b.Label)),
			stat("Iteration", app.Span().ID(IDRunIter).Text(iter)),
			stat("Epoch", app.Span().ID(IDRunEpoch).Text(countOrDash(b.Epoch))),
			stat("Loss", app.Span().ID(IDRunLoss).Title("smoothed minibatch loss").Text(b.Loss)),
			stat("Validation", app.Span().ID(IDRunVal).Title("accuracy on the validation images at the last epoch").Text(b.Val)),
			stat("Speed", app.Span().Body(
				app.Span().ID(IDRunSpeed).Title(b.KernelNote).Text(speed),
				app.If(rate != "", func() app.UI { return app.Span().ID(IDRunRate).Class("muted rate").Text(rate) }),
			)),
		),
		app.Div().Class("bars").Body(
			app.Progress().ID(IDRunProgress).Max(1).Value(strconv.FormatFloat(progress, 'f', 4, 64)).
				Aria("label", "training progress").Title(fmt.Sprintf("%.0f%% of the run", 100*progress)),
			app.If(b.Loading != nil, func() app.UI {
				l := b.Loading
				var v any = nil
				text := "Loading " + l.data + "…"
				if l.total > 0 {
					v = strconv.FormatFloat(float64(l.done)/float64(l.total), 'f', 4, 64)
					text = fmt.Sprintf("Downloading %s: %.1f of %.1f MB", l.file, float64(l.done)/1e6, float64(l.total)/1e6)
				}
				bar := app.Progress().ID(IDDataProgress).Max(1).Aria("label", "dataset download")
				if v != nil {
					bar = bar.Value(v)
				}
				return app.Div().Class("loading-row").Body(bar, app.Span().Class("muted").Text(text))
			}),
		),
	)
}

// stat is one labelled number of the run bar.
func stat(label string, value app.UI) app.UI {
	return app.Div().Class("stat").Body(app.Dt().Text(label), app.Dd().Body(value))
}

func countOrDash(n int) string {
	if n <= 0 {
		return "–"
	}
	return formatCount(n)
}

// percent formats a fraction in [0, 1] as "41.2%".
func percent(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// formatFloat formats v with digits significant digits, without
// exponent for ordinary magnitudes.
func formatFloat(v float64, digits int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return numfmt.Float(v, digits)
}
