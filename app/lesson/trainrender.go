package lesson

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/form"
	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/schema"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// planeControls are the Controls the 2D playground has, in the teacher's
// checklist order.
var planeControls = []string{
	"data", "classes", "points", "noise", "split", "dseed", "features", "addpoints",
	"hidden", "act", "init", "std", "dropout", "opt", "lr", "schedule", "decay", "momentum", "reg", "batch", "iters", "epochs", "sampling", "seed",
	"train", "step", "reset",
	"regions", "neurons", "curves", "network",
}

// Render returns the 2D playground.
func (v *trainView) Render() app.UI {
	cols := make([]app.UI, len(v.runners))
	for i, r := range v.runners {
		cols[i] = v.renderRunner(i, r)
	}
	var errUI app.UI = app.Text("")
	if v.errText != "" {
		errUI = app.P().ID(IDPlane + "-error").Class("error").Text(v.errText)
	}
	train, test := 0, 0
	if v.set != nil {
		train, test = len(v.set.Train), len(v.set.Test)
	}
	return app.Section().ID(IDPlane).Class("plane").DataSet("nets", len(v.runners)).
		DataSet("train", train).DataSet("test", test).DataSet("added", len(v.s.Data.Added)).Body(
		v.renderTop(),
		errUI,
		app.Div().Class(fmt.Sprintf("runners n%d", len(v.runners))).Body(cols...),
		app.If(!v.Student, func() app.UI {
			return teacherPanel(func() classroom.Scenario { return v.s }, planeControls, v.setScenario, "")
		}),
	)
}

