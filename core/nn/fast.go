package nn

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/kernel"
)

// Precisions maps each arithmetic precision's name to its label. "f64"
// is exact: every product and activation in float64, what the report's
// numbers, the numpy parity tests and the gradient check need. "f32" is
// fast: the forward and backward passes run in float32 (half the memory
// traffic, and four lanes per SIMD instruction instead of two).
var Precisions = map[string]string{
	"f64": "exact (float64)",
	"f32": "fast (float32)",
}

// fast is a Network's float32 forward and backward pass (Spec.Precision
// "f32"): the same stages as Layers, on float32 copies.
//
// What stays float64, and why: the parameters (Param.Value), their
// gradients (Param.Grad) and the optimizer's state are the master copy,
// as in mixed-precision training (Micikevicius et al., "Mixed Precision
// Training", ICLR 2018): one Param type serves every optimizer,
// checkpoint, snapshot and weight view, and an update lr·g far below
// a weight's float32 ulp is not rounded away. The weights are rounded to
// float32 at each forward pass and each weight gradient is computed in
// float32 and added to Grad (in·out conversions per layer, against
// batch·in·out multiply-adds). Two sums are float64: the bias gradient
// (a sum over the batch, cheap) and the loss (softmax over the float32
// scores widened to float64, as SoftmaxCrossEntropy computes it). The
// products go through blas32, which the worker points at core/kernel's
// Sgemm with a SIMD Block32, the conversions through kernel.Demote and
// kernel.AddPromoted, and the passes over the activations (the ReLU, its
// gradient, the bias) through kernel.Relu32, ReluGrad32 and AddRows32,
// which it gives the same SIMD module.
type fast struct {
	stages []stage32
	x      []float32  // the input batch, rounded
	scores *mat.Dense // the last stage's output, widened, for the loss
	dz     []float32  // ∂J/∂scores, rounded
}

// stage32 is one Layer in float32: exactly one of dense, act, drop is set.
type stage32 struct {
	dense *Dense
	act   *Activation
	drop  *Dropout

	in, out  []float32 // rows×width of the input (aliased) and the output
	width    int       // the output's columns
	w, dw    []float32 // dense: W rounded, and dW of the last Backward
	b        []float32 // dense: B rounded
	mask     []float32 // dropout: this pass's mask (nil: identity)
	grad     []float32 // ∂J/∂input of the last backward pass
	skipGrad bool
}

// newFast returns the float32 plan of n's layers.
func newFast(n *Network) *fast {
	f := &fast{}
	width := n.Spec.Inputs
	for _, l := range n.Layers {
		s := stage32{width: width}
		switch l := l.(type) {
		case *Dense:
			in, out := l.W.Value.Dims()
			s.dense, s.width, s.skipGrad = l, out, l.SkipInputGrad
			s.w, s.dw = make([]float32, in*out), make([]float32, in*out)
		case *Activation:
			s.act = l
		case *Dropout:
			s.drop = l
		default:
			panic(fmt.Sprintf("nn: no float32 pass for layer %v", l))
		}
		width = s.width
		f.stages = append(f.stages, s)
	}
	return f
}

// grow returns s with length n, reallocated only if too short.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

func gemm32(tA, tB blas.Transpose, m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	blas32.Implementation().Sgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, beta, c, ldc)
}

// forward is Network.Forward in float32; it returns the scores widened to
// float64 (owned by f).
func (f *fast) forward(x *mat.Dense, train bool) *mat.Dense {
	rows, cols := x.Dims()
	f.x = grow(f.x, rows*cols)
	raw := x.RawMatrix()
	if raw.Stride == cols {
		kernel.Demote(f.x, raw.Data[:rows*cols])
	} else {
		for i := range rows {
			kernel.Demote(f.x[i*cols:(i+1)*cols], raw.Data[i*raw.Stride:i*raw.Stride+cols])
		}
	}
	in, inWidth := f.x, cols
	for i := range f.stages {
		s := &f.stages[i]
		s.in = in
		switch {
		case s.dense != nil:
			s.out = grow(s.out, rows*s.width)
			kernel.Demote(s.w, s.dense.W.Data())
			gemm32(blas.NoTrans, blas.NoTrans, rows, s.width, inWidth, in, inWidth, s.w, s.width, 0, s.out, s.width)
			s.b = grow(s.b, s.width)
			kernel.Demote(s.b, s.dense.B.Data())
			kernel.AddRows32(s.out, s.b)
		case s.act != nil:
			s.out = grow(s.out, len(in))
			if s.act.Name == "relu" { // the common case, without a call per element
				kernel.Relu32(s.out, in)
			} else {
				for j, v := range in {
					s.out[j] = float32(s.act.F(float64(v)))
				}
			}
		case s.drop != nil:
			s.mask = nil
			if !train || s.drop.P <= 0 {
				s.out = in
				break
			}
			// The same draws, in the same order, as Dropout.Forward.
			s.mask, s.out = grow(s.mask, len(in)), grow(s.out, len(in))
			keep := float32(1 / (1 - s.drop.P))
			for j, v := range in {
				s.mask[j] = 0
				if s.drop.Src.Float64() >= s.drop.P {
					s.mask[j] = keep
				}
				s.out[j] = v * s.mask[j]
			}
		}
		in, inWidth = s.out, s.width
	}
	f.scores = reuse(f.scores, rows, inWidth)
	sd := f.scores.RawMatrix().Data
	for j, v := range in {
		sd[j] = float64(v)
	}
	return f.scores
}

// backward adds the parameter gradients of dScores (rows×classes, from the
// loss) into every Grad.
func (f *fast) backward(dScores *mat.Dense) {
	rows, _ := dScores.Dims()
	f.dz = grow(f.dz, len(dScores.RawMatrix().Data))
	for j, v := range dScores.RawMatrix().Data {
		f.dz[j] = float32(v)
	}
	d := f.dz
	for i := len(f.stages) - 1; i >= 0 && d != nil; i-- {
		s := &f.stages[i]
		switch {
		case s.dense != nil:
			inWidth := len(s.in) / rows
			// dW = Xᵀ dY, then added to the float64 gradient.
			gemm32(blas.Trans, blas.NoTrans, inWidth, s.width, rows, s.in, inWidth, d, s.width, 0, s.dw, s.width)
			kernel.AddPromoted(s.dense.W.GradData(), s.dw)
			db := s.dense.B.GradData()
			for r := range rows {
				for j, v := range d[r*s.width : (r+1)*s.width] {
					db[j] += float64(v)
				}
			}
			if s.skipGrad {
				d = nil
				break
			}
			s.grad = grow(s.grad, rows*inWidth)
			gemm32(blas.NoTrans, blas.Trans, rows, inWidth, s.width, d, s.width, s.w, s.width, 0, s.grad, inWidth)
			d = s.grad
		case s.act != nil:
			s.grad = grow(s.grad, len(d))
			if s.act.Name == "relu" {
				kernel.ReluGrad32(s.grad, d, s.in)
			} else {
				for j, g := range d {
					s.grad[j] = g * float32(s.act.DF(float64(s.in[j]), float64(s.out[j])))
				}
			}
			d = s.grad
		case s.drop != nil:
			if s.mask == nil {
				break
			}
			s.grad = grow(s.grad, len(d))
			for j, g := range d {
				s.grad[j] = g * s.mask[j]
			}
			d = s.grad
		}
	}
}
