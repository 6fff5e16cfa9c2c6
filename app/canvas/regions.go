package canvas

import (
	"fmt"
	"image"
	"image/color"
	"math"
)

// Point is a labelled point of the plane, as core/plane's (which this
// package does not import, to keep gonum out of the page and the canvas
// binaries: convert with probe.Points, or canvas.Point(p) one by one).
type Point struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Class int     `json:"class"`
	Value float64 `json:"value,omitempty"` // a regression point's target, in [-1, 1]
}

// Bounds is the rectangle of the plane a picture shows.
type Bounds struct {
	MinX, MaxX, MinY, MaxY float64
}

// PlaneView returns the square a little larger than core/plane's [-1, 1]²,
// so points on its edge are drawn whole.
func PlaneView() Bounds { return Bounds{-1.05, 1.05, -1.05, 1.05} }

func (b Bounds) valid() bool {
	ok := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	return ok(b.MinX) && ok(b.MaxX) && ok(b.MinY) && ok(b.MaxY) && b.MinX < b.MaxX && b.MinY < b.MaxY
}

// Grid is a lattice of w×h cells over Bounds with classes values per
// cell: Probs[(row*W+col)*Classes+c] is the probability of class c at the
// centre of cell (col, row). Row 0 is the top (largest y), as in images.
// A regression net's grid has Classes 1: Probs holds its output there.
type Grid struct {
	W, H, Classes int
	Bounds        Bounds
	Probs         []float64
}

// Centres returns the cell centres of a w×h grid over b as an n×2
// row-major slice (x, y per cell, in Probs order), ready to be predicted.
func Centres(w, h int, b Bounds) []float64 {
	xy := make([]float64, 0, 2*w*h)
	for row := range h {
		y := b.MaxY - (float64(row)+0.5)/float64(h)*(b.MaxY-b.MinY)
		for col := range w {
			x := b.MinX + (float64(col)+0.5)/float64(w)*(b.MaxX-b.MinX)
			xy = append(xy, x, y)
		}
	}
	return xy
}

// Validate returns an error if g's sizes and Probs disagree or its bounds
// are empty.
func (g *Grid) Validate() error {
	if g.W < 1 || g.H < 1 || g.W > 4096 || g.H > 4096 || g.Classes < 1 || g.Classes > 64 {
		return fmt.Errorf("canvas: grid %dx%d of %d classes", g.W, g.H, g.Classes)
	}
	if len(g.Probs) != g.W*g.H*g.Classes {
		return fmt.Errorf("canvas: grid %dx%dx%d has %d probabilities", g.W, g.H, g.Classes, len(g.Probs))
	}
	if !g.Bounds.valid() {
		return fmt.Errorf("canvas: grid bounds %+v", g.Bounds)
	}
	return nil
}

// Regions is a decision-regions picture: each cell of Grid takes the
// colour of its most probable class, more saturated the surer the net is
// (white at chance, full colour at probability 1), under the training
// points (discs with a white rim) and the test points (diamonds with a
// dark rim). Points are placed by Grid.Bounds. A regression grid
// (Classes 1) is drawn as TF Playground draws one: the output on the
// diverging scale (orange -1, grey 0, blue 1), the points by their targets.
type Regions struct {
	Grid        Grid
	Train, Test []Point
	// Palette colours the classes; nil means Palette(Grid.Classes).
	Palette []color.RGBA
	// Radius is the points' radius in pixels; 0 means 3.5.
	Radius float64
	// HideTest leaves the test points out (TF Playground's "show test
	// data" switch, off).
	HideTest bool
	// Discrete paints each pixel in the full colour of its most likely
	// class, with a sharp boundary, instead of shading by confidence
	// (TF Playground's "discretize output").
	Discrete bool
}

// regionAlpha is the opacity of a fully confident cell, so that points of
// the same class stay visible on it.
const regionAlpha = 0.6

// Draw paints r over all of dst: the grid scaled to dst's size with
// bilinear interpolation, then the points. It returns the error of
// Grid.Validate, or one for a point of a class without a colour, and then
// leaves dst unchanged.
func (r *Regions) Draw(dst *image.RGBA) error {
	g := &r.Grid
	if err := g.Validate(); err != nil {
		return err
	}
	pal := r.Palette
	if pal == nil {
		pal = Palette(g.Classes)
	}
	if len(pal) < g.Classes {
		return fmt.Errorf("canvas: %d colours for %d classes", len(pal), g.Classes)
	}
	for _, set := range [][]Point{r.Train, r.Test} {
		for _, p := range set {
			if p.Class < 0 || p.Class >= g.Classes {
				return fmt.Errorf("canvas: point of class %d, grid has %d classes", p.Class, g.Classes)
			}
		}
	}
	colour := func(p Point) color.RGBA { return pal[p.Class] }
	switch {
	case g.Classes == 1:
		r.values(dst)
		colour = func(p Point) color.RGBA { return Diverging(p.Value) }
	case r.Discrete:
		discrete(dst, g, pal)
	default:
		r.shaded(dst, pal)
	}

	radius := r.Radius
	if radius <= 0 {
		radius = 3.5
	}
	b := dst.Bounds()
	at := func(p Point) (float64, float64) {
		x := float64(b.Min.X) + (p.X-g.Bounds.MinX)/(g.Bounds.MaxX-g.Bounds.MinX)*float64(b.Dx())
		y := float64(b.Min.Y) + (g.Bounds.MaxY-p.Y)/(g.Bounds.MaxY-g.Bounds.MinY)*float64(b.Dy())
		return x, y
	}
	for _, p := range r.Train {
		x, y := at(p)
		disc(dst, x, y, radius+1, white, 1)
		disc(dst, x, y, radius, colour(p), 1)
	}
	if r.HideTest {
		return nil
	}
	for _, p := range r.Test {
		x, y := at(p)
		diamond(dst, x, y, radius*1.45+1.5, ink, 1)
		diamond(dst, x, y, radius*1.45, colour(p), 1)
	}
	return nil
}

