package app

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/form"
	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/msg"
)

// The classify panel: draw on the pad or upload a picture, see the image
// the net reads (32×32 colour for CIFAR-10; 28×28 gray, prepared as
// MNIST's digits were, for the digits and Fashion-MNIST) and its class
// probabilities, from the current model or the pretrained one. The browser
// decodes pictures (createImageBitmap); Go only checks the file's first
// bytes and averages the pixels down.

// pretrainedURL is where the server offers the pretrained model
// (worker.PretrainedURL; the page does not import the worker's package).
const pretrainedURL = "/data/pretrained.bppmodel"

// Which model classifies.
const (
	useCurrent    = "current"
	usePretrained = "pretrained"
)

// maxBars is how many class probabilities the panel shows at most.
const maxBars = 10

// classifyPanel is the classifier: a component that owns the picture,
// the model it asks (current or pretrained) and the answer. The page
// gives it the dataset's mode and the current model (Model, Gen); when
// the model changes or learns, the panel asks again (OnUpdate).
type classifyPanel struct {
	app.Compo

	Gray  string // the gray dataset chosen in the setup (grayMode), "" for colour pictures
	Model int    // the id of the request that built the current model
	Kind  string // its dataset kind
	Has   bool   // the worker holds a model (playground.hasModel)
	Gen   int    // counts the current model's templates: it learnt since
	Page  classifyPage

	ctx        app.Context
	mounted    bool
	release    func()
	seen       classifyModel // the model the answer follows
	use        string
	image      []byte // the net's input: 3072 bytes, R, G, B planes; or 784 gray bytes (Gray)
	rgba       []byte // the same image as RGBA, for the preview
	source     string // "your drawing" or the file's name
	probs      []float64
	classes    []string
	request    int    // the id of the last prediction asked
	asked      string // the model it asked (use)
	used       string // the model of probs
	busy       bool
	reading    bool // a file is being read and decoded
	err        string
	pretrained availability // whether the server has the pretrained model, once asked
}

// classifyModel is what the classifier's answer follows.
type classifyModel struct{ model, gen int }

// classifyPage is what the classifier asks of the page.
type classifyPage interface {
	send(msg.Request, wire.Reply) int
	// apply takes the events of a request that are the page's.
	apply(msg.Event)
}

var (
	_ app.Composer    = (*classifyPanel)(nil)
	_ app.Initializer = (*classifyPanel)(nil)
	_ app.Mounter     = (*classifyPanel)(nil)
	_ app.Dismounter  = (*classifyPanel)(nil)
	_ app.Updater     = (*classifyPanel)(nil)
)

func (c *classifyPanel) OnInit() { c.use = useCurrent }

// OnMount listens to the pad's strokes and to pictures dropped on it.
func (c *classifyPanel) OnMount(ctx app.Context) {
	c.ctx, c.mounted = ctx, true
	c.release = listenDrop(IDClassifyDrop, func(f fileRef) {
		ctx.Dispatch(func(ctx app.Context) { c.classifyFile(ctx, f) })
	})
	ctx.Handle(actionDrawn, func(app.Context, app.Action) { c.classifyPad() })
	ctx.Handle(actionCleared, func(app.Context, app.Action) { c.clearClassify() })
}

func (c *classifyPanel) OnDismount() {
	c.mounted = false
	if c.release != nil {
		c.release()
	}
}

// OnUpdate follows the current model: a new model's answer is not the
// old one's (the pretrained model's answer stands), and a model that
// learnt answers again.
func (c *classifyPanel) OnUpdate(app.Context) {
	if c.image != nil && (len(c.image) == grayBytes) != (c.Gray != "") {
		c.clearClassify() // a picture prepared for the other kind of image
	}
	m := classifyModel{c.Model, c.Gen}
	if m == c.seen {
		return
	}
	newModel := m.model != c.seen.model
	c.seen = m
	if c.use != useCurrent {
		return
	}
	if newModel {
		c.probs, c.err = nil, ""
	}
	if c.image != nil && c.Has && !c.busy {
		c.predict()
	}
}

