package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

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
	busy   bool
	err    string
	checks []msg.Check
	text   string
	model  train.Config // the model that was checked
}

// gradCheck runs the check on the current model, building one from the
// settings first if there is none, or if the chosen dataset is another
// (the check needs the model's data).
func (p *playground) gradCheck() {
	if !p.hasModel() || msg.CanonicalData(p.runCfg.Data) != msg.CanonicalData(p.cfg.Data) {
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
			p.grad = gradState{checks: e.Checks, text: e.Text, model: p.runCfg}
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
	worst := 0.0
	for _, c := range g.checks {
		pass = pass && c.Pass
		worst = max(worst, c.RelError)
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
			"the relative error should be tiny. On the toy problem every weight is checked, with reg 0.05 as in the report."),
		app.If(g.err != "", func() app.UI { return app.P().ID(IDGradError).Class("error").Text(g.err) }),
		app.If(len(g.checks) > 0, func() app.UI {
			bar := g.checks[0].Threshold
			summary := fmt.Sprintf("All %d parameters pass: the largest error is %s, below %s.", len(g.checks), sci(worst), sci(bar))
			if !pass {
				summary = fmt.Sprintf("Some parameters fail: the largest error is %s, the bar %s.", sci(worst), sci(bar))
			}
			return app.Div().Body(
				app.Div().Class("table-box").Body(app.Table().ID(IDGradTable).Class("grad").Body(
					app.THead().Body(app.Tr().Body(
						app.Th().Text("Parameter"), app.Th().Text("Shape"), app.Th().Title("entries checked").Text("Checked"),
						app.Th().Title("the largest relative error |a − n| / (|a| + |n|) between backprop (a) and central differences (n)").
							Text("Max rel. error"),
						app.Th().Text("Result"),
					)),
					app.TBody().Body(app.Range(g.checks).Slice(func(i int) app.UI {
						c := g.checks[i]
						return app.Tr().ID(IDGradRow(c.Name)).DataSet("error", strconv.FormatFloat(c.RelError, 'g', -1, 64)).
							DataSet("pass", boolText(c.Pass)).Body(
							app.Td().Body(app.Code().Text(c.Name)),
							app.Td().Text(fmt.Sprintf("%d × %d", c.Shape[0], c.Shape[1])),
							app.Td().Text(formatCount(c.Entries)),
							app.Td().Class("num").Text(sci(c.RelError)),
							app.Td().Class(map[bool]string{true: "pass", false: "fail"}[c.Pass]).
								Title(map[bool]string{true: "below ", false: "not below "}[c.Pass]+sci(c.Threshold)).
								Text(map[bool]string{true: "✓ pass", false: "✗ fail"}[c.Pass]),
						)
					})),
				)),
				app.P().ID(IDGradSummary).Class(map[bool]string{true: "summary pass", false: "summary fail"}[pass]).Text(summary),
				app.P().Class("hint").Text(capitalize(g.text)+"."),
			)
		}),
	)
}

// sci formats an error in scientific notation: 3.4e-09.
func sci(v float64) string {
	return strconv.FormatFloat(v, 'e', 1, 64)
}
