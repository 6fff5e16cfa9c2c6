package app

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/core/schema"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// Settings: the page's train.Config, how a link (the URL fragment) carries
// it, the presets, and the form's controls. Everything here is plain Go,
// tested natively.

// Page-level keys of a link, besides train.Fields: train=1 (or
// autostart=1) starts training as soon as the page has loaded the data.
const (
	keyTrain     = "train"
	keyAutostart = "autostart"
)

// preset is a named configuration for image data.
type preset struct {
	id    string // element id of its button
	name  string
	about string
	apply func(c train.Config) train.Config // keeps c.Data
}

// presets are offered above the form. Each one sets every field (from
// train.Default), so that a preset means the same whatever was set before.
var presets = []preset{
	{IDPresetReportDefault, "Report: default run",
		"The report's first run: 50 hidden units, 1000 iterations of batch 200, SGD with lr 1e-4 decayed by 0.95 per 49,000 images (an epoch of the full CIFAR-10), reg 0.25, std 1e-4, mean image subtracted. On a smaller set the decay per epoch is scaled so that the rate follows the report's: about 30% validation accuracy on the sample.",
		func(c train.Config) train.Config {
			r := withData(train.Default(), c.Data)
			r.Decay = reportDecay(0.95, c.Data)
			return r
		}},
	{IDPresetReportBest, "Report: best model",
		"The report's best model from its search: 80 hidden units, batch 1000, lr 0.0015 decayed by 0.8 per 49,000 images, reg 0.29, 4500 iterations (92 passes over the full CIFAR-10). On a smaller set the decay is scaled as for the default run and the run is the report's 92 epochs, not its 4500 steps: on the sample 230 steps, about 38% validation accuracy, where 4500 would take 20 times as long and overfit.",
		reportBest},
	{IDPresetBestKnown, "Best known",
		"What learns best in the browser on the sample, measured: 100 ReLU units, the report's small init, Adam (lr 1e-3), reg 0.01, per-channel standardization and random horizontal flips, 20 epochs, fast (float32) arithmetic. About 46% validation accuracy after 500 steps, and colourful templates.",
		bestKnown},
	{IDPresetFastest50, "Fastest to 50%",
		"The quickest way measured to 50% test accuracy, on the full CIFAR-10 (which the server must offer): 100 ReLU units with He's init, Adam (lr 3e-3) on a cosine schedule, reg 3e-3, shuffled batches of 200, per-channel standardization, random horizontal flips, 3 epochs (735 steps), fast (float32) arithmetic: about 51% on the 10,000 test images.",
		fastest50},
}

// reportBest is the report's best model. On the full CIFAR-10 it is the
// report's run bit for bit: 4,500 steps of 1,000 images, about 92 epochs.
// On a smaller set the rate falls per image seen as in the report
// (reportDecay) and the run is the report's 92 epochs (reportEpochs): on
// the 2,500-image sample, 4,500 steps would be 1,800 passes, 20 times the
// report's, 45 minutes in a browser, overfitting after the first few
// hundred (measured natively: validation 0.38 at step 230, 0.40 at 350 and
// falling by 600 while training accuracy climbs past 0.6). The report's
// unscaled 0.8 per epoch of 2.5 steps instead leaves the net at 20%.
func reportBest(c train.Config) train.Config {
	r := withData(train.Default(), c.Data)
	r.Hidden, r.Batch, r.LR, r.Reg, r.Iters = []int{80}, 1000, 0.0015, 0.29, 4500
	r.Decay = reportDecay(0.8, c.Data)
	r.Epochs = reportEpochs(r.Iters, r.Batch, c.Data)
	return r
}

// reportEpochs returns 0 (train the report's iters steps) on the full
// CIFAR-10 and the epochs that those steps of batch make on the full
// set's 49,000 training images, rounded, on any other image set.
func reportEpochs(iters, batch int, data string) int {
	if n := msg.TrainSize(data); n <= 0 || n == msg.CIFARTrain {
		return 0
	}
	return int(math.Round(float64(iters) * float64(batch) / msg.CIFARTrain))
}

