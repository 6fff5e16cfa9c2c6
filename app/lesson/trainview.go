package lesson

import (
	"fmt"
	"image"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/msg"
)

// trainView is the 2D playground: a dataset of core/plane and one net
// (or two side by side, Scenario.Compare), each trained by its own worker,
// with the decision regions, the hidden units' maps, the curves and the
// network canvas. The parent sets Scenario and Student; the view keeps its
// own copy, which its controls edit.
type trainView struct {
	app.Compo

	Scenario classroom.Scenario
	Student  bool

	s        classroom.Scenario
	applied  string
	set      *plane.Set // v.s.Data's points, those added by hand included
	addClass int
	runners  []*runner
	view     regionView // the regions' switches, the same for both nets
	rate     float64    // the speed control: steps a second, 0 as fast as it can
	errText  string     // the last refused setting
	point    string     // the readout of the point under the pointer

	ctx      app.Context
	mounted  bool
	unlisten func()
}

var (
	_ app.Initializer = (*trainView)(nil)
	_ app.Mounter     = (*trainView)(nil)
	_ app.Dismounter  = (*trainView)(nil)
	_ app.Updater     = (*trainView)(nil)
)

// prefixes are the element id prefixes of the first and second net.
var prefixes = [2]string{IDPlane, IDPlane + "-vs"}

// OnInit builds the view's state from Scenario (natively too).
func (v *trainView) OnInit() { v.load() }

func (v *trainView) load() {
	v.applied = v.Scenario.Encode()
	v.s = copyScenario(v.Scenario)
	v.addClass, v.errText, v.point = 0, "", ""
	v.regenerate()
	v.runners = []*runner{newRunner(prefixes[0], v.s.Config)}
	if v.s.Compare != nil {
		v.runners = append(v.runners, newRunner(prefixes[1], *v.s.Compare))
	}
	for _, r := range v.runners {
		r.data = v.dataName()
	}
}

// copyScenario returns s with slices and the second config of its own.
func copyScenario(s classroom.Scenario) classroom.Scenario {
	s.Hide = append([]string(nil), s.Hide...)
	s.Data.Added = append([]plane.Point(nil), s.Data.Added...)
	s.Config.Hidden = append([]int(nil), s.Config.Hidden...)
	if s.Compare != nil {
		c := *s.Compare
		c.Hidden = append([]int(nil), c.Hidden...)
		s.Compare = &c
	}
	return s
}

// regenerate draws the dataset of v.s.Data.
func (v *trainView) regenerate() {
	set, err := plane.Generate(v.s.Data)
	if err != nil {
		v.errText = err.Error()
		return
	}
	v.set = set
	v.addClass = min(v.addClass, v.s.Data.Classes-1)
}

func (v *trainView) dataName() string { return msg.PlaneData(v.s.Data) }

// OnMount starts the workers and listens to the network canvases.
func (v *trainView) OnMount(ctx app.Context) {
	v.ctx, v.mounted = ctx, true
	for _, r := range v.runners {
		v.start(ctx, r)
	}
	v.unlisten = listenMessages(func(ev app.Value) {
		for _, r := range v.runners {
			if !r.frame.from(ev) {
				continue
			}
			data := ev.Get("data")
			ctx.Dispatch(func(ctx app.Context) {
				if m, ok := r.frame.receive(data); ok {
					v.onCanvas(r, m)
				}
			})
			return
		}
	})
}

// start gives r a worker and a fresh net.
func (v *trainView) start(ctx app.Context, r *runner) {
	// Each net trains in a worker of its own, so the page never trains on
	// its UI thread (PLATFORM.md) and two nets side by side use two cores.
	r.on = func(e msg.Event) {
		if r.handle(e, v.set, time.Now()) {
			ctx.Defer(func(app.Context) { v.paint() })
		}
	}
	w, err := wire.Start(wire.URL, func(f func()) { ctx.Dispatch(func(app.Context) { f() }) }, r.on)
	if err != nil {
		r.err = err.Error()
		return
	}
	r.w = w
	if v.rate > 0 {
		r.send(msg.Request{Kind: msg.Speed, Rate: v.rate})
	}
	r.reset()
}

