package app

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/form"
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

// classifyState is the panel's state.
type classifyState struct {
	use     string
	image   []byte // the net's input: 3072 bytes, R, G, B planes; or 784 gray bytes (grayMode)
	rgba    []byte // the same image as RGBA, for the preview
	source  string // "your drawing" or the file's name
	probs   []float64
	classes []string
	request int    // the id of the last prediction asked
	asked   string // the model it asked (use)
	used    string // the model of probs
	busy    bool
	reading bool // a file is being read and decoded
	err     string
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
func (p *playground) classifyPad() {
	rgba, w, h := padPixels(IDClassifyPad)
	if w <= 0 || h <= 0 || len(rgba) != w*h*4 {
		return
	}
	p.setPicture(rgba, w, h, "your drawing")
}

// setPicture makes a w×h RGBA picture the one to classify, as the net of
// the page's mode reads it.
func (p *playground) setPicture(rgba []byte, w, h int, source string) {
	kind := p.grayMode()
	if kind == "" {
		p.setImage(downsample(rgba, w, h, imageSide), source)
		return
	}
	img, ok := grayImage(rgba, w, h, kind)
	if !ok {
		p.clearClassify()
		p.classify.err = "Nothing to classify: " + source + " is blank. Draw in white on the black pad."
		return
	}
	p.classify.rgba, p.classify.image, p.classify.source = grayRGBA(img), img, source
	p.classify.err = ""
	p.predict()
}

// classifyFile checks, decodes and classifies a picked or dropped file.
// Reading and decoding wait for the browser, off the UI goroutine.
func (p *playground) classifyFile(ctx app.Context, f fileRef) {
	// The old picture, its name and its answer go at once: during a slow
	// decode the panel shows that it is reading, and after a failure only
	// the error, never the previous result beside it.
	p.clearClassify()
	p.classify.reading = true
	ctx.Async(func() {
		rgba, w, h, err := readImage(f)
		ctx.Dispatch(func(app.Context) {
			p.classify.reading = false
			if err != nil {
				p.classify.err = err.Error()
				return
			}
			p.setPicture(rgba, w, h, f.name)
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
func (p *playground) setImage(rgba []byte, source string) {
	p.classify.rgba, p.classify.image, p.classify.source = rgba, planesOf(rgba), source
	p.classify.err = ""
	p.predict()
}

// clearClassify forgets the image.
func (p *playground) clearClassify() {
	p.classify.image, p.classify.rgba, p.classify.probs, p.classify.err, p.classify.source = nil, nil, nil, "", ""
}

// predict asks the chosen model for the image's class probabilities.
func (p *playground) predict() {
	c := &p.classify
	if c.image == nil {
		return
	}
	if c.use == useCurrent {
		switch {
		case !p.hasModel():
			c.err, c.probs = "No model yet: press Train (a few seconds of training already beat chance), or choose the pretrained model.", nil
			return
		case p.modelKind() == msg.DataToy:
			c.err, c.probs = "The current model was trained on the toy problem and cannot read pictures: train on images, or choose the pretrained model.", nil
			return
		}
	}
	if c.use == usePretrained && p.grayMode() == msg.DataFashionSample || c.use == usePretrained && p.grayMode() == msg.DataFashion {
		c.err, c.probs = "No pretrained Fashion-MNIST model ships with the playground (the pretrained models read CIFAR-10 and the digits): train one on Fashion-MNIST and choose yours.", nil
		return
	}
	c.busy, c.asked = true, c.use
	c.request = p.send(msg.Request{Kind: msg.Predict, Image: c.image, Pretrained: c.use == usePretrained}, p.onPrediction)
}

// onPrediction handles the answer to a predict request; only the latest
// one's is shown.
func (p *playground) onPrediction(e msg.Event) {
	c := &p.classify
	switch e.Kind {
	case msg.Prediction:
		c.busy = false
		if e.ID == c.request {
			c.probs, c.classes, c.err = e.Probs, e.Classes, ""
			c.used = c.asked
			if c.used == usePretrained {
				p.pretrained = available
			}
		}
	case msg.Error:
		c.busy = false
		if e.ID == c.request {
			c.err, c.probs = capitalize(e.Err.Message), nil
			if e.Err.Kind == msg.FailUnavailable && c.asked == usePretrained {
				p.pretrained = unavailable
			}
		}
	default:
		p.apply(e)
	}
}

// chooseModel switches between the current and the pretrained model.
func (p *playground) chooseModel(use string) {
	p.classify.use = use
	p.classify.probs, p.classify.err = nil, ""
	p.predict()
}

func (p *playground) renderClassifyPanel() app.UI {
	c := p.classify
	gray := p.grayMode()
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
								p.classifyFile(ctx, f)
							}
							resetInput(IDClassifyFile) // picking the same file again is a change
						}),
				),
			),
			app.Div().Class("input-col").Body(
				app.H3().Text("What the network sees"),
				p.renderInput(),
				app.FieldSet().Class("model-choice").Body(
					app.Legend().Text("Model"),
					radio(IDClassifyUseCurrent, "classify-model", useCurrent, c.use == useCurrent, "Yours (the current model)", func() { p.chooseModel(useCurrent) }),
					radio(IDClassifyUsePre, "classify-model", usePretrained, c.use == usePretrained, pretrainedLabel, func() { p.chooseModel(usePretrained) }),
					app.If(p.pretrained == unavailable && c.use != usePretrained, func() app.UI {
						return app.P().Class("hint").Text("The pretrained model is not on this server yet.")
					}),
				),
			),
			app.Div().Class("probs-col").Body(
				app.H3().Text("Class probabilities"),
				p.renderProbs(),
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
func (p *playground) renderInput() app.UI {
	c := p.classify
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
func (p *playground) renderProbs() app.UI {
	c := p.classify
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
