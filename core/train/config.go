package train

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/optim"
	"github.com/backprop-playground/playground/core/schema"
)

// Config is every setting of a training run: the network, the optimizer,
// the schedule and the data handling. It is what a playground URL, a
// command line and a checkpoint carry; Fields declares its text form once.
type Config struct {
	Data string `json:"data"` // dataset name, interpreted by the caller (e.g. "toy", "sample", "cifar")

	Hidden     []int   `json:"hidden"`
	Activation string  `json:"activation"`
	Init       string  `json:"init"`
	Std        float64 `json:"std"`
	Dropout    float64 `json:"dropout"`

	Optimizer string  `json:"optimizer"`
	LR        float64 `json:"lr"`
	Schedule  string  `json:"schedule"` // "step" (lr *= Decay per epoch, the report's), "cosine" or "constant"
	Decay     float64 `json:"decay"`
	Momentum  float64 `json:"momentum"`
	Reg       float64 `json:"reg"`

	Batch    int    `json:"batch"`
	Iters    int    `json:"iters"`    // number of steps; Epochs, if positive, takes precedence
	Epochs   int    `json:"epochs"`   // number of passes over the training set
	Sampling string `json:"sampling"` // "choice" (with replacement, the report's) or "shuffle"
	Patience int    `json:"patience"` // epochs without a better validation accuracy before stopping; 0 = never
	Seed     uint32 `json:"seed"`
	// Precision is the arithmetic of the passes, a key of nn.Precisions:
	// "f64" (exact, the report's) or "f32" (fast); "" is "f64", as in
	// configurations written before it existed.
	Precision string `json:"precision,omitempty"`

	Preprocess string `json:"preprocess"` // "mean-image" (the report's), "channel" or "none"
	FlipH      bool   `json:"fliph"`
	FlipV      bool   `json:"flipv"`
	Shift      int    `json:"shift"` // random shift of up to Shift pixels
	PCA        int    `json:"pca"`   // keep this many principal components; 0 = off
}

// Default returns the report's default CIFAR-10 run: hidden 50, 1000
// iterations, batch 200, SGD with lr 1e-4 decayed by 0.95 per epoch,
// reg 0.25, std 1e-4, mean-image subtraction.
func Default() Config {
	return Config{
		Data: "cifar", Hidden: []int{50}, Activation: "relu", Init: "std", Std: 1e-4,
		Optimizer: "sgd", LR: 1e-4, Schedule: "step", Decay: 0.95, Momentum: 0.9, Reg: 0.25,
		Batch: 200, Iters: 1000, Sampling: "choice", Preprocess: "mean-image", Precision: "f64",
	}
}

// Spec returns the network Spec for inputs features and classes classes.
func (c Config) Spec(inputs, classes int) nn.Spec {
	return nn.Spec{Inputs: inputs, Hidden: c.Hidden, Classes: classes, Activation: c.Activation,
		Init: c.Init, Std: c.Std, Dropout: c.Dropout, Precision: c.Precision}
}

// Field is one setting of a Config (see core/schema).
type Field = schema.Field[Config]

// Preprocessings lists the preprocessing kinds.
var Preprocessings = []string{"mean-image", "channel", "none"}

// The choices of the schema, in the order forms offer them, with their
// labels (a test checks that they are the registries' keys).
var (
	ActivationOptions = []schema.Option{{Value: "relu", Label: "ReLU"}, {Value: "leakyrelu", Label: "Leaky ReLU"},
		{Value: "tanh", Label: "tanh"}, {Value: "sigmoid", Label: "sigmoid"}}
	InitOptions      = optionsOf(nn.Inits, func(i nn.Init) int { return i.Order }, func(i nn.Init) string { return i.Label })
	OptimizerOptions = []schema.Option{{Value: "sgd", Label: "SGD"}, {Value: "momentum", Label: "Momentum"},
		{Value: "nesterov", Label: "Nesterov"}, {Value: "adam", Label: "Adam"}}
	ScheduleOptions   = optionsOf(Schedules, func(s Schedule) int { return s.Order }, func(s Schedule) string { return s.Label })
	SamplingOptions   = optionsOf(Samplings, func(s Sampling) int { return s.Order }, func(s Sampling) string { return s.Label })
	PrecisionOptions  = []schema.Option{{Value: "f64", Label: nn.Precisions["f64"]}, {Value: "f32", Label: nn.Precisions["f32"]}}
	PreprocessOptions = []schema.Option{{Value: "mean-image", Label: "mean image"}, {Value: "channel", Label: "per channel"}, {Value: "none", Label: "none"}}
)

