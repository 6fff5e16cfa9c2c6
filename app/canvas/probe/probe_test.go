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
	g, maps, err := Evaluate(net, 7, 5, canvas.PlaneView())
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
	if _, _, err := Evaluate(testNet(t, nil), 0, 5, canvas.PlaneView()); err == nil {
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
