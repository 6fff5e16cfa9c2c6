package plane

import (
	"fmt"
	"math"
	"slices"

	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// Point is one labelled point of the plane.
type Point struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Class int     `json:"class"`
	// Value is a regression dataset's target at the point, in [-1, 1]
	// (its Class is 0).
	Value float64 `json:"value,omitempty"`
}

// Set is a generated dataset split into training and test points.
type Set struct {
	Spec  Spec
	Train []Point
	Test  []Point
}

// Generate returns the dataset s describes, or the error of s.Validate.
// The points of each set come in a random order (classes interleaved),
// fixed by s.Seed.
func Generate(s Spec) (*Set, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	g := Generators[s.Name]
	src := rng.New(s.Seed)
	k := s.Classes
	var pts []Point
	if g.Regression() {
		k = 1 // every point is of class 0: the split keeps the fraction
		pts = drawValues(g, src, s)
	} else {
		pts = drawClasses(g, src, s)
	}
	quota := trainQuota(pts, k, s.Split)
	set := &Set{Spec: s}
	for _, i := range src.Permutation(len(pts)) {
		p := pts[i]
		if quota[p.Class] > 0 {
			quota[p.Class]--
			set.Train = append(set.Train, p)
		} else {
			set.Test = append(set.Test, p)
		}
	}
	set.Spec.Added = slices.Clone(s.Added)
	set.Train = append(set.Train, s.Added...)
	return set, nil
}

// drawClasses returns the points of a classification dataset, class by
// class: n/k of each (one more for the first n mod k), evenly along the
// shapes that have a length, jittered by the noise.
func drawClasses(g Generator, src *rng.RandomState, s Spec) []Point {
	k := s.Classes
	pts := make([]Point, 0, s.Points)
	for c := range k {
		m := s.Points / k
		if c < s.Points%k {
			m++
		}
		for i := range m {
			x, y := g.Draw(src, c, k, (float64(i)+0.5)/float64(m))
			if s.Noise > 0 {
				x += s.Noise * src.Randn()
				y += s.Noise * src.Randn()
			}
			pts = append(pts, Point{X: clamp(x), Y: clamp(y), Class: c})
		}
	}
	return pts
}

// drawValues returns the points of a regression dataset, uniform over the
// square. As in TF Playground, the noise moves where the target is read,
// not the point.
func drawValues(g Generator, src *rng.RandomState, s Spec) []Point {
	pts := make([]Point, 0, s.Points)
	for range s.Points {
		x, y := src.Uniform(-1, 1), src.Uniform(-1, 1)
		nx, ny := x, y
		if s.Noise > 0 {
			nx += s.Noise * src.Randn()
			ny += s.Noise * src.Randn()
		}
		pts = append(pts, Point{X: x, Y: y, Value: g.Value(nx, ny)})
	}
	return pts
}

// trainQuota returns how many points of each class go to training:
// round(split·n_c), moved by one point if that would leave either set empty.
func trainQuota(pts []Point, k int, split float64) []int {
	count := make([]int, k)
	for _, p := range pts {
		count[p.Class]++
	}
	quota := make([]int, k)
	total := 0
	for c, n := range count {
		quota[c] = int(math.Round(split * float64(n)))
		total += quota[c]
	}
	switch {
	case total == 0:
		quota[0] = 1
	case total == len(pts):
		quota[0]--
	}
	return quota
}

func clamp(v float64) float64 { return math.Max(-1, math.Min(1, v)) }

// Add appends a point drawn by hand to the training set and to
// s.Spec.Added, so that the spec still describes the set. It returns an
// error, and changes nothing, if the class is not one of the set's, the
// point is not inside [-1, 1]², or MaxAdded points were added already.
func (s *Set) Add(p Point) error {
	if s.Spec.Regression() {
		return fmt.Errorf("plane: %w", errAddRegression)
	}
	if err := p.check(s.Spec.Classes); err != nil {
		return fmt.Errorf("plane: %w", err)
	}
	if len(s.Spec.Added) >= MaxAdded {
		return fmt.Errorf("plane: at most %d points may be added by hand", MaxAdded)
	}
	s.Spec.Added = append(s.Spec.Added, p)
	s.Train = append(s.Train, p)
	return nil
}

// TrainData returns the training points as a train.Matrix: row i of X
// holds the chosen input features (Spec.Inputs) of point i, Y the classes
// and, for a regression set, T the targets.
func (s *Set) TrainData() train.Matrix { return s.matrix(s.Train) }

// TestData returns the test points as TrainData does.
func (s *Set) TestData() train.Matrix { return s.matrix(s.Test) }

func (s *Set) matrix(pts []Point) train.Matrix {
	m, err := Expand(pts, s.Spec.Inputs())
	if err != nil {
		panic(err) // Generate validated the features
	}
	if s.Spec.Regression() {
		m.T = Values(pts)
	}
	return m
}

// Values returns the points' regression targets.
func Values(pts []Point) []float64 {
	v := make([]float64, len(pts))
	for i, p := range pts {
		v[i] = p.Value
	}
	return v
}
