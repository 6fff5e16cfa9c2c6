package lesson

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/canvasmsg"
)

// CanvasURL is the page of the network canvas (wasm/canvas in an iframe).
const CanvasURL = "/web/canvas.html"

// netFrame is the page's end of one network canvas: an <iframe> showing
// CanvasURL, spoken to with app/canvasmsg messages. The canvas may start
// after the page has something to show; it says "ready" when it listens,
// and the frame then sends the last state again.
type netFrame struct {
	id    string // the iframe's element id
	ready bool
	last  *canvasmsg.Message // the last SetNet, sent again on ready
}

// render returns the iframe.
func (f *netFrame) render(title string) app.UI {
	return app.IFrame().ID(f.id).Class("net-frame").Src(CanvasURL).Title(title).Attr("loading", "eager")
}

// show sends the net with its selection and animation (SetNet carries
// all three) and keeps it for a canvas that is not ready yet.
func (f *netFrame) show(n canvasmsg.Net, sel canvasmsg.Neuron, anim canvasmsg.Anim) error {
	m := canvasmsg.Message{Kind: canvasmsg.SetNet, Net: &n, Neuron: &sel, Anim: &anim}
	if _, err := canvasmsg.Encode(m); err != nil {
		return err
	}
	f.last = &m
	f.post(m)
	return nil
}

// sel sends a selection.
func (f *netFrame) sel(n canvasmsg.Neuron) {
	if f.last != nil {
		f.last.Neuron = &n
	}
	f.post(canvasmsg.Message{Kind: canvasmsg.Select, Neuron: &n})
}

// post sends m to the iframe if the canvas listens.
func (f *netFrame) post(m canvasmsg.Message) {
	if !f.ready {
		return
	}
	s, err := canvasmsg.Encode(m)
	if err != nil {
		return
	}
	w := f.window()
	if w == nil {
		return
	}
	w.Call("postMessage", s, origin())
}

// window returns the iframe's window, or nil.
func (f *netFrame) window() app.Value {
	el := app.Window().GetElementByID(f.id)
	if el == nil || el.IsNull() || el.IsUndefined() {
		return nil
	}
	w := el.Get("contentWindow")
	if w.IsNull() || w.IsUndefined() {
		return nil
	}
	return w
}

// from reports whether a window message event came from this frame.
func (f *netFrame) from(ev app.Value) bool {
	w := f.window()
	return w != nil && ev.Get("source").Equal(w)
}

// receive handles a message the canvas posted: on "ready" the last state
// is sent again; the other messages are returned for the page.
func (f *netFrame) receive(data app.Value) (canvasmsg.Message, bool) {
	if data.Type() != app.TypeString {
		return canvasmsg.Message{}, false
	}
	m, err := canvasmsg.Decode(data.String())
	if err != nil || !m.Kind.ToPage() {
		return canvasmsg.Message{}, false
	}
	if m.Kind == canvasmsg.Ready {
		f.ready = true
		if f.last != nil {
			f.post(*f.last)
		}
	}
	return m, true
}

func origin() string {
	if !app.IsClient { // natively, app.Value's Type panics
		return "*"
	}
	o := app.Window().Get("location").Get("origin")
	if o.Type() != app.TypeString || o.String() == "null" {
		return "*"
	}
	return o.String()
}

// listenMessages registers fn for the window's "message" events (from any
// frame; fn checks the source) and returns the function to remove it. A
// panic in fn is recovered: a panic in a JS callback ends the Go program.
func listenMessages(fn func(ev app.Value)) (remove func()) {
	cb := app.FuncOf(func(_ app.Value, args []app.Value) any {
		defer func() { _ = recover() }()
		if len(args) > 0 {
			fn(args[0])
		}
		return nil
	})
	app.Window().Call("addEventListener", "message", cb)
	return func() {
		app.Window().Call("removeEventListener", "message", cb)
		cb.Release()
	}
}

// neuronName describes a neuron of a net with sizes.
func neuronName(sizes []int, n canvasmsg.Neuron) string {
	switch {
	case n.Layer == 0:
		return fmt.Sprintf("input %d", n.Index)
	case n.Layer == len(sizes)-1:
		return fmt.Sprintf("output unit %d (class %d)", n.Index, n.Index)
	}
	return fmt.Sprintf("hidden layer %d, unit %d", n.Layer, n.Index)
}