// renderTop is the dataset's settings and the actions.
func (v *trainView) renderTop() app.UI {
	set := func(key string) func(ctx app.Context, val string) {
		return func(ctx app.Context, val string) { v.setData(ctx, key, val) }
	}
	id := func(key string) string { return IDPlane + "-" + key }
	var fields []app.UI
	add := func(key string, ui func() app.UI) {
		if v.show(key) {
			fields = append(fields, ui())
		}
	}
	add("data", func() app.UI {
		var opts []schema.Option
		for _, n := range plane.Names() {
			opts = append(opts, schema.Option{Value: n, Label: plane.Generators[n].Title})
		}
		f, _ := train.Fields.Lookup("data")
		return form.Control{ID: id("data"), Label: f.Label, Usage: f.Usage, Value: v.s.Data.Name, Options: opts, OnChange: set("data")}.Render()
	})
	pointsHint := "train and test together; the points added by hand join the training points"
	noiseHint := "0 to 1; the square is 2 wide"
	regression := v.s.Data.Regression()
	keys := []string{"classes", "points", "noise", "split", "dseed"}
	if regression {
		// One real output: no classes, and no points by hand (a click
		// gives no target).
		keys = keys[1:]
		pointsHint = "train and test together, uniform over the square"
		noiseHint = "0 to 1: how far from each point its target is read"
	}
	fields = append(fields, form.Build(plane.Fields, &v.s.Data, keys, form.Layout{
		ID:   id,
		Hint: map[string]string{"classes": fmt.Sprintf("2 to %d", plane.MaxClasses), "points": pointsHint, "noise": noiseHint, "split": "0 to 1"},
		Show: v.show,
		Set:  func(ctx app.Context, key, val string) { v.setData(ctx, key, val) },
	})...)
	add("features", v.renderFeatures)
	add("addpoints", func() app.UI {
		if regression {
			return app.Text("")
		}
		opts := make([]schema.Option, v.s.Data.Classes)
		for i := range opts {
			opts[i] = schema.Option{Value: strconv.Itoa(i), Label: "class " + strconv.Itoa(i)}
		}
		return form.Control{ID: id("addpoints"), Label: "Click the plot to add", Value: strconv.Itoa(v.addClass), Options: opts,
			OnChange: func(ctx app.Context, val string) {
				if c, err := strconv.Atoi(val); err == nil && c >= 0 && c < v.s.Data.Classes {
					v.addClass = c
				}
			}}.Render()
	})

	running := v.anyRunning()
	label := "▶ Train"
	if running {
		label = "❚❚ Pause"
	}
	var actions []app.UI
	if v.show("train") {
		actions = append(actions, app.Button().ID(IDPlane+"-train").Class("train").Text(label).OnClick(v.onTrain))
	}
	if v.show("step") {
		actions = append(actions, form.Disabled(app.Button().ID(IDPlane+"-step").Class("secondary"), running).Text("Step").
			Title("one minibatch step").OnClick(v.onStep))
	}
	if v.show("reset") {
		actions = append(actions, app.Button().ID(IDPlane+"-reset").Class("secondary").Text("↺ Reset").
			Title("a fresh net from the same seed").OnClick(v.onReset))
	}
	// The speed control: /plane trains 3,000 steps in a second or two,
	// too fast to watch the regions form; one step a frame is 60 a second.
	speeds := []schema.Option{{Value: "0", Label: "as fast as it can"}, {Value: "300", Label: "300 steps/s"},
		{Value: "60", Label: "60 steps/s (one a frame)"}, {Value: "20", Label: "20 steps/s"}, {Value: "5", Label: "5 steps/s"}}
	actions = append(actions, app.Div().Class("speed").Body(form.Control{ID: IDPlane + "-speed", Label: "Speed",
		Usage: "the most steps a second the nets train, to watch them learn", Value: strconv.FormatFloat(v.rate, 'g', -1, 64), Options: speeds,
		OnChange: func(ctx app.Context, val string) {
			if r, err := strconv.ParseFloat(val, 64); err == nil {
				v.setRate(r)
			}
		}}.Render()))
	// The regions' switches change the picture only: students have them.
	check := func(id, text, title string, on bool, set func(on bool) regionView) app.UI {
		return app.Label().Class("check").For(id).Title(title).Body(
			form.Checked(app.Input().Type("checkbox").ID(id), on).
				OnChange(func(ctx app.Context, e app.Event) { v.setView(ctx, set(ctx.JSSrc().Get("checked").Truthy())) }),
			app.Text(" "+text),
		)
	}
	actions = append(actions,
		check(IDPlane+"-showtest", "Show test data", "draw the test points (diamonds) on the regions", !v.view.HideTest,
			func(on bool) regionView { w := v.view; w.HideTest = !on; return w }),
		check(IDPlane+"-discretize", "Discretize output", "colour each pixel by its most likely class, with sharp boundaries", v.view.Discrete,
			func(on bool) regionView { w := v.view; w.Discrete = on; return w }),
	)
	if !v.Student {
		actions = append(actions, app.Label().Class("check compare").For(IDPlane+"-compare").Body(
			form.Checked(app.Input().Type("checkbox").ID(IDPlane+"-compare"), v.s.Compare != nil).
				OnChange(func(ctx app.Context, e app.Event) { v.setCompare(ctx, ctx.JSSrc().Get("checked").Truthy()) }),
			app.Text(" Compare with a second net"),
		))
	}
	var dataUI app.UI = app.Text("")
	if len(fields) > 0 {
		dataUI = app.Div().Class("fields data-fields").Body(fields...)
	}
	return app.Div().Class("panel plane-top").Body(
		app.Div().Class("actions").Body(actions...),
		dataUI,
		app.P().ID(IDPlane+"-count").Class("hint").Text(v.pointCount()),
	)
}

// renderFeatures is TF Playground's input features as switches: the
// inputs the network reads of each point. Changing them builds fresh nets.
func (v *trainView) renderFeatures() app.UI {
	on := v.s.Data.Inputs()
	boxes := []app.UI{app.Span().Class("label").Text("Input features")}
	for _, k := range plane.FeatureOrder() {
		id := IDPlane + "-feature-" + k
		checked := false
		for _, o := range on {
			checked = checked || o == k
		}
		boxes = append(boxes, app.Label().Class("check feature").For(id).Body(
			form.Checked(app.Input().Type("checkbox").ID(id).DataSet("feature", k), checked).
				OnChange(func(ctx app.Context, e app.Event) {
					v.setFeature(ctx, k, ctx.JSSrc().Get("checked").Truthy())
				}),
			app.Text(" "+plane.Features[k].Label),
		))
	}
	return app.Div().ID(IDPlane + "-features").Class("features").Title("the inputs the network reads of each point (TF Playground's features)").Body(boxes...)
}