// fastest50 reaches 50% test accuracy on the full CIFAR-10 in the fewest
// floating-point operations measured (docs/experiments.md, "Fastest to
// 50%": natively, 3 epochs of 3072-100-10 at lr 3e-3 scored 0.511 and
// 0.506 on all 10,000 test images with seeds 0 and 1, lr 2e-3 and 4e-3
// 0.506 and 0.507; 2 epochs 0.489, 64 units 0.497 after 3 epochs and
// 0.512 and about 0.50 after 4, 50 units 0.491, batch 500 0.490). The
// cosine schedule makes the run's last model its best, which the page
// evaluates when the run ends. Unlike the other presets it sets the
// dataset too: the sample cannot reach 50%.
func fastest50(c train.Config) train.Config {
	r := withData(train.Default(), msg.CanonicalData(msg.DataCIFAR))
	r.Hidden, r.Init, r.Optimizer, r.LR, r.Schedule, r.Reg, r.Batch = []int{100}, "he", "adam", 3e-3, "cosine", 3e-3, 200
	r.Epochs, r.Sampling, r.Preprocess, r.FlipH, r.Precision = 3, "shuffle", "channel", true, "f32"
	return r
}

// reportDecay returns the report's learning-rate factor per epoch of its
// 49,000 training images as a factor per epoch of data's training set,
// decay^(N/49000), so that the rate falls with the images seen as in the
// report: on the 2,500-image sample the report's 0.95 per epoch would be
// 0.95 per 12.5 steps, and the rate would be gone before the net learns.
// On the full set it is the report's own factor, bit for bit.
func reportDecay(decay float64, data string) float64 {
	n := msg.TrainSize(data)
	if n <= 0 || n == msg.CIFARTrain {
		return decay
	}
	// Round to 4 significant digits, so that the link stays readable.
	v, _ := strconv.ParseFloat(strconv.FormatFloat(math.Pow(decay, float64(n)/msg.CIFARTrain), 'g', 4, 64), 64)
	return v
}

// scheduleWarning says, in a sentence, when c's step schedule would take
// the learning rate below 1/1,000 of its start before half of the run on n
// training images (it then learns little for the rest), or returns "".
// Epochs are counted as core/train counts them (by images seen; the
// notebook's rule, which fires at step 0, where batch divides n).
func scheduleWarning(c train.Config, n int) string {
	if c.Schedule != "step" || !(c.Decay < 1) || c.Decay <= 0 || n <= 0 || c.Batch <= 0 {
		return ""
	}
	total := c.Iters
	if c.Epochs > 0 {
		total = int(math.Ceil(float64(c.Epochs) * math.Max(float64(n)/float64(c.Batch), 1)))
	}
	// Epochs needed for decay^e < 1e-3, and the step that ends the last.
	e := int(math.Floor(math.Log(1e-3)/math.Log(c.Decay))) + 1
	notebook := c.Sampling != "shuffle" && (n%c.Batch == 0 || n < c.Batch)
	var step int // the step (from 1) after which the rate is below
	if notebook {
		step = (e-1)*max(n/c.Batch, 1) + 1
	} else {
		step = int(math.Ceil(float64(e) * float64(n) / float64(c.Batch)))
	}
	if float64(step) >= float64(total)/2 {
		return ""
	}
	return fmt.Sprintf("With a decay of %s per epoch and an epoch every %s steps, the learning rate falls below 1/1,000 of its start after step %s of %s: the rest of the run barely moves. Raise the decay or use the cosine schedule.",
		numfmt.Float(c.Decay, 4), numfmt.Float(float64(n)/float64(c.Batch), 3), numfmt.Int(step), numfmt.Int(total))
}

// bestKnown is the strongest quick configuration measured on the sample
// (docs/playground.md has the sweep): about 46% validation and 38% test
// accuracy after 500 steps, with smooth colour templates (He's init
// learned as well but its templates stay noisy).
func bestKnown(c train.Config) train.Config {
	r := withData(train.Default(), c.Data)
	r.Hidden, r.Init, r.Std, r.Optimizer, r.LR, r.Decay, r.Reg, r.Batch, r.Epochs = []int{100}, "std", 1e-4, "adam", 1e-3, 0.9, 0.01, 100, 20
	r.Preprocess, r.FlipH, r.Precision = "channel", flipsHelp(c.Data), "f32"
	return r
}

// flipsHelp reports whether random horizontal flips help on the dataset:
// on CIFAR-10's photos (a mirrored horse is a horse), not on digits or
// clothes drawn one way (a mirrored 3 is no 3).
func flipsHelp(data string) bool {
	kind, _, _ := msg.ParseData(data)
	return !msg.Gray(kind)
}

func withData(c train.Config, data string) train.Config {
	c.Data = data
	return c
}

// pageDefaults returns the settings the page starts from for the dataset
// data: the toy problem's own (msg.Defaults), else the Best known preset,
// so that pressing Train on a fresh page learns quickly. A link's keys
// change these.
func pageDefaults(data string) train.Config {
	if kind, _, _ := msg.ParseData(data); kind == msg.DataToy {
		return msg.Defaults(data)
	}
	return bestKnown(msg.Defaults(data))
}

