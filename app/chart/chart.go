package chart

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/numfmt"
)

// Series is one line of a chart. X must be ascending (iterations, epochs);
// X and Y have the same length (extra values of the longer are ignored).
type Series struct {
	Name  string // in tooltips
	Class string // CSS class of its path and dots, e.g. "s-val"
	X, Y  []float64
	Dots  bool // draw a dot at every point (for short series)
	NoTip bool // leave it out of the tooltips
}

// Ref is a labelled horizontal reference line, e.g. chance level.
type Ref struct {
	Y     float64
	Label string
}

// Line is a line chart. The zero value of every field but Series has a
// default: see each field.
type Line struct {
	ID     string  // prefix of the ids inside the SVG (its clip path); "chart" if empty
	Title  string  // accessible name (aria-label)
	Width  float64 // viewBox width; 480 if 0
	Height float64 // viewBox height; 220 if 0

	XName  string // the x value's name in tooltips, e.g. "iteration"
	XLabel string // axis titles, under the x axis and along the y axis
	YLabel string
	XInt   bool // x values are counts: integer ticks

	YMin, YMax float64 // the y range if YMax > YMin, else fitted to the data
	// YCap, if positive, bounds a fitted range from above: values beyond
	// it (a diverging loss of 1e302) are drawn at the top edge, and the
	// chart says how many are off it, instead of axis labels hundreds of
	// digits long and a flat line for everything else.
	YCap     float64
	YPercent bool  // y values are fractions, shown as percentages
	Refs     []Ref // drawn where within the y range

	Series    []Series
	Zones     int    // at most this many hover zones; 60 if 0
	MaxPoints int    // a longer series is drawn through its min and max per bucket; 600 if 0
	Empty     string // text shown when there is nothing to draw
}

// Margins of the plot area inside the viewBox.
const (
	marginLeft   = 46
	marginRight  = 12
	marginTop    = 10
	marginBottom = 34
	tipFont      = 12  // px, as in app.css (.chart .tip text)
	tipCharWidth = 6.9 // average advance of a tipFont character, for the tooltip's width
)

// point is a finite data point of a series with its index.
type point struct {
	x, y float64
	i    int
}

