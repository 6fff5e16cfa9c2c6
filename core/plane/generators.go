package plane

import (
	"math"

	"github.com/backprop-playground/playground/core/rng"
)

// Generator draws the clean points of one dataset.
type Generator struct {
	// Name is the registry key, e.g. "spiral".
	Name string
	// Title is the name shown to people, e.g. "Spiral".
	Title string
	// Draw returns one clean point of class c out of k, inside [-1, 1]².
	// u = (i+0.5)/m places the i-th of the class's m points evenly along
	// shapes that have a length (spiral arms, moons); other shapes draw
	// their position from src and ignore u.
	Draw func(src *rng.RandomState, c, k int, u float64) (x, y float64)
	// Value, for a regression dataset, is the target at (x, y), in
	// [-1, 1]; its points are drawn uniformly from the square, all of
	// class 0, and Draw is nil. Classification datasets have no Value.
	Value func(x, y float64) float64
}

// Regression reports whether the dataset's points carry real targets.
func (g Generator) Regression() bool { return g.Value != nil }

// Generators maps each dataset's URL name to its generator. Keys are
// lowercase and stable; Generators[k].Name == k.
var Generators = map[string]Generator{
	"spiral": {Name: "spiral", Title: "Spiral", Draw: spiral(spiralTurns)},
	// TF Playground's spiral: its arms turn 1.75 times, harder to separate.
	"tfspiral": {Name: "tfspiral", Title: "Spiral, 1.75 turns (TF Playground's)", Draw: spiral(tfSpiralTurns)},
	"circles":  {Name: "circles", Title: "Circles", Draw: circles},
	"xor":      {Name: "xor", Title: "XOR", Draw: xor},
	"gauss":    {Name: "gauss", Title: "Gaussian clusters", Draw: gauss},
	"moons":    {Name: "moons", Title: "Moons", Draw: moons},
	// TF Playground's two regression datasets.
	"regplane": {Name: "regplane", Title: "Plane (regression)", Value: tiltedPlane},
	"reggauss": {Name: "reggauss", Title: "Multi-Gaussian (regression)", Value: multiGauss},
}

// Shape constants, in input units.
const (
	reach         = 0.95 // the clean shapes stay within this radius (or half-width)
	spiralStart   = 0.08 // arms start off the centre, where they would all meet
	spiralTurns   = 1.0  // turns per arm (cs231n's)
	tfSpiralTurns = 1.75 // TF Playground's 2-class spiral: θ = 1.75·2π·u
	ringGap       = 0.15 // each ring leaves this fraction of its width empty on both sides
	xorPad        = 0.05 // distance between clean points and a sector boundary (TF: 0.3 of 5)
	gaussRadius   = 0.55 // the blob centres' circle (TF: centres (±2, ±2) of ±6)
	gaussSpread   = 0.12 // the largest blob standard deviation
)

// spiral returns the generator that places class c on the arm
// r = start + (reach-start)·u, θ = 2π(c/k + turns·u): k arms starting 2π/k
// apart, as cs231n's spiral (cs231n.github.io/neural-networks-case-study)
// with symmetric arms, and TF Playground's with turns 1.75.
func spiral(turns float64) func(_ *rng.RandomState, c, k int, u float64) (x, y float64) {
	return func(_ *rng.RandomState, c, k int, u float64) (x, y float64) {
		r := spiralStart + (reach-spiralStart)*u
		t := 2 * math.Pi * (float64(c)/float64(k) + turns*u)
		return r * math.Cos(t), r * math.Sin(t)
	}
}

// circles draws class c uniformly (by area) from the c-th of k concentric
// rings of equal width; class 0 is the central disc, as TF Playground's
// inner class.
func circles(src *rng.RandomState, c, k int, _ float64) (x, y float64) {
	w := reach / float64(k)
	lo, hi := (float64(c)+ringGap)*w, (float64(c)+1-ringGap)*w
	if c == 0 {
		lo = 0
	}
	r := math.Sqrt(src.Uniform(lo*lo, hi*hi))
	t := src.Uniform(0, 2*math.Pi)
	return r * math.Cos(t), r * math.Sin(t)
}

