package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// pixels is a <canvas> showing Count square RGBA tiles in a grid: the
// weight templates, the 32×32 image the classifier sees, a test image.
// Its fields are attributes (the parent sets them); it draws after each
// mount and each change, in the browser only. The canvas holds the
// tiles at their own size and the stylesheet scales it up without
// smoothing (image-rendering: pixelated), so each weight stays a crisp
// square.
type pixels struct {
	app.Compo

	ID     string
	Class  string
	Label  string // aria-label
	Side   int    // tile side, pixels
	Count  int
	Cols   int // tiles per row; 0 means all in one row
	Gap    int // pixels between tiles
	Pixels []byte

	canvas []byte // the composite, reused: the templates are redrawn every second
}

var (
	_ app.Mounter = (*pixels)(nil)
	_ app.Updater = (*pixels)(nil)
)

// size returns the canvas size.
func (c *pixels) size() (w, h, cols int) {
	cols = c.Cols
	if cols <= 0 || cols > c.Count {
		cols = c.Count
	}
	if cols <= 0 || c.Side <= 0 {
		return 1, 1, 1
	}
	rows := (c.Count + cols - 1) / cols
	return cols*(c.Side+c.Gap) - c.Gap, rows*(c.Side+c.Gap) - c.Gap, cols
}

// Render returns the canvas.
func (c *pixels) Render() app.UI {
	w, h, _ := c.size()
	return app.Canvas().ID(c.ID).Class("pixels "+c.Class).Width(w).Height(h).
		Aria("label", c.Label).Attr("role", "img").Style("aspect-ratio", itoaPair(w, h))
}

func itoaPair(w, h int) string { return strconv.Itoa(w) + " / " + strconv.Itoa(h) }

func (c *pixels) OnMount(ctx app.Context)  { ctx.Defer(func(app.Context) { c.draw() }) }
func (c *pixels) OnUpdate(ctx app.Context) { ctx.Defer(func(app.Context) { c.draw() }) }

// draw puts the tiles on the canvas.
func (c *pixels) draw() {
	if c.ID == "" {
		return
	}
	w, h, _ := c.size()
	drawRGBA(c.ID, w, h, c.composite())
}

// composite returns the whole canvas as RGBA: the tiles on a transparent
// background. Missing pixels (a short Pixels) stay transparent.
func (c *pixels) composite() []byte {
	w, h, cols := c.size()
	if cap(c.canvas) < w*h*4 {
		c.canvas = make([]byte, w*h*4)
	}
	out := c.canvas[:w*h*4]
	clear(out)
	tile := c.Side * c.Side * 4
	for t := 0; t < c.Count && (t+1)*tile <= len(c.Pixels); t++ {
		x0, y0 := (t%cols)*(c.Side+c.Gap), (t/cols)*(c.Side+c.Gap)
		src := c.Pixels[t*tile : (t+1)*tile]
		for y := range c.Side {
			copy(out[4*((y0+y)*w+x0):], src[4*y*c.Side:4*(y+1)*c.Side])
		}
	}
	return out
}