// OnDismount ends the workers.
func (v *trainView) OnDismount() {
	v.stopAll()
	v.mounted = false
	if v.unlisten != nil {
		v.unlisten()
		v.unlisten = nil
	}
}

func (v *trainView) stopAll() {
	for _, r := range v.runners {
		if r.w != nil {
			r.w.Close()
			r.w = nil
		}
	}
}

// OnUpdate starts over when the parent gives another scenario.
func (v *trainView) OnUpdate(ctx app.Context) {
	if v.Scenario.Encode() == v.applied {
		return
	}
	v.stopAll()
	v.load()
	if v.mounted {
		for _, r := range v.runners {
			v.start(ctx, r)
		}
	}
}

// paint copies the snapshots' pictures into their canvases and the
// diagrams to the network canvases.
func (v *trainView) paint() {
	for _, r := range v.runners {
		if r.snap == nil || r.painted {
			continue
		}
		if err := r.snap.drawRegions(v.view); err != nil {
			r.err = err.Error()
		}
		putImage(r.prefix+"-regions", r.snap.regions)
		for l, img := range r.snap.maps {
			putImage(fmt.Sprintf("%s-neurons-%d", r.prefix, l+1), img)
		}
		_ = r.frame.show(diagram(r.snap.net, r.snap.spec, r.at), canvasmsg.None, canvasmsg.Anim{Phase: canvasmsg.PhaseNone, T: 1})
		r.painted = true
	}
}

// repaint paints everything again after the next render (a re-render may
// have made new canvases).
func (v *trainView) repaint(ctx app.Context) {
	for _, r := range v.runners {
		r.painted = false
	}
	ctx.Defer(func(app.Context) { v.paint() })
}

