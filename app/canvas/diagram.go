package canvas

import (
	"image"
	"math"

	"github.com/backprop-playground/playground/app/canvasmsg"
)

// Diagram is a network picture: what to show and how. The zero values of
// the style fields take the defaults documented on each.
type Diagram struct {
	Net      canvasmsg.Net
	Selected canvasmsg.Neuron // Layer -1: none
	Hover    canvasmsg.Neuron // Layer -1: none
	Anim     canvasmsg.Anim   // the flow shown; Phase "" is PhaseNone

	// EdgeScale is the edge width in pixels per unit of |weight|; 0 means
	// 3. Widths are clamped to [MinEdge, MaxEdge]: below a pixel an edge
	// fades instead of thinning, so a net initialized with std 1e-4 shows
	// almost no edges.
	EdgeScale float64
	// GradScale is the gradient magnitude drawn as a ring of about 3/4 of
	// the full width; 0 means 0.5.
	GradScale float64
	// Scale multiplies every length in pixels (radii, widths) for
	// high-density screens; 0 means 1.
	Scale float64
}

// Edge widths in pixels at Scale 1.
const (
	MinEdge = 0.05
	MaxEdge = 6.0
	maxRing = 3.5 // the widest gradient ring
)

// Layout is where a Diagram puts its neurons in a w×h picture.
type Layout struct {
	W, H   int
	Radius float64     // every neuron's radius
	X      []float64   // X[l] is the centre column of layer l
	Y      [][]float64 // Y[l][i] is the centre row of neuron i of layer l
}

// NewLayout places layers in evenly spaced columns and each layer's
// neurons centred vertically, all layers with the same spacing, in a w×h
// picture. scale is Diagram.Scale.
func NewLayout(sizes []int, w, h int, scale float64) Layout {
	if scale <= 0 {
		scale = 1
	}
	L := len(sizes)
	most := 1
	for _, s := range sizes {
		most = max(most, s)
	}
	W, H := float64(w), float64(h)
	r := 0.38 * (H - 8*scale) / float64(most)
	if L > 1 {
		r = math.Min(r, 0.18*W/float64(L-1))
	}
	r = math.Max(2*scale, math.Min(16*scale, r))
	padX := r + (maxRing+4)*scale
	padY := r + (maxRing+3)*scale
	step := 0.0
	if most > 1 {
		step = math.Min((H-2*padY)/float64(most-1), 3.2*r)
	}
	lay := Layout{W: w, H: h, Radius: r, X: make([]float64, L), Y: make([][]float64, L)}
	for l, n := range sizes {
		lay.X[l] = W / 2
		if L > 1 {
			lay.X[l] = padX + float64(l)*(W-2*padX)/float64(L-1)
		}
		lay.Y[l] = make([]float64, n)
		for i := range n {
			lay.Y[l][i] = H/2 + (float64(i)-float64(n-1)/2)*step
		}
	}
	return lay
}

// Hit returns the neuron whose disc (enlarged by 3 pixels, to be easy to
// point at) contains (x, y), and true; or canvasmsg.None and false.
func (lay Layout) Hit(x, y float64) (canvasmsg.Neuron, bool) {
	best, bestD := canvasmsg.None, lay.Radius+3
	for l, ys := range lay.Y {
		if math.Abs(x-lay.X[l]) > bestD {
			continue
		}
		for i, cy := range ys {
			if d := math.Hypot(x-lay.X[l], y-cy); d <= bestD {
				best, bestD = canvasmsg.Neuron{Layer: l, Index: i}, d
			}
		}
	}
	return best, !best.IsNone()
}

// edgeReach is how near (in pixels) a point must be to a line between
// two neurons to hit its weight.
const edgeReach = 4.0

// HitEdge returns the weight whose line passes nearest (x, y), within
// edgeReach pixels and outside every neuron's disc, and true; or false.
func (lay Layout) HitEdge(x, y float64) (canvasmsg.Edge, bool) {
	if _, ok := lay.Hit(x, y); ok {
		return canvasmsg.Edge{}, false
	}
	best, bestD, found := canvasmsg.Edge{}, edgeReach, false
	for l := 0; l+1 < len(lay.X); l++ {
		x0, x1 := lay.X[l], lay.X[l+1]
		if x < x0 || x > x1 {
			continue
		}
		for i, y0 := range lay.Y[l] {
			for j, y1 := range lay.Y[l+1] {
				if d := segmentDistance(x, y, x0, y0, x1, y1); d <= bestD {
					best, bestD, found = canvasmsg.Edge{Layer: l, From: i, To: j}, d, true
				}
			}
		}
	}
	return best, found
}

