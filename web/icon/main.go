// Command icon draws the playground's icon: a small network whose gradient
// path is lit in orange. It writes the same picture as icon.svg and as
// icon-192.png and icon-512.png (the sizes go-app's manifest declares), so
// no icon is fetched from the network.
//
// Usage (from web/, as go generate runs it):
//
//	go run ./icon -out static
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// The drawing is defined on a 512×512 canvas. The nodes stay inside the
// central circle of radius 0.4×512, the safe zone of a maskable icon.
const side = 512

var (
	background = color.NRGBA{0x1d, 0x4e, 0x89, 0xff} // deep blue
	edge       = color.NRGBA{0xff, 0xff, 0xff, 0x70} // translucent white
	hot        = color.NRGBA{0xff, 0xa9, 0x1f, 0xff} // the gradient path
	node       = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

const (
	cornerRadius = 104
	nodeRadius   = 27
	edgeWidth    = 9
	hotWidth     = 15
)

type point struct{ x, y float64 }

// layers are the node centres of the input, hidden and output layers.
var layers = [][]point{
	{{136, 176}, {136, 256}, {136, 336}},
	{{256, 136}, {256, 216}, {256, 296}, {256, 376}},
	{{376, 216}, {376, 296}},
}

// hotPath is the chain of nodes the gradient flows back through.
var hotPath = []point{layers[2][0], layers[1][1], layers[0][2]}

type segment struct {
	a, b  point
	width float64
	color color.NRGBA
}

type disc struct {
	c     point
	r     float64
	color color.NRGBA
}

func edges() []segment {
	var s []segment
	for l := 0; l+1 < len(layers); l++ {
		for _, a := range layers[l] {
			for _, b := range layers[l+1] {
				s = append(s, segment{a, b, edgeWidth, edge})
			}
		}
	}
	for i := 0; i+1 < len(hotPath); i++ {
		s = append(s, segment{hotPath[i], hotPath[i+1], hotWidth, hot})
	}
	return s
}

func discs() []disc {
	var d []disc
	for _, l := range layers {
		for _, p := range l {
			c := node
			for _, h := range hotPath {
				if h == p {
					c = hot
				}
			}
			d = append(d, disc{p, nodeRadius, c})
		}
	}
	return d
}

func main() {
	out := flag.String("out", "static", "folder to write icon.svg, icon-192.png and icon-512.png into")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "icon:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "icon.svg"), svg(), 0o644); err != nil {
		return err
	}
	for _, size := range []int{192, 512} {
		var b bytes.Buffer
		if err := png.Encode(&b, raster(size)); err != nil {
			return err
		}
		name := filepath.Join(dir, fmt.Sprintf("icon-%d.png", size))
		if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func hex(c color.NRGBA) string {
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

func opacity(c color.NRGBA) string {
	if c.A == 0xff {
		return ""
	}
	return fmt.Sprintf(` stroke-opacity="%.3f"`, float64(c.A)/0xff)
}

// svg returns the icon as an SVG document.
func svg() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d">`+"\n", side, side)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" rx="%d" fill="%s"/>`+"\n", side, side, cornerRadius, hex(background))
	for _, s := range edges() {
		fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s"%s stroke-width="%g" stroke-linecap="round"/>`+"\n",
			s.a.x, s.a.y, s.b.x, s.b.y, hex(s.color), opacity(s.color), s.width)
	}
	for _, d := range discs() {
		fmt.Fprintf(&b, `<circle cx="%g" cy="%g" r="%g" fill="%s"/>`+"\n", d.c.x, d.c.y, d.r, hex(d.color))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// raster draws the icon at size×size pixels. Each shape is a signed distance
// function; a pixel's coverage is 0.5 minus its distance to the edge, clamped
// to [0, 1], which anti-aliases the edges over one pixel.
func raster(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := float64(size) / side
	segments, nodes := edges(), discs()
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			// The pixel centre, in canvas units.
			p := point{(float64(x) + 0.5) / scale, (float64(y) + 0.5) / scale}
			var c [4]float64 // premultiplied RGBA in [0,1]
			over(&c, background, coverage(roundedRect(p), scale))
			for _, s := range segments {
				over(&c, s.color, coverage(capsule(p, s.a, s.b)-s.width/2, scale))
			}
			for _, d := range nodes {
				over(&c, d.color, coverage(dist(p, d.c)-d.r, scale))
			}
			img.SetNRGBA(x, y, unpremultiply(c))
		}
	}
	return img
}

// coverage turns a signed distance in canvas units into pixel coverage.
func coverage(d, scale float64) float64 {
	return math.Min(1, math.Max(0, 0.5-d*scale))
}

// over composites colour col with coverage a over c (Porter-Duff "over").
func over(c *[4]float64, col color.NRGBA, a float64) {
	a *= float64(col.A) / 0xff
	for i, v := range []uint8{col.R, col.G, col.B} {
		c[i] = float64(v)/0xff*a + c[i]*(1-a)
	}
	c[3] = a + c[3]*(1-a)
}

func unpremultiply(c [4]float64) color.NRGBA {
	if c[3] == 0 {
		return color.NRGBA{}
	}
	u := func(v float64) uint8 { return uint8(math.Round(255 * math.Min(1, v/c[3]))) }
	return color.NRGBA{u(c[0]), u(c[1]), u(c[2]), uint8(math.Round(255 * c[3]))}
}

func dist(a, b point) float64 { return math.Hypot(a.x-b.x, a.y-b.y) }

// capsule returns the distance from p to the segment ab.
func capsule(p, a, b point) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Min(1, math.Max(0, t))
	return dist(p, point{a.x + t*dx, a.y + t*dy})
}

// roundedRect returns the signed distance from p to the canvas-sized square
// with corners of radius cornerRadius (Inigo Quilez, "2D distance functions",
// sdRoundedBox).
func roundedRect(p point) float64 {
	const h = side / 2
	qx := math.Abs(p.x-h) - (h - cornerRadius)
	qy := math.Abs(p.y-h) - (h - cornerRadius)
	outside := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
	inside := math.Min(math.Max(qx, qy), 0)
	return outside + inside - cornerRadius
}
