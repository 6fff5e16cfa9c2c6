package plane

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/train"
)

// A Feature is one input the network sees of a point, as TensorFlow
// Playground offers them (tensorflow/playground src/playground.ts, INPUTS:
// x, y, x², y², x·y, sin x, sin y). Points lie in [-1, 1]², so the sines
// take the coordinates times π to cover a full period, where
// TF Playground's points span [-6, 6] and use sin(x) as it is.
type Feature struct {
	Label string
	F     func(x, y float64) float64
}

// Features maps each feature's URL key to its definition.
var Features = map[string]Feature{
	"x":    {"x₁", func(x, _ float64) float64 { return x }},
	"y":    {"x₂", func(_, y float64) float64 { return y }},
	"xx":   {"x₁²", func(x, _ float64) float64 { return x * x }},
	"yy":   {"x₂²", func(_, y float64) float64 { return y * y }},
	"xy":   {"x₁·x₂", func(x, y float64) float64 { return x * y }},
	"sinx": {"sin(πx₁)", func(x, _ float64) float64 { return math.Sin(math.Pi * x) }},
	"siny": {"sin(πx₂)", func(_, y float64) float64 { return math.Sin(math.Pi * y) }},
}

// featureOrder is the order in which the page lists the features and a
// Spec keeps them (TF Playground's).
var featureOrder = []string{"x", "y", "xx", "yy", "xy", "sinx", "siny"}

// DefaultFeatures are the inputs of a Spec that chooses none: the point's
// two coordinates.
var DefaultFeatures = []string{"x", "y"}

// FeatureOrder returns the feature keys in the page's order.
func FeatureOrder() []string { return slices.Clone(featureOrder) }

// Expand returns pts as a train.Matrix whose row i holds the chosen
// features of point i, in the order of keys, and whose Y holds the classes.
// It returns an error for an unknown key or no keys, and panics if pts is
// empty (gonum cannot hold an empty matrix; a Set's Train and Test never
// are).
func Expand(pts []Point, keys []string) (train.Matrix, error) {
	if len(keys) == 0 {
		return train.Matrix{}, fmt.Errorf("plane: no input features chosen; pick at least one")
	}
	fs := make([]Feature, len(keys))
	for j, k := range keys {
		f, ok := Features[k]
		if !ok {
			return train.Matrix{}, fmt.Errorf("plane: unknown input feature %q", k)
		}
		fs[j] = f
	}
	if len(pts) == 0 {
		panic("plane: Expand of no points")
	}
	x := mat.NewDense(len(pts), len(keys), nil)
	y := make([]int, len(pts))
	for i, p := range pts {
		row := x.RawRowView(i)
		for j, f := range fs {
			row[j] = f.F(p.X, p.Y)
		}
		y[i] = p.Class
	}
	return train.Matrix{X: x, Y: y}, nil
}

// Inputs returns the feature keys the network reads: s.Features in the
// page's order, or DefaultFeatures.
func (s Spec) Inputs() []string {
	if len(s.Features) == 0 {
		return slices.Clone(DefaultFeatures)
	}
	var keys []string
	for _, k := range featureOrder {
		if slices.Contains(s.Features, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// Row returns the network's inputs for the point (x, y): its features,
// in the order of Inputs.
func (s Spec) Row(x, y float64) []float64 {
	keys := s.Inputs()
	row := make([]float64, len(keys))
	for j, k := range keys {
		row[j] = Features[k].F(x, y)
	}
	return row
}

// checkFeatures returns an error for an unknown or repeated key.
func checkFeatures(keys []string) error {
	for i, k := range keys {
		if _, ok := Features[k]; !ok {
			return fmt.Errorf("unknown input feature %q: want some of %s", k, strings.Join(featureOrder, ", "))
		}
		if slices.Contains(keys[:i], k) {
			return fmt.Errorf("input feature %q chosen twice", k)
		}
	}
	return nil
}

// parseFeatures reads the "features" key: keys separated by commas, kept
// in the page's order; "" or "x,y" is the default (nil).
func parseFeatures(v string) ([]string, error) {
	if v == "" {
		return nil, nil
	}
	keys := strings.Split(v, ",")
	if err := checkFeatures(keys); err != nil {
		return nil, err
	}
	s := Spec{Features: keys}
	keys = s.Inputs()
	if slices.Equal(keys, DefaultFeatures) {
		return nil, nil
	}
	return keys, nil
}