// regionsLegend explains the regions' picture as the switches draw it.
func (v *trainView) regionsLegend() string {
	text := " discs train"
	if !v.view.HideTest {
		text += ", diamonds test"
	}
	switch {
	case v.s.Data.Regression() && v.view.Discrete:
		return text + ", coloured by their targets; each pixel by the sign of the output"
	case v.s.Data.Regression():
		return text + ", coloured by their targets; the background is the net's output"
	case v.view.Discrete:
		return text + "; each pixel in its most likely class's colour"
	}
	return text + "; paler where the net is unsure"
}

// renderWeightEditor edits the weight clicked on r's diagram, or says
// that a click on a line opens it.
func (v *trainView) renderWeightEditor(r *runner) app.UI {
	p := r.prefix
	if r.edit == nil || r.snap == nil {
		return app.P().Class("hint").Text("Click a line of the diagram to edit its weight.")
	}
	e := *r.edit
	sizes := r.snap.net.Spec.Sizes()
	w := r.snap.net.Dense()[e.Layer].W.Value.At(e.From, e.To)
	from := neuronName(sizes, canvasmsg.Neuron{Layer: e.Layer, Index: e.From})
	to := neuronName(sizes, canvasmsg.Neuron{Layer: e.Layer + 1, Index: e.To})
	running := r.running()
	input := app.Input().Type("text").ID(p+"-weight").Value(FormatFull(w)).Aria("label", "new weight").
		OnChange(func(ctx app.Context, ev app.Event) { v.setWeight(r, ctx.JSSrc().Get("value").String()) })
	note := "Type a value and press Enter: the regions and the maps redraw with it, and Train goes on from it."
	switch {
	case running:
		note = "Pause to edit the weight."
	case r.state != msg.StatePaused && r.state != msg.StateReady:
		note = "Type a value and press Enter: the regions and the maps redraw with it (the run has ended: Train starts a fresh net)."
	}
	return app.Div().ID(p+"-weight-editor").Class("weight-editor").DataSet("layer", e.Layer).DataSet("from", e.From).DataSet("to", e.To).Body(
		app.Label().For(p+"-weight").Text(fmt.Sprintf("Weight W%d[%d,%d], from %s to %s:", e.Layer+1, e.From, e.To, from, to)),
		form.DisabledInput(input, running),
		app.Button().ID(p+"-weight-close").Class("secondary").Text("Close").
			OnClick(func(ctx app.Context, ev app.Event) { r.edit = nil }),
		app.P().Class("hint").Text(note),
	)
}

// pointCount says how many points the nets train and test on.
func (v *trainView) pointCount() string {
	if v.set == nil {
		return ""
	}
	text := fmt.Sprintf("%s and %s", numfmt.Plural(len(v.set.Train), "training point", "training points"),
		numfmt.Plural(len(v.set.Test), "test point", "test points"))
	if n := len(v.s.Data.Added); n > 0 {
		text += fmt.Sprintf(" (%s by hand)", numfmt.Plural(n, "training point added", "training points added"))
	}
	return text + "."
}