// Fields is the declared schema of Config, in the order Encode writes it:
// each key with its label, its description, its choices and when it
// applies (std with the std init only, decay with the step schedule only,
// ...).
var Fields = schema.Fields[Config]{
	schema.Text("data", "Dataset", "dataset", func(c *Config) *string { return &c.Data }),
	{Key: "hidden", Label: "Hidden layers", Usage: "hidden layer sizes, comma-separated (empty: softmax regression)",
		Get: func(c *Config) string { return joinInts(c.Hidden) },
		Set: func(c *Config, s string) error {
			v, err := parseInts("hidden", s)
			if err == nil {
				c.Hidden = v
			}
			return err
		}},
	schema.Choice("act", "Activation", "activation: relu, leakyrelu, tanh, sigmoid", ActivationOptions, func(c *Config) *string { return &c.Activation }),
	schema.Choice("init", "Initialization", "initialization: "+valuesOf(InitOptions), InitOptions, func(c *Config) *string { return &c.Init }),
	schema.Float("std", "Init std", "scale of the std init", func(c *Config) *float64 { return &c.Std }).
		With(func(c *Config) bool { return nn.Inits[c.Init].UsesStd }),
	schema.Float("dropout", "Dropout", "dropout probability after each hidden layer", func(c *Config) *float64 { return &c.Dropout }),
	schema.Choice("opt", "Optimizer", "optimizer: sgd, momentum, nesterov, adam", OptimizerOptions, func(c *Config) *string { return &c.Optimizer }),
	schema.Float("lr", "Learning rate", "learning rate", func(c *Config) *float64 { return &c.LR }),
	schema.Choice("schedule", "Schedule", "learning-rate schedule: "+valuesOf(ScheduleOptions), ScheduleOptions, func(c *Config) *string { return &c.Schedule }),
	schema.Float("decay", "Decay per epoch", "learning-rate factor per epoch (step schedule)", func(c *Config) *float64 { return &c.Decay }).
		With(func(c *Config) bool { return Schedules[c.Schedule].UsesDecay }),
	schema.Float("momentum", "Momentum", "momentum (momentum, nesterov)", func(c *Config) *float64 { return &c.Momentum }).
		With(func(c *Config) bool { return c.Optimizer == "momentum" || c.Optimizer == "nesterov" }),
	schema.Float("reg", "L2 regularization", "L2 regularization strength", func(c *Config) *float64 { return &c.Reg }),
	schema.Int("batch", "Batch size", "minibatch size", func(c *Config) *int { return &c.Batch }),
	schema.Int("iters", "Iterations", "training iterations (if epochs is 0)", func(c *Config) *int { return &c.Iters }).
		With(func(c *Config) bool { return c.Epochs == 0 }),
	schema.Int("epochs", "Epochs", "training epochs (overrides iters)", func(c *Config) *int { return &c.Epochs }),
	schema.Choice("sampling", "Minibatches", "minibatches: "+valuesOf(SamplingOptions)+" (choice draws with replacement)", SamplingOptions, func(c *Config) *string { return &c.Sampling }),
	schema.Int("patience", "Early stopping", "early stopping patience in epochs (0: off)", func(c *Config) *int { return &c.Patience }),
	schema.Uint32("seed", "Seed", "random seed (0 to 4294967295)", func(c *Config) *uint32 { return &c.Seed }),
	schema.Choice("precision", "Arithmetic", "arithmetic: f64 (exact) or f32 (fast)", PrecisionOptions, func(c *Config) *string { return &c.Precision }),
	schema.Choice("pre", "Preprocessing", "preprocessing: mean-image, channel, none", PreprocessOptions, func(c *Config) *string { return &c.Preprocess }),
	schema.Bool("fliph", "Random horizontal flips", "random horizontal flips", func(c *Config) *bool { return &c.FlipH }),
	schema.Bool("flipv", "Random vertical flips", "random vertical flips", func(c *Config) *bool { return &c.FlipV }),
	schema.Int("shift", "Random shifts", "random shifts of up to this many pixels", func(c *Config) *int { return &c.Shift }),
	schema.Int("pca", "PCA components", "principal components to keep (0: off)", func(c *Config) *int { return &c.PCA }),
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

func parseInts(field, s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	if len(parts) > 16 {
		return nil, &nn.ConfigError{Field: field, Value: strconv.Quote(s), Reason: "at most 16 layers"}
	}
	out := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseInt(strings.TrimSpace(p), 10, 32)
		if err != nil {
			return nil, &nn.ConfigError{Field: fmt.Sprintf("%s[%d]", field, i), Value: strconv.Quote(p), Reason: "want an integer"}
		}
		out[i] = int(v)
	}
	return out, nil
}

// Set sets the field with the given key from its text form. It returns an
// *nn.ConfigError for an unknown key or an unparsable value, and leaves c
// unchanged then.
func (c *Config) Set(key, value string) error { return Fields.Set(c, key, value) }

// Get returns the text form of the field with the given key, or "" and
// false for an unknown key.
func (c *Config) Get(key string) (string, bool) { return Fields.Get(c, key) }

