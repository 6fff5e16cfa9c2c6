package nn

import (
	"hash/fnv"
	"math"
	"slices"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/gradcheck"
)

// GradCheck is the result of checking one parameter's analytic gradient
// against central differences.
type GradCheck struct {
	Name      string    `json:"name"`
	Analytic  []float64 `json:"analytic"`
	Numerical []float64 `json:"numerical"`
	// RelError is the report's max |a-b| / max(1e-8, |a|+|b|).
	RelError float64 `json:"rel_error"`
}

// CheckGradients is the report's check: it compares the backpropagated
// gradient of Cost(x, y, reg) with finite differences by formula
// (gradcheck.Central(1e-5) is the report's) on every entry of every
// parameter, in the order of Params, with dropout off. It is the oracle for
// the report's toy net (Figure 3); the check a student runs on any net is
// Check. The parameters are restored bit for bit afterwards; the gradients
// are left holding the analytic values.
func (n *Network) CheckGradients(x *mat.Dense, y []int, reg float64, formula fd.Formula) []GradCheck {
	// Always in float64: finite differences of a float32 cost measure its
	// rounding, not its slope.
	fast := n.fast
	n.fast = nil
	defer func() { n.fast = fast }()
	n.ZeroGrad()
	n.costGrad(x, y, reg, false)
	var out []GradCheck
	for _, p := range n.params {
		data := p.Data()
		orig := append([]float64(nil), data...)
		num := gradcheck.Gradient(nil, func(v []float64) float64 {
			copy(data, v)
			return n.Cost(x, y, reg)
		}, orig, formula)
		copy(data, orig)
		ana := append([]float64(nil), p.GradData()...)
		out = append(out, GradCheck{Name: p.Name, Analytic: ana, Numerical: num, RelError: gradcheck.RelError(ana, num)})
	}
	return out
}

// Check runs gradcheck.Check on the cost of the batch (x, y) with L2
// strength reg, dropout off, for every parameter in the order of Params.
// It changes no layer setting; the parameters are restored bit for bit and
// the gradients are left holding the analytic values.
//
// The network supplies what the generic check cannot know: the scale of
// each parameter (how far it can move before its layer's output z reaches
// the next bend: the RMS of z for a layer feeding a ReLU, whose kinks are at
// 0, else 1, the scale of tanh, sigmoid and softmax; divided by the RMS of
// the layer's input for a weight), and which smooth piece each evaluation
// lies on (the signs of every ReLU and leaky ReLU input).
func (n *Network) Check(x *mat.Dense, y []int, reg float64, opt gradcheck.Options) gradcheck.Result {
	// Always in float64, as CheckGradients: finite differences of a float32
	// cost measure its rounding, not its slope.
	fast := n.fast
	n.fast = nil
	defer func() { n.fast = fast }()
	n.ZeroGrad()
	n.costGrad(x, y, reg, false)
	var kinked []*Dense // the layers whose outputs feed a kink
	for i, l := range n.Layers[:len(n.Layers)-1] {
		if d, ok := l.(*Dense); ok {
			if a, ok := n.Layers[i+1].(*Activation); ok && (a.Name == "relu" || a.Name == "leakyrelu") {
				kinked = append(kinked, d)
			}
		}
	}
	// Each block's layer, to evaluate from it on: the layers before it
	// keep the outputs of the last full pass, made when the check moved
	// to the block (its parameters all back in place).
	var from []int
	for i, l := range n.Layers {
		if _, ok := l.(*Dense); ok {
			from = append(from, i, i)
		}
	}
	last := -1
	p := gradcheck.Problem{Cost: func(block int) float64 {
		if block != last || from[block] == 0 {
			last = block
			return n.Cost(x, y, reg)
		}
		out := n.Layers[from[block]].(*Dense).Input()
		for _, l := range n.Layers[from[block]:] {
			out = l.Forward(out, false)
		}
		return n.Loss.Forward(out, y) + n.Penalty(reg)
	}}
	for _, d := range n.Dense() {
		// zScale is how far this layer's output z may move before the
		// next stage bends: to the kinks, about the RMS of z, for a ReLU;
		// 1 for tanh, sigmoid and the softmax. A weight moves z by its
		// input times its change, a bias by its change.
		zScale := 1.0
		if slices.Contains(kinked, d) {
			zScale = rmsOf(d.Output().RawMatrix().Data)
		}
		wScale := 0.0 // gradcheck's default, the RMS of W
		if in := rmsOf(d.Input().RawMatrix().Data); in > 0 && zScale > 0 {
			wScale = zScale / in
		}
		for _, q := range []struct {
			p     *Param
			scale float64
		}{{d.W, wScale}, {d.B, zScale}} {
			r, c := q.p.Value.Dims()
			p.Blocks = append(p.Blocks, gradcheck.Block{Name: q.p.Name, Data: q.p.Data(),
				Grad: append([]float64(nil), q.p.GradData()...), Scale: q.scale, Shape: [2]int{r, c}})
		}
	}
	if len(kinked) > 0 {
		p.Piece = func() uint64 { return signs(kinked, nil) }
	}
	return gradcheck.Check(p, opt)
}

