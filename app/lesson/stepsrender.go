package lesson

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/form"
	"github.com/backprop-playground/playground/core/gradcheck"
	"github.com/backprop-playground/playground/core/numfmt"
)

// stepsControls are the Controls the step-through has.
var stepsControls = []string{"points", "classes", "dseed", "hidden", "act", "init", "std", "reg", "opt", "lr", "seed", "network"}

// Render returns the step-through.
func (v *stepsView) Render() app.UI {
	if v.pass == nil {
		msg := "The step-through cannot show this setup."
		if v.err != nil {
			msg += " " + v.err.Error()
		}
		return app.Section().ID(IDSteps).Class("steps").Body(
			app.P().ID("steps-error").Class("error").Text(msg),
			v.renderSettings(),
		)
	}
	p := v.pass
	st := &p.Stages[v.stage]
	return app.Section().ID(IDSteps).Class("steps").
		DataSet("stage", st.Key).DataSet("index", v.stage).DataSet("phase", st.Phase).DataSet("stages", len(p.Stages)).
		DataSet("iter", v.iter).DataSet("loss", p.Loss).
		Body(
			v.renderPipeline(),
			app.Div().Class("steps-main").Body(
				v.renderStage(st),
				app.If(v.show("network"), func() app.UI { return v.renderNet() }),
			),
			v.renderSettings(),
			app.If(!v.Student, func() app.UI {
				return teacherPanel(func() classroom.Scenario { return v.s }, stepsControls, func(ctx app.Context, s classroom.Scenario) error {
					if err := s.Validate(); err != nil {
						v.formErr = err.Error()
						return err
					}
					v.s, v.formErr = s, ""
					v.replaceURL(ctx)
					return nil
				}, "")
			}),
		)
}

// renderPipeline is the row of stage buttons and the back/next buttons.
func (v *stepsView) renderPipeline() app.UI {
	p := v.pass
	var fwd, bwd []app.UI
	for i, s := range p.Stages {
		class := "stage-pill"
		switch {
		case i == v.stage:
			class += " current"
		case i < v.stage:
			class += " done"
		}
		b := app.Button().ID("steps-go-" + s.Key).Class(class).Title(s.Title).
			OnClick(func(ctx app.Context, e app.Event) { v.goTo(ctx, i) }).
			Body(app.Raw(`<span>` + pillLabel(&s) + `</span>`))
		if s.Phase == Forward {
			fwd = append(fwd, b)
		} else {
			bwd = append(bwd, b)
		}
	}
	st := &p.Stages[v.stage]
	phase := "Forward pass"
	if st.Phase == Backward {
		phase = "Backward pass"
	}
	return app.Nav().Class("pipeline panel").Body(
		app.Div().Class("pills").Body(
			app.Span().Class("pill-group fwd").Body(append([]app.UI{app.Span().Class("pill-label").Text("Forward")}, fwd...)...),
			app.Span().Class("pill-arrow").Text("→"),
			app.Span().Class("pill-group bwd").Body(append([]app.UI{app.Span().Class("pill-label").Text("Backward")}, bwd...)...),
		),
		app.Div().Class("steps-bar").Body(
			form.Disabled(app.Button().ID("steps-first").Class("secondary"), v.stage == 0).Text("« Start").
				OnClick(func(ctx app.Context, e app.Event) { v.goTo(ctx, 0) }),
			form.Disabled(app.Button().ID("steps-prev").Class("secondary"), v.stage == 0).Text("◀ Back").
				OnClick(func(ctx app.Context, e app.Event) { v.goTo(ctx, v.stage-1) }),
			app.Span().Class("where").Text(fmt.Sprintf("Iteration %s · %s · stage %d of %d · loss %s",
				numfmt.Int(v.iter+1), phase, v.stage+1, len(p.Stages), FormatCell(p.Loss))),
			v.nextButton(),
		),
	)
}

// nextButton goes to the next stage, and from "update" into the next
// iteration: the same data through the updated weights.
func (v *stepsView) nextButton() app.UI {
	if v.stage < len(v.pass.Stages)-1 {
		return app.Button().ID("steps-next").Text("Next ▶").OnClick(func(ctx app.Context, e app.Event) { v.goTo(ctx, v.stage+1) })
	}
	return form.Disabled(app.Button().ID("steps-next"), v.iter >= MaxIter).Text("Next iteration ▶").
		Title("the next training step: the same data through the updated weights").
		OnClick(func(ctx app.Context, e app.Event) { v.nextIteration(ctx) })
}