// Encode returns c as a URL query, every field in the order of Fields.
func (c Config) Encode() string { return Fields.Encode(&c, nil) }

// Parse reads a URL query (as Encode writes it, with or without a leading
// "?" or "#") over base: keys that are absent keep base's value. Unknown
// keys, repeated keys and unparsable values are errors naming the field;
// so are settings that fail Validate.
func Parse(query string, base Config) (Config, error) {
	c, err := ParseOnly(query, base)
	if err != nil {
		return base, err
	}
	if err := c.Validate(); err != nil {
		return base, err
	}
	return c, nil
}

// ParseOnly is Parse without Validate, for a caller that validates once
// more strictly itself (the worker: msg.CheckConfig).
func ParseOnly(query string, base Config) (Config, error) {
	values, err := schema.Values(query)
	if err != nil {
		return base, err
	}
	c := base
	c.Hidden = append([]int(nil), base.Hidden...)
	if err := Fields.Parse(values, &c); err != nil {
		return base, err
	}
	if err := schema.Unknown(values); err != nil {
		return base, err
	}
	return c, nil
}

// KeyOf returns the key of Fields that an *nn.ConfigError's Field names:
// core/nn and core/optim name some settings as their own types do
// ("activation", "optimizer", "hidden[1]"), the schema as links do ("act",
// "opt", "hidden"). Other names are returned as they are.
func KeyOf(field string) string {
	field, _, _ = strings.Cut(field, "[")
	switch field {
	case "activation":
		return "act"
	case "optimizer":
		return "opt"
	case "preprocess":
		return "pre"
	}
	return field
}

// MaxIters bounds the number of steps of one run.
const MaxIters = 10_000_000

// Validate returns an *nn.ConfigError for the first setting that cannot
// work, or nil. It checks everything but the data-dependent sizes (those
// are checked by Spec.Validate once the data is known).
func (c Config) Validate() error {
	spec := c.Spec(1, 2)
	if err := spec.Validate(); err != nil {
		return err
	}
	if _, err := optim.New(c.Optimizer, optim.Settings{Momentum: c.Momentum}); err != nil {
		return err
	}
	positive := func(field string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
			return &nn.ConfigError{Field: field, Value: v, Reason: "must be a positive finite number"}
		}
		return nil
	}
	if err := positive("lr", c.LR); err != nil {
		return err
	}
	if _, ok := Schedules[c.Schedule]; !ok {
		return &nn.ConfigError{Field: "schedule", Value: strconv.Quote(c.Schedule), Reason: "want one of " + valuesOf(ScheduleOptions)}
	}
	if math.IsNaN(c.Decay) || c.Decay <= 0 || c.Decay > 1 {
		return &nn.ConfigError{Field: "decay", Value: c.Decay, Reason: "must be in (0, 1]"}
	}
	if math.IsNaN(c.Reg) || math.IsInf(c.Reg, 0) || c.Reg < 0 {
		return &nn.ConfigError{Field: "reg", Value: c.Reg, Reason: "must be a finite number >= 0"}
	}
	if c.Batch <= 0 || c.Batch > 1<<16 {
		return &nn.ConfigError{Field: "batch", Value: c.Batch, Reason: "must be from 1 to 65536"}
	}
	if c.Iters < 0 || c.Iters > MaxIters {
		return &nn.ConfigError{Field: "iters", Value: c.Iters, Reason: fmt.Sprintf("must be from 0 to %d", MaxIters)}
	}
	if c.Epochs < 0 || c.Epochs > 100_000 {
		return &nn.ConfigError{Field: "epochs", Value: c.Epochs, Reason: "must be from 0 to 100000"}
	}
	if c.Iters == 0 && c.Epochs == 0 {
		return &nn.ConfigError{Field: "iters", Value: 0, Reason: "set iters or epochs"}
	}
	if _, ok := Samplings[c.Sampling]; !ok {
		return &nn.ConfigError{Field: "sampling", Value: strconv.Quote(c.Sampling), Reason: "want one of " + valuesOf(SamplingOptions)}
	}
	if c.Patience < 0 {
		return &nn.ConfigError{Field: "patience", Value: c.Patience, Reason: "must be >= 0"}
	}
	if !slices.Contains(Preprocessings, c.Preprocess) {
		return &nn.ConfigError{Field: "pre", Value: strconv.Quote(c.Preprocess), Reason: "want one of " + strings.Join(Preprocessings, ", ")}
	}
	if c.Shift < 0 || c.Shift > 16 {
		return &nn.ConfigError{Field: "shift", Value: c.Shift, Reason: "must be from 0 to 16"}
	}
	if c.PCA < 0 {
		return &nn.ConfigError{Field: "pca", Value: c.PCA, Reason: "must be >= 0"}
	}
	return nil
}
