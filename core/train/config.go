package train

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/optim"
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

// Field is one setting's text form: its key in a URL or on a command line,
// a one-line description, and how to read and write it.
type Field struct {
	Key   string
	Usage string
	get   func(c *Config) string
	set   func(c *Config, s string) error
}

// Schedules lists the learning-rate schedules.
var Schedules = []string{"step", "cosine", "constant"}

// Samplings lists the minibatch sampling modes.
var Samplings = []string{"choice", "shuffle"}

// Precisions lists the keys of nn.Precisions, exact first.
var Precisions = []string{"f64", "f32"}

// Preprocessings lists the preprocessing kinds.
var Preprocessings = []string{"mean-image", "channel", "none"}

// Fields is the declared schema of Config, in the order Encode writes it.
var Fields = []Field{
	strField("data", "dataset", func(c *Config) *string { return &c.Data }),
	{Key: "hidden", Usage: "hidden layer sizes, comma-separated (empty: softmax regression)",
		get: func(c *Config) string { return joinInts(c.Hidden) },
		set: func(c *Config, s string) (err error) { c.Hidden, err = parseInts("hidden", s); return }},
	strField("act", "activation: relu, leakyrelu, tanh, sigmoid", func(c *Config) *string { return &c.Activation }),
	strField("init", "initialization: std, he, xavier", func(c *Config) *string { return &c.Init }),
	floatField("std", "scale of the std init", func(c *Config) *float64 { return &c.Std }),
	floatField("dropout", "dropout probability after each hidden layer", func(c *Config) *float64 { return &c.Dropout }),
	strField("opt", "optimizer: sgd, momentum, nesterov, adam", func(c *Config) *string { return &c.Optimizer }),
	floatField("lr", "learning rate", func(c *Config) *float64 { return &c.LR }),
	strField("schedule", "learning-rate schedule: step, cosine, constant", func(c *Config) *string { return &c.Schedule }),
	floatField("decay", "learning-rate factor per epoch (step schedule)", func(c *Config) *float64 { return &c.Decay }),
	floatField("momentum", "momentum (momentum, nesterov)", func(c *Config) *float64 { return &c.Momentum }),
	floatField("reg", "L2 regularization strength", func(c *Config) *float64 { return &c.Reg }),
	intField("batch", "minibatch size", func(c *Config) *int { return &c.Batch }),
	intField("iters", "training iterations (if epochs is 0)", func(c *Config) *int { return &c.Iters }),
	intField("epochs", "training epochs (overrides iters)", func(c *Config) *int { return &c.Epochs }),
	strField("sampling", "minibatches: choice (with replacement) or shuffle", func(c *Config) *string { return &c.Sampling }),
	intField("patience", "early stopping patience in epochs (0: off)", func(c *Config) *int { return &c.Patience }),
	{Key: "seed", Usage: "random seed (0 to 4294967295)",
		get: func(c *Config) string { return strconv.FormatUint(uint64(c.Seed), 10) },
		set: func(c *Config, s string) error {
			v, err := strconv.ParseUint(s, 10, 32)
			if err != nil {
				return &nn.ConfigError{Field: "seed", Value: strconv.Quote(s), Reason: "want an integer from 0 to 4294967295"}
			}
			c.Seed = uint32(v)
			return nil
		}},
	strField("precision", "arithmetic: f64 (exact) or f32 (fast)", func(c *Config) *string { return &c.Precision }),
	strField("pre", "preprocessing: mean-image, channel, none", func(c *Config) *string { return &c.Preprocess }),
	boolField("fliph", "random horizontal flips", func(c *Config) *bool { return &c.FlipH }),
	boolField("flipv", "random vertical flips", func(c *Config) *bool { return &c.FlipV }),
	intField("shift", "random shifts of up to this many pixels", func(c *Config) *int { return &c.Shift }),
	intField("pca", "principal components to keep (0: off)", func(c *Config) *int { return &c.PCA }),
}

func strField(key, usage string, p func(*Config) *string) Field {
	return Field{Key: key, Usage: usage,
		get: func(c *Config) string { return *p(c) },
		set: func(c *Config, s string) error { *p(c) = s; return nil }}
}

