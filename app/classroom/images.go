package classroom

import (
	"slices"

	"github.com/backprop-playground/playground/core/train"
)

// An ImageLesson is a ready lesson on the playground's image page (/),
// where a scenario's 2D views do not reach: handwritten digits, their
// templates and a drawing pad. Its link is the playground's address with
// the lesson's key and settings (see Link); the page shows the lesson's
// title and text above its views.
type ImageLesson struct {
	Key, Title, Text string
	Config           train.Config
}

// KeyLesson is the playground link's key that names an ImageLesson.
const KeyLesson = "lesson"

// Link returns the lesson's fragment for the playground: "lesson=KEY&"
// and its settings.
func (l ImageLesson) Link() string { return KeyLesson + "=" + l.Key + "&" + l.Config.Encode() }

// imageLessons are the shipped image lessons, in menu order.
var imageLessons = []func() ImageLesson{digitTemplates}

// ImageLessons returns the shipped image lessons, in menu order.
func ImageLessons() []ImageLesson {
	out := make([]ImageLesson, len(imageLessons))
	for i, f := range imageLessons {
		out[i] = f()
	}
	return out
}

// ImageLessonOf returns the shipped image lesson with the given key.
func ImageLessonOf(key string) (ImageLesson, bool) {
	i := slices.IndexFunc(ImageLessons(), func(l ImageLesson) bool { return l.Key == key })
	if i < 0 {
		return ImageLesson{}, false
	}
	return ImageLessons()[i], true
}

// digitTemplates trains 16 hidden units on the digits sample: few enough
// that each template is big on the page, enough for about 90% of the test
// digits (TestDigitLesson measures it), in a few seconds.
func digitTemplates() ImageLesson {
	c := train.Default()
	c.Data, c.Hidden, c.Activation, c.Init = "digits", []int{16}, "relu", "he"
	c.Optimizer, c.LR, c.Schedule, c.Reg = "adam", 2e-3, "constant", 1e-3
	c.Batch, c.Epochs, c.Sampling, c.Preprocess, c.Precision, c.Seed = 50, 15, "shuffle", "channel", "f32", 1
	return ImageLesson{
		Key:   "digit-templates",
		Title: "What a hidden unit looks for: handwritten digits",
		Text: "Press Train. A network of 16 hidden units learns to read 1,500 handwritten digits in a few seconds. " +
			"Watch the first-layer weights: each of the 16 gray squares is what one hidden unit responds to, light where a stroke " +
			"raises its activation and dark where one lowers it. They start as noise and become pieces of digits: a loop, a bar, a curve.\n\n" +
			"When the run ends, read the confusion matrix: which digits does the network mix up, and do their templates say why? " +
			"Then draw a digit on the pad at the bottom and choose “Yours”: is it read the way you wrote it? " +
			"Try a 7 with a bar, a very thin 1, a digit drawn small in a corner (the page centres it, as MNIST did), and compare with the pretrained model.",
		Config: c,
	}
}
