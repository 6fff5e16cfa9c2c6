package nn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Softmax places the row-wise softmax of z in dst (allocated if nil, reused
// if the right shape) and returns it:
//
//	P[i, j] = exp(z[i, j] - max_k z[i, k]) / Σ_k exp(z[i, k] - max_k z[i, k]).
//
// Subtracting the row maximum changes nothing mathematically and keeps exp
// from overflowing.
func Softmax(dst, z *mat.Dense) *mat.Dense {
	r, c := z.Dims()
	dst = reuse(dst, r, c)
	for i := range r {
		zr, pr := z.RawRowView(i), dst.RawRowView(i)
		m := math.Inf(-1)
		for _, v := range zr {
			m = math.Max(m, v)
		}
		sum := 0.0
		for j, v := range zr {
			pr[j] = math.Exp(v - m)
			sum += pr[j]
		}
		for j := range pr {
			pr[j] /= sum
		}
	}
	return dst
}

// SoftmaxCrossEntropy is the fused softmax and mean cross-entropy loss,
//
//	J = -1/N Σ_i log softmax(z)[i, y_i],   dz = (softmax(z) - Δ) / N,
//
// where Δ is the one-hot matrix of the labels y. Fusing the two gives the
// simple, stable gradient above (convnetjs's -(indicator - p)).
type SoftmaxCrossEntropy struct {
	// Probs holds softmax(z) of the last Forward.
	Probs *mat.Dense
	// DZ holds the last Backward's (P - Δ)/N.
	DZ *mat.Dense

	y []int
}

// Forward computes the probabilities and returns the mean loss of scores z
// (N×C) against labels y. It panics if len(y) != N or a label is outside
// [0, C): labels are validated where data is loaded.
func (s *SoftmaxCrossEntropy) Forward(z *mat.Dense, y []int) float64 {
	n, c := z.Dims()
	if len(y) != n {
		panic(fmt.Sprintf("nn: %d labels for %d rows", len(y), n))
	}
	s.Probs = Softmax(s.Probs, z)
	s.y = y
	loss := 0.0
	for i, label := range y {
		if label < 0 || label >= c {
			panic(fmt.Sprintf("nn: label %d out of range [0,%d)", label, c))
		}
		// -log P[i, y] = log Σ_k exp(z_k - m) - (z_y - m): computed from z
		// rather than as log(P), which would round P first.
		zr := z.RawRowView(i)
		m := math.Inf(-1)
		for _, v := range zr {
			m = math.Max(m, v)
		}
		sum := 0.0
		for _, v := range zr {
			sum += math.Exp(v - m)
		}
		loss += math.Log(sum) - (zr[label] - m)
	}
	return loss / float64(n)
}

// Backward returns dz = (P - Δ)/N for the last Forward.
func (s *SoftmaxCrossEntropy) Backward() *mat.Dense {
	n, c := s.Probs.Dims()
	s.DZ = reuse(s.DZ, n, c)
	s.DZ.Copy(s.Probs)
	for i, label := range s.y {
		s.DZ.Set(i, label, s.DZ.At(i, label)-1)
	}
	s.DZ.Scale(1/float64(n), s.DZ)
	return s.DZ
}