// update renders the panel again after an answer of the worker, which
// arrives in the page's dispatch. Natively (in tests) nothing is mounted.
func (c *classifyPanel) update() {
	if c.mounted {
		c.ctx.Update()
	}
}

// grayMode returns the chosen gray dataset's kind (msg.DataDigits, …) if
// the page classifies 28×28 gray images, else "": the panel follows the
// dataset chosen in the setup.
func (p *playground) grayMode() string {
	if kind, _, err := msg.ParseData(p.cfg.Data); err == nil && msg.Gray(kind) {
		return kind
	}
	return ""
}

// classifyPad classifies what is on the drawing pad.
func (c *classifyPanel) classifyPad() {
	rgba, w, h := padPixels(IDClassifyPad)
	if w <= 0 || h <= 0 || len(rgba) != w*h*4 {
		return
	}
	c.setPicture(rgba, w, h, "your drawing")
}

// setPicture makes a w×h RGBA picture the one to classify, as the net of
// the page's mode reads it.
func (c *classifyPanel) setPicture(rgba []byte, w, h int, source string) {
	kind := c.Gray
	if kind == "" {
		c.setImage(downsample(rgba, w, h, imageSide), source)
		return
	}
	img, ok := grayImage(rgba, w, h, kind)
	if !ok {
		c.clearClassify()
		c.err = "Nothing to classify: " + source + " is blank. Draw in white on the black pad."
		return
	}
	c.rgba, c.image, c.source = grayRGBA(img), img, source
	c.err = ""
	c.predict()
}

// classifyFile checks, decodes and classifies a picked or dropped file.
// Reading and decoding wait for the browser, off the UI goroutine.
func (c *classifyPanel) classifyFile(ctx app.Context, f fileRef) {
	// The old picture, its name and its answer go at once: during a slow
	// decode the panel shows that it is reading, and after a failure only
	// the error, never the previous result beside it.
	c.clearClassify()
	c.reading = true
	ctx.Async(func() {
		rgba, w, h, err := readImage(f)
		ctx.Dispatch(func(app.Context) {
			c.reading = false
			if err != nil {
				c.err = err.Error()
				return
			}
			c.setPicture(rgba, w, h, f.name)
		})
	})
}

// readImage returns a file's picture as w×h RGBA (the browser scales a
// large one down), or an error that names the file. It blocks: call it
// from a goroutine.
func readImage(f fileRef) (rgba []byte, w, h int, err error) {
	head, err := readFile(f, sniffLength)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("cannot read %s: %v", f.name, err)
	}
	if _, err := sniffImage(f.name, f.size, head); err != nil {
		return nil, 0, 0, err
	}
	rgba, w, h, err = decodeImage(f)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("cannot decode %s as an image (%v): the file may be damaged", f.name, err)
	}
	if w <= 0 || h <= 0 || len(rgba) != w*h*4 {
		return nil, 0, 0, fmt.Errorf("cannot decode %s: the browser returned no pixels", f.name)
	}
	return rgba, w, h, nil
}

// setImage makes a 32×32 RGBA image the one to classify.
func (c *classifyPanel) setImage(rgba []byte, source string) {
	c.rgba, c.image, c.source = rgba, planesOf(rgba), source
	c.err = ""
	c.predict()
}

// clearClassify forgets the image.
func (c *classifyPanel) clearClassify() {
	c.image, c.rgba, c.probs, c.err, c.source = nil, nil, nil, "", ""
}

// predict asks the chosen model for the image's class probabilities.
func (c *classifyPanel) predict() {
	if c.image == nil {
		return
	}
	if c.use == useCurrent {
		switch {
		case !c.Has:
			c.err, c.probs = "No model yet: press Train (a few seconds of training already beat chance), or choose the pretrained model.", nil
			return
		case c.Kind == msg.DataToy:
			c.err, c.probs = "The current model was trained on the toy problem and cannot read pictures: train on images, or choose the pretrained model.", nil
			return
		}
	}
	if c.use == usePretrained && c.Gray == msg.DataFashionSample || c.use == usePretrained && c.Gray == msg.DataFashion {
		c.err, c.probs = "No pretrained Fashion-MNIST model ships with the playground (the pretrained models read CIFAR-10 and the digits): train one on Fashion-MNIST and choose yours.", nil
		return
	}
	c.busy, c.asked = true, c.use
	c.request = c.Page.send(msg.Request{Kind: msg.Predict, Image: c.image, Pretrained: c.use == usePretrained}, c.onPrediction)
}

