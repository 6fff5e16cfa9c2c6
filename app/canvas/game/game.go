//go:build js && wasm

package game

import (
	"fmt"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/app/canvasmsg"
)

// Game is the ebiten Game of the network canvas.
type Game struct {
	scene  *canvas.Scene
	link   *link
	w, h   int
	drawn  bool // the screen holds the scene's last frame
	inside bool // the pointer is over the iframe
}

var _ ebiten.Game = (*Game)(nil)

// Run starts listening to the page and runs the canvas until the page
// goes away; it returns ebiten's error.
func Run() error {
	g := &Game{scene: canvas.NewScene(1, 1), inside: true}
	g.link = listen(func(inside bool) { g.inside = inside })
	// The page, not the iframe, usually has the focus: keep running.
	ebiten.SetRunnableOnUnfocused(true)
	// Draw repaints only when the scene changed, so keep what is on screen.
	ebiten.SetScreenClearedEveryFrame(false)
	g.link.post(canvasmsg.Message{Kind: canvasmsg.Ready})
	return ebiten.RunGame(g)
}

// Update applies the page's messages, the pointer and one tick of the
// animation. A panic is reported to the page, not allowed to end the
// program.
func (g *Game) Update() error {
	defer g.recover()
	for _, raw := range g.link.drain() {
		g.link.post(g.scene.Handle(raw)...)
	}
	x, y := ebiten.CursorPosition()
	g.link.post(g.scene.Pointer(float64(x), float64(y), g.inside)...)
	for _, p := range g.link.pressed() {
		g.link.post(g.scene.Press(p[0], p[1])...)
	}
	if tps := ebiten.TPS(); tps > 0 {
		g.scene.Tick(1 / float64(tps))
	}
	return nil
}

// recover reports a panic to the page instead of letting it end the
// program (and every later message with it).
func (g *Game) recover() {
	if r := recover(); r != nil {
		g.link.post(canvasmsg.Message{Kind: canvasmsg.Error, Error: fmt.Sprintf("canvas: internal error: %v", r)})
	}
}

// Draw copies the scene's pixels to the screen if they changed.
func (g *Game) Draw(screen *ebiten.Image) {
	defer g.recover()
	img, changed := g.scene.Frame()
	if changed || !g.drawn {
		screen.WritePixels(img.Pix)
		g.drawn = true
	}
}

// Layout draws at the device's pixel density: the screen is the iframe's
// size in device pixels, so lines stay sharp on high-density displays.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	scale := 1.0
	if m := ebiten.Monitor(); m != nil {
		scale = m.DeviceScaleFactor()
	}
	w, h := int(float64(outsideWidth)*scale), int(float64(outsideHeight)*scale)
	if w != g.w || h != g.h {
		g.w, g.h, g.drawn = w, h, false
		g.scene.Resize(w, h, scale)
	}
	return max(w, 1), max(h, 1)
}

// link is the postMessage channel to the page, and the presses of the
// pointer.
type link struct {
	parent  js.Value
	origin  string
	inbox   chan string
	presses chan [2]float64
}

// listen starts taking the parent page's messages (those canvas.html
// queued before Go started first) and reports when the pointer enters or
// leaves the iframe.
func listen(pointer func(inside bool)) *link {
	win := js.Global()
	origin := win.Get("location").Get("origin").String()
	if origin == "null" { // a file: URL; postMessage wants "*" then
		origin = "*"
	}
	l := &link{parent: win.Get("parent"), origin: origin, inbox: make(chan string, 256), presses: make(chan [2]float64, 16)}
	accept := func(ev js.Value) {
		if !ev.Get("source").Equal(l.parent) || (l.origin != "*" && ev.Get("origin").String() != l.origin) {
			return
		}
		if data := ev.Get("data"); data.Type() == js.TypeString {
			select {
			case l.inbox <- data.String():
			default: // a flooded inbox drops messages rather than block the event loop
			}
		}
	}
	// The callbacks run on the JS event loop: they must neither block nor
	// panic (a panic there ends the Go program), so they only queue.
	win.Call("addEventListener", "message", js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer func() { recover() }()
		if len(args) > 0 {
			accept(args[0])
		}
		return nil
	}))
	if q := win.Get("canvasInbox"); q.Type() == js.TypeObject {
		for i := range q.Length() {
			accept(q.Index(i))
		}
	}
	win.Set("canvasInbox", js.Null()) // canvas.html stops queueing
	// Leaving the iframe is a mouseout without a relatedTarget.
	doc := win.Get("document")
	doc.Call("addEventListener", "mouseout", js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer func() { recover() }()
		if len(args) > 0 && args[0].Get("relatedTarget").IsNull() {
			pointer(false)
		}
		return nil
	}))
	doc.Call("addEventListener", "mousemove", js.FuncOf(func(js.Value, []js.Value) any { pointer(true); return nil }))
	// Presses (mouse, touch, pen) are taken from the events rather than
	// from ebiten's per-tick button state, which misses a click whose
	// press and release fall between two ticks of a busy page. Positions
	// are in device pixels, as Game.Layout's screen.
	doc.Call("addEventListener", "pointerdown", js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer func() { recover() }()
		if len(args) == 0 {
			return nil
		}
		ev, dpr := args[0], win.Get("devicePixelRatio")
		scale := 1.0
		if dpr.Type() == js.TypeNumber && dpr.Float() > 0 {
			scale = dpr.Float()
		}
		if x, y := ev.Get("clientX"), ev.Get("clientY"); x.Type() == js.TypeNumber && y.Type() == js.TypeNumber {
			select {
			case l.presses <- [2]float64{x.Float() * scale, y.Float() * scale}:
			default:
			}
		}
		return nil
	}))
	return l
}

// drain returns the queued messages.
func (l *link) drain() []string {
	var out []string
	for {
		select {
		case s := <-l.inbox:
			out = append(out, s)
		default:
			return out
		}
	}
}

// pressed returns the queued presses.
func (l *link) pressed() [][2]float64 {
	var out [][2]float64
	for {
		select {
		case p := <-l.presses:
			out = append(out, p)
		default:
			return out
		}
	}
}

// post sends messages to the parent page; a message that cannot be
// encoded becomes an Error. Outside an iframe there is no page to tell.
func (l *link) post(ms ...canvasmsg.Message) {
	if l.parent.Equal(js.Global()) {
		return
	}
	for _, m := range ms {
		s, err := canvasmsg.Encode(m)
		if err != nil {
			s, _ = canvasmsg.Encode(canvasmsg.Message{Kind: canvasmsg.Error, Error: err.Error()})
		}
		l.parent.Call("postMessage", s, l.origin)
	}
}
