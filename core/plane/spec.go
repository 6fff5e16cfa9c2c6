package plane

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/schema"
)

// Limits on a Spec, so that a link asks for no more than a page can draw
// and train in a moment: the server prerenders every point of a link's
// set, and the browser trains on all of them each epoch. 100,000 points
// cost about 40 times a default page to prerender and 40 s to open; 2,000
// (three times the default 600) keep a page as cheap as the default.
const (
	MaxClasses = 16
	MaxPoints  = 2_000
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
		return &nn.ConfigError{Field: "points", Value: s.Points, Reason: fmt.Sprintf("must be from 2 to %d, as many as the page draws and trains quickly", MaxPoints)}
	}
	if math.IsNaN(s.Noise) || s.Noise < 0 || s.Noise > MaxNoise {
		return &nn.ConfigError{Field: "noise", Value: s.Noise, Reason: fmt.Sprintf("must be in [0, %g]", MaxNoise)}
	}
	if math.IsNaN(s.Split) || s.Split <= 0 || s.Split >= 1 {
		return &nn.ConfigError{Field: "split", Value: s.Split, Reason: "must be in (0, 1), the fraction of points used for training"}
	}
	return nil
}

// Field is one Spec setting (see core/schema).
type Field = schema.Field[Spec]

// Fields is the declared schema of Spec, in the order a URL lists it.
// The name is not in it: it is train.Config's "data".
var Fields = schema.Fields[Spec]{
	schema.Int("classes", "Classes", "number of classes (2 to 16)", func(s *Spec) *int { return &s.Classes }),
	schema.Int("points", "Points", "number of points, train and test together", func(s *Spec) *int { return &s.Points }),
	schema.Float("noise", "Noise", "standard deviation of the jitter (0 to 1; the square is 2 wide)", func(s *Spec) *float64 { return &s.Noise }),
	schema.Float("split", "Train fraction", "fraction of the points used for training (0 to 1)", func(s *Spec) *float64 { return &s.Split }),
	schema.Uint32("dseed", "Data seed", "dataset seed (0 to 4294967295)", func(s *Spec) *uint32 { return &s.Seed }),
}

// Get returns the text form of the field with the given key, or "" and
// false for an unknown key.
func (s *Spec) Get(key string) (string, bool) { return Fields.Get(s, key) }

// Set sets the field with the given key from its text form. It returns an
// *nn.ConfigError for an unknown key or an unparsable value; ranges are
// Validate's job.
func (s *Spec) Set(key, value string) error { return Fields.Set(s, key, value) }

// Names returns the keys of Generators, sorted.
func Names() []string {
	names := make([]string, 0, len(Generators))
	for k := range Generators {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
