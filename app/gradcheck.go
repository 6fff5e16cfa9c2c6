package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// The gradient check panel: the worker compares backprop's gradients with
// central differences on the current model and the page shows, per
// parameter, the maximum relative error, as the report's Figure 3.

// toyCheckReg is the L2 strength of the report's gradient check of the
// toy net (its Figure 3).
const toyCheckReg = 0.05

// gradState is the panel's state.
type gradState struct {
	busy    bool
	err     string
	checks  []msg.Check
	summary string // the verdict, gradcheck.Result.Summary
	text    string
	model   train.Config // the model that was checked
}

// gradCheck runs the check on the current model, building one from the
// settings first if there is none, or if the chosen dataset is another
// (the check needs the model's data).
func (p *playground) gradCheck() {
	// A model that was only built (never trained) stands for the
	// settings: when they changed, check the network they describe.
	if !p.hasModel() || msg.CanonicalData(p.runCfg.Data) != msg.CanonicalData(p.cfg.Data) || p.dirty() && !p.started && p.iter == 0 {
		if !p.reset() {
			p.grad = gradState{err: "Fix the settings first: the check needs a network built from them."}
			return
		}
	}
	p.grad = gradState{busy: true}
	r := msg.Request{Kind: msg.GradCheck}
	if p.modelKind() == msg.DataToy {
		// As the report's Figure 3: with the toy run's own tiny reg the
		// gradients of dead units are so small that rounding alone fails
		// them (see msg.Request.Reg).
		reg := toyCheckReg
		r.Reg = &reg
	}
	p.send(r, func(e msg.Event) {
		switch e.Kind {
		case msg.GradResult:
			p.grad = gradState{checks: e.Checks, summary: e.Summary, text: e.Text, model: p.runCfg}
		case msg.Error:
			p.grad.busy, p.grad.err = false, capitalize(e.Err.Message)
		default: // the reset it may cause, if the worker had no model
			p.apply(e)
		}
	})
}

func (p *playground) renderGradPanel() app.UI {
	g := p.grad
	pass := len(g.checks) > 0
	for _, c := range g.checks {
		pass = pass && c.Pass
	}
	return app.Section().ID(IDGradPanel).Class("panel").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Gradient check"),
			app.Button().ID(IDGradRun).Class("secondary small").Disabled(g.busy || !p.workerUp || p.state == msg.StateRunning).
				Title("Compare backprop's gradients with numerical ones on the current model").
				Text(map[bool]string{true: "Checking…", false: "Run check"}[g.busy]).
				OnClick(func(app.Context, app.Event) { p.gradCheck() }),
		),
		app.P().Class("hint").Text("Is backprop right? Nudge each weight by ±h and compare the loss's change with the gradient backprop computed: "+
			"the relative error should be tiny. Entries that finite differences cannot judge (a ReLU kink within the step, "+
			"a gradient below what float64 can resolve) are skipped and counted. On the toy problem every weight is checked, with reg 0.05 as in the report."),
		app.If(g.err != "", func() app.UI { return app.P().ID(IDGradError).Class("error").Text(g.err) }),
		app.If(len(g.checks) > 0, func() app.UI {
			summary := g.summary
			return app.Div().Body(
				app.Div().Class("table-box").Body(app.Table().ID(IDGradTable).Class("grad").Body(
					app.THead().Body(app.Tr().Body(
						app.Th().Text("Parameter"), app.Th().Text("Shape"), app.Th().Title("entries compared / skipped (finite differences cannot judge them: a kink within every step, or a gradient below rounding)").Text("Checked / skipped"),
						app.Th().Title("the largest relative error |a − n| / (|a| + |n|) between backprop (a) and finite differences (n)").
							Text("Worst error"),
						app.Th().Text("Result"),
					)),
					app.TBody().Body(app.Range(g.checks).Slice(func(i int) app.UI {
						c := g.checks[i]
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
				app.P().Class("hint").Text(capitalize(g.text)+"."),
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