// onPrediction handles the answer to a predict request; only the latest
// one's is shown.
func (c *classifyPanel) onPrediction(e msg.Event) {
	switch e.Kind {
	case msg.Prediction:
		c.busy = false
		if e.ID == c.request {
			c.probs, c.classes, c.err = e.Probs, e.Classes, ""
			c.used = c.asked
			if c.used == usePretrained {
				c.pretrained = available
			}
		}
	case msg.Error:
		c.busy = false
		if e.ID == c.request {
			c.err, c.probs = capitalize(e.Err.Message), nil
			if e.Err.Kind == msg.FailUnavailable && c.asked == usePretrained {
				c.pretrained = unavailable
			}
		}
	default:
		c.Page.apply(e)
		return
	}
	c.update()
}

// PretrainedDownload is the size of each shipped pretrained model, by the
// classifier's mode (grayMode: "" for CIFAR-10's colour pictures), as the
// classifier states it before the first use. cmd/serve's
// TestPretrainedDownload checks it against the files the server sends.
var PretrainedDownload = map[string]string{"": "3.3 MB", msg.DataDigits: "1.6 MB"}

// chooseModel switches between the current and the pretrained model.
func (c *classifyPanel) chooseModel(use string) {
	c.use = use
	c.probs, c.err = nil, ""
	c.predict()
}

func (c *classifyPanel) Render() app.UI {
	gray := c.Gray
	hint := "The network sees it as CIFAR-10 does: 32 × 32 pixels."
	pretrainedLabel := "Pretrained on all of CIFAR-10"
	switch gray {
	case msg.DataDigits:
		hint = "Draw a digit in white on black. The network sees it as MNIST's digits were made: scaled into a 20 × 20 box and centred by its centre of mass in 28 × 28 gray pixels."
		pretrainedLabel = "Pretrained on 8,000 MNIST digits"
	case msg.DataFashionSample, msg.DataFashion:
		hint = "Draw a piece of clothing in white on black, or upload a photo (a light background is inverted). The network sees it as Fashion-MNIST does: 28 × 28 gray pixels, the item filling the frame."
		pretrainedLabel = "Pretrained (none ships for Fashion-MNIST)"
	}
	return app.Section().ID(IDClassifyPanel).Class("panel wide").DataSet("mode", cmp.Or(gray, "colour")).Body(
		app.Div().Class("panel-head").Body(app.H2().Text("Classify a picture")),
		app.P().Class("hint").Text("Draw on the pad (it is classified at the end of each stroke), or upload a PNG, JPEG or GIF, or drop one on the pad. "+hint),
		app.Div().Class("classify-grid").Body(
			app.Div().Class("pad-col").Body(
				app.Div().ID(IDClassifyDrop).Class("drop").Body(
					&sketch{Gray: gray != ""},
					app.Div().Class("drop-hint").Text("Drop a picture here"),
				),
				app.Label().Class("button secondary file-button").For(IDClassifyFile).Body(
					app.Text("Upload a picture…"),
					app.Input().Type("file").ID(IDClassifyFile).Class("visually-hidden").
						Accept("image/png,image/jpeg,image/gif,.png,.jpg,.jpeg,.gif").
						OnChange(func(ctx app.Context, e app.Event) {
							if f, ok := inputFile(IDClassifyFile); ok {
								c.classifyFile(ctx, f)
							}
							resetInput(IDClassifyFile) // picking the same file again is a change
						}),
				),
			),
			app.Div().Class("input-col").Body(
				app.H3().Text("What the network sees"),
				c.renderInput(),
				app.FieldSet().Class("model-choice").Body(
					app.Legend().Text("Model"),
					radio(IDClassifyUseCurrent, "classify-model", useCurrent, c.use == useCurrent, "Yours (the current model)", func() { c.chooseModel(useCurrent) }),
					radio(IDClassifyUsePre, "classify-model", usePretrained, c.use == usePretrained, pretrainedLabel, func() { c.chooseModel(usePretrained) }),
					app.If(c.pretrained == unavailable && c.use != usePretrained, func() app.UI {
						return app.P().Class("hint").Text("The pretrained model is not on this server yet.")
					}),
					app.If(c.pretrained == unknown && PretrainedDownload[gray] != "", func() app.UI {
						// Nothing of it is fetched before: a visit
						// that does not use it does not pay for it.
						return app.P().ID(IDClassifyPreNote).Class("hint").
							Text("The pretrained model (" + PretrainedDownload[gray] + ") downloads the first time you use it, and is kept for offline use.")
					}),
				),
			),
			app.Div().Class("probs-col").Body(
				app.H3().Text("Class probabilities"),
				c.renderProbs(),
			),
		),
	)
}