// shaded paints the grid's cells, each in its most likely class's colour
// faded by its confidence, scaled to dst with bilinear interpolation.
func (r *Regions) shaded(dst *image.RGBA, pal []color.RGBA) {
	g := &r.Grid
	cells := make([]color.RGBA, g.W*g.H)
	k := float64(g.Classes)
	for i := range cells {
		p := g.Probs[i*g.Classes : (i+1)*g.Classes]
		best := 0
		for c, v := range p {
			if v > p[best] {
				best = c
			}
		}
		// Confidence: 0 at chance (1/k), 1 at certainty.
		conf := math.Max(0, math.Min(1, (p[best]-1/k)/(1-1/k)))
		if math.IsNaN(conf) {
			conf = 0
		}
		cells[i] = mix(white, pal[best], regionAlpha*conf)
	}
	upscale(dst, cells, g.W, g.H)
}

// values paints a regression grid: each cell's output on the diverging
// scale, faded as the classes' regions are, or with Discrete its sign in
// full colour (TF Playground's "discretize output").
func (r *Regions) values(dst *image.RGBA) {
	g := &r.Grid
	cells := make([]color.RGBA, len(g.Probs))
	for i, v := range g.Probs {
		if r.Discrete {
			v = math.Copysign(1, v)
		}
		cells[i] = mix(white, Diverging(v), regionAlpha)
	}
	upscale(dst, cells, g.W, g.H)
}

// discrete paints each pixel of dst in the colour of the class whose
// probability, interpolated bilinearly between cell centres, is highest
// there: the boundaries are as sharp as the pixels.
func discrete(dst *image.RGBA, g *Grid, pal []color.RGBA) {
	b := dst.Bounds()
	k := g.Classes
	probs := make([]float64, k)
	for py := b.Min.Y; py < b.Max.Y; py++ {
		gy := (float64(py-b.Min.Y)+0.5)/float64(b.Dy())*float64(g.H) - 0.5
		y0, fy := split(gy, g.H)
		y1 := min(y0+1, g.H-1)
		row := dst.Pix[dst.PixOffset(b.Min.X, py):]
		for px := b.Min.X; px < b.Max.X; px++ {
			gx := (float64(px-b.Min.X)+0.5)/float64(b.Dx())*float64(g.W) - 0.5
			x0, fx := split(gx, g.W)
			x1 := min(x0+1, g.W-1)
			best := 0
			for c := range k {
				at := func(x, y int) float64 { return g.Probs[(y*g.W+x)*k+c] }
				top := at(x0, y0)*(1-fx) + at(x1, y0)*fx
				bot := at(x0, y1)*(1-fx) + at(x1, y1)*fx
				probs[c] = top*(1-fy) + bot*fy
				if probs[c] > probs[best] {
					best = c
				}
			}
			col := mix(white, pal[best], regionAlpha)
			i := 4 * (px - b.Min.X)
			row[i], row[i+1], row[i+2], row[i+3] = col.R, col.G, col.B, 0xff
		}
	}
}

// upscale paints the w×h cells over all of dst with bilinear
// interpolation between cell centres.
func upscale(dst *image.RGBA, cells []color.RGBA, w, h int) {
	b := dst.Bounds()
	for py := b.Min.Y; py < b.Max.Y; py++ {
		gy := (float64(py-b.Min.Y)+0.5)/float64(b.Dy())*float64(h) - 0.5
		y0, fy := split(gy, h)
		row := dst.Pix[dst.PixOffset(b.Min.X, py):]
		for px := b.Min.X; px < b.Max.X; px++ {
			gx := (float64(px-b.Min.X)+0.5)/float64(b.Dx())*float64(w) - 0.5
			x0, fx := split(gx, w)
			x1, y1 := min(x0+1, w-1), min(y0+1, h-1)
			top := mix(cells[y0*w+x0], cells[y0*w+x1], fx)
			bot := mix(cells[y1*w+x0], cells[y1*w+x1], fx)
			c := mix(top, bot, fy)
			i := 4 * (px - b.Min.X)
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, 0xff
		}
	}
}

// split returns the cell index at or below v (clamped to [0, n-1]) and the
// fraction towards the next.
func split(v float64, n int) (int, float64) {
	if v <= 0 {
		return 0, 0
	}
	if v >= float64(n-1) {
		return n - 1, 0
	}
	i := int(v)
	return i, v - float64(i)
}
