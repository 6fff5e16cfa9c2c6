package nn

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// An Init is a weight initialization: every weight of an in×out layer is
// Scale(in, out, std)·randn, std being Spec.Std; biases start at zero.
type Init struct {
	Order int    // its place in the forms' list
	Label string // its name in forms
	About string // the formula and its source
	Scale func(in, out int, std float64) float64
	// UsesStd reports whether Scale reads std (Spec.Std then applies).
	UsesStd bool
}

// Inits maps each initialization's URL and command-line name to it: the
// one place an initialization is named (Spec.Validate, Network.Init and
// the settings' choices all read it). "std" is the report's std·randn;
// "he" suits ReLU-like activations and "xavier" suits tanh and sigmoid.
var Inits = map[string]Init{
	"std": {Order: 0, Label: "std × randn", About: "std · randn (the report's)", UsesStd: true,
		Scale: func(_, _ int, std float64) float64 { return std }},
	"he": {Order: 1, Label: "He", About: "randn · sqrt(2/in) (He et al. 2015)",
		Scale: func(in, _ int, _ float64) float64 { return math.Sqrt(2 / float64(in)) }},
	"xavier": {Order: 2, Label: "Xavier", About: "randn · sqrt(2/(in+out)) (Glorot & Bengio 2010)",
		Scale: func(in, out int, _ float64) float64 { return math.Sqrt(2 / float64(in+out)) }},
}

// MaxUnits bounds every layer width so that a typo such as hidden=1e9 is an
// error instead of an allocation that kills a browser tab.
const MaxUnits = 1 << 16

// Spec describes a network: its layer sizes, activation, initialization and
// dropout. The zero value is not valid.
type Spec struct {
	Inputs     int     `json:"inputs"`
	Hidden     []int   `json:"hidden"`
	Classes    int     `json:"classes"`
	Activation string  `json:"activation"` // a key of Activations
	Init       string  `json:"init"`       // a key of Inits
	Std        float64 `json:"std"`        // the scale of "std" init
	Dropout    float64 `json:"dropout"`    // drop probability after each hidden activation, in [0, 1)
	// Precision is the arithmetic of the forward and backward passes, a
	// key of Precisions; "" is "f64".
	Precision string `json:"precision,omitempty"`
	// Loss is what the network is trained to minimize, a key of Losses;
	// "" is "softmax". A "squared" (regression) network has Classes 1:
	// one real output.
	Loss string `json:"loss,omitempty"`
}

// Regression reports whether the network predicts a real value (Loss
// "squared") rather than a class.
func (s Spec) Regression() bool { return s.Loss == LossSquared }

// ConfigError reports a user-chosen setting that cannot work. Field names the
// setting as a user wrote it (e.g. "hidden[1]", "lr").
type ConfigError struct {
	Field  string
	Value  any
	Reason string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("invalid %s %v: %s", e.Field, e.Value, e.Reason)
}

// Validate returns a *ConfigError for the first setting that cannot work, or
// nil. Nothing in this package is allocated from a Spec before it passes.
func (s Spec) Validate() error {
	size := func(field string, v int) error {
		if v <= 0 {
			return &ConfigError{field, v, "must be positive"}
		}
		if v > MaxUnits {
			return &ConfigError{field, v, fmt.Sprintf("must be at most %d", MaxUnits)}
		}
		return nil
	}
	if err := size("inputs", s.Inputs); err != nil {
		return err
	}
	for i, h := range s.Hidden {
		if err := size(fmt.Sprintf("hidden[%d]", i), h); err != nil {
			return err
		}
	}
	if _, ok := Losses[s.Loss]; !ok && s.Loss != "" {
		return &ConfigError{"loss", quote(s.Loss), "want one of " + keys(Losses)}
	}
	if s.Regression() && s.Classes != 1 {
		return &ConfigError{"classes", s.Classes, "a regression network has one output"}
	}
	if !s.Regression() && s.Classes < 2 {
		return &ConfigError{"classes", s.Classes, "need at least 2"}
	}
	if err := size("classes", s.Classes); err != nil {
		return err
	}
	if _, ok := Activations[s.Activation]; !ok {
		return &ConfigError{"activation", quote(s.Activation), "want one of " + keys(Activations)}
	}
	init, ok := Inits[s.Init]
	if !ok {
		return &ConfigError{"init", quote(s.Init), "want one of " + keys(Inits)}
	}
	if init.UsesStd && (!finite(s.Std) || s.Std <= 0) {
		return &ConfigError{"std", s.Std, "must be a positive finite number"}
	}
	if _, ok := Precisions[s.Precision]; !ok && s.Precision != "" {
		return &ConfigError{"precision", quote(s.Precision), "want one of " + keys(Precisions)}
	}
	if !finite(s.Dropout) || s.Dropout < 0 || s.Dropout >= 1 {
		return &ConfigError{"dropout", s.Dropout, "must be in [0, 1)"}
	}
	return nil
}

// Sizes returns the layer widths from input to output, e.g. [3072 50 10].
func (s Spec) Sizes() []int {
	return slices.Concat([]int{s.Inputs}, s.Hidden, []int{s.Classes})
}

// NumParams returns the number of weights and biases.
func (s Spec) NumParams() int {
	sz, n := s.Sizes(), 0
	for i := 1; i < len(sz); i++ {
		n += sz[i-1]*sz[i] + sz[i]
	}
	return n
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func quote(s string) string { return fmt.Sprintf("%q", s) }

func keys[V any](m map[string]V) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}
