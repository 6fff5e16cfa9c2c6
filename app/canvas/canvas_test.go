package canvas_test

import (
	"bytes"
	"image"
	"math"
	"strings"
	"testing"

	. "github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/app/canvasmsg"
)

func TestLayoutHit(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		sizes []int
		w, h  int
		scale float64
	}{
		{[]int{2, 4, 3}, 360, 220, 1},
		{[]int{4, 10, 3}, 500, 300, 2},
		{[]int{2, 128, 1}, 300, 200, 1},
		{[]int{3}, 100, 100, 1},
	} {
		lay := NewLayout(test.sizes, test.w, test.h, test.scale)
		for l, n := range test.sizes {
			for j := range n {
				x, y := lay.X[l], lay.Y[l][j]
				if x < 0 || x > float64(test.w) || y < 0 || y > float64(test.h) {
					t.Errorf("%d: neuron (%d,%d) at (%g,%g) outside %dx%d", i, l, j, x, y, test.w, test.h)
				}
				got, ok := lay.Hit(x+lay.Radius/2, y-lay.Radius/3)
				if want := (canvasmsg.Neuron{Layer: l, Index: j}); !ok || got != want {
					t.Errorf("%d: Hit near (%d,%d) = %v %v", i, l, j, got, ok)
				}
			}
		}
		if n, ok := lay.Hit(-50, -50); ok || !n.IsNone() {
			t.Errorf("%d: Hit far away = %v %v", i, n, ok)
		}
	}
}

func TestDrawErrors(t *testing.T) {
	t.Parallel()
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	g := Grid{W: 2, H: 2, Classes: 2, Bounds: PlaneView(), Probs: make([]float64, 8)}
	for i, r := range []Regions{
		{Grid: Grid{W: 2, H: 2, Classes: 2, Bounds: PlaneView(), Probs: make([]float64, 7)}},
		{Grid: Grid{W: 2, H: 2, Classes: 2, Bounds: Bounds{1, 1, 0, 1}, Probs: make([]float64, 8)}},
		{Grid: g, Train: []Point{{Class: 2}}},
		{Grid: g, Palette: Palette(1)},
	} {
		if err := r.Draw(img); err == nil {
			t.Errorf("%d: Regions.Draw = nil error", i)
		}
	}
	for i, m := range []Maps{{W: 0, H: 1}, {W: 2, H: 2, Units: [][]float64{{1, 2, 3}}}} {
		if err := m.Draw(img); err == nil {
			t.Errorf("%d: Maps.Draw = nil error", i)
		}
	}
	m := Maps{W: 1, H: 1, Units: make([][]float64, 5), Cols: 2, Cell: 10, Gap: 2}
	if got := m.Size(); got != image.Pt(22, 34) {
		t.Errorf("Maps.Size = %v", got)
	}
	if got := m.Tile(3); got != image.Rect(12, 12, 22, 22) {
		t.Errorf("Maps.Tile(3) = %v", got)
	}
	// An invalid Net draws a blank picture rather than panicking.
	(&Diagram{Net: canvasmsg.Net{Sizes: []int{2, 2}}}).Draw(img)
}