// xor draws class c uniformly from the square, in one of the 2k angular
// sectors of width π/k whose index is c mod k, at least xorPad from the
// sector boundaries. For k = 2 the sectors are the quadrants and class 0
// holds the first and third: the label is XOR of the coordinates' signs.
func xor(src *rng.RandomState, c, k int, _ float64) (x, y float64) {
	width := math.Pi / float64(k)
	for {
		x, y = src.Uniform(-reach, reach), src.Uniform(-reach, reach)
		t := math.Atan2(y, x)
		if t < 0 {
			t += 2 * math.Pi
		}
		s := int(t / width)
		if s%k != c {
			continue
		}
		// Distance to the two boundary lines through the origin at angles
		// s·width and (s+1)·width.
		a0, a1 := float64(s)*width, float64(s+1)*width
		d0 := math.Abs(x*math.Sin(a0) - y*math.Cos(a0))
		d1 := math.Abs(x*math.Sin(a1) - y*math.Cos(a1))
		if d0 >= xorPad && d1 >= xorPad {
			return x, y
		}
	}
}

// gauss draws class c from a round Gaussian centred on a circle of radius
// gaussRadius at angle π/4 + 2πc/k; for k = 2 the centres sit on the
// diagonal as TF Playground's. The spread shrinks with k so that
// neighbouring blobs stay three deviations apart.
func gauss(src *rng.RandomState, c, k int, _ float64) (x, y float64) {
	t := math.Pi/4 + 2*math.Pi*float64(c)/float64(k)
	sd := math.Min(gaussSpread, gaussRadius*math.Sin(math.Pi/float64(k))/3)
	x = gaussRadius*math.Cos(t) + sd*src.Randn()
	y = gaussRadius*math.Sin(t) + sd*src.Randn()
	return x, y
}

// moons places class c on a unit half circle centred at (c, c mod 2 / 2),
// opening down for even c and up for odd c, so that each moon hooks into
// its neighbours; for k = 2 this is scikit-learn's make_moons
// (outer (cos t, sin t), inner (1 - cos t, 1/2 - sin t)). The chain, which
// spans [-1, k] × [-1/2, 1], is then centred and scaled into the square.
func moons(_ *rng.RandomState, c, k int, u float64) (x, y float64) {
	t := math.Pi * u
	cx, cy := float64(c), 0.5*float64(c%2)
	if c%2 == 0 {
		x, y = cx+math.Cos(t), cy+math.Sin(t)
	} else {
		x, y = cx-math.Cos(t), cy-math.Sin(t)
	}
	s := 2 * reach / float64(k+1)
	return s * (x - float64(k-1)/2), s * (y - 0.25)
}

// tiltedPlane is TF Playground's "plane" regression target, (x + y)/2:
// -1 at the bottom left corner, 1 at the top right.
func tiltedPlane(x, y float64) float64 { return (x + y) / 2 }

// gaussBumps are TF Playground's six signed bumps of "multi-Gaussian"
// (src/dataset.ts regressGaussian: centres (±4, ±2.5) and (0, ±2.5) on its
// [-6, 6]² square, scaled here to [-1, 1]²).
var gaussBumps = [6]struct{ x, y, sign float64 }{
	{-4.0 / 6, 2.5 / 6, 1}, {0, 2.5 / 6, -1}, {4.0 / 6, 2.5 / 6, 1},
	{-4.0 / 6, -2.5 / 6, -1}, {0, -2.5 / 6, 1}, {4.0 / 6, -2.5 / 6, -1},
}

// bumpRadius is where a bump falls to 0 (TF Playground: 2 of its 6).
const bumpRadius = 2.0 / 6

// multiGauss is TF Playground's "multi-Gaussian" target: of the six bumps,
// each sign·max(0, 1 - distance/bumpRadius), the one largest in size.
func multiGauss(x, y float64) float64 {
	best := 0.0
	for _, b := range gaussBumps {
		v := b.sign * math.Max(0, 1-math.Hypot(x-b.x, y-b.y)/bumpRadius)
		if math.Abs(v) > math.Abs(best) {
			best = v
		}
	}
	return best
}