// segmentDistance is the distance from (x, y) to the segment from (x0, y0)
// to (x1, y1).
func segmentDistance(x, y, x0, y0, x1, y1 float64) float64 {
	dx, dy := x1-x0, y1-y0
	t := 0.0
	if n := dx*dx + dy*dy; n > 0 {
		t = math.Max(0, math.Min(1, ((x-x0)*dx+(y-y0)*dy)/n))
	}
	return math.Hypot(x-(x0+t*dx), y-(y0+t*dy))
}

// flow returns where the animation's pulse is, in layer gaps: gap g
// (between layers g and g+1) at fraction f from layer g, and whether a
// pulse is shown. It also returns the layers whose values and gradients
// are known at this point of the animation.
func (d *Diagram) flow() (g int, f float64, pulse bool, valuesUpTo, gradsFrom float64) {
	L := len(d.Net.Sizes)
	span := float64(L - 1)
	switch d.Anim.Phase {
	case canvasmsg.PhaseForward:
		p := d.Anim.T * span
		g = int(math.Floor(p))
		return g, p - float64(g), d.Anim.T > 0 && d.Anim.T < 1, p, math.Inf(1)
	case canvasmsg.PhaseBackward:
		p := (1 - d.Anim.T) * span
		g = int(math.Floor(p))
		return g, p - float64(g), d.Anim.T > 0 && d.Anim.T < 1, math.Inf(1), p
	}
	return 0, 0, false, math.Inf(1), math.Inf(-1)
}

func (d *Diagram) defaults() (edgeScale, gradScale, scale float64) {
	edgeScale, gradScale, scale = d.EdgeScale, d.GradScale, d.Scale
	if edgeScale <= 0 {
		edgeScale = 3
	}
	if gradScale <= 0 {
		gradScale = 0.5
	}
	if scale <= 0 {
		scale = 1
	}
	return
}

// feeds reports whether the edge from neuron i of layer l to neuron j of
// layer l+1 feeds the selected neuron: its inputs in the forward pass, and
// its gradient's terms (the layer after) in the backward pass.
func (d *Diagram) feeds(l, i, j int) bool {
	s := d.Selected
	if s.IsNone() {
		return false
	}
	if d.Anim.Phase == canvasmsg.PhaseBackward {
		return s.Layer == l && s.Index == i
	}
	return s.Layer == l+1 && s.Index == j
}

// feeder reports whether neuron i of layer l is an input (forward) or a
// gradient source (backward) of the selected neuron.
func (d *Diagram) feeder(l, i int) bool {
	s := d.Selected
	if s.IsNone() {
		return false
	}
	if d.Anim.Phase == canvasmsg.PhaseBackward {
		return l == s.Layer+1
	}
	return l == s.Layer-1
}

// Draw paints the diagram over all of dst, laid out by NewLayout for dst's
// size. It draws nothing but the background if d.Net is not valid.
func (d *Diagram) Draw(dst *image.RGBA) {
	b := dst.Bounds()
	d.DrawLayout(dst, NewLayout(d.Net.Sizes, b.Dx(), b.Dy(), d.Scale))
}

// DrawLayout is Draw with a layout computed once (see Scene): DrawEdges
// then DrawNodes.
func (d *Diagram) DrawLayout(dst *image.RGBA, lay Layout) {
	d.DrawEdges(dst, lay)
	d.DrawNodes(dst, lay)
}

// ok reports whether the net can be drawn with lay.
func (d *Diagram) ok(lay Layout) bool {
	return d.Net.Validate() == nil && len(lay.X) == len(d.Net.Sizes)
}

