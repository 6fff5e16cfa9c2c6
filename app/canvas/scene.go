package canvas

import (
	"fmt"
	"image"
	"math"
	"slices"

	"github.com/backprop-playground/playground/app/canvasmsg"
)

// Scene is the network canvas program's state, kept free of ebiten so that
// it is tested natively: it takes messages from the page, pointer moves,
// clicks and clock ticks, and gives a picture and the messages to post
// back. Its methods never panic on bad input; they are not safe for
// concurrent use.
type Scene struct {
	d       Diagram
	w, h    int
	lay     Layout
	img     *image.RGBA
	dirty   bool
	playing bool

	// The edges are the costly part of a frame (a 2-32-32-32-32-3 net has
	// 3,264 of them) and do not move while an animation plays: they are
	// drawn into edges once per edgeKey, and each frame starts from a copy.
	edges    *image.RGBA
	edgesKey edgeKey
	version  int // counts the nets received
}

// edgeKey is what DrawEdges depends on.
type edgeKey struct {
	version  int
	selected canvasmsg.Neuron
	backward bool
	w, h     int
	scale    float64
}

// NewScene returns an empty w×h scene (nothing selected, no net).
func NewScene(w, h int) *Scene {
	s := &Scene{d: Diagram{Selected: canvasmsg.None, Hover: canvasmsg.None}}
	s.Resize(w, h, 1)
	return s
}

// Resize sets the picture's size in pixels and its pixel density (Diagram
// Scale: 2 on a screen with two pixels per CSS pixel). Sizes below 1 are
// taken as 1.
func (s *Scene) Resize(w, h int, scale float64) {
	w, h = max(w, 1), max(h, 1)
	if scale <= 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
		scale = 1
	}
	if w == s.w && h == s.h && scale == s.d.Scale {
		return
	}
	s.w, s.h, s.d.Scale = w, h, scale
	s.img = image.NewRGBA(image.Rect(0, 0, w, h))
	s.edges = image.NewRGBA(image.Rect(0, 0, w, h))
	s.edgesKey = edgeKey{}
	s.relayout()
}

func (s *Scene) relayout() {
	s.lay = NewLayout(s.d.Net.Sizes, s.w, s.h, s.d.Scale)
	s.dirty = true
}

// Layout returns where the neurons are drawn, for hit tests.
func (s *Scene) Layout() Layout { return s.lay }

// View returns a copy of what the scene shows.
func (s *Scene) View() Diagram { return s.d }

// Handle applies one message from the page (JSON, as canvasmsg.Encode
// writes it) and returns the messages to post back: none, or one Error
// saying why the message was not used, in which case the scene is
// unchanged. A panic is recovered and reported the same way.
func (s *Scene) Handle(raw string) (replies []canvasmsg.Message) {
	defer func() {
		if r := recover(); r != nil {
			replies = []canvasmsg.Message{{Kind: canvasmsg.Error, Error: fmt.Sprintf("canvas: internal error: %v", r)}}
		}
	}()
	if err := s.apply(raw); err != nil {
		return []canvasmsg.Message{{Kind: canvasmsg.Error, Error: err.Error()}}
	}
	return nil
}

func (s *Scene) apply(raw string) error {
	m, err := canvasmsg.Decode(raw)
	if err != nil {
		return err
	}
	if !m.Kind.ToCanvas() {
		return fmt.Errorf("canvas: %q is not a message for the canvas", m.Kind)
	}
	d := &s.d
	net := &d.Net
	if m.Kind == canvasmsg.SetNet {
		net = m.Net
	}
	if m.Neuron != nil && !m.Neuron.IsNone() && !net.Has(*m.Neuron) {
		return fmt.Errorf("canvas: no neuron %d in layer %d", m.Neuron.Index, m.Neuron.Layer)
	}
	if m.Kind == canvasmsg.SetNet {
		sameShape := slices.Equal(d.Net.Sizes, m.Net.Sizes)
		d.Net = *m.Net
		s.version++
		if !sameShape {
			s.relayout()
		}
		// A new shape may not have the selected or hovered neuron.
		if !net.Has(d.Selected) {
			d.Selected = canvasmsg.None
		}
		if !net.Has(d.Hover) {
			d.Hover = canvasmsg.None
		}
	}
	if m.Neuron != nil {
		d.Selected = *m.Neuron
		if d.Selected.IsNone() {
			d.Selected = canvasmsg.None
		}
	}
	if m.Anim != nil {
		d.Anim = *m.Anim
		s.playing = m.Anim.Seconds > 0 && (m.Anim.T < 1 || m.Anim.Loop)
	}
	s.dirty = true
	return nil
}

// Pointer reports that the pointer moved to (x, y), in picture pixels, or
// left the picture (inside false). It returns a Hover message when the
// neuron under the pointer changes.
func (s *Scene) Pointer(x, y float64, inside bool) []canvasmsg.Message {
	n := canvasmsg.None
	if inside {
		n, _ = s.lay.Hit(x, y)
	}
	if n == s.d.Hover {
		return nil
	}
	s.d.Hover = n
	s.dirty = true
	m := canvasmsg.Message{Kind: canvasmsg.Hover, Neuron: &n}
	net := &s.d.Net
	if !n.IsNone() {
		if net.Values != nil {
			m.Value = canvasmsg.Float(net.Values[n.Layer][n.Index])
		}
		if net.Grads != nil {
			m.Grad = canvasmsg.Float(net.Grads[n.Layer][n.Index])
		}
	}
	return []canvasmsg.Message{m}
}

// Press reports a click or tap at (x, y): it selects the neuron there, or
// clears the selection elsewhere, and returns the Click message, which
// names the weight when the click is on its line (the page may edit it).
func (s *Scene) Press(x, y float64) []canvasmsg.Message {
	n, _ := s.lay.Hit(x, y)
	s.d.Selected = n
	s.dirty = true
	m := canvasmsg.Message{Kind: canvasmsg.Click, Neuron: &n}
	if e, ok := s.lay.HitEdge(x, y); ok && s.d.Net.HasEdge(e) {
		m.Edge = &e
	}
	return []canvasmsg.Message{m}
}

// Tick advances a playing animation by dt seconds.
func (s *Scene) Tick(dt float64) {
	a := &s.d.Anim
	if !s.playing || !(dt > 0) {
		return
	}
	a.T += dt / a.Seconds
	if a.T >= 1 {
		if a.Loop {
			a.T = math.Mod(a.T, 1)
		} else {
			a.T, s.playing = 1, false
		}
	}
	s.dirty = true
}

// Playing reports whether an animation is running.
func (s *Scene) Playing() bool { return s.playing }

// Frame returns the picture, redrawn if anything changed since the last
// call, and whether it changed. The image is reused by the next call.
func (s *Scene) Frame() (*image.RGBA, bool) {
	if !s.dirty {
		return s.img, false
	}
	key := edgeKey{version: s.version, selected: s.d.Selected, backward: s.d.Anim.Phase == canvasmsg.PhaseBackward,
		w: s.w, h: s.h, scale: s.d.Scale}
	if key != s.edgesKey || s.version == 0 {
		s.d.DrawEdges(s.edges, s.lay)
		s.edgesKey = key
	}
	copy(s.img.Pix, s.edges.Pix)
	s.d.DrawNodes(s.img, s.lay)
	s.dirty = false
	return s.img, true
}