func floatField(key, usage string, p func(*Config) *float64) Field {
	return Field{Key: key, Usage: usage,
		get: func(c *Config) string { return strconv.FormatFloat(*p(c), 'g', -1, 64) },
		set: func(c *Config, s string) error {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return &nn.ConfigError{Field: key, Value: strconv.Quote(s), Reason: "want a finite number"}
			}
			*p(c) = v
			return nil
		}}
}

func intField(key, usage string, p func(*Config) *int) Field {
	return Field{Key: key, Usage: usage,
		get: func(c *Config) string { return strconv.Itoa(*p(c)) },
		set: func(c *Config, s string) error {
			v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
			if err != nil {
				return &nn.ConfigError{Field: key, Value: strconv.Quote(s), Reason: "want an integer"}
			}
			*p(c) = int(v)
			return nil
		}}
}

func boolField(key, usage string, p func(*Config) *bool) Field {
	return Field{Key: key, Usage: usage,
		get: func(c *Config) string { return strconv.FormatBool(*p(c)) },
		set: func(c *Config, s string) error {
			v, err := strconv.ParseBool(s)
			if err != nil {
				return &nn.ConfigError{Field: key, Value: strconv.Quote(s), Reason: "want true or false"}
			}
			*p(c) = v
			return nil
		}}
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
// *nn.ConfigError for an unknown key or an unparsable value.
func (c *Config) Set(key, value string) error {
	for _, f := range Fields {
		if f.Key == key {
			return f.set(c, value)
		}
	}
	return &nn.ConfigError{Field: "setting", Value: strconv.Quote(key), Reason: "unknown"}
}

// Get returns the text form of the field with the given key, or "" and
// false for an unknown key.
func (c *Config) Get(key string) (string, bool) {
	for _, f := range Fields {
		if f.Key == key {
			return f.get(c), true
		}
	}
	return "", false
}

// Encode returns c as a URL query, every field in the order of Fields.
func (c Config) Encode() string {
	var b strings.Builder
	for i, f := range Fields {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(f.Key)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(f.get(&c)))
	}
	return b.String()
}

// Parse reads a URL query (as Encode writes it, with or without a leading
// "?" or "#") over base: keys that are absent keep base's value. Unknown
// keys, repeated keys, unparsable values and settings that fail Validate
// are errors naming the field.
func Parse(query string, base Config) (Config, error) {
	query = strings.TrimLeft(query, "?#")
	values, err := url.ParseQuery(query)
	if err != nil {
		return base, &nn.ConfigError{Field: "query", Value: strconv.Quote(query), Reason: err.Error()}
	}
	c := base
	c.Hidden = append([]int(nil), base.Hidden...)
	for _, f := range Fields { // in schema order, so errors are deterministic
		vs, ok := values[f.Key]
		if !ok {
			continue
		}
		if len(vs) > 1 {
			return base, &nn.ConfigError{Field: f.Key, Value: strconv.Quote(strings.Join(vs, ",")), Reason: "given more than once"}
		}
		if err := f.set(&c, vs[0]); err != nil {
			return base, err
		}
		delete(values, f.Key)
	}
	for key := range values {
		return base, &nn.ConfigError{Field: "setting", Value: strconv.Quote(key), Reason: "unknown"}
	}
	if err := c.Validate(); err != nil {
		return base, err
	}
	return c, nil
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
	if !oneOf(c.Schedule, Schedules) {
		return &nn.ConfigError{Field: "schedule", Value: strconv.Quote(c.Schedule), Reason: "want one of " + strings.Join(Schedules, ", ")}
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
	if !oneOf(c.Sampling, Samplings) {
		return &nn.ConfigError{Field: "sampling", Value: strconv.Quote(c.Sampling), Reason: "want one of " + strings.Join(Samplings, ", ")}
	}
	if c.Patience < 0 {
		return &nn.ConfigError{Field: "patience", Value: c.Patience, Reason: "must be >= 0"}
	}
	if !oneOf(c.Preprocess, Preprocessings) {
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

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}
