package mnist

import "math"

// Drawing preprocessing: a picture drawn on a pad becomes a 28×28 image
// prepared as MNIST's digits were (LeCun et al., "Gradient-based learning
// applied to document recognition", 1998, section III.A): "the images were
// size normalized to fit in a 20×20 pixel box while preserving their aspect
// ratio", with anti-aliasing (grey levels), "and centered in a 28×28 image
// by computing the center of mass of the pixels, and translating the image
// so as to position this point at the center". A net trained on MNIST reads
// a drawing prepared otherwise (a digit filling the frame, or off centre)
// far worse. No library does this (image/draw scales, but knows nothing of
// boxes and centres of mass), so it is written here, small and tested.

// DigitBox is the side of the box MNIST's digits were scaled to fit.
const DigitBox = 20

// inkThreshold is the ink below which a pad pixel counts as background
// when the bounding box is found (antialiased stroke edges are faint).
const inkThreshold = 0.05

// Prepare returns the w×h picture ink (row-major, 0 background to 1 full
// ink, such as white strokes on black) as a 28×28 image of ImageBytes
// bytes: the bounding box of the ink scaled, keeping its aspect ratio, so
// that its longer side is box pixels (by averaging the pixels each output
// pixel covers), then placed so that its centre of mass is at the image's
// centre (14, 14) if byMass, else its box's centre (clamped so that the ink
// stays inside). MNIST's digits are Prepare(ink, w, h, DigitBox, true).
// ok is false, and the image black, if nothing is drawn. Prepare panics if
// len(ink) is not w·h or box is not in [1, Side].
func Prepare(ink []float64, w, h, box int, byMass bool) (img []uint8, ok bool) {
	if w < 0 || h < 0 || len(ink) != w*h || box < 1 || box > Side {
		panic("mnist: Prepare: bad sizes")
	}
	img = make([]uint8, ImageBytes)
	x0, y0, x1, y1 := w, h, -1, -1
	for y := range h {
		for x := range w {
			if ink[y*w+x] > inkThreshold {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return img, false
	}
	bw, bh := x1-x0+1, y1-y0+1
	scale := float64(box) / float64(max(bw, bh))
	sw, sh := max(1, int(math.Round(float64(bw)*scale))), max(1, int(math.Round(float64(bh)*scale)))
	// Area averaging: output pixel (i, j) covers the source rectangle
	// [x0 + i·bw/sw, x0 + (i+1)·bw/sw) × [y0 + j·bh/sh, …), partly covered
	// pixels counted by the covered fraction.
	small := make([]float64, sw*sh)
	fx, fy := float64(bw)/float64(sw), float64(bh)/float64(sh)
	for j := range sh {
		ya, yb := float64(j)*fy, float64(j+1)*fy
		for i := range sw {
			xa, xb := float64(i)*fx, float64(i+1)*fx
			sum, area := 0.0, 0.0
			for y := int(ya); y < int(math.Ceil(yb)) && y < bh; y++ {
				cy := math.Min(yb, float64(y+1)) - math.Max(ya, float64(y))
				for x := int(xa); x < int(math.Ceil(xb)) && x < bw; x++ {
					c := cy * (math.Min(xb, float64(x+1)) - math.Max(xa, float64(x)))
					sum += c * ink[(y0+y)*w+x0+x]
					area += c
				}
			}
			if area > 0 {
				small[j*sw+i] = math.Min(1, sum/area)
			}
		}
	}
	cx, cy := float64(sw)/2, float64(sh)/2
	if byMass {
		var m, mx, my float64
		for j := range sh {
			for i := range sw {
				v := small[j*sw+i]
				m, mx, my = m+v, mx+v*(float64(i)+0.5), my+v*(float64(j)+0.5)
			}
		}
		if m > 0 {
			cx, cy = mx/m, my/m
		}
	}
	ox := min(max(int(math.Round(Side/2-cx)), 0), Side-sw)
	oy := min(max(int(math.Round(Side/2-cy)), 0), Side-sh)
	for j := range sh {
		for i := range sw {
			img[(oy+j)*Side+ox+i] = uint8(math.Round(255 * small[j*sw+i]))
		}
	}
	return img, true
}