func encode(t *testing.T, m canvasmsg.Message) string {
	t.Helper()
	s, err := canvasmsg.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestScene(t *testing.T) {
	t.Parallel()
	s := NewScene(360, 220)
	if _, changed := s.Frame(); !changed {
		t.Error("first Frame not drawn")
	}
	if _, changed := s.Frame(); changed {
		t.Error("second Frame redrawn with nothing new")
	}
	net := sampleNet(t)
	if r := s.Handle(encode(t, canvasmsg.Message{Kind: canvasmsg.SetNet, Net: &net})); r != nil {
		t.Fatalf("SetNet: %v", r)
	}
	img, changed := s.Frame()
	if !changed {
		t.Fatal("SetNet did not redraw")
	}
	golden(t, "diagram", img) // the same picture as Diagram.Draw

	// Errors leave the scene as it was.
	before := s.View()
	for i, raw := range []string{
		`{`, `{"kind":"net"}`, `{"kind":"select","neuron":{"layer":1,"index":9}}`,
		`{"kind":"hover","neuron":{"layer":1,"index":0}}`, `{"kind":"animate","anim":{"phase":"sideways"}}`,
		`{"kind":"net","net":{"sizes":[2,2],"weights":[[1,2,3]]}}`,
	} {
		r := s.Handle(raw)
		if len(r) != 1 || r[0].Kind != canvasmsg.Error || r[0].Error == "" {
			t.Errorf("%d: Handle(%s) = %+v, want one error", i, raw, r)
		}
		if s.View().Selected != before.Selected || len(s.View().Net.Sizes) != len(before.Net.Sizes) {
			t.Errorf("%d: a bad message changed the scene", i)
		}
	}

	// Hover: one message per change, with the neuron's value and gradient.
	lay := s.Layout()
	x, y := lay.X[1], lay.Y[1][2]
	r := s.Pointer(x, y, true)
	if len(r) != 1 || r[0].Kind != canvasmsg.Hover || *r[0].Neuron != (canvasmsg.Neuron{Layer: 1, Index: 2}) ||
		*r[0].Value != net.Values[1][2] || *r[0].Grad != net.Grads[1][2] {
		t.Errorf("Pointer over (1,2) = %+v", r)
	}
	if r := s.Pointer(x+1, y, true); r != nil {
		t.Errorf("Pointer within the same neuron = %+v", r)
	}
	if r := s.Pointer(x, y, false); len(r) != 1 || !r[0].Neuron.IsNone() || r[0].Value != nil {
		t.Errorf("Pointer leaving = %+v", r)
	}

	// Press selects and reports; on empty space it clears.
	if r := s.Press(x, y); len(r) != 1 || r[0].Kind != canvasmsg.Click || s.View().Selected != (canvasmsg.Neuron{Layer: 1, Index: 2}) {
		t.Errorf("Press = %+v, selected %v", r, s.View().Selected)
	}
	if s.Press(1, 1); !s.View().Selected.IsNone() {
		t.Errorf("Press on empty space kept %v selected", s.View().Selected)
	}

	// Select from the page, then a net of another shape drops it.
	if r := s.Handle(`{"kind":"select","neuron":{"layer":3,"index":2}}`); r != nil {
		t.Fatal(r)
	}
	small := canvasmsg.Net{Sizes: []int{2, 2}, Weights: [][]float64{{1, -1, 0.5, 0}}}
	if r := s.Handle(encode(t, canvasmsg.Message{Kind: canvasmsg.SetNet, Net: &small})); r != nil {
		t.Fatal(r)
	}
	if !s.View().Selected.IsNone() || len(s.Layout().X) != 2 {
		t.Errorf("after a smaller net: selected %v, %d columns", s.View().Selected, len(s.Layout().X))
	}

	// Animation: plays from T to 1 in Seconds, loops if asked.
	s.Handle(`{"kind":"animate","anim":{"phase":"forward","t":0,"seconds":2}}`)
	s.Tick(0.5)
	if a := s.View().Anim; !s.Playing() || math.Abs(a.T-0.25) > 1e-12 {
		t.Errorf("after 0.5 s of 2: T = %g, playing %v", a.T, s.Playing())
	}
	s.Tick(5)
	if a := s.View().Anim; s.Playing() || a.T != 1 {
		t.Errorf("after the end: T = %g, playing %v", a.T, s.Playing())
	}
	s.Handle(`{"kind":"animate","anim":{"phase":"backward","t":0.5,"seconds":1,"loop":true}}`)
	s.Tick(0.75)
	if a := s.View().Anim; !s.Playing() || math.Abs(a.T-0.25) > 1e-12 {
		t.Errorf("looping: T = %g, playing %v", a.T, s.Playing())
	}
	s.Handle(`{"kind":"animate","anim":{"phase":"none","t":0}}`)
	if s.Tick(1); s.Playing() || s.View().Anim.T != 0 {
		t.Errorf("still: T = %g, playing %v", s.View().Anim.T, s.Playing())
	}

	// Resizing keeps the net and lays it out again.
	s.Resize(100, 80, 2)
	if img, changed := s.Frame(); !changed || img.Bounds().Dx() != 100 || s.Layout().W != 100 {
		t.Errorf("after Resize: changed %v, size %v", changed, img.Bounds())
	}
}

// TestSceneCache: the scene reuses its edges while an animation plays; every
// frame must still equal a fresh drawing of what it shows.
func TestSceneCache(t *testing.T) {
	t.Parallel()
	s := NewScene(300, 200)
	net := sampleNet(t)
	msgs := []string{
		encode(t, canvasmsg.Message{Kind: canvasmsg.SetNet, Net: &net}),
		`{"kind":"animate","anim":{"phase":"forward","t":0.2,"seconds":1}}`,
		`{"kind":"select","neuron":{"layer":2,"index":1}}`,
		`{"kind":"animate","anim":{"phase":"backward","t":0.1,"seconds":1}}`,
		`{"kind":"select","neuron":{"layer":-1,"index":0}}`,
	}
	other := net
	other.Weights = [][]float64{net.Weights[0], net.Weights[1], make([]float64, len(net.Weights[2]))}
	msgs = append(msgs, encode(t, canvasmsg.Message{Kind: canvasmsg.SetNet, Net: &other}))
	for i, m := range msgs {
		if r := s.Handle(m); r != nil {
			t.Fatal(r)
		}
		for step := range 3 {
			got, _ := s.Frame()
			want := image.NewRGBA(got.Bounds())
			v := s.View()
			v.DrawLayout(want, s.Layout())
			if !bytes.Equal(got.Pix, want.Pix) {
				t.Fatalf("message %d, step %d: the frame differs from a fresh drawing", i, step)
			}
			s.Tick(0.1)
			s.Pointer(s.Layout().X[1], s.Layout().Y[1][step], true)
		}
	}
}

// TestScenePanicIsReported: a panic inside Handle (here a nil scene) is
// recovered and posted as an Error, so the wasm program keeps running.
func TestScenePanicIsReported(t *testing.T) {
	t.Parallel()
	var s *Scene
	r := s.Handle(`{"kind":"select","neuron":{"layer":-1,"index":0}}`)
	if len(r) != 1 || r[0].Kind != canvasmsg.Error || !strings.Contains(r[0].Error, "internal error") {
		t.Fatalf("Handle on a nil scene = %+v", r)
	}
}

// bigNet is the bad-init scenario's shape with made-up weights.
func bigNet() canvasmsg.Net {
	sizes := []int{2, 32, 32, 32, 32, 3}
	n := canvasmsg.Net{Sizes: sizes}
	x := 0.0
	for l := range len(sizes) - 1 {
		w := make([]float64, sizes[l]*sizes[l+1])
		for i := range w {
			x += 0.7548776662
			w[i] = math.Sin(x * 12.9898)
		}
		n.Weights = append(n.Weights, w)
	}
	return n
}

// BenchmarkSceneAnimate is one tick of a playing animation of bigNet at
// 800×500: the edges come from the scene's cache.
func BenchmarkSceneAnimate(b *testing.B) {
	s := NewScene(800, 500)
	n := bigNet()
	raw, _ := canvasmsg.Encode(canvasmsg.Message{Kind: canvasmsg.SetNet, Net: &n,
		Anim: &canvasmsg.Anim{Phase: canvasmsg.PhaseForward, Seconds: 2, Loop: true}})
	s.Handle(raw)
	s.Frame()
	for b.Loop() {
		s.Tick(1.0 / 60)
		s.Frame()
	}
}

// BenchmarkDiagram draws the bad-init scenario's 2-32-32-32-32-3 net (3,264
// edges) at 800×500 with a pulse, as the canvas does on every tick of an
// animation.
func BenchmarkDiagram(b *testing.B) {
	sizes := []int{2, 32, 32, 32, 32, 3}
	n := bigNet()
	d := Diagram{Net: n, Selected: canvasmsg.None, Hover: canvasmsg.None, Anim: canvasmsg.Anim{Phase: canvasmsg.PhaseForward, T: 0.5}}
	img := image.NewRGBA(image.Rect(0, 0, 800, 500))
	lay := NewLayout(sizes, 800, 500, 1)
	for b.Loop() {
		d.DrawLayout(img, lay)
	}
}

// TestLayoutHitEdge: a point on the line of a weight, away from the
// neurons, hits that weight; a point on a neuron or far from every line
// hits none.
func TestLayoutHitEdge(t *testing.T) {
	t.Parallel()
	sizes := []int{2, 4, 3}
	lay := NewLayout(sizes, 360, 220, 1)
	for l := 0; l+1 < len(sizes); l++ {
		for i := range sizes[l] {
			for j := range sizes[l+1] {
				// A fifth of the way along the line, past the neuron's
				// disc: the lines of one gap cross nearer the middle.
				x := lay.X[l] + (lay.X[l+1]-lay.X[l])/5
				y := lay.Y[l][i] + (lay.Y[l+1][j]-lay.Y[l][i])/5
				got, ok := lay.HitEdge(x, y)
				if want := (canvasmsg.Edge{Layer: l, From: i, To: j}); !ok || got != want {
					t.Errorf("on the line %v: HitEdge = %v %v", want, got, ok)
				}
			}
		}
	}
	if e, ok := lay.HitEdge(lay.X[1], lay.Y[1][0]); ok {
		t.Errorf("on a neuron: HitEdge = %v", e)
	}
	if e, ok := lay.HitEdge(lay.X[0]+5, 2); ok {
		t.Errorf("far from every line: HitEdge = %v", e)
	}
}

// TestRegionsRegression: a one-value grid is drawn on TF Playground's
// diverging scale: orange where the output is -1, blue where it is 1,
// and the points in their targets' colours.
func TestRegionsRegression(t *testing.T) {
	g := Grid{W: 2, H: 1, Classes: 1, Bounds: PlaneView(), Probs: []float64{-1, 1}}
	r := Regions{Grid: g, Train: []Point{{X: -0.5, Y: 0, Value: 1}}, Radius: 4}
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	if err := r.Draw(img); err != nil {
		t.Fatal(err)
	}
	left, right := img.RGBAAt(1, 1), img.RGBAAt(38, 1)
	if !(left.R > left.B && right.B > right.R) {
		t.Errorf("left %v (want orange), right %v (want blue)", left, right)
	}
	// The point at x = -0.5 sits in the orange half, drawn blue (target 1).
	px := 10 // x = -0.5 is at (-0.5 + 1.05)/2.1·40 = 10.5 pixels
	if c := img.RGBAAt(px, 10); c != Diverging(1) {
		t.Errorf("point drawn %v, want %v", c, Diverging(1))
	}
	r.Discrete = true
	if err := r.Draw(img); err != nil {
		t.Fatal(err)
	}
	if c := img.RGBAAt(19, 1); c.R <= c.B {
		t.Errorf("discretized left of centre %v, want orange", c)
	}
}
