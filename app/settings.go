package app

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/app/msg"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/core/optim"
	"github.com/backprop-playground/playground/core/train"
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
		"The report's best model from its search: 80 hidden units, batch 1000, lr 0.0015 decayed by 0.8 per 49,000 images (scaled to the chosen set, as for the default run), reg 0.29, 4500 iterations. Made for the full CIFAR-10: on the sample it takes long and overfits.",
		func(c train.Config) train.Config {
			r := withData(train.Default(), c.Data)
			r.Hidden, r.Batch, r.LR, r.Reg, r.Iters = []int{80}, 1000, 0.0015, 0.29, 4500
			r.Decay = reportDecay(0.8, c.Data)
			return r
		}},
	{IDPresetBestKnown, "Best known",
		"What learns best in the browser on the sample, measured: 100 ReLU units, the report's small init, Adam (lr 1e-3), reg 0.01, per-channel standardization and random horizontal flips, 20 epochs. About 46% validation accuracy after 500 steps, and colourful templates.",
		bestKnown},
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
	r.Preprocess, r.FlipH = "channel", true
	return r
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
}

// parseLink reads a fragment such as "lr=1e-3&hidden=100&train=1" (with or
// without "#") over pageDefaults of its data= (the sample if absent). It
// never fails: a key it cannot use is reported in errs, naming the key,
// and the rest of the link still applies. A setting that parses but does
// not work (msg.CheckConfig) is dropped the same way, back to its default.
func parseLink(fragment string) link {
	fragment = strings.TrimLeft(fragment, "#?")
	l := link{cfg: pageDefaults(msg.DataSample)}
	if strings.TrimSpace(fragment) == "" {
		return l
	}
	l.given = true
	values, err := url.ParseQuery(fragment)
	if err != nil {
		l.errs = append(l.errs, fieldError{"link", fmt.Sprintf("the link's settings cannot be read (%v); using the defaults", err)})
		return l
	}
	bad := func(key string, err error) {
		l.errs = append(l.errs, fieldError{key, linkErrorText(key, err)})
	}
	one := func(key string) (string, bool) {
		vs, ok := values[key]
		delete(values, key)
		if !ok {
			return "", false
		}
		if len(vs) > 1 {
			l.errs = append(l.errs, fieldError{key, fmt.Sprintf("%s is given %d times in the link; using the first", key, len(vs))})
		}
		return vs[0], true
	}

	for _, key := range []string{keyTrain, keyAutostart} {
		if v, ok := one(key); ok {
			on, err := strconv.ParseBool(v)
			if err != nil {
				bad(key, &nn.ConfigError{Field: key, Value: strconv.Quote(v), Reason: "want 1 or 0"})
				continue
			}
			l.autostart = l.autostart || on
		}
	}
	data := msg.DataSample
	if v, ok := one("data"); ok {
		if !playgroundData(v) {
			bad("data", &nn.ConfigError{Field: "data", Value: strconv.Quote(v), Reason: msg.DataNamesWanted})
		} else {
			data = msg.CanonicalData(v)
		}
	}
	base := pageDefaults(data)
	c := base
	c.Hidden = slices.Clone(base.Hidden)
	given := map[string]bool{}
	for _, f := range train.Fields { // schema order: deterministic errors
		v, ok := one(f.Key)
		if !ok || f.Key == "data" {
			continue
		}
		// On a copy: Config.Set may change a field before it fails
		// (hidden=10,x leaves no hidden layers).
		try := c
		try.Hidden = slices.Clone(c.Hidden)
		if err := try.Set(f.Key, v); err != nil {
			bad(f.Key, err)
			continue
		}
		c = try
		given[f.Key] = true
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
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
			key = keyOf(ce.Field)
		}
		if !given[key] {
			// Not one key's fault (a combination): back to the defaults.
			l.errs = append(l.errs, fieldError{"link", fmt.Sprintf("the link's settings do not work together (%v); using the defaults", err)})
			c = base
			break
		}
		bad(key, err)
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
// problem, the sample or the full CIFAR-10 (the worker knows others, for
// the classroom pages).
func playgroundData(name string) bool {
	kind, _, err := msg.ParseData(name)
	return err == nil && (kind == msg.DataToy || kind == msg.DataSample || kind == msg.DataCIFAR)
}

// linkErrorText says what is wrong with a key of a link, naming it.
func linkErrorText(key string, err error) string {
	var ce *nn.ConfigError
	if errors.As(err, &ce) {
		return fmt.Sprintf("the link sets %s to %v, which does not work: %s; using the default instead", key, ce.Value, ce.Reason)
	}
	return fmt.Sprintf("the link's %s: %v; using the default instead", key, err)
}

// keyOf returns the train.Fields key of an nn.ConfigError's Field: core
// names some fields as nn.Spec and optim do ("activation", "optimizer",
// "hidden[1]"), the schema as links do ("act", "opt", "hidden").
func keyOf(field string) string {
	field = strings.SplitN(field, "[", 2)[0]
	switch field {
	case "activation":
		return "act"
	case "optimizer":
		return "opt"
	}
	return field
}

// linkOf returns the fragment (without "#") that carries c: every field
// of the schema, in order, so that a link means the same even if the
// page's defaults change later.
func linkOf(c train.Config) string {
	return c.Encode()
}

// Controls of the setup form.

// controlKind is how a setting is edited.
type controlKind int

const (
	textControl controlKind = iota
	selectControl
	checkControl
)

// option is one choice of a select.
type option struct {
	value, label string
}

// control is one setting in the form: a key of train.Fields.
type control struct {
	key     string
	label   string
	kind    controlKind
	options []option
	unit    string                    // shown after the input, e.g. "px"
	show    func(c train.Config) bool // nil: always shown
	images  bool                      // only for image data
}

// controlGroup is a titled group of controls.
type controlGroup struct {
	title    string
	controls []control
}

// activationNames lists nn.Activations in the order the form offers them
// (a test checks that they are the same set).
var activationNames = []option{
	{"relu", "ReLU"}, {"leakyrelu", "Leaky ReLU"}, {"tanh", "tanh"}, {"sigmoid", "sigmoid"},
}

// initNames lists nn.Inits in the form's order.
var initNames = []option{{"std", "std × randn"}, {"he", "He"}, {"xavier", "Xavier"}}

var optimizerLabels = map[string]string{"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adam": "Adam"}

var scheduleLabels = map[string]string{"step": "step", "cosine": "cosine", "constant": "constant"}

var samplingLabels = map[string]string{"choice": "random draws", "shuffle": "shuffled"}

var preprocessLabels = map[string]string{"mean-image": "mean image", "channel": "per channel", "none": "none"}

func optionsOf(names []string, labels map[string]string) []option {
	o := make([]option, len(names))
	for i, n := range names {
		o[i] = option{n, labels[n]}
		if o[i].label == "" {
			o[i].label = n
		}
	}
	return o
}

// controlGroups is the form, in order. The data= setting has its own
// control (a dataset choice with a size), and pca= has none: the browser
// does not fit PCA.
var controlGroups = []controlGroup{
	{"Network", []control{
		{key: "hidden", label: "Hidden layers", unit: "units, e.g. 100 or 200,100"},
		{key: "act", label: "Activation", kind: selectControl, options: activationNames},
		{key: "init", label: "Initialization", kind: selectControl, options: initNames},
		{key: "std", label: "Init std", show: func(c train.Config) bool { return c.Init == "std" }},
		{key: "dropout", label: "Dropout", unit: "probability"},
	}},
	{"Optimizer", []control{
		{key: "opt", label: "Optimizer", kind: selectControl, options: optionsOf(optim.Names, optimizerLabels)},
		{key: "lr", label: "Learning rate"},
		{key: "schedule", label: "Schedule", kind: selectControl, options: optionsOf(train.Schedules, scheduleLabels)},
		{key: "decay", label: "Decay per epoch", show: func(c train.Config) bool { return c.Schedule == "step" }},
		{key: "momentum", label: "Momentum", show: func(c train.Config) bool { return c.Optimizer == "momentum" || c.Optimizer == "nesterov" }},
		{key: "reg", label: "L2 regularization"},
	}},
	{"Training", []control{
		{key: "batch", label: "Batch size", unit: "examples"},
		{key: "iters", label: "Iterations", show: func(c train.Config) bool { return c.Epochs == 0 }},
		{key: "epochs", label: "Epochs", unit: "0: use iterations"},
		{key: "sampling", label: "Minibatches", kind: selectControl, options: optionsOf(train.Samplings, samplingLabels)},
		{key: "patience", label: "Early stopping", unit: "epochs (0: off)"},
		{key: "seed", label: "Seed"},
	}},
	{"Images", []control{
		{key: "pre", label: "Preprocessing", kind: selectControl, options: optionsOf(train.Preprocessings, preprocessLabels), images: true},
		{key: "fliph", label: "Random horizontal flips", kind: checkControl, images: true},
		{key: "flipv", label: "Random vertical flips", kind: checkControl, images: true},
		{key: "shift", label: "Random shifts", unit: "pixels (0-16)", images: true},
	}},
}

// usage returns the schema's one-line description of a key.
func usage(key string) string {
	for _, f := range train.Fields {
		if f.Key == key {
			return f.Usage
		}
	}
	return ""
}

// dataset choices of the form.
const (
	choiceToy    = msg.DataToy
	choiceSample = msg.DataSample
	choiceCIFAR  = msg.DataCIFAR
)

// cifarSizes are the training-set sizes offered for the full CIFAR-10.
var cifarSizes = []int{1000, 5000, 10000, 20000, msg.CIFARTrain}

// sizesWith returns cifarSizes with n among them, in order: a link's
// cifar:123 is shown as 123, not as the first size offered.
func sizesWith(n int) []int {
	if n <= 0 || slices.Contains(cifarSizes, n) {
		return cifarSizes
	}
	s := append(slices.Clone(cifarSizes), n)
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