// SVG returns the chart as one <svg> element.
func (l Line) SVG() string {
	w, h := l.Width, l.Height
	if w <= 0 {
		w = 480
	}
	if h <= 0 {
		h = 220
	}
	id := l.ID
	if id == "" {
		id = "chart"
	}
	pl, pr, pt, pb := float64(marginLeft), w-marginRight, float64(marginTop), h-marginBottom
	pts := make([][]point, len(l.Series))
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	n := 0
	for s, ser := range l.Series {
		for i := range min(len(ser.X), len(ser.Y)) {
			x, y := ser.X[i], ser.Y[i]
			if !finite(x) || !finite(y) {
				continue
			}
			pts[s] = append(pts[s], point{x, y, i})
			xlo, xhi, ylo, yhi = math.Min(xlo, x), math.Max(xhi, x), math.Min(ylo, y), math.Max(yhi, y)
			n++
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" role="img" aria-label="%s">`,
		num(w), num(h), esc(l.Title))
	fmt.Fprintf(&b, `<defs><clipPath id="%s-clip"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath></defs>`,
		esc(id), num(pl), num(pt-2), num(pr-pl), num(pb-pt+4))

	if n == 0 {
		xlo, xhi = 0, 1
		if l.XInt {
			xlo, xhi = 0, 10
		}
		ylo, yhi = 0, 1
	}
	if xhi <= xlo {
		xlo, xhi = xlo-1, xhi+1
		if l.XInt && xlo < 0 && xhi-1 >= 0 {
			xlo, xhi = 0, xhi+1
		}
	}
	over := 0 // points beyond YCap
	if l.YCap > 0 && l.YMax <= l.YMin && yhi > l.YCap {
		for s := range pts {
			for i, q := range pts[s] {
				if q.y > l.YCap {
					over++
					pts[s][i].y = l.YCap
				}
			}
		}
		yhi = l.YCap
		ylo = math.Min(ylo, l.YCap)
	}
	if l.YMax > l.YMin {
		ylo, yhi = l.YMin, l.YMax
	} else {
		ylo, yhi = fitRange(ylo, yhi)
	}
	px := func(x float64) float64 { return pl + (x-xlo)/(xhi-xlo)*(pr-pl) }
	py := func(y float64) float64 { return pb - (y-ylo)/(yhi-ylo)*(pb-pt) }

	// Axes: grid lines and tick labels.
	b.WriteString(`<g class="axis">`)
	yticks := ticks(ylo, yhi, 5, false)
	for _, t := range yticks {
		y := py(t)
		fmt.Fprintf(&b, `<line class="grid" x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(pl), num(pr), num(y), num(y))
		fmt.Fprintf(&b, `<text class="ytick" x="%s" y="%s" text-anchor="end" dominant-baseline="middle">%s</text>`,
			num(pl-6), num(y), esc(l.formatYTick(t, yticks)))
	}
	xticks := ticks(xlo, xhi, max(2, int((pr-pl)/80)), l.XInt)
	for _, t := range xticks {
		x := px(t)
		fmt.Fprintf(&b, `<line class="tick" x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(x), num(x), num(pb), num(pb+4))
		fmt.Fprintf(&b, `<text class="xtick" x="%s" y="%s" text-anchor="middle">%s</text>`,
			num(x), num(pb+15), esc(formatXTick(t, xticks)))
	}
	fmt.Fprintf(&b, `<line class="frame" x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(pl), num(pr), num(pb), num(pb))
	if l.XLabel != "" {
		fmt.Fprintf(&b, `<text class="label" x="%s" y="%s" text-anchor="middle">%s</text>`, num((pl+pr)/2), num(h-3), esc(l.XLabel))
	}
	if l.YLabel != "" {
		fmt.Fprintf(&b, `<text class="label" transform="translate(11 %s) rotate(-90)" text-anchor="middle">%s</text>`,
			num((pt+pb)/2), esc(l.YLabel))
	}
	b.WriteString(`</g>`)

	for _, r := range l.Refs {
		if !finite(r.Y) || r.Y < ylo || r.Y > yhi {
			continue
		}
		y := py(r.Y)
		fmt.Fprintf(&b, `<g class="ref"><line x1="%s" x2="%s" y1="%s" y2="%s"/><text x="%s" y="%s" text-anchor="end">%s</text></g>`,
			num(pl), num(pr), num(y), num(y), num(pr-4), num(y-4), esc(r.Label))
	}

	if n == 0 {
		if l.Empty != "" {
			fmt.Fprintf(&b, `<text class="empty" x="%s" y="%s" text-anchor="middle" dominant-baseline="middle">%s</text>`,
				num((pl+pr)/2), num((pt+pb)/2), esc(l.Empty))
		}
		b.WriteString(`</svg>`)
		return b.String()
	}

	// Lines.
	maxPoints := l.MaxPoints
	if maxPoints <= 0 {
		maxPoints = 600
	}
	fmt.Fprintf(&b, `<g clip-path="url(#%s-clip)">`, esc(id))
	for s, ser := range l.Series {
		p := pts[s]
		if len(p) == 0 {
			continue
		}
		class := "line " + ser.Class
		if len(p) == 1 {
			fmt.Fprintf(&b, `<circle class="%s" cx="%s" cy="%s" r="2.5"/>`, esc(class), num(px(p[0].x)), num(py(p[0].y)))
			continue
		}
		fmt.Fprintf(&b, `<path class="%s" d="`, esc(class))
		for i, q := range envelope(p, maxPoints) {
			if i == 0 {
				b.WriteByte('M')
			} else {
				b.WriteByte('L')
			}
			b.WriteString(num(px(q.x)))
			b.WriteByte(' ')
			b.WriteString(num(py(q.y)))
		}
		b.WriteString(`"/>`)
		if ser.Dots {
			for _, q := range p {
				fmt.Fprintf(&b, `<circle class="pt %s" cx="%s" cy="%s" r="3"/>`, esc(ser.Class), num(px(q.x)), num(py(q.y)))
			}
		}
	}
	b.WriteString(`</g>`)

	if over > 0 {
		fmt.Fprintf(&b, `<text class="overflow" x="%s" y="%s" text-anchor="end">%s above %s, drawn at the top</text>`,
			num(pr-4), num(pt+(pb-pt)*0.3), esc(numfmt.Plural(over, "value", "values")), esc(numfmt.Float(l.YCap, 3)))
	}
	l.zones(&b, pts, px, py, pl, pr, pt, pb)
	b.WriteString(`</svg>`)
	return b.String()
}

// zones writes the hover zones: anchors on the longest series, each zone
// reaching halfway to its neighbours.
func (l Line) zones(b *strings.Builder, pts [][]point, px, py func(float64) float64, pl, pr, pt, pb float64) {
	primary := 0
	for s := range pts {
		if len(pts[s]) > len(pts[primary]) {
			primary = s
		}
	}
	p := pts[primary]
	maxZones := l.Zones
	if maxZones <= 0 {
		maxZones = 60
	}
	var anchors []float64
	if len(p) <= maxZones {
		for _, q := range p {
			anchors = append(anchors, q.x)
		}
	} else {
		for k := range maxZones {
			i := int((float64(k) + 0.5) / float64(maxZones) * float64(len(p)))
			anchors = append(anchors, p[min(i, len(p)-1)].x)
		}
	}
	b.WriteString(`<g class="zones">`)
	for k, ax := range anchors {
		x := px(ax)
		left, right := pl, pr
		if k > 0 {
			left = (px(anchors[k-1]) + x) / 2
		}
		if k < len(anchors)-1 {
			right = (x + px(anchors[k+1])) / 2
		}
		if right <= left {
			continue
		}
		lines := []string{l.xText(ax)}
		var dots strings.Builder
		for s, ser := range l.Series {
			q, ok := nearest(pts[s], ax)
			if !ok {
				continue
			}
			// A series that has no point near this x (a shorter one) is
			// left out rather than shown with a far-away value.
			if len(pts[s]) < len(p) && math.Abs(px(q.x)-x) > math.Max(right-left, 8) {
				continue
			}
			fmt.Fprintf(&dots, `<circle class="dot %s" cx="%s" cy="%s" r="3.5"/>`, esc(ser.Class), num(px(q.x)), num(py(q.y)))
			if !ser.NoTip {
				lines = append(lines, ser.Name+": "+l.yText(ser.Y[q.i])) // the value, even if drawn at the cap
			}
		}
		fmt.Fprintf(b, `<g class="hz"><title>%s</title>`, esc(strings.Join(lines, "\n")))
		fmt.Fprintf(b, `<rect class="hit" x="%s" y="%s" width="%s" height="%s"/>`, num(left), num(pt), num(right-left), num(pb-pt))
		fmt.Fprintf(b, `<line class="guide" x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(x), num(x), num(pt), num(pb))
		b.WriteString(dots.String())
		longest := 0
		for _, s := range lines {
			longest = max(longest, len([]rune(s)))
		}
		tw, th := float64(longest)*tipCharWidth+16, float64(len(lines))*(tipFont+4)+10
		tx := x + 10
		if tx+tw > pr {
			tx = x - 10 - tw
		}
		tx = math.Max(tx, 0)
		fmt.Fprintf(b, `<g class="tip" transform="translate(%s %s)"><rect width="%s" height="%s" rx="5"/><text>`,
			num(tx), num(pt+4), num(tw), num(th))
		for i, s := range lines {
			fmt.Fprintf(b, `<tspan x="8" y="%s">%s</tspan>`, num(float64(i+1)*(tipFont+4)+1), esc(s))
		}
		b.WriteString(`</text></g></g>`)
	}
	b.WriteString(`</g>`)
}

// xText is the tooltip's first line: the x value with its name.
func (l Line) xText(x float64) string {
	v := strconv.FormatFloat(x, 'g', 6, 64)
	if l.XInt {
		v = strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	}
	if l.XName == "" {
		return v
	}
	return l.XName + " " + v
}

// yText formats a y value for a tooltip.
func (l Line) yText(y float64) string {
	if l.YPercent {
		return strconv.FormatFloat(100*y, 'f', 1, 64) + "%"
	}
	return numfmt.Float(y, 4)
}

// formatYTick formats a y tick with as many decimals as the tick step needs.
func (l Line) formatYTick(t float64, all []float64) string {
	if l.YPercent {
		return strconv.FormatFloat(100*t, 'f', decimals(100*step(all)), 64) + "%"
	}
	if math.Abs(t) >= 1e6 {
		return numfmt.Float(t, 3)
	}
	return strconv.FormatFloat(t, 'f', decimals(step(all)), 64)
}

// formatXTick formats an x tick; large counts get a k suffix.
func formatXTick(t float64, all []float64) string {
	if math.Abs(t) >= 10000 && math.Mod(t, 1000) == 0 {
		return strconv.FormatFloat(t/1000, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(t, 'f', decimals(step(all)), 64)
}

func step(t []float64) float64 {
	if len(t) < 2 {
		return 1
	}
	return t[1] - t[0]
}

// decimals returns the decimals needed to print multiples of step.
func decimals(step float64) int {
	if step <= 0 || !finite(step) || step >= 1 {
		return 0
	}
	return min(10, int(math.Ceil(-math.Log10(step)-1e-9)))
}

// fitRange returns a y range around [lo, hi] with a margin of 5%, or
// around a flat series' value.
func fitRange(lo, hi float64) (float64, float64) {
	if hi-lo < 1e-12*math.Max(1, math.Abs(hi)) {
		d := math.Max(math.Abs(hi)*0.1, 0.5)
		return lo - d, hi + d
	}
	pad := (hi - lo) * 0.05
	return lo - pad, hi + pad
}

// ticks returns about n round values in [lo, hi]: multiples of 1, 2 or 5
// times a power of ten (integers only if ints).
func ticks(lo, hi float64, n int, ints bool) []float64 {
	if !(hi > lo) || n < 1 {
		return nil
	}
	s := niceStep((hi - lo) / float64(n))
	if ints {
		s = math.Max(1, math.Round(s))
	}
	var out []float64
	d := decimals(s) + 1
	for k := math.Ceil(lo/s - 1e-9); k*s <= hi+s*1e-9 && len(out) < 50; k++ {
		// Rounded, so that 3 × 0.2 is 0.6 and not 0.6000000000000001.
		v, _ := strconv.ParseFloat(strconv.FormatFloat(k*s, 'f', d, 64), 64)
		out = append(out, v+0) // +0 turns -0 into 0
	}
	return out
}

// niceStep returns the multiple of a power of ten by 1, 2 or 5 nearest to
// raw (in ratio).
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	best := p
	for _, m := range []float64{1, 2, 5, 10} {
		if math.Abs(math.Log(m*p/raw)) < math.Abs(math.Log(best/raw)) {
			best = m * p
		}
	}
	return best
}

// envelope returns p, or, if it has more than maxPoints points, the
// minimum and maximum of each of maxPoints/2 buckets in their order, so
// that spikes stay visible.
func envelope(p []point, maxPoints int) []point {
	if len(p) <= maxPoints || maxPoints < 4 {
		return p
	}
	buckets := maxPoints / 2
	out := make([]point, 0, maxPoints)
	for k := range buckets {
		lo, hi := k*len(p)/buckets, (k+1)*len(p)/buckets
		if hi <= lo {
			continue
		}
		a, z := p[lo], p[lo]
		for _, q := range p[lo:hi] {
			if q.y < a.y {
				a = q
			}
			if q.y > z.y {
				z = q
			}
		}
		if a.i > z.i {
			a, z = z, a
		}
		out = append(out, a)
		if z.i != a.i {
			out = append(out, z)
		}
	}
	return out
}

// nearest returns the point of p (ascending x) nearest to x.
func nearest(p []point, x float64) (point, bool) {
	if len(p) == 0 {
		return point{}, false
	}
	i := sort.Search(len(p), func(i int) bool { return p[i].x >= x })
	switch {
	case i == 0:
		return p[0], true
	case i == len(p):
		return p[len(p)-1], true
	case x-p[i-1].x <= p[i].x-x:
		return p[i-1], true
	}
	return p[i], true
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	if !finite(v) {
		return "0"
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func esc(s string) string { return html.EscapeString(s) }
