package nn

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Dense is a fully connected (linear, affine) layer, Y = X W + b.
type Dense struct {
	W, B *Param

	// SkipInputGrad makes Backward return nil instead of computing
	// dX = dY Wᵀ. Network sets it on its first layer, whose input is the
	// data: that product is as costly as the forward one and nobody uses it.
	SkipInputGrad bool

	x   *mat.Dense // the last input, kept for dW = Xᵀ dY
	out *mat.Dense
	dx  *mat.Dense
}

var _ Layer = (*Dense)(nil)

// NewDense returns an in×out layer with zero weights and biases named
// "W"+index and "b"+index. It panics if in or out is not positive: callers
// validate user sizes first (see Spec.Validate).
func NewDense(in, out, index int) *Dense {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("nn: dense layer size %dx%d", in, out))
	}
	return &Dense{
		W: newParam(fmt.Sprintf("W%d", index), in, out, true),
		B: newParam(fmt.Sprintf("b%d", index), 1, out, false),
	}
}

// Forward returns Y = X W + b (batch×out). The result is owned by the layer
// and overwritten by the next call.
func (d *Dense) Forward(x *mat.Dense, _ bool) *mat.Dense {
	n, _ := x.Dims()
	_, out := d.W.Value.Dims()
	d.x = x
	d.out = reuse(d.out, n, out)
	d.out.Mul(x, d.W.Value)
	b := d.B.Data()
	for i := range n {
		row := d.out.RawRowView(i)
		for j := range row {
			row[j] += b[j]
		}
	}
	return d.out
}

// Backward adds dW = Xᵀ dY to W.Grad and db = Σ_rows dY to B.Grad, and
// returns dX = dY Wᵀ (nil if SkipInputGrad).
func (d *Dense) Backward(dy *mat.Dense) *mat.Dense {
	// Accumulate in place with beta = 1: dW ← 1·Xᵀ dY + 1·dW.
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, d.x.RawMatrix(), dy.RawMatrix(), 1, d.W.Grad.RawMatrix())
	db := d.B.GradData()
	n, _ := dy.Dims()
	for i := range n {
		for j, v := range dy.RawRowView(i) {
			db[j] += v
		}
	}
	if d.SkipInputGrad {
		return nil
	}
	_, in := d.x.Dims()
	d.dx = reuse(d.dx, n, in)
	d.dx.Mul(dy, d.W.Value.T())
	return d.dx
}

// Params returns W and b.
func (d *Dense) Params() []*Param { return []*Param{d.W, d.B} }

// Input returns the last input X seen by Forward (nil before the first).
func (d *Dense) Input() *mat.Dense { return d.x }

// Output returns the last Y computed by Forward.
func (d *Dense) Output() *mat.Dense { return d.out }

// String describes the layer, e.g. "Linear(3072, 100)".
func (d *Dense) String() string {
	in, out := d.W.Value.Dims()
	return fmt.Sprintf("Linear(%d, %d)", in, out)
}