// renderRunner is one net's column.
func (v *trainView) renderRunner(i int, r *runner) app.UI {
	p := r.prefix
	title := "The network"
	if len(v.runners) > 1 {
		title = []string{"Left: ", "Right: "}[i] + differs(r.cfg, v.runners[1-i].cfg)
	}
	title += " · " + shape(r.cfg, len(v.s.Data.Inputs()), v.outputs())
	var views []app.UI
	if v.show("regions") {
		views = append(views, app.Figure().ID(p+"-regions-fig").Class("regions-fig").Body(
			app.Canvas().ID(p+"-regions").Class("regions").Width(regionsSize).Height(regionsSize).
				OnClick(v.onAddPoint).OnMouseMove(v.onHoverPlane).OnMouseLeave(v.onLeavePlane),
			app.FigCaption().Body(
				app.Raw(v.legendHTML()),
				app.Span().Class("muted").Text(v.regionsLegend()),
			),
		))
	}
	views = append(views, v.renderStats(r))
	if v.show("network") {
		hover := r.netHover
		if hover == "" {
			hover = "Point at the plot to see the net's values there; point at a neuron for its value and bias."
		}
		views = append(views, app.Div().ID(p+"-network").Class("net-box").Body(
			r.frame.render("The network: edges coloured by sign, width by |weight|"),
			app.P().ID(p+"-net-hover").Class("readout").Text(hover),
			v.renderWeightEditor(r),
		))
	}
	var below []app.UI
	if v.show("curves") {
		below = append(below, app.Div().ID(p+"-curves").Class("curves").Body(
			app.Raw(`<div class="chart-box">`+lossChart(r.losses, max(r.iters, r.cfg.Iters))+`</div>`),
			app.Raw(`<div class="chart-box">`+v.evalChart(r.evals)+`</div>`),
		))
	}
	if v.show("neurons") {
		var layers []app.UI
		for l, h := range r.cfg.Hidden {
			m := mapsOf(make([][]float64, h))
			sz := m.Size()
			caption := fmt.Sprintf("Hidden layer %d: each unit's activation over the plane (blue positive, orange negative)", l+1)
			if r.snap != nil && l < len(r.snap.largest) {
				caption += fmt.Sprintf("; one colour scale for every layer; the largest |activation| here is %s", numfmt.Float(r.snap.largest[l], 2))
			}
			layers = append(layers, app.Figure().Class("maps").Body(
				app.FigCaption().ID(fmt.Sprintf("%s-neurons-caption-%d", p, l+1)).Text(caption),
				app.Canvas().ID(fmt.Sprintf("%s-neurons-%d", p, l+1)).Width(sz.X).Height(sz.Y),
			))
		}
		below = append(below, app.Div().ID(p+"-neurons").Class("neurons").Body(layers...))
	}
	var errUI app.UI = app.Text("")
	if r.err != "" {
		errUI = app.P().ID(p + "-error").Class("error").Text(r.err)
	}
	return app.Article().ID(p+"-runner").Class("panel runner").Body(
		app.H2().Text(title),
		v.renderNetSettings(i, r),
		errUI,
		app.Div().Class("views").Body(views...),
		app.Div().Class("below").Body(below...),
	)
}

// renderStats is a net's numbers; its data- attributes are for tests.
func (v *trainView) renderStats(r *runner) app.UI {
	now := time.Now()
	loss := r.smoothLoss()
	tr, te := math.NaN(), math.NaN()
	trLoss, teLoss := math.NaN(), math.NaN()
	if r.snap != nil {
		tr, te = r.snap.trainAcc, r.snap.testAcc
		trLoss, teLoss = r.snap.trainLoss, r.snap.testLoss
	}
	regression := v.s.Data.Regression()
	if regression {
		tr, te = math.NaN(), math.NaN()
	}
	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf("%.1f%%", 100*v)
	}
	num := func(v float64) string {
		if math.IsNaN(v) {
			return "-1"
		}
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	t95 := "–"
	t95v := -1.0
	if r.time95 >= 0 {
		t95v = r.time95.Seconds()
		t95 = fmt.Sprintf("%.1f s", t95v)
	}
	lossText := "–"
	if !math.IsNaN(loss) {
		lossText = fmt.Sprintf("%.4f", loss)
	}
	state := r.state
	if state == "" {
		state = "starting"
	}
	four := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return fmt.Sprintf("%.4f", v)
	}
	rows := [][2]string{
		{"State", stateText(state)},
		{"Step", fmt.Sprintf("%d of %d", r.iter, max(r.iters, r.cfg.Iters))},
		{"Loss (smoothed)", lossText},
		{"Train accuracy", pct(tr)},
		{"Test accuracy", pct(te)},
		{fmt.Sprintf("Time to %.0f%% test", 100*Target), t95},
		{"Time trained", fmt.Sprintf("%.1f s", r.seconds(now))},
	}
	if regression {
		// TF Playground's loss: half the mean squared error.
		rows[3] = [2]string{"Train loss", four(trLoss)}
		rows[4] = [2]string{"Test loss", four(teLoss)}
		rows = slices.Delete(rows, 5, 6)
	}
	trs := make([]app.UI, len(rows))
	for i, row := range rows {
		trs[i] = app.Tr().Body(app.Th().Text(row[0]), app.Td().Text(row[1]))
	}
	point := v.point
	return app.Div().ID(r.prefix+"-stats").Class("stats").
		DataSet("state", state).DataSet("iter", r.iter).DataSet("loss", num(loss)).
		DataSet("train-acc", num(tr)).DataSet("test-acc", num(te)).
		DataSet("train-loss", num(trLoss)).DataSet("test-loss", num(teLoss)).
		DataSet("seconds", strconv.FormatFloat(r.seconds(now), 'f', 3, 64)).
		DataSet("time95", strconv.FormatFloat(t95v, 'f', 3, 64)).
		Body(
			app.Table().Body(app.TBody().Body(trs...)),
			app.If(point != "" && r.prefix == IDPlane, func() app.UI { return app.P().Class("readout point").Text(point) }),
		)
}

