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
// weight templates, redrawn as the worker's events arrive.

// templates are the first-layer weights as images (msg.Weights).
type templates struct {
	count, side int
	pixels      []byte
	gen         int // how many the current model sent: it learnt since the last
}

// chartCache keeps a chart's SVG for the data it was drawn from: the page
// renders on every event, and most events do not change a given chart.
type chartCache struct {
	key [3]float64
	svg string
}

// get returns the cached SVG for key, or draws and keeps it.
func (c *chartCache) get(key [3]float64, draw func() string) string {
	if c.svg == "" || c.key != key {
		c.key, c.svg = key, draw()
	}
	return c.svg
}

// lossChart returns the loss chart's SVG.
func (p *playground) lossChart() string {
	h := &p.hist
	last := 0.0
	if n := len(h.Raw); n > 0 {
		last = h.Raw[n-1] + h.Iters[n-1]
	}
	return p.lossSVG.get([3]float64{float64(len(h.Raw)), float64(h.Stride), last}, p.drawLossChart)
}

func (p *playground) drawLossChart() string {
	return chart.Line{
		ID: "loss", Title: "Loss per training step", XName: "step", XInt: true,
		XLabel: "iteration", YLabel: "loss", YCap: lossCap(p.hist.Raw),
		Series: []chart.Series{
			{Name: "loss", Class: "s-raw", X: p.hist.Iters, Y: p.hist.Raw},
			{Name: "smoothed", Class: "s-smooth", X: p.hist.Iters, Y: p.hist.Smooth},
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

// accChart returns the accuracy chart's SVG.
func (p *playground) accChart() string {
	n := len(p.hist.Epochs)
	last := 0.0
	if n > 0 {
		last = p.hist.Epochs[n-1].ValAcc + 2*p.hist.Epochs[n-1].TrainAcc + float64(p.hist.Epochs[n-1].Iter)
	}
	classes := 0
	if p.info != nil {
		classes = len(p.info.Classes)
	}
	return p.accSVG.get([3]float64{float64(n), last, float64(classes + 100*boolInt(p.hasValidation()))}, p.drawAccChart)
}

func (p *playground) drawAccChart() string {
	n := len(p.hist.Epochs)
	x, tr, va := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, e := range p.hist.Epochs {
		x[i], tr[i], va[i] = float64(e.Epoch), e.TrainAcc, e.ValAcc
	}
	classes := 10
	if p.info != nil && len(p.info.Classes) > 1 {
		classes = len(p.info.Classes)
	}
	series := []chart.Series{{Name: "train", Class: "s-train", X: x, Y: tr, Dots: n <= 40}}
	if p.hasValidation() {
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

func (p *playground) renderLossPanel() app.UI {
	return app.Section().ID(IDLossPanel).Class("panel").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Loss"),
			app.Div().Class("legend").Body(legendKey("s-raw", "each step"), legendKey("s-smooth", "smoothed")),
		),
		app.Div().ID(IDLossChart).Class("chart-box").
			DataSet("points", len(p.hist.Raw)).
			DataSet("first", firstOf(p.hist.Smooth)).
			DataSet("last", lastOf(p.hist.Smooth)).
			Body(app.Raw(p.lossChart())),
		app.P().Class("hint").Text("Softmax cross-entropy on each minibatch plus the L2 penalty. It should fall; if it climbs or jumps, the learning rate is too high."),
	)
}

func (p *playground) renderAccPanel() app.UI {
	return app.Section().ID(IDAccPanel).Class("panel").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Accuracy"),
			app.Div().Class("legend").Body(
				legendKey("s-train", "last minibatch"),
				app.If(p.hasValidation(), func() app.UI { return legendKey("s-val", "validation") }),
			),
		),
		app.Div().ID(IDAccChart).Class("chart-box").Body(app.Raw(p.accChart())),
		app.P().Class("hint").Text("Measured after every epoch. A growing gap between the two lines is overfitting: more regularization or augmentation helps."),
	)
}

func (p *playground) renderWeightsPanel() app.UI {
	w := p.weights
	var caption string
	var body app.UI
	switch {
	case w.count > 0 && w.side > 0 && len(w.pixels) == w.count*w.side*w.side*4:
		cols := gridColumns(w.count)
		body = &pixels{ID: IDWeightsCanvas, Class: "templates", Label: "first-layer weights as images",
			Side: w.side, Count: w.count, Cols: cols, Gap: 2, Pixels: w.pixels}
		caption = fmt.Sprintf("The weights into each of the first %d hidden units, shown as a %d×%d colour image (each scaled to its own range). "+
			"Random noise at first; as the network learns they become colour blobs, edges and blurry templates of cars, horses and ships.",
			w.count, w.side, w.side)
		if w.side == graySide {
			caption = fmt.Sprintf("The weights into each of the first %d hidden units, shown as a %d×%d gray image (each scaled to its own range: light is a positive weight). "+
				"Random noise at first; as the network learns they become strokes and blobs: the parts of digits or clothes each unit looks for.",
				w.count, w.side, w.side)
		}
	case p.hasModel() && p.modelKind() == msg.DataToy:
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

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
