package lesson

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// A chart is a small SVG line plot: x from 0 to xmax (iterations), y from
// ymin to ymax, a few series and dashed reference lines.
type chart struct {
	title      string
	w, h       int
	xmax       float64
	ymin, ymax float64
	series     []series
	refs       []ref
	yfmt       func(float64) string
}

type series struct {
	name  string
	class string // CSS class: its colour
	x, y  []float64
}

type ref struct {
	y     float64
	label string
}

// Margins of the plot area inside the SVG, in pixels.
const (
	padL, padR, padT, padB = 38, 8, 18, 18
	maxPoints              = 400 // a series is thinned to at most this many points
)

// svg draws the chart.
func (c *chart) svg() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		c.w, c.h, c.w, c.h, html.EscapeString(c.title))
	pw, ph := float64(c.w-padL-padR), float64(c.h-padT-padB)
	xmax := math.Max(c.xmax, 1)
	span := c.ymax - c.ymin
	if !(span > 0) {
		span = 1
	}
	px := func(x float64) float64 { return padL + x/xmax*pw }
	py := func(y float64) float64 {
		y = math.Max(c.ymin, math.Min(c.ymax, y))
		return padT + (c.ymax-y)/span*ph
	}
	fmt.Fprintf(&b, `<text class="chart-title" x="%d" y="12">%s</text>`, padL, html.EscapeString(c.title))
	fmt.Fprintf(&b, `<rect class="plot" x="%d" y="%d" width="%.0f" height="%.0f"/>`, padL, padT, pw, ph)
	yf := c.yfmt
	if yf == nil {
		yf = func(v float64) string { return fmt.Sprintf("%.3g", v) }
	}
	for _, v := range []float64{c.ymin, c.ymax} {
		fmt.Fprintf(&b, `<text class="tick" x="%d" y="%.1f" text-anchor="end">%s</text>`, padL-4, py(v)+4, yf(v))
	}
	fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%d" text-anchor="end">%s</text>`, px(xmax), c.h-4, fmt.Sprintf("%.0f", xmax))
	fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d">0</text>`, padL, c.h-4)
	for _, r := range c.refs {
		y := py(r.y)
		fmt.Fprintf(&b, `<line class="ref" x1="%d" x2="%.1f" y1="%.1f" y2="%.1f"/><text class="tick ref-label" x="%d" y="%.1f">%s</text>`,
			padL, px(xmax), y, y, padL+3, y-3, html.EscapeString(r.label))
	}
	lx := float64(c.w - padR)
	for _, s := range c.series {
		if len(s.x) == 0 {
			continue
		}
		step := max(1, len(s.x)/maxPoints)
		b.WriteString(`<polyline class="` + s.class + `" points="`)
		for i := 0; i < len(s.x); i += step {
			if math.IsNaN(s.y[i]) || math.IsInf(s.y[i], 0) {
				continue
			}
			fmt.Fprintf(&b, "%.1f,%.1f ", px(s.x[i]), py(s.y[i]))
		}
		last := len(s.x) - 1
		fmt.Fprintf(&b, "%.1f,%.1f", px(s.x[last]), py(s.y[last]))
		b.WriteString(`"/>`)
		if s.name != "" { // in the title's row, right-aligned
			fmt.Fprintf(&b, `<text class="legend %s" x="%.0f" y="12" text-anchor="end">● %s</text>`, s.class, lx, html.EscapeString(s.name))
			lx -= float64(7*len(s.name) + 18)
		}
	}
	b.WriteString("</svg>")
	return b.String()
}

// lossChart plots the minibatch losses (raw, faint) and their moving
// average.
func lossChart(losses []float64, iters, w int) string {
	c := chart{title: "Loss per step", w: w, h: 130, xmax: float64(max(iters, len(losses)))}
	xs := make([]float64, len(losses))
	smooth := make([]float64, len(losses))
	hi := 0.0
	s := 0.0
	for i, l := range losses {
		xs[i] = float64(i + 1)
		if i == 0 {
			s = l
		} else {
			s = 0.9*s + 0.1*l
		}
		smooth[i] = s
		if i < 20 || l < 3*s {
			hi = math.Max(hi, l)
		}
	}
	if hi == 0 {
		hi = 1
	}
	c.ymax = hi
	c.series = []series{{class: "raw", x: xs, y: losses}, {name: "smoothed", class: "smooth", x: xs, y: smooth}}
	return c.svg()
}

// accChart plots the training and test accuracies of the snapshots, with
// chance (1/classes) and the target.
func accChart(evals []evalPoint, iters, classes, w int) string {
	c := chart{title: "Accuracy", w: w, h: 130, xmax: float64(iters), ymin: 0, ymax: 1,
		yfmt: func(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }}
	var xs, tr, te []float64
	for _, e := range evals {
		xs, tr, te = append(xs, float64(e.iter)), append(tr, e.train), append(te, e.test)
		c.xmax = math.Max(c.xmax, float64(e.iter))
	}
	c.refs = []ref{{y: 1 / float64(classes), label: "chance"}, {y: Target, label: fmt.Sprintf("%.0f%%", 100*Target)}}
	c.series = []series{{name: "train", class: "train", x: xs, y: tr}, {name: "test", class: "test", x: xs, y: te}}
	return c.svg()
}
