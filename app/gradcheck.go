package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/msg"
)

// The gradient check panel: the worker compares backprop's gradients with
// central differences on the current model and the page shows, per
// parameter, the maximum relative error, as the report's Figure 3.

// toyCheckReg is the L2 strength of the report's gradient check of the
// toy net (its Figure 3).
const toyCheckReg = 0.05

// gradPanel is the gradient check: a component that owns what it shows
// (the check under way, its answer or error, and the model they are of).
// The page gives it the subject a check would be of now and whether the
// worker can take a request; an answer about another subject than the
// page's is of a model that is gone, and is not shown.
type gradPanel struct {
	app.Compo

	Of   subject // what a check now would be of (playground.subject)
	Wait bool    // the worker cannot take the request now (not ready, running)
	Page gradPage

	ctx     app.Context
	mounted bool
	busy    bool
	err     string
	answer  *msg.Event // the GradResult
	about   subject    // what the answer or the error is of
}

// gradPage is what the panel asks of the page.
type gradPage interface {
	// checkable makes the worker hold the model a check is of (building
	// one from the settings when there is none, when the settings changed
	// before it trained, or when the data is another) and returns its
	// subject; false means the settings cannot build one.
	checkable() (subject, bool)
	send(msg.Request, wire.Reply) int
	// apply takes the events of the request that are the page's: the
	// state of a model the worker built for the check.
	apply(msg.Event)
}

var (
	_ app.Composer = (*gradPanel)(nil)
	_ app.Mounter  = (*gradPanel)(nil)
)

// subject is what a view of the model is of: the request that built the
// model the worker holds, its dataset kind, and, while that model has not
// trained, the settings it stands for (a check of a model only built
// checks the network the settings describe). The page derives it
// (playground.subject); a view made of another subject is of a model that
// is gone.
type subject struct {
	Model    int    // the id of the request that built the model
	Kind     string // its dataset kind (msg.Data*)
	Settings string // linkOf the settings it stands for
}

func (c *gradPanel) OnMount(ctx app.Context) { c.ctx, c.mounted = ctx, true }

// update renders the panel again after an answer: answers arrive in the
// page's dispatch, and the page renders the panel only when its
// attributes change. Natively (in tests) nothing is mounted.
func (c *gradPanel) update() {
	if c.mounted {
		c.ctx.Update()
	}
}

// check runs the check on the current model (see gradPage.checkable).
func (c *gradPanel) check() {
	of, ok := c.Page.checkable()
	c.answer, c.about = nil, of
	if !ok {
		c.busy, c.err = false, "Fix the settings first: the check needs a network built from them."
		return
	}
	c.busy, c.err = true, ""
	r := msg.Request{Kind: msg.GradCheck}
	if of.Kind == msg.DataToy {
		// As the report's Figure 3: with the toy run's own tiny reg the
		// gradients of dead units are so small that rounding alone fails
		// them (see msg.Request.Reg).
		reg := toyCheckReg
		r.Reg = &reg
	}
	c.Page.send(r, func(e msg.Event) {
		switch e.Kind {
		case msg.GradResult:
			c.busy, c.answer = false, &e
		case msg.Error:
			c.busy, c.err = false, capitalize(e.Err.Message)
		default:
			c.Page.apply(e)
			return
		}
		c.update()
	})
}

// checkable implements gradPage. A model that was only built (never
// trained) stands for the settings: when they changed, the check is of
// the network they describe.
func (p *playground) checkable() (subject, bool) {
	if !p.hasModel() || msg.CanonicalData(p.runCfg.Data) != msg.CanonicalData(p.cfg.Data) || p.dirty() && !p.started && p.iter == 0 {
		if !p.reset() {
			return p.subject(), false
		}
	}
	return p.subject(), true
}

// subject is what a view of the current model is of (see subject).
func (p *playground) subject() subject {
	s := subject{Model: p.modelReq, Kind: p.modelKind(), Settings: linkOf(p.runCfg)}
	if !p.started && p.iter == 0 {
		s.Settings = linkOf(p.cfg)
	}
	return s
}

func (c *gradPanel) Render() app.UI {
	// What is shown is of the current subject only.
	var answer *msg.Event
	errText := ""
	if c.about == c.Of {
		answer, errText = c.answer, c.err
	}
	var checks []msg.Check
	if answer != nil {
		checks = answer.Checks
	}
	pass := len(checks) > 0
	for _, ch := range checks {
		pass = pass && ch.Pass
	}
	return app.Section().ID(IDGradPanel).Class("panel").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Gradient check"),
			app.Button().ID(IDGradRun).Class("secondary small").Disabled(c.busy || c.Wait).
				Title("Compare backprop's gradients with numerical ones on the current model").
				Text(map[bool]string{true: "Checking…", false: "Run check"}[c.busy]).
				OnClick(func(app.Context, app.Event) { c.check() }),
		),
		app.P().Class("hint").Text("Is backprop right? Nudge each weight by ±h and compare the loss's change with the gradient backprop computed: "+
			"the relative error should be tiny. Entries that finite differences cannot judge (a ReLU kink within the step, "+
			"a gradient below what float64 can resolve) are skipped and counted. On the toy problem every weight is checked, with reg 0.05 as in the report."),
		app.If(errText != "", func() app.UI { return app.P().ID(IDGradError).Class("error").Text(errText) }),
		app.If(len(checks) > 0, func() app.UI {
			summary := answer.Summary
			return app.Div().Body(
				app.Div().Class("table-box").Body(app.Table().ID(IDGradTable).Class("grad").Body(
					app.THead().Body(app.Tr().Body(
						app.Th().Text("Parameter"), app.Th().Text("Shape"), app.Th().Title("entries compared / skipped (finite differences cannot judge them: a kink within every step, or a gradient below rounding)").Text("Checked / skipped"),
						app.Th().Title("the largest relative error |a − n| / (|a| + |n|) between backprop (a) and finite differences (n)").
							Text("Worst error"),
						app.Th().Text("Result"),
					)),
					app.TBody().Body(app.Range(checks).Slice(func(i int) app.UI {
						c := checks[i]
						return app.Tr().ID(IDGradRow(c.Name)).DataSet("error", strconv.FormatFloat(c.RelError, 'g', -1, 64)).
							DataSet("pass", boolText(c.Pass)).Body(
							app.Td().Body(app.Code().Text(c.Name)),
							app.Td().Text(numfmt.Int(c.Shape[0])+" × "+numfmt.Int(c.Shape[1])),
							app.Td().Text(numfmt.Int(c.Entries)+" / "+numfmt.Int(c.Skipped)),
							app.Td().Class("num").Text(map[bool]string{true: numfmt.Error(c.RelError), false: "—"}[c.Entries > 0]),
							app.Td().Class(map[bool]string{true: "pass", false: "fail"}[c.Pass]+map[bool]string{true: " skip", false: ""}[c.Entries == 0]).
								Title(map[bool]string{true: "below ", false: "not below "}[c.Pass]+numfmt.Error(c.Threshold)).
								Text(gradVerdict(c)),
						)
					})),
				)),
				app.P().ID(IDGradSummary).Class(map[bool]string{true: "summary pass", false: "summary fail"}[pass]).Text(summary),
				app.P().Class("hint").Text(capitalize(answer.Text)+"."),
			)
		}),
	)
}

// gradVerdict is a row's result: pass, fail, or not checked when every
// entry was skipped.
func gradVerdict(c msg.Check) string {
	switch {
	case c.Entries == 0:
		return "not checkable"
	case c.Pass:
		return "✓ pass"
	}
	return "✗ fail"
}