// pillLabel is a stage's short name in MathML, e.g. z₂ or ∂J/∂W₁.
func pillLabel(s *Stage) string {
	switch s.Key {
	case "x":
		return mathML(false, mi("X"))
	case "softmax":
		return mathML(false, mi("P"))
	case "loss":
		return mathML(false, mi("J"))
	case "update":
		return "update"
	}
	for _, m := range s.Outputs {
		if m.Name == s.Key {
			return mathML(false, m.Sym)
		}
	}
	return s.Key
}

func (v *stepsView) renderStage(st *Stage) app.UI {
	var feeds map[string]map[int]bool
	if v.sel.name != "" {
		feeds = st.Feeds(v.sel.name, v.sel.k)
	}
	fig := func(ms []Matrix) []app.UI {
		out := make([]app.UI, len(ms))
		for i, m := range ms {
			out[i] = v.renderMatrix(m, feeds[m.Name])
		}
		return out
	}
	var checks []app.UI
	for _, c := range st.Checks {
		vd := c.Verdict
		cls, mark := "relerr pass", "✓"
		text := fmt.Sprintf("%s backprop agrees with finite differences (%s, worst relative error %s) ", mark,
			numfmt.Plural(vd.Checked, "entry", "entries"), numfmt.Error(vd.Worst))
		switch {
		case vd.Checked == 0:
			cls, mark = "relerr tiny", "≈"
			text = mark + " no entry can be judged by finite differences here "
		case !vd.Pass:
			cls, mark = "relerr fail", "✗"
			text = fmt.Sprintf("%s backprop disagrees with finite differences: worst relative error %s, above %s ", mark,
				numfmt.Error(vd.Worst), numfmt.Error(gradcheck.Threshold))
		}
		note := fmt.Sprintf("(the report's central differences shown have a largest relative error of %s)", numfmt.Error(c.RelError))
		if n := c.Skipped(); n > 0 {
			var why []string
			if vd.Kinks > 0 {
				why = append(why, fmt.Sprintf("%d at a ReLU kink", vd.Kinks))
			}
			if vd.Tiny > 0 {
				why = append(why, fmt.Sprintf("%d too small for float64 differences", vd.Tiny))
			}
			if vd.Rough > 0 {
				why = append(why, fmt.Sprintf("%d not smooth at any usable step", vd.Rough))
			}
			note = fmt.Sprintf("(%s skipped: %s; the report's central differences shown have a largest relative error of %s)",
				numfmt.Plural(n, "entry", "entries"), strings.Join(why, ", "), numfmt.Error(c.RelError))
		}
		checks = append(checks, app.Div().Class("check-pair").Body(
			v.renderMatrix(c.Numerical, feeds[c.Numerical.Name]),
			app.P().ID("relerr-"+c.Analytic).Class(cls).DataSet("value", strconv.FormatFloat(c.RelError, 'g', -1, 64)).
				DataSet("abs", strconv.FormatFloat(c.AbsError, 'g', -1, 64)).Body(
				app.Text(text),
				app.Span().Class("muted").Text(note),
			),
		))
	}
	phase := "Forward"
	if st.Phase == Backward {
		phase = "Backward"
	}
	readout := v.readout
	if readout == "" {
		readout = "Point at a cell for its exact value; click it to highlight what it is computed from."
	}
	return app.Section().ID(IDStepsStage).Class("panel stage-card").DataSet("key", st.Key).Body(
		app.Header().Class("stage-head").Body(
			app.Span().Class("phase "+st.Phase).Text(phase),
			app.H2().Text(st.Title),
		),
		app.Div().ID("steps-formula").Class("formula").Body(app.Raw(st.Formula)),
		app.P().Class("stage-text").Text(st.Text),
		app.If(len(st.Inputs) > 0, func() app.UI {
			return app.Div().Class("mgroup").Body(
				app.H3().Text("From"),
				app.Div().Class("matrices").Body(fig(st.Inputs)...),
			)
		}),
		app.Div().Class("mgroup out").Body(
			app.H3().Text("Gives"),
			app.Div().Class("matrices").Body(fig(st.Outputs)...),
		),
		app.If(len(checks) > 0, func() app.UI {
			return app.Div().Class("mgroup check").Body(
				app.H3().Text("Numerical check"),
				app.Div().Class("matrices").Body(checks...),
			)
		}),
		app.P().ID(IDStepsReadout).Class("readout").Text(readout),
	)
}