// putImage draws img into the <canvas> with the given id.
func putImage(id string, img *image.RGBA) {
	el := app.Window().GetElementByID(id)
	if el == nil || el.IsNull() || el.IsUndefined() || img == nil {
		return
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if el.Get("width").Int() != w || el.Get("height").Int() != h {
		el.Set("width", w)
		el.Set("height", h)
	}
	g := el.Call("getContext", "2d")
	if g.IsNull() || g.IsUndefined() {
		return
	}
	arr := app.Window().Get("Uint8ClampedArray").New(len(img.Pix))
	app.CopyBytesToJS(arr, img.Pix)
	g.Call("putImageData", app.Window().Get("ImageData").New(arr, w, h), 0, 0)
}

// Actions on every net.

func (v *trainView) anyRunning() bool {
	for _, r := range v.runners {
		if r.running() {
			return true
		}
	}
	return false
}

func (v *trainView) onTrain(ctx app.Context, e app.Event) {
	pause := v.anyRunning()
	for _, r := range v.runners {
		if pause {
			if r.running() {
				r.train()
			}
			continue
		}
		if r.stale {
			r.stale = false
			r.clear()
			r.send(msg.Request{Kind: msg.Start, Config: r.query()})
			continue
		}
		r.train()
	}
}

func (v *trainView) onStep(ctx app.Context, e app.Event) {
	for _, r := range v.runners {
		r.step()
	}
}

func (v *trainView) onReset(ctx app.Context, e app.Event) {
	for _, r := range v.runners {
		r.stale = false
		r.reset()
	}
}

// Settings.

// setData changes a dataset setting: new points, fresh nets.
func (v *trainView) setData(ctx app.Context, key, value string) {
	s := copyScenario(v.s)
	var err error
	if key == "data" {
		s.Config.Data, s.Data.Name = value, value
		if s.Compare != nil {
			s.Compare.Data = value
		}
	} else {
		err = s.Data.Set(key, value)
	}
	if err == nil {
		err = s.Validate()
	}
	if err != nil {
		v.errText = err.Error()
		return
	}
	if key != "features" {
		s.Data.Added = nil // a new set of points: the clicks were on the old one
	}
	v.s, v.errText = s, ""
	v.regenerate()
	for _, r := range v.runners {
		r.data = v.dataName()
		r.stale = false
		r.reset()
	}
	v.replaceURL(ctx)
}

// setFeature turns one input feature on or off (fresh nets read the new
// inputs); the last one stays on.
func (v *trainView) setFeature(ctx app.Context, key string, on bool) {
	keys := slices.DeleteFunc(v.s.Data.Inputs(), func(k string) bool { return k == key })
	if on {
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		v.errText = "Keep at least one input feature on: the network needs something to read."
		return
	}
	v.setData(ctx, "features", strings.Join(keys, ","))
}

// setNet changes a setting of net i and builds it afresh.
func (v *trainView) setNet(ctx app.Context, i int, key, value string) {
	s := copyScenario(v.s)
	c := &s.Config
	if i == 1 {
		c = s.Compare
	}
	err := c.Set(key, value)
	if err == nil {
		err = s.Validate()
	}
	if err != nil {
		v.errText = err.Error()
		return
	}
	v.s, v.errText = s, ""
	r := v.runners[i]
	r.cfg = *c
	r.stale = false
	r.reset()
	v.replaceURL(ctx)
}

// setWeight sends the edited weight to r's worker, which answers with its
// state (and the page then asks for the new net's pictures).
func (v *trainView) setWeight(r *runner, text string) {
	if r.edit == nil {
		return
	}
	w, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil {
		r.err = fmt.Sprintf("%q is not a number: type a weight such as -0.5", text)
		return
	}
	e := *r.edit
	r.send(msg.Request{Kind: msg.SetWeight, Weight: &msg.WeightEdit{Layer: e.Layer, From: e.From, To: e.To, Value: w}})
}

// setRate sets the speed control of every net's worker.
func (v *trainView) setRate(rate float64) {
	v.rate = rate
	for _, r := range v.runners {
		if r.w != nil {
			r.send(msg.Request{Kind: msg.Speed, Rate: rate})
		}
	}
}

// setView sets the regions' switches and repaints.
func (v *trainView) setView(ctx app.Context, view regionView) {
	v.view = view
	v.repaint(ctx)
}

// setCompare adds a second net (a copy of the first) or removes it.
func (v *trainView) setCompare(ctx app.Context, on bool) {
	if on == (v.s.Compare != nil) {
		return
	}
	if !on {
		r := v.runners[1]
		r.w.Close()
		v.runners = v.runners[:1]
		v.s.Compare = nil
	} else {
		c := v.s.Config
		c.Hidden = append([]int(nil), c.Hidden...)
		v.s.Compare = &c
		r := newRunner(prefixes[1], c)
		r.data = v.dataName()
		v.runners = append(v.runners, r)
		if v.mounted {
			v.start(ctx, r)
		}
	}
	v.replaceURL(ctx)
	v.repaint(ctx)
}

// setScenario takes the teacher's title, text and hidden controls.
func (v *trainView) setScenario(ctx app.Context, s classroom.Scenario) error {
	if err := s.Validate(); err != nil {
		v.errText = err.Error()
		return err
	}
	v.s, v.errText = copyScenario(s), ""
	v.replaceURL(ctx)
	return nil
}

func (v *trainView) replaceURL(ctx app.Context) {
	if v.Student {
		return
	}
	u := *ctx.Page().URL()
	u.RawQuery = v.s.Encode()
	ctx.Page().ReplaceURL(&u)
}

func (v *trainView) show(id string) bool { return !v.Student || !v.s.Hidden(id) }

// The plane under the pointer.

// planeAt returns the point of the plane under a pointer event on a
// regions canvas.
func planeAt(e app.Event) (x, y float64, ok bool) {
	ox, oy := e.Get("offsetX"), e.Get("offsetY")
	t := e.Get("target")
	if ox.Type() != app.TypeNumber || oy.Type() != app.TypeNumber || t.IsNull() || t.IsUndefined() {
		return 0, 0, false
	}
	w, h := t.Get("clientWidth"), t.Get("clientHeight")
	if w.Type() != app.TypeNumber || h.Type() != app.TypeNumber || w.Float() <= 0 || h.Float() <= 0 {
		return 0, 0, false
	}
	b := regionsBounds()
	x = b.MinX + ox.Float()/w.Float()*(b.MaxX-b.MinX)
	y = b.MaxY - oy.Float()/h.Float()*(b.MaxY-b.MinY)
	return max(-1, min(1, x)), max(-1, min(1, y)), true
}

// onAddPoint adds a point of the chosen class where the plane was
// clicked.
func (v *trainView) onAddPoint(ctx app.Context, e app.Event) {
	if !v.show("addpoints") || v.set == nil || v.s.Data.Regression() {
		return
	}
	x, y, ok := planeAt(e)
	if !ok {
		return
	}
	p := plane.Point{X: x, Y: y, Class: v.addClass}
	if err := v.set.Add(p); err != nil {
		v.errText = err.Error()
		return
	}
	// The set's spec holds the point now: the link (and the teacher's
	// link) carries it, and the worker trains on the same points.
	v.s.Data.Added = append([]plane.Point(nil), v.set.Spec.Added...)
	v.replaceURL(ctx)
	for _, r := range v.runners {
		r.data = v.dataName()
		if r.running() {
			// Train on at once: a fresh run on the new points.
			r.clear()
			r.send(msg.Request{Kind: msg.Start, Config: r.query()})
			continue
		}
		r.stale = true // the next Train starts afresh with them
		if r.snap != nil {
			if s, err := evaluate(r.snap.net, v.set); err == nil {
				r.snap, r.painted = s, false
			}
		}
	}
	ctx.Defer(func(app.Context) { v.paint() })
}

// onHoverPlane shows the nets' values at the point under the pointer.
func (v *trainView) onHoverPlane(ctx app.Context, e app.Event) {
	x, y, ok := planeAt(e)
	if !ok {
		return
	}
	now := time.Now()
	v.point = fmt.Sprintf("(%.2f, %.2f)", x, y)
	for i, r := range v.runners {
		if r.snap == nil {
			continue
		}
		p := outputsAt(r.snap.net, r.snap.spec, x, y)
		name := "P ="
		if r.snap.net.Spec.Regression() {
			name = "output"
		}
		if i == 0 || len(v.runners) == 1 {
			v.point += ": " + name
		} else {
			v.point += "; second net: " + name
		}
		for _, q := range p {
			v.point += fmt.Sprintf(" %.2f", q)
		}
		r.at = &[2]float64{x, y}
		if now.Sub(r.atSent) >= 50*time.Millisecond {
			r.atSent = now
			_ = r.frame.show(diagram(r.snap.net, r.snap.spec, r.at), canvasmsg.None, canvasmsg.Anim{Phase: canvasmsg.PhaseNone, T: 1})
		}
	}
}

func (v *trainView) onLeavePlane(ctx app.Context, e app.Event) {
	v.point = ""
	for _, r := range v.runners {
		r.at = nil
		if r.snap != nil {
			_ = r.frame.show(diagram(r.snap.net, r.snap.spec, nil), canvasmsg.None, canvasmsg.Anim{Phase: canvasmsg.PhaseNone, T: 1})
		}
	}
}

// onCanvas shows what the network canvas's pointer is over.
func (v *trainView) onCanvas(r *runner, m canvasmsg.Message) {
	if m.Kind == canvasmsg.Click && r.snap != nil {
		// A click on a weight's line opens its editor; anywhere else
		// closes it.
		r.edit = nil
		if m.Edge != nil && m.Edge.Layer < len(r.snap.net.Dense()) {
			e := *m.Edge
			r.edit = &e
		}
		return
	}
	if m.Kind != canvasmsg.Hover || m.Neuron == nil || r.snap == nil {
		return
	}
	n := *m.Neuron
	if n.IsNone() {
		r.netHover = ""
		return
	}
	s := neuronName(r.snap.net.Spec.Sizes(), n)
	if m.Value != nil && r.at != nil {
		s += fmt.Sprintf(" at (%.2f, %.2f): %s", r.at[0], r.at[1], FormatFull(*m.Value))
	}
	if n.Layer > 0 {
		d := r.snap.net.Dense()[n.Layer-1]
		s += fmt.Sprintf("; bias %s", FormatFull(d.B.Data()[n.Index]))
	}
	if n.Layer > 0 && n.Layer < len(r.snap.net.Spec.Sizes())-1 {
		s += fmt.Sprintf(" (map %d of hidden layer %d below)", n.Index+1, n.Layer)
	}
	r.netHover = s
}

// regionsBounds is the part of the plane the regions canvas shows.
func regionsBounds() canvas.Bounds { return canvas.PlaneView() }
