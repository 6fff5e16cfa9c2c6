package plane

import (
	"errors"
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
	// MaxAdded bounds the points added by hand (clicks on the plot).
	MaxAdded = 1_000
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
	// Added are points placed by hand (a click on the plot); they join
	// the training points, in order, after the generated ones. At most
	// MaxAdded, inside [-1, 1]², of a class below Classes.
	Added []Point `json:"added,omitempty"`
	// Features are the inputs the network reads of each point, keys of
	// Features (TF Playground's x₁, x₂, x₁², …); nil means
	// DefaultFeatures, the two coordinates. See Inputs.
	Features []string `json:"features,omitempty"`
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
	if len(s.Features) > 0 {
		if err := checkFeatures(s.Features); err != nil {
			return &nn.ConfigError{Field: "features", Value: strconv.Quote(strings.Join(s.Features, ",")), Reason: err.Error()}
		}
	}
	if s.Regression() && len(s.Added) > 0 {
		return &nn.ConfigError{Field: "add", Value: len(s.Added), Reason: errAddRegression.Error()}
	}
	if len(s.Added) > MaxAdded {
		return &nn.ConfigError{Field: "add", Value: len(s.Added), Reason: fmt.Sprintf("at most %d points may be added by hand", MaxAdded)}
	}
	for i, p := range s.Added {
		if err := p.check(s.Classes); err != nil {
			return &nn.ConfigError{Field: "add", Value: formatPoint(p), Reason: fmt.Sprintf("point %d: %v", i+1, err)}
		}
	}
	return nil
}

// Regression reports whether s is a regression dataset (its points carry
// real targets, Point.Value): TF Playground's "plane" and "multi-Gaussian".
func (s Spec) Regression() bool { return Generators[s.Name].Regression() }

// errAddRegression refuses points placed by hand on a regression dataset,
// whose targets come from its function (a click gives no value).
var errAddRegression = errors.New("points cannot be added by hand to a regression dataset: its targets come from its function")

// check returns an error if p is outside [-1, 1]² or its class is not
// below k.
func (p Point) check(k int) error {
	if p.Class < 0 || p.Class >= k {
		return fmt.Errorf("class %d, want 0 to %d", p.Class, k-1)
	}
	for _, v := range []float64{p.X, p.Y} {
		if math.IsNaN(v) || v < -1 || v > 1 {
			return fmt.Errorf("(%g, %g) is outside the square [-1, 1]²", p.X, p.Y)
		}
	}
	return nil
}

// formatPoint writes p as "x,y,class", the form of the "add" key.
func formatPoint(p Point) string {
	return strconv.FormatFloat(p.X, 'g', -1, 64) + "," + strconv.FormatFloat(p.Y, 'g', -1, 64) + "," + strconv.Itoa(p.Class)
}

// formatPoints writes pts as the "add" key does: x,y,class;x,y,class….
func formatPoints(pts []Point) string {
	parts := make([]string, len(pts))
	for i, p := range pts {
		parts[i] = formatPoint(p)
	}
	return strings.Join(parts, ";")
}

// parsePoints reads what formatPoints writes; ranges are Validate's.
func parsePoints(v string) ([]Point, error) {
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ";")
	if len(parts) > MaxAdded {
		return nil, &nn.ConfigError{Field: "add", Value: len(parts), Reason: fmt.Sprintf("at most %d points may be added by hand", MaxAdded)}
	}
	pts := make([]Point, len(parts))
	for i, part := range parts {
		f := strings.Split(part, ",")
		var errX, errY, errC error = errors.New("missing"), nil, nil
		if len(f) == 3 {
			pts[i].X, errX = strconv.ParseFloat(f[0], 64)
			pts[i].Y, errY = strconv.ParseFloat(f[1], 64)
			pts[i].Class, errC = strconv.Atoi(f[2])
		}
		if errX != nil || errY != nil || errC != nil {
			return nil, &nn.ConfigError{Field: "add", Value: strconv.Quote(schema.Shorten(part)),
				Reason: fmt.Sprintf("point %d: want x,y,class (two numbers and a class number)", i+1)}
		}
	}
	return pts, nil
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
	{Key: "features", Label: "Input features", Usage: "the inputs the network reads, comma-separated: x, y, xx, yy, xy, sinx, siny (default x,y)", OmitEmpty: true,
		Get: func(s *Spec) string {
			if len(s.Features) == 0 {
				return ""
			}
			return strings.Join(s.Inputs(), ",")
		},
		Set: func(s *Spec, v string) error {
			keys, err := parseFeatures(v)
			if err != nil {
				return &nn.ConfigError{Field: "features", Value: strconv.Quote(schema.Shorten(v)), Reason: err.Error()}
			}
			s.Features = keys
			return nil
		}},
	{Key: "add", Label: "Points added", Usage: "points added by hand: x,y,class;x,y,class… (x and y in [-1, 1])", OmitEmpty: true,
		Get: func(s *Spec) string { return formatPoints(s.Added) },
		Set: func(s *Spec, v string) error {
			pts, err := parsePoints(v)
			if err == nil {
				s.Added = pts
			}
			return err
		}},
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
