package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/form"
)

// Actions a sketch posts to the page.
const (
	actionDrawn   = "/classify/drawn"   // a stroke ended or the pad was filled
	actionCleared = "/classify/cleared" // the pad was cleared
)

// palette is the drawing colours: black, white and the colours of
// CIFAR-10's usual backgrounds and subjects (sky, grass, fur, paint).
var palette = []struct{ name, hex string }{
	{"black", "#111111"}, {"white", "#ffffff"}, {"grey", "#8a8f98"}, {"red", "#d62728"},
	{"orange", "#f28e2b"}, {"yellow", "#f2c318"}, {"green", "#3a9d3a"}, {"dark green", "#1e5d2f"},
	{"sky blue", "#86c5ee"}, {"blue", "#1f4fbf"}, {"brown", "#8c564b"}, {"sand", "#d8c29a"},
}

// sketch is the drawing pad with its palette and brush. The pointer draws
// on the canvas through listeners in the browser (browser_js.go): a stroke
// costs no Go render. The colour and brush reach those listeners through
// the canvas's data-color and data-brush attributes. At the end of each
// stroke the sketch posts actionDrawn; the page reads the pad's pixels.
//
// With Gray (digit mode) the pad is black and the pen white, as MNIST's
// digits are, with no palette: a switch of mode clears the pad.
type sketch struct {
	app.Compo

	Gray bool // digit mode: white on black

	colour  int  // index in palette
	brush   int  // px on the 256 px pad
	filled  bool // the pad's background is Gray's
	release func()
}

var (
	_ app.Mounter    = (*sketch)(nil)
	_ app.Dismounter = (*sketch)(nil)
	_ app.Updater    = (*sketch)(nil)
)

// Pen widths: MNIST's strokes are 2-3 pixels of 28, about 22 on the pad.
const (
	colourBrush = 18
	grayBrush   = 22
)

func (s *sketch) OnInit() { s.brush = colourBrush }

func (s *sketch) OnMount(ctx app.Context) {
	s.clearPad()
	s.release = listenPad(IDClassifyPad, func() { ctx.NewAction(actionDrawn) })
}

// OnUpdate clears the pad when the mode changes.
func (s *sketch) OnUpdate(ctx app.Context) {
	if s.filled != s.Gray {
		s.brush = map[bool]int{true: grayBrush, false: colourBrush}[s.Gray]
		ctx.Defer(func(app.Context) { s.clearPad() })
	}
}

// background and pen are the pad's colours in the current mode.
func (s *sketch) background() string {
	if s.Gray {
		return "#000000"
	}
	return "#ffffff"
}

func (s *sketch) pen() string {
	if s.Gray {
		return "#ffffff"
	}
	return palette[s.colour].hex
}

func (s *sketch) clearPad() {
	padFill(IDClassifyPad, s.background())
	s.filled = s.Gray
}

func (s *sketch) OnDismount() {
	if s.release != nil {
		s.release()
	}
}

// Render returns the tools and the pad.
func (s *sketch) Render() app.UI {
	return app.Div().Class("sketch").Body(
		app.Canvas().ID(IDClassifyPad).Class("pad").Width(padSide).Height(padSide).
			DataSet("color", s.pen()).DataSet("brush", s.brush).DataSet("mode", map[bool]string{true: "gray", false: "colour"}[s.Gray]).
			Aria("label", "drawing pad: draw with the mouse, a pen or a finger").Attr("role", "img"),
		app.If(!s.Gray, s.renderPalette),
		app.Div().Class("pad-tools").Body(
			app.Label().For(IDClassifyBrush).Class("inline").Text("Brush"),
			app.Input().Type("range").ID(IDClassifyBrush).Min(2).Max(60).Value(strconv.Itoa(s.brush)).
				OnInput(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil && n >= 2 && n <= 60 {
						s.brush = n
					}
				}),
			app.If(!s.Gray, func() app.UI {
				return app.Button().ID(IDClassifyFill).Class("secondary small").Title("Fill the pad with the colour (a sky, a lawn…)").Text("Fill").
					OnClick(func(ctx app.Context, _ app.Event) {
						padFill(IDClassifyPad, palette[s.colour].hex)
						ctx.NewAction(actionDrawn)
					})
			}),
			app.Button().ID(IDClassifyClear).Class("secondary small").Text("Clear").
				OnClick(func(ctx app.Context, _ app.Event) {
					s.clearPad()
					ctx.NewAction(actionCleared)
				}),
		),
	)
}

// renderPalette returns the colour swatches.
func (s *sketch) renderPalette() app.UI {
	return app.Div().ID(IDClassifyColors).Class("palette").Attr("role", "radiogroup").Aria("label", "colour").Body(
		app.Range(palette).Slice(func(i int) app.UI {
			c := palette[i]
			return form.AriaChecked(app.Button().ID(IDClassifyColor(i)).Class("swatch").Class(activeClass(i == s.colour)).
				Style("--swatch", c.hex).Title(c.name).Aria("label", c.name).Attr("role", "radio"), i == s.colour).
				OnClick(func(app.Context, app.Event) { s.colour = i })
		}),
	)
}
