package plane

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/nn"
)

// Limits on a Spec, so that a typo in a link is an error rather than an
// allocation that kills a browser tab.
const (
	MaxClasses = 16
	MaxPoints  = 100_000
	MaxNoise   = 1.0
)

// Spec describes a dataset. Errors from Validate and Set name the fields by
// the keys of Fields ("classes", "points", ...); the name travels as
// "data", as in train.Config.
type Spec struct {
	Name    string  `json:"name"`    // a key of Generators
	Classes int     `json:"classes"` // k, from 2 to MaxClasses
	Points  int     `json:"points"`  // n, train and test together, from 2 to MaxPoints
	Noise   float64 `json:"noise"`   // standard deviation of the jitter, in [0, MaxNoise]
	Split   float64 `json:"split"`   // the fraction of points used for training, in (0, 1)
	Seed    uint32  `json:"seed"`    // the seed of the core/rng generator
}

// DefaultSpec returns the 3-class spiral the playground opens with: 600
// points, noise 0.05, half of them for training.
func DefaultSpec() Spec {
	return Spec{Name: "spiral", Classes: 3, Points: 600, Noise: 0.05, Split: 0.5, Seed: 1}
}

// Validate returns an *nn.ConfigError for the first field that cannot work,
// or nil.
func (s Spec) Validate() error {
	if _, ok := Generators[s.Name]; !ok {
		return &nn.ConfigError{Field: "data", Value: strconv.Quote(s.Name), Reason: "want one of " + strings.Join(Names(), ", ")}
	}
	if s.Classes < 2 || s.Classes > MaxClasses {
		return &nn.ConfigError{Field: "classes", Value: s.Classes, Reason: fmt.Sprintf("must be from 2 to %d", MaxClasses)}
	}
	if s.Points < 2 || s.Points > MaxPoints {
		return &nn.ConfigError{Field: "points", Value: s.Points, Reason: fmt.Sprintf("must be from 2 to %d", MaxPoints)}
	}
	if math.IsNaN(s.Noise) || s.Noise < 0 || s.Noise > MaxNoise {
		return &nn.ConfigError{Field: "noise", Value: s.Noise, Reason: fmt.Sprintf("must be in [0, %g]", MaxNoise)}
	}
	if math.IsNaN(s.Split) || s.Split <= 0 || s.Split >= 1 {
		return &nn.ConfigError{Field: "split", Value: s.Split, Reason: "must be in (0, 1), the fraction of points used for training"}
	}
	return nil
}

// Field is one Spec setting's text form: its key in a URL and a one-line
// description. Spec.Get and Spec.Set read and write it.
type Field struct {
	Key   string
	Usage string
	get   func(s *Spec) string
	set   func(s *Spec, v string) error
}

// Fields is the declared text schema of Spec, in the order a URL lists it.
// The name is not in it: it is train.Config's "data".
var Fields = []Field{
	{Key: "classes", Usage: "number of classes (2 to 16)",
		get: func(s *Spec) string { return strconv.Itoa(s.Classes) },
		set: func(s *Spec, v string) (err error) { s.Classes, err = parseInt("classes", v); return }},
	{Key: "points", Usage: "number of points, train and test together",
		get: func(s *Spec) string { return strconv.Itoa(s.Points) },
		set: func(s *Spec, v string) (err error) { s.Points, err = parseInt("points", v); return }},
	{Key: "noise", Usage: "standard deviation of the jitter (0 to 1; the square is 2 wide)",
		get: func(s *Spec) string { return strconv.FormatFloat(s.Noise, 'g', -1, 64) },
		set: func(s *Spec, v string) (err error) { s.Noise, err = parseFloat("noise", v); return }},
	{Key: "split", Usage: "fraction of the points used for training (0 to 1)",
		get: func(s *Spec) string { return strconv.FormatFloat(s.Split, 'g', -1, 64) },
		set: func(s *Spec, v string) (err error) { s.Split, err = parseFloat("split", v); return }},
	{Key: "dseed", Usage: "dataset seed (0 to 4294967295)",
		get: func(s *Spec) string { return strconv.FormatUint(uint64(s.Seed), 10) },
		set: func(s *Spec, v string) error {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 32)
			if err != nil {
				return &nn.ConfigError{Field: "dseed", Value: strconv.Quote(v), Reason: "want an integer from 0 to 4294967295"}
			}
			s.Seed = uint32(n)
			return nil
		}},
}

// Get returns the text form of the field with the given key, or "" and
// false for an unknown key.
func (s *Spec) Get(key string) (string, bool) {
	for _, f := range Fields {
		if f.Key == key {
			return f.get(s), true
		}
	}
	return "", false
}

// Set sets the field with the given key from its text form. It returns an
// *nn.ConfigError for an unknown key or an unparsable value; ranges are
// Validate's job.
func (s *Spec) Set(key, value string) error {
	for _, f := range Fields {
		if f.Key == key {
			return f.set(s, value)
		}
	}
	return &nn.ConfigError{Field: "setting", Value: strconv.Quote(key), Reason: "unknown"}
}

func parseInt(field, v string) (int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
	if err != nil {
		return 0, &nn.ConfigError{Field: field, Value: strconv.Quote(v), Reason: "want an integer"}
	}
	return int(n), nil
}

func parseFloat(field, v string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, &nn.ConfigError{Field: field, Value: strconv.Quote(v), Reason: "want a finite number"}
	}
	return f, nil
}

// Names returns the keys of Generators, sorted.
func Names() []string {
	names := make([]string, 0, len(Generators))
	for k := range Generators {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
