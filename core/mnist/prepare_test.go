package mnist

import (
	"math"
	"testing"
)

// pad returns a w×h picture with full ink on the rectangle [x0,x1)×[y0,y1).
func pad(w, h, x0, y0, x1, y1 int) []float64 {
	p := make([]float64, w*h)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			p[y*w+x] = 1
		}
	}
	return p
}

// box returns the bounding box and the centre of mass of a 28×28 image.
func box(img []uint8) (x0, y0, x1, y1 int, cx, cy float64) {
	x0, y0, x1, y1 = Side, Side, -1, -1
	var m float64
	for y := range Side {
		for x := range Side {
			v := float64(img[y*Side+x])
			if v > 0 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
				m, cx, cy = m+v, cx+v*(float64(x)+0.5), cy+v*(float64(y)+0.5)
			}
		}
	}
	return x0, y0, x1, y1, cx / m, cy / m
}

// TestPrepareDigit: a tall stroke drawn off centre on a 256-pixel pad (a
// "1") becomes 20 pixels tall, keeps its aspect ratio, and its centre of
// mass lands at (14, 14).
func TestPrepareDigit(t *testing.T) {
	img, ok := Prepare(pad(256, 256, 30, 10, 70, 170), 256, 256, DigitBox, true)
	if !ok {
		t.Fatal("nothing drawn")
	}
	x0, y0, x1, y1, cx, cy := box(img)
	if h := y1 - y0 + 1; h != DigitBox {
		t.Errorf("height %d, want %d", h, DigitBox)
	}
	if w := x1 - x0 + 1; w != 5 { // 40 wide × 20/160
		t.Errorf("width %d, want 5 (the aspect ratio kept)", w)
	}
	if math.Abs(cx-14) > 0.5 || math.Abs(cy-14) > 0.5 {
		t.Errorf("centre of mass (%.2f, %.2f), want (14, 14)", cx, cy)
	}
	if img[(y0+5)*Side+x0+2] != 255 {
		t.Errorf("a pixel inside the stroke is %d, want 255", img[(y0+5)*Side+x0+2])
	}
}

// An L shape has its centre of mass off its box's centre: centring by mass
// and by box place it differently, and a box of 28 fills the frame.
func TestPrepareMassAndBox(t *testing.T) {
	ink := pad(100, 100, 10, 10, 20, 90)
	for x := 10; x < 90; x++ {
		for y := 80; y < 90; y++ {
			ink[y*100+x] = 1
		}
	}
	m, _ := Prepare(ink, 100, 100, DigitBox, true)
	_, _, _, _, cx, cy := box(m)
	if math.Abs(cx-14) > 0.5 || math.Abs(cy-14) > 0.5 {
		t.Errorf("by mass: centre (%.2f, %.2f)", cx, cy)
	}
	b, _ := Prepare(ink, 100, 100, Side, false)
	x0, y0, x1, y1, _, _ := box(b)
	if x0 != 0 || y0 != 0 || x1 != Side-1 || y1 != Side-1 {
		t.Errorf("box 28 by box: bounds %d,%d-%d,%d, want the whole frame", x0, y0, x1, y1)
	}
}

// A blank pad (or faint noise below the threshold) is nothing drawn.
func TestPrepareBlank(t *testing.T) {
	ink := make([]float64, 64*64)
	for i := range ink {
		ink[i] = 0.01
	}
	img, ok := Prepare(ink, 64, 64, DigitBox, true)
	if ok {
		t.Fatal("a blank pad is a drawing")
	}
	for _, v := range img {
		if v != 0 {
			t.Fatal("the image of a blank pad is not black")
		}
	}
}