// fieldError is a bad setting: its key as links spell it and a message
// for people.
type fieldError struct {
	Field string
	Text  string
}

// link is what a URL fragment says.
type link struct {
	cfg       train.Config
	autostart bool
	given     bool // the fragment had settings
	errs      []fieldError
	lesson    *classroom.ImageLesson // the lesson it opens, if any
}

// linkFields are the page's own keys of a link, beside train.Fields.
var linkFields = schema.Fields[link]{
	{Key: keyTrain, Usage: "1: start training once the data is loaded", Get: func(*link) string { return "" }, Set: setAutostart(keyTrain)},
	{Key: keyAutostart, Usage: "the same as train", Get: func(*link) string { return "" }, Set: setAutostart(keyAutostart)},
	{Key: classroom.KeyLesson, Usage: "a classroom lesson on images: its text above the page, its settings under the link's", Get: func(*link) string { return "" },
		Set: func(l *link, v string) error {
			ls, ok := classroom.ImageLessonOf(v)
			if !ok {
				return &nn.ConfigError{Field: classroom.KeyLesson, Value: strconv.Quote(v), Reason: "no such lesson (the classroom page lists them)"}
			}
			l.lesson = &ls
			return nil
		}},
}

func setAutostart(key string) func(l *link, v string) error {
	return func(l *link, v string) error {
		on, err := strconv.ParseBool(v)
		if err != nil {
			return &nn.ConfigError{Field: key, Value: strconv.Quote(v), Reason: "want 1 or 0"}
		}
		l.autostart = l.autostart || on
		return nil
	}
}

// parseLink reads a fragment such as "lr=1e-3&hidden=100&train=1" (with or
// without "#") over pageDefaults of its data= (the sample if absent). It
// never fails: a key it cannot use is reported in errs, naming the key,
// and the rest of the link still applies (the schema's ParseLenient). A
// setting that parses but does not work (msg.CheckConfig) is dropped the
// same way, back to its default.
func parseLink(fragment string) link {
	l := link{cfg: pageDefaults(msg.DataSample)}
	if strings.TrimSpace(strings.TrimLeft(fragment, "#?")) == "" {
		return l
	}
	l.given = true
	values, err := schema.Values(fragment)
	if err != nil {
		l.errs = append(l.errs, fieldError{"link", fmt.Sprintf("the link's settings cannot be read (%v); using the defaults", err)})
		return l
	}
	bad := func(errs ...schema.KeyError) {
		for _, e := range errs {
			l.errs = append(l.errs, fieldError{e.Key, linkErrorText(e.Key, e.Err)})
		}
	}
	bad(linkFields.ParseLenient(values, &l)...)
	// The dataset first: the other keys change its defaults (a lesson's
	// settings, for a lesson's link).
	data := msg.DataSample
	if l.lesson != nil {
		data = l.lesson.Config.Data
	}
	if vs, ok := values["data"]; ok {
		delete(values, "data")
		if !playgroundData(vs[0]) {
			bad(schema.KeyError{Key: "data", Err: &nn.ConfigError{Field: "data", Value: strconv.Quote(vs[0]), Reason: msg.DataNamesWanted}})
		} else {
			data = msg.CanonicalData(vs[0])
		}
	}
	base := pageDefaults(data)
	if l.lesson != nil && data == l.lesson.Config.Data {
		base = l.lesson.Config
	}
	c := base
	c.Hidden = slices.Clone(base.Hidden)
	given := map[string]bool{}
	for k := range values {
		given[k] = true
	}
	errs := train.Fields.ParseLenient(values, &c)
	for _, e := range errs {
		delete(given, e.Key)
	}
	bad(errs...)
	keys := slices.Sorted(maps.Keys(values))
	for _, k := range keys {
		l.errs = append(l.errs, fieldError{k, fmt.Sprintf("the link has an unknown setting %q; it is ignored", k)})
	}
	// Settings that parse but cannot work go back to their defaults, one
	// at a time, naming each.
	for range train.Fields {
		err := msg.CheckConfig(c)
		if err == nil {
			break
		}
		var ce *nn.ConfigError
		key := ""
		if errors.As(err, &ce) {
			key = train.KeyOf(ce.Field)
		}
		if !given[key] {
			// Not one key's fault (a combination): back to the defaults.
			l.errs = append(l.errs, fieldError{"link", fmt.Sprintf("the link's settings do not work together (%v); using the defaults", err)})
			c = base
			break
		}
		bad(schema.KeyError{Key: key, Err: err})
		v, _ := base.Get(key)
		c.Hidden = slices.Clone(c.Hidden)
		if err := c.Set(key, v); err != nil {
			panic("app: the default of " + key + " does not parse: " + err.Error()) // a bug in train.Fields
		}
		delete(given, key)
	}
	l.cfg = c
	return l
}

