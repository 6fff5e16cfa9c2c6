package canvas

import (
	"fmt"
	"image"
	"image/color"
	"math"
)

// Maps are small multiples: one w×h map per unit, each value drawn with
// Diverging after dividing by Scale, or, if Scale is 0, by the map's
// largest magnitude (so a unit's shape shows whatever its scale; an
// all-zero map, a dead ReLU, is flat grey). A shared Scale keeps sizes
// comparable: a layer whose activations collapsed to 1e-14 is grey beside
// one of 1, instead of as lively.
type Maps struct {
	Scale float64     // the magnitude drawn at full colour; 0 means each map's own
	W, H  int         // the grid of every map
	Units [][]float64 // Units[u] has W*H values, row 0 at the top
	Cols  int         // maps per row; 0 means as square a sheet as fits
	Cell  int         // each map's side in pixels; 0 means 48
	Gap   int         // pixels between maps; 0 means 4
}

func (m *Maps) dims() (cols, cell, gap int) {
	cols, cell, gap = m.Cols, m.Cell, m.Gap
	if cols <= 0 {
		cols = max(1, int(math.Ceil(math.Sqrt(float64(len(m.Units))))))
	}
	if cell <= 0 {
		cell = 48
	}
	if gap <= 0 {
		gap = 4
	}
	return
}

// Size returns the size of the sheet Draw fills.
func (m *Maps) Size() image.Point {
	cols, cell, gap := m.dims()
	rows := (len(m.Units) + cols - 1) / cols
	return image.Pt(cols*(cell+gap)-gap, max(0, rows*(cell+gap)-gap))
}

// Tile returns where map u goes in a sheet whose top left is (0, 0).
func (m *Maps) Tile(u int) image.Rectangle {
	cols, cell, gap := m.dims()
	x, y := (u%cols)*(cell+gap), (u/cols)*(cell+gap)
	return image.Rect(x, y, x+cell, y+cell)
}

// Draw paints the sheet at dst's top left (white between maps) and
// returns an error, drawing nothing, if a unit has not W*H values.
func (m *Maps) Draw(dst *image.RGBA) error {
	if m.W < 1 || m.H < 1 {
		return fmt.Errorf("canvas: maps of %dx%d", m.W, m.H)
	}
	for u, v := range m.Units {
		if len(v) != m.W*m.H {
			return fmt.Errorf("canvas: unit %d has %d values, want %d", u, len(v), m.W*m.H)
		}
	}
	fill(dst, white)
	o := dst.Bounds().Min
	for u, v := range m.Units {
		tile := m.Tile(u).Add(o).Intersect(dst.Bounds())
		if tile.Empty() {
			continue
		}
		drawMap(dst.SubImage(tile).(*image.RGBA), v, m.W, m.H, m.Scale)
	}
	return nil
}

// drawMap paints one unit's w×h values over all of dst, scaled by scale
// (0: by their largest magnitude).
func drawMap(dst *image.RGBA, values []float64, w, h int, scale float64) {
	if scale <= 0 || math.IsInf(scale, 0) || math.IsNaN(scale) {
		scale = Largest(values)
	}
	if scale == 0 {
		scale = 1
	}
	cells := make([]color.RGBA, len(values))
	for i, v := range values {
		cells[i] = Diverging(v / scale)
	}
	upscale(dst, cells, w, h)
}

// Largest returns the largest finite magnitude in values (0 if none).
func Largest(values []float64) float64 {
	m := 0.0
	for _, v := range values {
		if a := math.Abs(v); a > m && !math.IsInf(a, 0) {
			m = a
		}
	}
	return m
}