func stateText(s string) string {
	switch s {
	case msg.StateReady:
		return "ready: press Train"
	case msg.StateRunning:
		return "training"
	case msg.StatePaused:
		return "paused"
	case msg.StateDone:
		return "done"
	case msg.StateStopped:
		return "stopped"
	case msg.StateDiverged:
		return "diverged"
	}
	return s
}

// renderNetSettings is a net's settings (all of train.Fields the
// classroom uses; std, decay and momentum only where they apply).
func (v *trainView) renderNetSettings(i int, r *runner) app.UI {
	c := r.cfg
	fields := form.Build(train.Fields, &c, []string{"hidden", "act", "init", "std", "dropout", "opt", "lr", "schedule",
		"decay", "momentum", "reg", "batch", "iters", "epochs", "sampling", "seed"}, form.Layout{
		ID:   func(key string) string { return r.prefix + "-" + key },
		Hint: map[string]string{"hidden": "sizes, comma-separated, e.g. 16,16", "dropout": "0 to 1", "epochs": "0: use iterations"},
		Show: v.show,
		Set:  func(ctx app.Context, key, val string) { v.setNet(ctx, i, key, val) },
	})
	if len(fields) == 0 {
		return app.Text("")
	}
	return form.Open(app.Details().Class("net-settings"), true).Body(
		app.Summary().Text("Network and training"),
		app.Div().Class("fields").Body(fields...),
	)
}

// differs describes how a net's settings differ from the other's, e.g.
// "init he".
func differs(a, b train.Config) string {
	var parts []string
	for _, f := range train.Fields {
		va, _ := a.Get(f.Key)
		vb, _ := b.Get(f.Key)
		if va != vb && f.Key != "data" {
			parts = append(parts, f.Key+" "+va)
		}
	}
	if len(parts) == 0 {
		return "same settings"
	}
	return strings.Join(parts, ", ")
}

// shape writes a net's layer sizes, e.g. "2-16-16-3".
func shape(c train.Config, inputs, outputs int) string {
	s := strconv.Itoa(inputs)
	for _, h := range c.Hidden {
		s += "-" + strconv.Itoa(h)
	}
	return s + "-" + strconv.Itoa(outputs)
}

// outputs is the nets' output count: the classes, or one real value.
func (v *trainView) outputs() int {
	if v.s.Data.Regression() {
		return 1
	}
	return v.s.Data.Classes
}

// legendHTML is the classes' colour swatches, or a regression's scale.
func (v *trainView) legendHTML() string {
	var b strings.Builder
	b.WriteString(`<span class="legend">`)
	if v.s.Data.Regression() {
		for _, t := range []float64{-1, 0, 1} {
			fmt.Fprintf(&b, `<span class="swatch" style="background:%s"></span>%g `, hex(canvas.Diverging(t)), t)
		}
	} else {
		for i, c := range canvas.Palette(v.s.Data.Classes) {
			fmt.Fprintf(&b, `<span class="swatch" style="background:%s"></span>%d `, hex(c), i)
		}
	}
	b.WriteString(`</span>`)
	return b.String()
}

// evalChart is the accuracies' chart, or a regression's train and test
// loss.
func (v *trainView) evalChart(evals []evalPoint) string {
	if v.s.Data.Regression() {
		return testLossChart(evals)
	}
	return accChart(evals, v.s.Data.Classes)
}

func hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