// playgroundData reports whether the page trains on the dataset: the toy
// problem, CIFAR-10 (sample or full), the digits or Fashion-MNIST (sample
// or full); the worker knows the 2D sets too, for the classroom pages.
func playgroundData(name string) bool {
	kind, _, err := msg.ParseData(name)
	return err == nil && kind != msg.DataPlane
}

// linkErrorText says what is wrong with a key of a link, naming it.
func linkErrorText(key string, err error) string {
	var ce *nn.ConfigError
	if errors.As(err, &ce) {
		if strings.HasPrefix(ce.Reason, "given ") { // schema.ParseLenient's repeated key
			return fmt.Sprintf("the link's %s is %s", key, ce.Reason)
		}
		return fmt.Sprintf("the link sets %s to %v, which does not work: %s; using the default instead", key, ce.Value, ce.Reason)
	}
	return fmt.Sprintf("the link's %s: %v; using the default instead", key, err)
}

// linkOf returns the fragment (without "#") that carries c: every field
// of the schema, in order, so that a link means the same even if the
// page's defaults change later.
func linkOf(c train.Config) string {
	return c.Encode()
}

// Controls of the setup form: the keys of train.Fields in groups, with
// what the page adds (units, image-only). Labels, choices and when a
// setting applies are the schema's; app/form renders them.

// control is one setting in the form: a key of train.Fields.
type control struct {
	key    string
	unit   string // shown after the label, e.g. "px"
	images bool   // only for image data
}

// controlGroup is a titled group of controls.
type controlGroup struct {
	title    string
	controls []control
}

// controlGroups is the form, in order. The data= setting has its own
// control (a dataset choice with a size), and pca= has none: the browser
// does not fit PCA.
var controlGroups = []controlGroup{
	{"Network", []control{
		{key: "hidden", unit: "units, e.g. 100 or 200,100"},
		{key: "act"},
		{key: "init"},
		{key: "std"},
		{key: "dropout", unit: "probability"},
	}},
	{"Optimizer", []control{
		{key: "opt"},
		{key: "lr"},
		{key: "schedule"},
		{key: "decay"},
		{key: "momentum"},
		{key: "reg"},
	}},
	{"Training", []control{
		{key: "batch", unit: "examples"},
		{key: "iters"},
		{key: "epochs", unit: "0: use iterations"},
		{key: "sampling"},
		{key: "patience", unit: "epochs (0: off)"},
		{key: "seed"},
		{key: "precision"},
	}},
	{"Images", []control{
		{key: "pre", images: true},
		{key: "fliph", images: true},
		{key: "flipv", images: true},
		{key: "shift", unit: "pixels (0-16)", images: true},
	}},
}

// field returns the schema field of a key (a bug if there is none).
func field(key string) train.Field {
	f, ok := train.Fields.Lookup(key)
	if !ok {
		panic("app: no setting " + key + " in train.Fields")
	}
	return f
}

// dataset choices of the form.
const (
	choiceToy     = msg.DataToy
	choiceSample  = msg.DataSample
	choiceCIFAR   = msg.DataCIFAR
	choiceDigits  = msg.DataDigits
	choiceFashion = msg.DataFashionSample
	choiceFull    = msg.DataFashion
)

// fullSizes are the training-set sizes offered for a full set.
var fullSizes = map[string][]int{
	msg.DataCIFAR:   {1000, 5000, 10000, 20000, msg.CIFARTrain},
	msg.DataFashion: {1000, 5000, 10000, 30000, msg.FashionTrain},
}

// sizesWith returns the sizes of the full set kind with n among them, in
// order: a link's cifar:123 is shown as 123, not as the first size offered.
func sizesWith(kind string, n int) []int {
	sizes := fullSizes[kind]
	if n <= 0 || slices.Contains(sizes, n) {
		return sizes
	}
	s := append(slices.Clone(sizes), n)
	slices.Sort(s)
	return s
}

// dataChoice returns the form's dataset choice and CIFAR size for a
// dataset name.
func dataChoice(data string) (choice string, size int) {
	kind, n, err := msg.ParseData(data)
	if err != nil {
		return choiceSample, 0
	}
	return kind, n
}

// formatCount writes n with thin separators: 49000 → "49,000".
func formatCount(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + formatCount(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
