// Package probe reads what app/canvas draws out of an *nn.Network: one
// sample's values and gradients for the diagram (Sample), and the class
// probabilities and hidden activations over a grid of the plane for the
// decision regions and the activation maps (Evaluate).
//
// It is apart from app/canvas because it links core/nn and gonum (about
// 3.8 MB of wasm): the canvas binary and a page that receives these values
// in messages need only app/canvas; the side that holds the network (the
// training worker, or a page running a small net itself) imports probe.
package probe

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
)

// Sample returns the diagram state of net for the sample x (one value
// per input) with the given label: its weights and biases, every neuron's
// value (the input, each hidden activation, the output probabilities) and,
// if label >= 0, every neuron's gradient ∂J/∂z as if x were one row of a
// batch of batch samples (the rows of the report's dz, (P - Δ)/N at the
// output; batch <= 0 means 1), and ∂J/∂x at the inputs.
//
// With a label it runs net.CostGrad on x (with reg 0), which overwrites the
// gradients of net's parameters: call it between training steps, never in
// the middle of one. Dropout, if any, is then active. Without a label it
// runs only the forward pass with dropout off.
//
// It returns an error if x or label do not fit net, or if the result does
// not pass canvasmsg's Net.Validate (too large a net, non-finite values).
func Sample(net *nn.Network, x []float64, label, batch int) (canvasmsg.Net, error) {
	s := net.Spec
	if len(x) != s.Inputs {
		return canvasmsg.Net{}, fmt.Errorf("probe: sample has %d values, network wants %d", len(x), s.Inputs)
	}
	if label >= 0 && s.Regression() {
		return canvasmsg.Net{}, fmt.Errorf("probe: a regression network's sample has no label")
	}
	if label >= s.Classes {
		return canvasmsg.Net{}, fmt.Errorf("probe: label %d out of range [0,%d]", label, s.Classes-1)
	}
	if batch <= 0 {
		batch = 1
	}
	xm := mat.NewDense(1, s.Inputs, append([]float64(nil), x...))
	var scores *mat.Dense
	if label >= 0 {
		net.ZeroGrad()
		net.CostGrad(xm, []int{label}, 0)
		scores = net.Dense()[len(net.Dense())-1].Output()
	} else {
		scores = net.Forward(xm, false)
	}

	out := canvasmsg.Net{Sizes: s.Sizes()}
	dense := net.Dense()
	for _, d := range dense {
		out.Weights = append(out.Weights, append([]float64(nil), d.W.Data()...))
		out.Biases = append(out.Biases, append([]float64(nil), d.B.Data()...))
	}
	out.Values = append(out.Values, append([]float64(nil), x...))
	for _, l := range net.Layers {
		if a, ok := l.(*nn.Activation); ok {
			out.Values = append(out.Values, append([]float64(nil), a.Output().RawRowView(0)...))
		}
	}
	last := scores
	if !net.Spec.Regression() {
		last = nn.Softmax(nil, scores)
	}
	out.Values = append(out.Values, append([]float64(nil), last.RawRowView(0)...))

	if label >= 0 {
		scale := 1 / float64(batch)
		// For one row, db = Σ_rows dz is dz itself.
		dz1 := mat.NewDense(1, dense[0].B.Grad.RawMatrix().Cols, append([]float64(nil), dense[0].B.GradData()...))
		var dx mat.Dense
		dx.Mul(dz1, dense[0].W.Value.T()) // ∂J/∂x = dz1 W1ᵀ
		out.Grads = append(out.Grads, scaled(dx.RawRowView(0), scale))
		for _, d := range dense {
			out.Grads = append(out.Grads, scaled(d.B.GradData(), scale))
		}
	}
	if err := out.Validate(); err != nil {
		return canvasmsg.Net{}, err
	}
	return out, nil
}

func scaled(v []float64, f float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * f
	}
	return out
}

// Evaluate runs net (dropout off) over the centres of a w×h grid over b,
// each read as the input features keys (plane.Spec.Inputs), and returns the
// class probabilities (a regression net's output) as a Grid and, for each
// hidden layer, the activation of each unit over the grid: maps[l][u] has
// w*h values in Grid order, ready for Maps.Units. It returns an error
// unless net reads len(keys) inputs and w, h are from 1 to 1024.
func Evaluate(net *nn.Network, keys []string, w, h int, b canvas.Bounds) (canvas.Grid, [][][]float64, error) {
	if net.Spec.Inputs != len(keys) {
		return canvas.Grid{}, nil, fmt.Errorf("probe: network has %d inputs, the plane's features are %d", net.Spec.Inputs, len(keys))
	}
	if w < 1 || h < 1 || w > 1024 || h > 1024 || !(b.MinX < b.MaxX && b.MinY < b.MaxY) {
		return canvas.Grid{}, nil, fmt.Errorf("probe: grid %dx%d over %+v", w, h, b)
	}
	xy := canvas.Centres(w, h, b)
	pts := make([]plane.Point, w*h)
	for i := range pts {
		pts[i] = plane.Point{X: xy[2*i], Y: xy[2*i+1]}
	}
	x, err := plane.Expand(pts, keys)
	if err != nil {
		return canvas.Grid{}, nil, err
	}
	out := Outputs(net, x.X)
	g := canvas.Grid{W: w, H: h, Classes: net.Spec.Classes, Bounds: b, Probs: append([]float64(nil), out.RawMatrix().Data...)}
	var maps [][][]float64
	for _, l := range net.Layers {
		a, ok := l.(*nn.Activation)
		if !ok {
			continue
		}
		out := a.Output()
		_, units := out.Dims()
		layer := make([][]float64, units)
		for u := range layer {
			layer[u] = make([]float64, w*h)
			for i := range w * h {
				layer[u][i] = out.At(i, u)
			}
		}
		maps = append(maps, layer)
	}
	return g, maps, nil
}

// Outputs returns what the page shows of net's answer for the rows of x:
// the class probabilities, or a regression net's output, in a matrix
// owned by the network.
func Outputs(net *nn.Network, x *mat.Dense) *mat.Dense {
	if net.Spec.Regression() {
		return net.Forward(x, false)
	}
	return net.Probs(x)
}

// Points converts core/plane points for canvas.Regions.
func Points(pts []plane.Point) []canvas.Point {
	out := make([]canvas.Point, len(pts))
	for i, p := range pts {
		out[i] = canvas.Point(p)
	}
	return out
}
