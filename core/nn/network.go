package nn

import (
	"fmt"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/kernel"
)

// Layer is one stage of a Network. Forward keeps what Backward needs;
// Backward takes ∂J/∂output, adds the parameter gradients into Params' Grad
// and returns ∂J/∂input. A layer owns the matrices it returns and reuses them
// on the next call.
type Layer interface {
	Forward(x *mat.Dense, train bool) *mat.Dense
	Backward(dy *mat.Dense) *mat.Dense
	Params() []*Param
	String() string
}

// Network is a sequential MLP ending in a fused softmax + cross-entropy loss,
// like torch.nn.Sequential followed by CrossEntropyLoss, or, for a
// regression Spec, in a squared error (MSELoss, halved).
type Network struct {
	Spec   Spec
	Layers []Layer
	Loss   SoftmaxCrossEntropy // the classification loss (Cost, CostGrad)
	// Squared is the regression loss (CostValues, CostGradValues).
	Squared SquaredError

	params []*Param
	probs  *mat.Dense
	fast   *fast // the float32 passes, if Spec.Precision is "f32"
}

// New builds the network that s describes and initializes its weights from
// src in the report's order: W1 (inputs×hidden[0]) first, row-major, then W2,
// and so on; biases start at zero. New returns the error of s.Validate.
func New(s Spec, src Source) (*Network, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	net := &Network{Spec: s}
	sizes := s.Sizes()
	act := Activations[s.Activation]
	for i := 1; i < len(sizes); i++ {
		d := NewDense(sizes[i-1], sizes[i], i)
		d.SkipInputGrad = i == 1
		net.Layers = append(net.Layers, d)
		net.params = append(net.params, d.W, d.B)
		if i < len(sizes)-1 {
			net.Layers = append(net.Layers, NewActivation(act))
			if s.Dropout > 0 {
				net.Layers = append(net.Layers, &Dropout{P: s.Dropout, Src: src})
			}
		}
	}
	if s.Precision == "f32" {
		net.fast = newFast(net)
	}
	net.Init(src)
	return net, nil
}

// Init redraws every weight from src as the Spec's Init says, in layer
// order, and zeroes biases and gradients.
func (n *Network) Init(src Source) {
	for _, d := range n.Dense() {
		in, out := d.W.Value.Dims()
		scale := Inits[n.Spec.Init].Scale(in, out, n.Spec.Std)
		w := d.W.Data()
		for i := range w {
			w[i] = scale * src.Randn()
		}
		d.B.Value.Zero()
	}
	n.ZeroGrad()
}

// Dense returns the linear layers in order.
func (n *Network) Dense() []*Dense {
	var ds []*Dense
	for _, l := range n.Layers {
		if d, ok := l.(*Dense); ok {
			ds = append(ds, d)
		}
	}
	return ds
}

// Params returns the parameters in the report's order: W1, b1, W2, b2, ...
func (n *Network) Params() []*Param { return n.params }

// Param returns the parameter with the given name, or nil.
func (n *Network) Param(name string) *Param {
	for _, p := range n.params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// ZeroGrad sets every gradient to zero.
func (n *Network) ZeroGrad() {
	for _, p := range n.params {
		p.Grad.Zero()
	}
}

// Forward returns the scores z (the last layer's output, before softmax) of
// the batch x. With train false, dropout is off. The result is owned by the
// network.
func (n *Network) Forward(x *mat.Dense, train bool) *mat.Dense {
	if _, c := x.Dims(); c != n.Spec.Inputs {
		panic(fmt.Sprintf("nn: input has %d columns, network wants %d", c, n.Spec.Inputs))
	}
	if n.fast != nil {
		return n.fast.forward(x, train)
	}
	for _, l := range n.Layers {
		x = l.Forward(x, train)
	}
	return x
}

// Penalty returns the L2 penalty reg · Σ‖W‖² over the weight matrices (no
// 1/2, as the report).
func (n *Network) Penalty(reg float64) float64 {
	if reg == 0 {
		return 0
	}
	s := 0.0
	for _, p := range n.params {
		if p.Decay {
			s = kernel.AddSquares(s, p.Data())
		}
	}
	return reg * s
}

// Cost returns the mean cross-entropy of the batch plus the L2 penalty, with
// dropout off. It changes no parameter or gradient. It is the cost of a
// classification network; a regression network's is CostValues.
func (n *Network) Cost(x *mat.Dense, y []int, reg float64) float64 {
	return n.Loss.Forward(n.Forward(x, false), y) + n.Penalty(reg)
}

// CostValues returns a regression network's squared error on the batch
// against the real targets t, plus the L2 penalty, with dropout off.
func (n *Network) CostValues(x *mat.Dense, t []float64, reg float64) float64 {
	return n.Squared.Forward(n.Forward(x, false), t) + n.Penalty(reg)
}

// CostGradValues is CostGrad for a regression network: a training forward
// pass, the squared error against t plus the penalty, and the backward pass.
func (n *Network) CostGradValues(x *mat.Dense, t []float64, reg float64) float64 {
	cost := n.Squared.Forward(n.Forward(x, true), t) + n.Penalty(reg)
	n.backward(n.Squared.Backward(), reg)
	return cost
}

// CostGrad runs a training forward pass and the backward pass on the batch:
// it returns the cost, as Cost does, and adds its gradient to every Grad,
// the penalty's 2·reg·W included. Call ZeroGrad first unless accumulating.
func (n *Network) CostGrad(x *mat.Dense, y []int, reg float64) float64 {
	return n.costGrad(x, y, reg, true)
}

// costGrad is CostGrad with dropout on (train) or off, in which case the
// gradient is that of the function Cost evaluates.
func (n *Network) costGrad(x *mat.Dense, y []int, reg float64, train bool) float64 {
	cost := n.Loss.Forward(n.Forward(x, train), y) + n.Penalty(reg)
	n.backward(n.Loss.Backward(), reg)
	return cost
}

// backward propagates d = ∂J/∂scores through the layers, adding every
// parameter's gradient, and the penalty's 2·reg·W.
func (n *Network) backward(d *mat.Dense, reg float64) {
	if n.fast != nil {
		n.fast.backward(d)
	} else {
		for i := len(n.Layers) - 1; i >= 0 && d != nil; i-- {
			d = n.Layers[i].Backward(d)
		}
	}
	if reg != 0 {
		for _, p := range n.params {
			if p.Decay {
				kernel.Axpy(2*reg, p.Data(), p.GradData())
			}
		}
	}
}

// Probs returns the softmax probabilities of x with dropout off, in a matrix
// owned by the network.
func (n *Network) Probs(x *mat.Dense) *mat.Dense {
	n.probs = Softmax(n.probs, n.Forward(x, false))
	return n.probs
}

// Predict places the most probable class of each row of x in dst (allocated
// if nil) and returns it.
func (n *Network) Predict(dst []int, x *mat.Dense) []int {
	z := n.Forward(x, false)
	r, _ := z.Dims()
	if dst == nil {
		dst = make([]int, r)
	}
	for i := range r {
		best := 0
		for j, v := range z.RawRowView(i) {
			if v > z.At(i, best) {
				best = j
			}
		}
		dst[i] = best
	}
	return dst
}

// String describes the layers, e.g. "Linear(4, 10) → ReLU → Linear(10, 3)".
func (n *Network) String() string {
	parts := make([]string, len(n.Layers))
	for i, l := range n.Layers {
		parts[i] = l.String()
	}
	return strings.Join(parts, " → ")
}
