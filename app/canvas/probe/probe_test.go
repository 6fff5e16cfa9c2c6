package probe

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/rng"
)

func testNet(t testing.TB, hidden []int) *nn.Network {
	t.Helper()
	net, err := nn.New(nn.Spec{Inputs: 2, Hidden: hidden, Classes: 3, Activation: "tanh", Init: "xavier"}, rng.New(3))
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// TestSampleGradients compares the diagram's input gradients with
// central differences of the network's cost (P5), and the output
// gradients with softmax - one-hot.
func TestSampleGradients(t *testing.T) {
	t.Parallel()
	net := testNet(t, []int{5, 4})
	x := []float64{0.6, -0.4}
	const label = 2
	n, err := Sample(net, x, label, 1)
	if err != nil {
		t.Fatal(err)
	}
	L := len(n.Sizes)
	if len(n.Values) != L || len(n.Grads) != L || len(n.Weights) != L-1 {
		t.Fatalf("shapes: %d values, %d grads, %d weights", len(n.Values), len(n.Grads), len(n.Weights))
	}
	sum := 0.0
	for j, p := range n.Values[L-1] {
		sum += p
		want := p
		if j == label {
			want--
		}
		if math.Abs(n.Grads[L-1][j]-want) > 1e-12 {
			t.Errorf("output grad %d = %g, want p - 1{j=y} = %g", j, n.Grads[L-1][j], want)
		}
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("output probabilities sum to %g", sum)
	}
	cost := func(v []float64) float64 {
		return net.Cost(mat.NewDense(1, 2, v), []int{label}, 0)
	}
	const h = 1e-6
	for i := range x {
		xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
		xp[i] += h
		xm[i] -= h
		num := (cost(xp) - cost(xm)) / (2 * h)
		got := n.Grads[0][i]
		if rel := math.Abs(got-num) / math.Max(1e-8, math.Abs(got)+math.Abs(num)); rel > 1e-6 {
			t.Errorf("∂J/∂x[%d] = %g, central difference %g (rel %g)", i, got, num, rel)
		}
	}
	// As one row of a batch of 4, every gradient is a quarter.
	n4, _ := Sample(net, x, label, 4)
	for l := range n.Grads {
		for j := range n.Grads[l] {
			if d := n4.Grads[l][j] - n.Grads[l][j]/4; math.Abs(d) > 1e-15 {
				t.Errorf("batch 4: grads[%d][%d] off by %g", l, j, d)
			}
		}
	}
	// Without a label: values only, the same ones.
	nv, err := Sample(net, x, -1, 1)
	if err != nil || nv.Grads != nil {
		t.Fatalf("no label: %v, grads %v", err, nv.Grads)
	}
	for l := range n.Values {
		for j := range n.Values[l] {
			if nv.Values[l][j] != n.Values[l][j] {
				t.Errorf("values[%d][%d]: %g without label, %g with", l, j, nv.Values[l][j], n.Values[l][j])
			}
		}
	}
	for i, bad := range []struct {
		x     []float64
		label int
	}{{[]float64{1}, 0}, {x, 3}} {
		if _, err := Sample(net, bad.x, bad.label, 1); err == nil {
			t.Errorf("%d: Sample(%v, %d) = nil error", i, bad.x, bad.label)
		}
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	net := testNet(t, []int{5, 4})
	g, maps, err := Evaluate(net, plane.DefaultFeatures, 7, 5, canvas.PlaneView())
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(maps) != 2 || len(maps[0]) != 5 || len(maps[1]) != 4 || len(maps[1][3]) != 35 {
		t.Fatalf("maps shape wrong")
	}
	// Cell (col 3, row 1) against a forward pass of its centre.
	xy := canvas.Centres(7, 5, canvas.PlaneView())
	i := 1*7 + 3
	n, err := Sample(net, xy[2*i:2*i+2], -1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for c := range 3 {
		if d := g.Probs[i*3+c] - n.Values[3][c]; math.Abs(d) > 1e-12 {
			t.Errorf("prob %d off by %g", c, d)
		}
	}
	for u := range 4 {
		if d := maps[1][u][i] - n.Values[2][u]; math.Abs(d) > 1e-12 {
			t.Errorf("map unit %d off by %g", u, d)
		}
	}
	if _, _, err := Evaluate(testNet(t, nil), plane.DefaultFeatures, 0, 5, canvas.PlaneView()); err == nil {
		t.Error("Evaluate with w = 0: nil error")
	}
}

func TestPoints(t *testing.T) {
	t.Parallel()
	pts := Points([]plane.Point{{X: 0.5, Y: -1, Class: 2}, {X: 0, Y: 0.25, Class: 0}})
	if len(pts) != 2 || pts[0] != (canvas.Point{X: 0.5, Y: -1, Class: 2}) || pts[1] != (canvas.Point{X: 0, Y: 0.25, Class: 0}) {
		t.Errorf("Points = %+v", pts)
	}
}

// TestEvaluateRegressionFeatures: a regression net reading (x², y²) gives
// a one-value grid holding its output at each cell centre's features,
// and Sample's last values are that output, not a softmax.
func TestEvaluateRegressionFeatures(t *testing.T) {
	t.Parallel()
	net, err := nn.New(nn.Spec{Inputs: 2, Hidden: []int{4}, Classes: 1, Activation: "tanh", Init: "xavier", Loss: nn.LossSquared}, rng.New(3))
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"xx", "yy"}
	g, _, err := Evaluate(net, keys, 4, 3, canvas.PlaneView())
	if err != nil {
		t.Fatal(err)
	}
	if g.Classes != 1 || len(g.Probs) != 12 {
		t.Fatalf("grid of %d values per cell, %d in all", g.Classes, len(g.Probs))
	}
	xy := canvas.Centres(4, 3, canvas.PlaneView())
	for i := range 12 {
		x, y := xy[2*i], xy[2*i+1]
		want := net.Forward(mat.NewDense(1, 2, []float64{x * x, y * y}), false).At(0, 0)
		if math.Abs(g.Probs[i]-want) > 1e-12 {
			t.Fatalf("cell %d: %g, want the output %g", i, g.Probs[i], want)
		}
	}
	if _, _, err := Evaluate(net, []string{"x", "y", "xy"}, 4, 3, canvas.PlaneView()); err == nil {
		t.Error("three features for a 2-input net: no error")
	}
	s, err := Sample(net, []float64{0.25, 0.04}, -1, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := s.Values[len(s.Values)-1]
	if want := net.Forward(mat.NewDense(1, 2, []float64{0.25, 0.04}), false).At(0, 0); len(out) != 1 || out[0] != want {
		t.Errorf("Sample's output %v, want [%g]", out, want)
	}
	if _, err := Sample(net, []float64{0, 0}, 0, 1); err == nil {
		t.Error("a label for a regression net: no error")
	}
}