// CheckInput runs gradcheck.Check on the gradient of the cost with
// respect to v, the input of Layers[layer] (a hidden layer's z or a), whose
// analytic value is grad: the cost is the rest of the network run on v,
// then the loss of y and the L2 penalty (which does not depend on v). The
// step-through shows it for each ∂J/∂a and ∂J/∂z. v is restored bit for
// bit.
func (n *Network) CheckInput(layer int, v *mat.Dense, grad []float64, y []int, reg float64) gradcheck.Result {
	var kinked []*Dense
	for i := layer; i < len(n.Layers)-1; i++ {
		if d, ok := n.Layers[i].(*Dense); ok {
			if a, ok := n.Layers[i+1].(*Activation); ok && (a.Name == "relu" || a.Name == "leakyrelu") {
				kinked = append(kinked, d)
			}
		}
	}
	var own []float64 // v itself, when it is the input of a kink
	if layer < len(n.Layers) {
		if a, ok := n.Layers[layer].(*Activation); ok && (a.Name == "relu" || a.Name == "leakyrelu") {
			own = v.RawMatrix().Data
		}
	}
	penalty := n.Penalty(reg)
	zScale := 1.0
	if own != nil {
		zScale = rmsOf(own)
	}
	r, c := v.Dims()
	p := gradcheck.Problem{
		Blocks: []gradcheck.Block{{Name: "input", Data: v.RawMatrix().Data, Grad: grad, Scale: zScale, Shape: [2]int{r, c}}},
		Cost: func(int) float64 {
			out := v
			for _, l := range n.Layers[layer:] {
				out = l.Forward(out, false)
			}
			return n.Loss.Forward(out, y) + penalty
		},
	}
	if len(kinked) > 0 || own != nil {
		p.Piece = func() uint64 { return signs(kinked, own) }
	}
	return gradcheck.Check(p, gradcheck.Options{})
}

// signs hashes which outputs of the layers ds, and which values of extra,
// are positive: the smooth piece of a ReLU network the last pass was on.
func signs(ds []*Dense, extra []float64) uint64 {
	h := fnv.New64a()
	var word [8]byte
	add := func(zs []float64) {
		for i := 0; i < len(zs); i += 64 {
			var bits uint64
			for j := i; j < min(i+64, len(zs)); j++ {
				if zs[j] > 0 {
					bits |= 1 << (j - i)
				}
			}
			for k := range word {
				word[k] = byte(bits >> (8 * k))
			}
			h.Write(word[:])
		}
	}
	add(extra)
	for _, d := range ds {
		add(d.Output().RawMatrix().Data)
	}
	return h.Sum64()
}

func rmsOf(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	if len(v) == 0 {
		return 0
	}
	return math.Sqrt(s / float64(len(v)))
}