func (v *stepsView) renderMatrix(m Matrix, feeds map[int]bool) app.UI {
	sel := -1
	if v.sel.name == m.Name {
		sel = v.sel.k
	}
	return app.Figure().ID(MatrixID(m.Name)).Class("matrix").
		DataSet("name", m.Name).DataSet("rows", m.Rows).DataSet("cols", m.Cols).DataSet("values", m.valuesJSON()).
		OnMouseOver(v.onHoverCell(m)).OnClick(v.onClickCell(m)).
		Body(
			app.FigCaption().Body(
				app.Raw(`<span class="sym">`+mathML(false, m.Sym)+`</span>`),
				app.Span().Class("shape").Text(fmt.Sprintf("%d×%d", m.Rows, m.Cols)),
				app.Span().Class("caption").Text(m.Caption),
			),
			app.Raw(heatmapSVG(&m, sel, feeds)),
		)
}

// renderNet is the network canvas beside the stage.
func (v *stepsView) renderNet() app.UI {
	p := v.pass
	opts := make([]app.UI, p.Samples())
	for i := range opts {
		opts[i] = form.Selected(app.Option().Value(strconv.Itoa(i)), i == v.sample).Text(fmt.Sprintf("sample %d (label %d)", i, p.Labels[i]))
	}
	hover := v.hover
	if hover == "" {
		hover = "Point at a neuron for its value and gradient; click it to find it in the stage."
	}
	return app.Aside().Class("panel net-side").Body(
		app.H2().Text("The network"),
		v.frame.render("The network: neurons and weights"),
		app.P().ID(IDNetHover).Class("readout").Text(hover),
		app.Div().Class("field").Body(
			app.Label().For("steps-sample").Text("Values and gradients shown for"),
			app.Select().ID("steps-sample").Body(opts...).OnChange(func(ctx app.Context, e app.Event) {
				if i, err := strconv.Atoi(form.Value(ctx)); err == nil && i >= 0 && i < p.Samples() {
					v.sample = i
					v.showNet()
				}
			}),
		),
		app.P().Class("legend muted").Text("Edges: blue positive, orange negative, thicker for larger |w|. "+
			"Neurons: fill is the value, the ring the gradient. The flow follows the stage: forward, "+
			"the activations light up layer by layer; backward, the gradients come back."),
	)
}

// renderSettings is the form that builds another small net.
func (v *stepsView) renderSettings() app.UI {
	s := v.s
	fields := form.Build(classroom.Fields, &s, []string{"points", "classes", "dseed", "hidden", "act", "init", "std", "reg", "opt", "lr", "seed"}, form.Layout{
		ID: func(key string) string { return "steps-" + key },
		Hint: map[string]string{"points": fmt.Sprintf("1 to %d", MaxSamples), "classes": fmt.Sprintf("2 to %d", MaxClasses),
			"dseed": "X = 10 · randn from this seed", "hidden": fmt.Sprintf("sizes, comma-separated: 1 to %d layers of 1 to %d units", MaxDepth, MaxUnits),
			"std": "the scale of the std init", "reg": "the loss adds reg · Σ‖W‖²", "lr": "the update's η", "seed": "the weights are drawn from this seed"},
		// The step-through's data are the toy problem's samples, its seed the weights'.
		Label: map[string]string{"points": "Samples N", "seed": "Weight seed"},
		Show:  v.show,
		Set:   func(ctx app.Context, key, val string) { v.setField(ctx, key, val) },
		Err:   v.fieldErrs, Typed: v.typed,
	})
	if len(fields) == 0 {
		return app.Text("")
	}
	var errUI app.UI = app.Text("")
	if v.formErr != "" {
		errUI = app.P().ID("steps-form-error").Class("error").Text(v.formErr)
	}
	return form.Open(app.Details().ID("steps-settings").Class("panel settings"), !v.Student && (v.formErr != "" || v.settingsOpen || len(v.fieldErrs) > 0)).Body(
		app.Summary().Text("Build your own small net"),
		app.P().Class("muted").Text(fmt.Sprintf("The same walk works for any small net on the toy data (4 features, 10 · randn): up to %d samples, "+
			"%d hidden layers of %d units and %d classes. The report's net is 5 samples, hidden 10, 3 classes, std 0.1, reg 0.05, seeds 0 and 1.",
			MaxSamples, MaxDepth, MaxUnits, MaxClasses)),
		app.Div().Class("fields").Body(fields...),
		errUI,
	)
}