// DrawEdges paints the background and the edges: all of them, dimmed if a
// neuron is selected, then the ones feeding the selection on top. They
// depend on the net, the layout, the selection and whether the phase is
// backward, not on the hover or the animation's position, so a caller can
// keep them while an animation plays (see Scene).
func (d *Diagram) DrawEdges(dst *image.RGBA, lay Layout) {
	fill(dst, white)
	if !d.ok(lay) {
		return
	}
	n := &d.Net
	edgeScale, _, scale := d.defaults()
	ox, oy := float64(dst.Rect.Min.X), float64(dst.Rect.Min.Y)
	selected := n.Has(d.Selected)
	edge := func(l, i, j int, alpha float64) {
		w := n.Weights[l][i*n.Sizes[l+1]+j]
		c := positive
		if w < 0 {
			c = negative
		}
		width := math.Max(MinEdge, math.Min(MaxEdge, math.Abs(w)*edgeScale)) * scale
		line(dst, ox+lay.X[l], oy+lay.Y[l][i], ox+lay.X[l+1], oy+lay.Y[l+1][j], width, c, alpha)
	}
	dim := 0.85
	if selected {
		dim = 0.2
	}
	for l := 0; l+1 < len(n.Sizes); l++ {
		for i := range n.Sizes[l] {
			for j := range n.Sizes[l+1] {
				if !(selected && d.feeds(l, i, j)) {
					edge(l, i, j, dim)
				}
			}
		}
	}
	if selected {
		for l := 0; l+1 < len(n.Sizes); l++ {
			for i := range n.Sizes[l] {
				for j := range n.Sizes[l+1] {
					if d.feeds(l, i, j) {
						edge(l, i, j, 1)
					}
				}
			}
		}
	}
}

// DrawNodes paints, over what DrawEdges drew, the neurons (fill by value,
// a ring by gradient, outlines for the selection, what feeds it and the
// hover) and the animation's pulse.
func (d *Diagram) DrawNodes(dst *image.RGBA, lay Layout) {
	if !d.ok(lay) {
		return
	}
	n := &d.Net
	_, gradScale, scale := d.defaults()
	off := func(v float64) float64 { return v + float64(dst.Rect.Min.X) }
	offY := func(v float64) float64 { return v + float64(dst.Rect.Min.Y) }
	g, f, pulse, valuesUpTo, gradsFrom := d.flow()
	selected := n.Has(d.Selected)

	r := lay.Radius
	for l, size := range n.Sizes {
		for i := range size {
			x, y := off(lay.X[l]), offY(lay.Y[l][i])
			fillColor := neutral
			if n.Values != nil {
				fillColor = Diverging(squash(n.Values[l][i]))
			}
			if float64(l) > valuesUpTo {
				fillColor = unknown
			}
			disc(dst, x, y, r, fillColor, 1)
			if n.Grads != nil && float64(l) >= gradsFrom {
				gv := squash(n.Grads[l][i] / gradScale)
				if w := math.Abs(gv) * maxRing * scale; w >= 0.3 {
					ring(dst, x, y, r+w/2+1*scale, w, Diverging(math.Copysign(1, gv)), 1)
				}
			}
			outline, width := ink, 1.0
			here := canvasmsg.Neuron{Layer: l, Index: i}
			switch {
			case selected && here == d.Selected:
				outline, width = highlight, 3
			case selected && d.feeder(l, i):
				outline, width = highlight, 2
			case here == d.Hover:
				outline, width = ink, 2
			}
			ring(dst, x, y, r, width*scale, outline, 1)
		}
	}

	// The pulse, over the neurons so that it shows as it leaves and
	// reaches them: a dot on every edge of gap g, coloured by the sign of
	// what it carries (a·w forward, w·∂J/∂z backward), sized by its
	// magnitude.
	if pulse && g >= 0 && g+1 < len(n.Sizes) {
		for i := range n.Sizes[g] {
			for j := range n.Sizes[g+1] {
				w := n.Weights[g][i*n.Sizes[g+1]+j]
				carried := w
				if d.Anim.Phase == canvasmsg.PhaseForward && n.Values != nil {
					carried = w * n.Values[g][i]
				} else if d.Anim.Phase == canvasmsg.PhaseBackward && n.Grads != nil {
					carried = w * n.Grads[g+1][j] / gradScale
				}
				x := lay.X[g] + f*(lay.X[g+1]-lay.X[g])
				y := lay.Y[g][i] + f*(lay.Y[g+1][j]-lay.Y[g][i])
				alpha := 1.0
				if selected && !d.feeds(g, i, j) {
					alpha = 0.5
				}
				c := positive
				if carried < 0 {
					c = negative
				}
				pr := (2.5 + 2.5*math.Abs(squash(2*carried))) * scale
				disc(dst, off(x), offY(y), pr+scale, white, alpha)
				disc(dst, off(x), offY(y), pr, c, alpha)
			}
		}
	}
}
