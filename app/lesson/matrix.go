package lesson

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/app/canvas"
)

// AxisKind says what the rows or the columns of a Matrix index.
type AxisKind int

const (
	AxisOne    AxisKind = iota // a single row or column (a bias, a scalar)
	AxisSample                 // the samples of the batch
	AxisUnit                   // the units (neurons) of Axis.Layer
)

// Axis is what one dimension of a Matrix indexes. Layers count as the
// network canvas does: 0 is the input, the last is the output.
type Axis struct {
	Kind  AxisKind
	Layer int
}

var (
	one    = Axis{Kind: AxisOne}
	sample = Axis{Kind: AxisSample}
)

func units(layer int) Axis { return Axis{Kind: AxisUnit, Layer: layer} }

// Matrix is one matrix the step-through shows. Name is stable and unique
// within a Stage ("z2", "dW1", "dW1-num", "W1-new"); the page gives its
// element the id MatrixID(Name).
type Matrix struct {
	Name       string
	Sym        string // MathML (no <math>) of its symbol, e.g. z₂
	Caption    string // what it is, in words
	Rows, Cols int
	Data       []float64 // row-major
	RowAxis    Axis
	ColAxis    Axis
}

// MatrixID returns the element id of the matrix with the given name.
func MatrixID(name string) string { return "m-" + name }

// At returns entry (i, j).
func (m *Matrix) At(i, j int) float64 { return m.Data[i*m.Cols+j] }

// newMatrix copies a gonum matrix.
func newMatrix(name, symbol, caption string, a mat.Matrix, rows, cols Axis) Matrix {
	r, c := a.Dims()
	data := make([]float64, 0, r*c)
	for i := range r {
		for j := range c {
			data = append(data, a.At(i, j))
		}
	}
	return Matrix{Name: name, Sym: symbol, Caption: caption, Rows: r, Cols: c, Data: data, RowAxis: rows, ColAxis: cols}
}

// rowMatrix is a 1×n matrix of v (a bias or a bias gradient).
func rowMatrix(name, symbol, caption string, v []float64, cols Axis) Matrix {
	return Matrix{Name: name, Sym: symbol, Caption: caption, Rows: 1, Cols: len(v), Data: append([]float64(nil), v...),
		RowAxis: one, ColAxis: cols}
}

// FormatCell writes a value as the heatmap's cells print it: three
// significant digits, in at most 8 characters ("-0.0123", "16.2",
// "-3.55e-4"), "0" for zero.
func FormatCell(v float64) string {
	if v == 0 {
		return "0"
	}
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if a := math.Abs(v); a < 1e-3 || a >= 1e5 {
		s = strconv.FormatFloat(v, 'e', 2, 64)
	}
	// 1.23e-05 → 1.23e-5
	s = strings.Replace(s, "e-0", "e-", 1)
	return strings.Replace(s, "e+0", "e+", 1)
}

// FormatFull writes a value at full precision, for the pointer's readout.
func FormatFull(v float64) string { return strconv.FormatFloat(v, 'g', 12, 64) }

// valuesJSON returns the matrix's values as a JSON array, exact (the
// shortest text that reads back to the same float64), for the element's
// data-values attribute that tests and scripts read.
func (m *Matrix) valuesJSON() string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range m.Data {
		if i > 0 {
			b.WriteByte(',')
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			b.WriteString("null")
			continue
		}
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	}
	b.WriteByte(']')
	return b.String()
}

// Cell sizes of the heatmap, in CSS pixels.
const (
	cellW      = 52 // with numbers
	cellH      = 20
	cellSmall  = 14 // without numbers
	maxNumbers = 16 // print numbers when rows and columns are at most this
)

// heatmapSVG draws m as an SVG heatmap: each cell coloured by its value
// over the matrix's largest magnitude (TF Playground's orange-grey-blue),
// its number printed when the matrix is small, a <title> tooltip with the
// exact value, and the cells of sel (flat indices) marked "feed" and cell
// selected (-1: none) marked "sel". Each cell carries data-k, its flat
// index, for the page's pointer handlers.
func heatmapSVG(m *Matrix, selected int, feeds map[int]bool) string {
	numbers := m.Rows <= maxNumbers && m.Cols <= maxNumbers
	w, h := cellW, cellH
	if !numbers {
		w, h = cellSmall, cellSmall
	}
	scale := 0.0
	for _, v := range m.Data {
		if a := math.Abs(v); a > scale && !math.IsInf(a, 0) {
			scale = a
		}
	}
	if scale == 0 {
		scale = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		m.Cols*w+2, m.Rows*h+2, m.Cols*w+2, m.Rows*h+2, html.EscapeString(m.Name))
	for i := range m.Rows {
		for j := range m.Cols {
			k := i*m.Cols + j
			v := m.Data[k]
			c := canvas.Diverging(v / scale)
			class := "cell"
			if feeds[k] {
				class += " feed"
			}
			if k == selected {
				class += " sel"
			}
			x, y := 1+j*w, 1+i*h
			fmt.Fprintf(&b, `<g class="%s" data-k="%d"><title>%s[%d,%d] = %s</title><rect x="%d" y="%d" width="%d" height="%d" fill="#%02x%02x%02x" data-k="%d"/>`,
				class, k, html.EscapeString(m.Name), i, j, FormatFull(v), x, y, w, h, c.R, c.G, c.B, k)
			if numbers {
				ink := "#222"
				if math.Abs(v/scale) > 0.6 {
					ink = "#fff"
				}
				fmt.Fprintf(&b, `<text x="%d" y="%d" fill="%s" data-k="%d">%s</text>`, x+w/2, y+h/2+4, ink, k, FormatCell(v))
			}
			b.WriteString("</g>")
		}
	}
	b.WriteString("</svg>")
	return b.String()
}