// radio is a labelled radio button.
func radio(id, name, value string, checked bool, label string, onChange func()) app.UI {
	return app.Div().Class("field check").Body(
		form.Checked(app.Input().Type("radio").ID(id).Name(name).Value(value), checked).
			OnChange(func(app.Context, app.Event) { onChange() }),
		app.Label().For(id).Text(label),
	)
}

// renderInput shows the 32×32 image, or what to do to get one.
func (c *classifyPanel) renderInput() app.UI {
	if c.reading {
		return app.Div().ID(IDClassifyInput).Class("input-empty loading").Text("Reading the picture…")
	}
	if c.rgba == nil {
		return app.Div().ID(IDClassifyInput).Class("input-empty").Text("Nothing yet: draw or upload a picture.")
	}
	side := imageSide
	if len(c.image) == grayBytes {
		side = graySide
	}
	size := fmt.Sprintf("%d × %d", side, side)
	return app.Div().Class("input-box").Body(
		&pixels{ID: IDClassifyInput, Class: "input32", Label: "the " + size + " image the network classifies", Side: side, Count: 1, Pixels: c.rgba},
		app.P().Class("muted source").Text(c.source+", "+size+" pixels"),
	)
}

// renderProbs shows the probabilities as bars, the most probable first.
func (c *classifyPanel) renderProbs() app.UI {
	if c.err != "" {
		return app.P().ID(IDClassifyError).Class("error").Text(c.err)
	}
	if len(c.probs) == 0 || len(c.probs) != len(c.classes) {
		text := "The probabilities of the classes appear here."
		if c.busy || c.reading {
			text = "Classifying…"
		}
		return app.P().ID(IDClassifyProbs).Class("empty-box").Text(text)
	}
	order := make([]int, len(c.probs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case c.probs[a] > c.probs[b]:
			return -1
		case c.probs[a] < c.probs[b]:
			return 1
		}
		return 0
	})
	top := order[0]
	// A model of many classes (CIFAR-100's) shows its ten most probable:
	// a hundred bars would bury the answer.
	more := len(order) - maxBars
	if more > 0 {
		order = order[:maxBars]
	}
	model := "your model"
	if c.used == usePretrained {
		model = "the pretrained model"
	}
	return app.Div().Body(
		app.P().ID(IDClassifyTop).Class("verdict").DataSet("class", c.classes[top]).Body(
			app.Text("Looks like "+numfmt.Article(c.classes[top])+" "), app.Strong().Text(c.classes[top]),
			app.Span().Class("muted").Text(fmt.Sprintf(" (%s, says %s)", percent(c.probs[top]), model)),
		),
		app.Ul().ID(IDClassifyProbs).Class("bars").Body(app.Range(order).Slice(func(k int) app.UI {
			i := order[k]
			return barRow(c.classes[i], c.probs[i], "classify-prob-"+c.classes[i], i == top)
		})),
		app.If(more > 0, func() app.UI {
			return app.P().ID(IDClassifyMore).Class("hint").Text(fmt.Sprintf("The %s most probable of the model's %s classes.", formatCount(maxBars), formatCount(len(c.probs))))
		}),
	)
}
