package lesson

import (
	"fmt"
	"image"
	stdmath "math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/app/canvas/probe"
	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/train"
)

// Sizes of the 2D playground's pictures, in pixels.
const (
	gridSize    = 48  // the net is evaluated on a gridSize² lattice of the plane
	regionsSize = 300 // the decision regions' side
)

// snapshot is what the page shows of a net the worker exported: its
// accuracies and its pictures, computed on the page from the weights (a
// 48×48 grid through a 2-16-16-3 net is about 3 MFLOP, a few milliseconds
// even with gonum's pure-Go wasm kernels, so the worker sends the weights
// rather than pictures).
type snapshot struct {
	net      *nn.Network
	spec     plane.Spec // the dataset's: its input features lift a point to the net's inputs
	trainAcc float64    // classification: the fractions right
	testAcc  float64
	// A regression net's TF Playground loss (half the mean squared error)
	// on the training and the test points; NaN for a classifier.
	trainLoss, testLoss float64
	points              canvas.Regions // the grid of probabilities and the points
	regions             *image.RGBA    // points drawn with the switches of view
	view                regionView
	maps                []*image.RGBA // one sheet per hidden layer
	largest             []float64     // each hidden layer's largest |activation| over the plane
}

// snapshotOf decodes an exported checkpoint.
func snapshotOf(b []byte, set *plane.Set) (*snapshot, error) {
	c, err := checkpoint.Unmarshal(b)
	if err != nil {
		return nil, err
	}
	net, err := c.Network(nil)
	if err != nil {
		return nil, err
	}
	return evaluate(net, set)
}

// evaluate measures net on set and draws its decision regions (with the
// points) and its hidden units' maps.
func evaluate(net *nn.Network, set *plane.Set) (*snapshot, error) {
	s := &snapshot{net: net, spec: set.Spec, trainLoss: stdmath.NaN(), testLoss: stdmath.NaN()}
	tr, te := set.TrainData(), set.TestData()
	if net.Spec.Inputs != tr.Dim() {
		return nil, fmt.Errorf("the net reads %d inputs, the plane's features are %d", net.Spec.Inputs, tr.Dim())
	}
	if net.Spec.Regression() {
		s.trainLoss, s.testLoss = net.CostValues(tr.X, tr.T, 0), net.CostValues(te.X, te.T, 0)
	} else {
		s.trainAcc, s.testAcc = train.Accuracy(net, tr, len(set.Train)), train.Accuracy(net, te, len(set.Test))
	}
	g, maps, err := probe.Evaluate(net, set.Spec.Inputs(), gridSize, gridSize, canvas.PlaneView())
	if err != nil {
		return nil, err
	}
	s.points = canvas.Regions{Grid: g, Train: probe.Points(set.Train), Test: probe.Points(set.Test)}
	if err := s.drawRegions(regionView{}); err != nil {
		return nil, err
	}
	// One scale for the whole net: the largest activation of any layer,
	// so that a layer that collapsed looks collapsed.
	scale := 0.0
	for _, units := range maps {
		l := 0.0
		for _, u := range units {
			l = stdmath.Max(l, canvas.Largest(u))
		}
		s.largest = append(s.largest, l)
		scale = stdmath.Max(scale, l)
	}
	for _, units := range maps {
		m := mapsOf(units)
		m.Scale = scale
		img := image.NewRGBA(image.Rectangle{Max: m.Size()})
		if err := m.Draw(img); err != nil {
			return nil, err
		}
		s.maps = append(s.maps, img)
	}
	return s, nil
}

// regionView is how the decision regions are drawn: TF Playground's "show
// test data" (here on unless HideTest) and "discretize output" switches.
type regionView struct {
	HideTest, Discrete bool
}

// drawRegions draws the regions as view says, unless they are already.
func (s *snapshot) drawRegions(view regionView) error {
	if s.regions != nil && s.view == view {
		return nil
	}
	r := s.points
	r.HideTest, r.Discrete = view.HideTest, view.Discrete
	img := image.NewRGBA(image.Rect(0, 0, regionsSize, regionsSize))
	if err := r.Draw(img); err != nil {
		return err
	}
	s.regions, s.view = img, view
	return nil
}

// mapsOf lays out one hidden layer's maps: eight to a row, smaller when
// the layer is wide.
func mapsOf(units [][]float64) canvas.Maps {
	cell := 52
	if len(units) > 16 {
		cell = 34
	}
	return canvas.Maps{W: gridSize, H: gridSize, Units: units, Cols: min(8, max(1, len(units))), Cell: cell, Gap: 4}
}

// diagram returns the network canvas's picture of net: its weights and,
// if at is not nil, the values of the point at.
//
// The canvas draws an edge 3 pixels wide per unit of |w| (at most 6): a
// trained net has many weights near or above 1, and the 1,024 edges
// between two 32-unit layers would merge into one blob. The weights sent
// are therefore scaled, all by the same factor, so that the 90th
// percentile of |w| is drawn 1.5 pixels wide between 16-unit layers and
// thinner between wider ones: widths stay proportional to |w|, signs are
// kept, and nets with small weights (a bad init) are drawn as they are.
func diagram(net *nn.Network, spec plane.Spec, at *[2]float64) canvasmsg.Net {
	var n canvasmsg.Net
	if at != nil {
		if s, err := probe.Sample(net, spec.Row(at[0], at[1]), -1, 0); err == nil {
			n = s
		}
	}
	if n.Sizes == nil {
		n = canvasmsg.Net{Sizes: net.Spec.Sizes()}
		for _, d := range net.Dense() {
			n.Weights = append(n.Weights, clone(d.W.Data()))
			n.Biases = append(n.Biases, clone(d.B.Data()))
		}
	}
	if f := edgeFactor(n.Weights); f < 1 {
		for _, w := range n.Weights {
			for i := range w {
				w[i] *= f
			}
		}
	}
	return n
}

// edgeFactor returns min(1, target/q), where q is the 90th percentile of
// |w| and target is 0.5 (1.5 pixels) for layers of at most 256 edges,
// less for denser ones (∝ 1/√edges).
func edgeFactor(ws [][]float64) float64 {
	var all []float64
	most := 1
	for _, w := range ws {
		most = max(most, len(w))
		for _, v := range w {
			all = append(all, stdmath.Abs(v))
		}
	}
	if len(all) == 0 {
		return 1
	}
	sort.Float64s(all)
	q := all[len(all)*9/10]
	target := 0.5 * stdmath.Min(1, stdmath.Sqrt(256/float64(most)))
	if q <= target {
		return 1
	}
	return target / q
}

// outputsAt returns the class probabilities of one point (a regression
// net's output).
func outputsAt(net *nn.Network, spec plane.Spec, x, y float64) []float64 {
	row := spec.Row(x, y)
	return clone(probe.Outputs(net, mat.NewDense(1, len(row), row)).RawRowView(0))
}
