package chart

import (
	"encoding/xml"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
)

// wellFormed fails the test unless s is one well-formed XML element.
func wellFormed(t *testing.T, i int, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%d: not well-formed XML: %v\n%.300s", i, err, s)
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || !strings.HasPrefix(s, "<svg") {
		t.Errorf("%d: %d root elements, want one <svg>", i, roots)
	}
}

func seq(n int, f func(i int) float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = f(i)
	}
	return v
}

func TestSVG(t *testing.T) {
	t.Parallel()
	loss := seq(5000, func(i int) float64 { return 2.3*math.Exp(-float64(i)/1000) + 0.1*math.Sin(float64(i)) })
	iters := seq(5000, func(i int) float64 { return float64(i) })
	for i, test := range []struct {
		line     Line
		contains []string
		absent   []string
		zones    int
	}{
		{ // empty: the frame and the empty text
			line:     Line{Title: "Loss", Empty: "Press Train <now>", XInt: true},
			contains: []string{`aria-label="Loss"`, `class="empty"`, "Press Train &lt;now&gt;"},
			absent:   []string{`class="hz"`, "NaN", "Inf"},
		},
		{ // one point
			line:     Line{Series: []Series{{Name: "val", Class: "s-val", X: []float64{1}, Y: []float64{0.3}}}, YPercent: true, YMax: 1},
			contains: []string{`<circle class="line s-val"`, "val: 30.0%"},
			zones:    1,
		},
		{ // a long series is decimated and gets at most Zones zones
			line: Line{XName: "iteration", XInt: true, Series: []Series{
				{Name: "loss", Class: "s-raw", X: iters, Y: loss},
				{Name: "smoothed", Class: "s-smooth", X: iters, Y: loss},
			}},
			contains: []string{"iteration 41", "loss: ", "smoothed: ", `class="line s-raw"`},
			zones:    60,
		},
		{ // non-finite values are skipped, never written
			line:   Line{Series: []Series{{Name: "a", X: []float64{0, 1, 2, 3}, Y: []float64{1, math.NaN(), math.Inf(1), 2}}}},
			absent: []string{"NaN", "Inf"},
			zones:  2,
		},
		{ // a flat series and a reference line
			line: Line{Series: []Series{{Name: "a", X: []float64{0, 1}, Y: []float64{0.1, 0.1}, Dots: true}},
				Refs: []Ref{{Y: 0.1, Label: "chance"}}},
			contains: []string{`class="ref"`, "chance", `class="pt "`},
			zones:    2,
		},
		{ // names are escaped
			line:     Line{XName: `<x>`, Series: []Series{{Name: `"a"&b`, X: []float64{0, 1}, Y: []float64{0, 1}}}},
			contains: []string{"&lt;x&gt;", "&#34;a&#34;&amp;b"},
			zones:    2,
		},
	} {
		s := test.line.SVG()
		wellFormed(t, i, s)
		for _, c := range test.contains {
			if !strings.Contains(s, c) {
				t.Errorf("%d: %q missing from\n%.600s", i, c, s)
			}
		}
		for _, c := range test.absent {
			if strings.Contains(s, c) {
				t.Errorf("%d: %q present in\n%.600s", i, c, s)
			}
		}
		if got := strings.Count(s, `<g class="hz">`); got != test.zones {
			t.Errorf("%d: %d hover zones, want %d", i, got, test.zones)
		}
	}
}

// TestEnvelope: decimation keeps each bucket's extremes, in order.
func TestEnvelope(t *testing.T) {
	t.Parallel()
	var p []point
	for i := range 1000 {
		y := 0.0
		if i == 517 {
			y = 9 // a spike must survive
		}
		p = append(p, point{float64(i), y, i})
	}
	e := envelope(p, 100)
	if len(e) > 100 {
		t.Errorf("%d points, want at most 100", len(e))
	}
	if !slices.ContainsFunc(e, func(q point) bool { return q.y == 9 }) {
		t.Error("the spike was lost")
	}
	if !slices.IsSortedFunc(e, func(a, b point) int { return a.i - b.i }) {
		t.Error("points out of order")
	}
}

func TestTicks(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		lo, hi float64
		n      int
		ints   bool
		want   []float64
	}{
		{0, 1, 5, false, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0.05, 0.95, 4, false, []float64{0.2, 0.4, 0.6, 0.8}},
		{0, 1000, 5, true, []float64{0, 200, 400, 600, 800, 1000}},
		{0, 3, 5, true, []float64{0, 1, 2, 3}},
		{1.7, 2.35, 5, false, []float64{1.7, 1.8, 1.9, 2, 2.1, 2.2, 2.3}},
		{1, 1, 5, false, nil},
	} {
		if got := ticks(test.lo, test.hi, test.n, test.ints); !slices.Equal(got, test.want) {
			t.Errorf("%d: ticks(%g, %g, %d, %v) = %v, want %v", i, test.lo, test.hi, test.n, test.ints, got, test.want)
		}
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	l := Line{YPercent: true}
	if got := l.formatYTick(0.2, []float64{0, 0.2}); got != "20%" {
		t.Errorf("percent tick %q", got)
	}
	if got := (Line{}).formatYTick(1.05, []float64{1, 1.05}); got != "1.05" {
		t.Errorf("tick %q", got)
	}
	if got := formatXTick(20000, []float64{0, 10000, 20000}); got != "20k" {
		t.Errorf("x tick %q", got)
	}
	if got := (Line{XName: "epoch", XInt: true}).xText(3.0000001); got != "epoch 3" {
		t.Errorf("xText %q", got)
	}
}

// TestYCap: a diverging series is clamped at YCap with a note, and no
// tick label is longer than a readable number.
func TestYCap(t *testing.T) {
	t.Parallel()
	svg := Line{YCap: 9.2, Series: []Series{{Name: "loss", X: []float64{0, 1, 2, 3}, Y: []float64{2.3, 2.1, 4e10, 9.201e302}}}}.SVG()
	if !strings.Contains(svg, "2 values above 9.2, drawn at the top") {
		t.Errorf("no overflow note in %s", svg)
	}
	for _, part := range strings.Split(svg, `class="ytick"`)[1:] {
		label := part[strings.Index(part, ">")+1 : strings.Index(part, "<")]
		if len(label) > 8 {
			t.Errorf("y tick label %q", label)
		}
	}
	if !strings.Contains(svg, "loss: 9.2e+302") {
		t.Errorf("the tooltip does not show the real value: %s", svg)
	}
	// Without a cap the same data still gets readable labels.
	svg = Line{Series: []Series{{Name: "loss", X: []float64{0, 1}, Y: []float64{2.3, 9.201e302}}}}.SVG()
	for _, part := range strings.Split(svg, `class="ytick"`)[1:] {
		if label := part[strings.Index(part, ">")+1 : strings.Index(part, "<")]; len(label) > 12 {
			t.Errorf("uncapped: y tick label %q", label)
		}
	}
}

// TestSmootherContinue: a smoother continued at a value goes on from it,
// as the original would after a long run, instead of restarting at the
// next raw value.
func TestSmootherContinue(t *testing.T) {
	a := Smoother{Beta: 0.9}
	for range 500 {
		a.Add(1)
	}
	var b Smoother
	b.Beta = 0.9
	b.Continue(a.Value())
	if x, y := a.Add(3), b.Add(3); math.Abs(x-y) > 1e-12 || math.Abs(y-1.2) > 1e-12 {
		t.Errorf("continued smoother gives %v, the original %v, want 1.2", y, x)
	}
}
