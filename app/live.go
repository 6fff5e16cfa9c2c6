package app

import (
	"fmt"
	"math"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/chart"
	"github.com/backprop-playground/playground/msg"
)

// The live views: the loss and accuracy charts and the first-layer
// weight templates, drawn from the run's history and the worker's last
// templates.

// templates are the first-layer weights as images (msg.Weights).
type templates struct {
	count, side int
	pixels      []byte
	gen         int // how many the current model sent: it learnt since the last
}

// The three views are components whose attributes are the data they
// draw: go-app compares a child's exported fields with the last ones
// (reflect.DeepEqual, which is immediate for slices that are the same
// array and length) and renders it again only when they differ. The page
// renders at every progress event; a chart is redrawn when its data grew,
// and the templates when new ones came.

// lossPanel is the loss chart: the history's loss points (history).
type lossPanel struct {
	app.Compo
	Stride             int // changes when the history merges its points in place
	Iters, Raw, Smooth []float64
}

// accPanel is the accuracy chart: the epochs' accuracies.
type accPanel struct {
	app.Compo
	Epochs     []epochMark
	Classes    int  // the dataset's classes (0: not known yet)
	Validation bool // the data has a validation split (the toy problem has none)
}

// weightsPanel is the first-layer templates.
type weightsPanel struct {
	app.Compo
	Count, Side int
	Pixels      []byte // Count tiles of Side×Side RGBA
	Toy         bool   // the model is of the toy problem: no images
}

var (
	_ app.Composer = (*lossPanel)(nil)
	_ app.Composer = (*accPanel)(nil)
	_ app.Composer = (*weightsPanel)(nil)
)

// liveViews returns the three views of the page's run.
func (p *playground) liveViews() []app.UI {
	h := &p.hist
	classes := 0
	if p.info != nil {
		classes = len(p.info.Classes)
	}
	w := p.weights
	return []app.UI{
		&lossPanel{Stride: h.Stride, Iters: h.Iters, Raw: h.Raw, Smooth: h.Smooth},
		&accPanel{Epochs: h.Epochs, Classes: classes, Validation: p.hasValidation()},
		&weightsPanel{Count: w.count, Side: w.side, Pixels: w.pixels, Toy: p.hasModel() && p.modelKind() == msg.DataToy},
	}
}

func (c *lossPanel) chart() string {
	return chart.Line{
		ID: "loss", Title: "Loss per training step", XName: "step", XInt: true,
		XLabel: "iteration", YLabel: "loss", YCap: lossCap(c.Raw),
		Series: []chart.Series{
			{Name: "loss", Class: "s-raw", X: c.Iters, Y: c.Raw},
			{Name: "smoothed", Class: "s-smooth", X: c.Iters, Y: c.Smooth},
		},
		Empty: "Press Train: the loss of every step appears here",
	}.SVG()
}

// lossCap is the top of the loss chart: four times the first loss (2.3 for
// ten classes), so that a diverging run's 1e302 neither flattens the
// curve nor writes 300-digit labels.
func lossCap(raw []float64) float64 {
	for _, v := range raw {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			return 4 * math.Max(v, 0.5)
		}
	}
	return 0
}

func (c *accPanel) chart() string {
	n := len(c.Epochs)
	x, tr, va := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, e := range c.Epochs {
		x[i], tr[i], va[i] = float64(e.Epoch), e.TrainAcc, e.ValAcc
	}
	classes := 10
	if c.Classes > 1 {
		classes = c.Classes
	}
	series := []chart.Series{{Name: "train", Class: "s-train", X: x, Y: tr, Dots: n <= 40}}
	if c.Validation {
		series = append(series, chart.Series{Name: "validation", Class: "s-val", X: x, Y: va, Dots: n <= 40})
	}
	return chart.Line{
		ID: "acc", Title: "Accuracy per epoch", XName: "epoch", XInt: true,
		XLabel: "epoch", YLabel: "accuracy", YMin: 0, YMax: 1, YPercent: true,
		Refs:   []chart.Ref{{Y: 1 / float64(classes), Label: fmt.Sprintf("chance (1 in %d)", classes)}},
		Series: series,
		Empty:  "Accuracies appear at the end of each epoch",
	}.SVG()
}

