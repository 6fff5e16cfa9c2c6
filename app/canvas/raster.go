package canvas

import (
	"image"
	"image/color"
	"math"
)

// The primitives below draw anti-aliased shapes straight into an RGBA
// image whose pixels are opaque, by coverage: a pixel whose centre lies at
// signed distance d from a shape's edge (negative inside) is covered by
// clamp(0.5 - d, 0, 1). Pixel (x, y) has its centre at (x+0.5, y+0.5).

// fill paints all of dst with c.
func fill(dst *image.RGBA, c color.RGBA) {
	b := dst.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := dst.Pix[dst.PixOffset(b.Min.X, y):dst.PixOffset(b.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, 0xff
		}
	}
}

// blend composites c with opacity a (times c's alpha) over pixel (x, y);
// pixels outside dst are skipped. The opacity is quantized to 1/256 and
// mixed in integers: this runs millions of times per frame.
func blend(dst *image.RGBA, x, y int, c color.RGBA, a float64) {
	if a <= 0 || !(image.Point{x, y}.In(dst.Rect)) {
		return
	}
	w := int(a*float64(c.A)*(256.0/255) + 0.5) // 0 to 256
	if w <= 0 {
		return
	}
	if w > 256 {
		w = 256
	}
	i := dst.PixOffset(x, y)
	p := dst.Pix[i : i+4 : i+4]
	p[0] = uint8(int(p[0]) + (int(c.R)-int(p[0]))*w>>8)
	p[1] = uint8(int(p[1]) + (int(c.G)-int(p[1]))*w>>8)
	p[2] = uint8(int(p[2]) + (int(c.B)-int(p[2]))*w>>8)
	p[3] = 0xff
}

func coverage(d float64) float64 { return clamp01(0.5 - d) }

// disc draws a filled circle of radius r centred at (cx, cy).
func disc(dst *image.RGBA, cx, cy, r float64, c color.RGBA, alpha float64) {
	shape(dst, cx, cy, r+1, c, alpha, func(dx, dy float64) float64 { return math.Sqrt(dx*dx+dy*dy) - r })
}

// ring draws a circle of radius r (to the middle of the stroke) with
// stroke width w.
func ring(dst *image.RGBA, cx, cy, r, w float64, c color.RGBA, alpha float64) {
	shape(dst, cx, cy, r+w/2+1, c, alpha, func(dx, dy float64) float64 { return math.Abs(math.Sqrt(dx*dx+dy*dy)-r) - w/2 })
}

// diamond draws a filled square rotated by 45°, its corners r from the
// centre.
func diamond(dst *image.RGBA, cx, cy, r float64, c color.RGBA, alpha float64) {
	shape(dst, cx, cy, r+1, c, alpha, func(dx, dy float64) float64 { return (math.Abs(dx) + math.Abs(dy) - r) / math.Sqrt2 })
}

// shape draws the region where dist < 0 within reach of (cx, cy).
func shape(dst *image.RGBA, cx, cy, reach float64, c color.RGBA, alpha float64, dist func(dx, dy float64) float64) {
	x0, x1 := int(math.Floor(cx-reach)), int(math.Ceil(cx+reach))
	y0, y1 := int(math.Floor(cy-reach)), int(math.Ceil(cy+reach))
	x0, y0 = max(x0, dst.Rect.Min.X), max(y0, dst.Rect.Min.Y)
	x1, y1 = min(x1, dst.Rect.Max.X-1), min(y1, dst.Rect.Max.Y-1)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			if a := coverage(dist(float64(x)+0.5-cx, float64(y)+0.5-cy)); a > 0 {
				blend(dst, x, y, c, a*alpha)
			}
		}
	}
}

// line draws the segment (x0, y0)-(x1, y1) with width w and butt ends
// (the ends of a network's edges lie under neurons). A width below one
// pixel is drawn one pixel wide with proportionally less opacity, so that
// thin edges fade rather than break up.
//
// The network diagram draws thousands of these per frame, so the loop is
// lean: it walks the segment's major axis and, at each step, visits only
// the pixels within reach across it, computing each pixel's distance to
// the line and position along it with two dot products.
func line(dst *image.RGBA, x0, y0, x1, y1, w float64, c color.RGBA, alpha float64) {
	if w < 1 {
		alpha *= w
		w = 1
	}
	bx, by := x1-x0, y1-y0
	length := math.Sqrt(bx*bx + by*by)
	if length == 0 || alpha <= 0 {
		return
	}
	ux, uy := bx/length, by/length // along the segment
	reach := w/2 + 0.5             // coverage is 0 beyond this distance
	// Major axis u, minor axis v; (pu, pv) are a pixel's coordinates in
	// that order, and its distances are linear in them:
	//	across = |du·au + dv·av|, along = du·tu + dv·tv
	// with du, dv its centre's offsets from the start (u0, v0).
	steep := math.Abs(by) > math.Abs(bx)
	u0, v0, u1, v1 := x0, y0, x1, y1
	au, av, tu, tv := uy, -ux, ux, uy
	if steep {
		u0, v0, u1, v1 = y0, x0, y1, x1
		au, av, tu, tv = -ux, uy, uy, ux
	}
	su, sv := u0, v0 // the segment's start, where along = 0
	if u0 > u1 {
		u0, v0, u1, v1 = u1, v1, u0, v0
	}
	slope := (v1 - v0) / (u1 - u0) // |slope| <= 1; u1 > u0 since length > 0
	span := reach*math.Sqrt(1+slope*slope) + 0.5
	for u := int(math.Floor(u0 - 0.5)); u <= int(math.Ceil(u1+0.5)); u++ {
		du := float64(u) + 0.5 - su
		cv := v0 + (float64(u)+0.5-u0)*slope
		for v := int(math.Floor(cv - span)); v <= int(math.Floor(cv+span)); v++ {
			dv := float64(v) + 0.5 - sv
			across := du*au + dv*av
			if across < 0 {
				across = -across
			}
			a := reach - across
			if a <= 0 {
				continue
			}
			if a > 1 {
				a = 1
			}
			if t := du*tu + dv*tv; t < 0.5 {
				a *= clamp01(t + 0.5)
			} else if t > length-0.5 {
				a *= clamp01(length - t + 0.5)
			}
			if steep {
				blend(dst, v, u, c, a*alpha)
			} else {
				blend(dst, u, v, c, a*alpha)
			}
		}
	}
}

func clamp01(v float64) float64 {
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}