func legendKey(class, text string) app.UI {
	return app.Span().Class("key " + class).Text(text)
}

func (c *lossPanel) Render() app.UI {
	return app.Section().ID(IDLossPanel).Class("panel").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Loss"),
			app.Div().Class("legend").Body(legendKey("s-raw", "each step"), legendKey("s-smooth", "smoothed")),
		),
		app.Div().ID(IDLossChart).Class("chart-box").
			DataSet("points", len(c.Raw)).
			DataSet("first", firstOf(c.Smooth)).
			DataSet("last", lastOf(c.Smooth)).
			Body(app.Raw(c.chart())),
		app.P().Class("hint").Text("Softmax cross-entropy on each minibatch plus the L2 penalty. It should fall; if it climbs or jumps, the learning rate is too high."),
	)
}

func (c *accPanel) Render() app.UI {
	return app.Section().ID(IDAccPanel).Class("panel").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Accuracy"),
			app.Div().Class("legend").Body(
				legendKey("s-train", "last minibatch"),
				app.If(c.Validation, func() app.UI { return legendKey("s-val", "validation") }),
			),
		),
		app.Div().ID(IDAccChart).Class("chart-box").Body(app.Raw(c.chart())),
		app.P().Class("hint").Text("Measured after every epoch. A growing gap between the two lines is overfitting: more regularization or augmentation helps."),
	)
}

func (c *weightsPanel) Render() app.UI {
	var caption string
	var body app.UI
	switch {
	case c.Count > 0 && c.Side > 0 && len(c.Pixels) == c.Count*c.Side*c.Side*4:
		cols := gridColumns(c.Count)
		body = &pixels{ID: IDWeightsCanvas, Class: "templates", Label: "first-layer weights as images",
			Side: c.Side, Count: c.Count, Cols: cols, Gap: 2, Pixels: c.Pixels}
		caption = fmt.Sprintf("The weights into each of the first %d hidden units, shown as a %d×%d colour image (each scaled to its own range). "+
			"Random noise at first; as the network learns they become colour blobs, edges and blurry templates of cars, horses and ships.",
			c.Count, c.Side, c.Side)
		if c.Side == graySide {
			caption = fmt.Sprintf("The weights into each of the first %d hidden units, shown as a %d×%d gray image (each scaled to its own range: light is a positive weight). "+
				"Random noise at first; as the network learns they become strokes and blobs: the parts of digits or clothes each unit looks for.",
				c.Count, c.Side, c.Side)
		}
	case c.Toy:
		body = app.Div().ID(IDWeightsCanvas).Class("empty-box").Text("The toy problem's inputs are 4 numbers, not images: there are no templates to show.")
	default:
		body = app.Div().ID(IDWeightsCanvas).Class("empty-box").Text("Each hidden unit's weights will appear here as an image (32×32 colour, or 28×28 gray for the digits and Fashion-MNIST) once a network is built.")
	}
	return app.Section().ID(IDWeightsPanel).Class("panel wide").Body(
		app.Div().Class("panel-head").Body(app.H2().Text("First-layer weights")),
		body,
		app.If(caption != "", func() app.UI { return app.P().ID(IDWeightsCaption).Class("hint").Text(caption) }),
	)
}

// gridColumns returns the columns of a grid of n tiles: about twice as
// wide as tall, to fit a wide panel.
func gridColumns(n int) int {
	cols := 1
	for cols*cols < 2*n {
		cols++
	}
	return min(cols, n)
}

// firstOf and lastOf return the first and last values of v as text for
// tests, or "".
func firstOf(v []float64) string {
	if len(v) == 0 {
		return ""
	}
	return strconv.FormatFloat(v[0], 'g', -1, 64)
}

func lastOf(v []float64) string {
	if len(v) == 0 {
		return ""
	}
	return strconv.FormatFloat(v[len(v)-1], 'g', -1, 64)
}

// hasValidation reports whether the run's data has a validation split
// (the toy problem has none: its accuracies are on the training points).
func (p *playground) hasValidation() bool {
	return p.info == nil || p.info.Val > 0
}
