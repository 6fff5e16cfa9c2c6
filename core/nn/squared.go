package nn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// The losses a network can end in (Spec.Loss), by name, with their labels.
// "softmax" (also "") is the report's softmax cross-entropy over Classes
// ≥ 2 scores; "squared" is regression: one output, TF Playground's
// squared error.
const (
	LossSoftmax = "softmax"
	LossSquared = "squared"
)

// Losses maps each loss's name to its label.
var Losses = map[string]string{
	LossSoftmax: "softmax cross-entropy (classification)",
	LossSquared: "squared error (regression)",
}

// SquaredError is half the mean squared error of a one-output network
// against real targets t, TF Playground's regression loss:
//
//	J = 1/(2N) Σ_i (z_i - t_i)²,   dz = (z - t) / N.
//
// The half makes the gradient the plain residual, as TF Playground's
// Errors.SQUARE (0.5·(output - target)², derivative output - target).
type SquaredError struct {
	// DZ holds the last Backward's (z - t)/N.
	DZ *mat.Dense

	z *mat.Dense
	t []float64
}

// Forward returns the loss of scores z (N×1) against targets t. It panics
// if z has more than one column or len(t) != N: targets are validated
// where data is loaded.
func (s *SquaredError) Forward(z *mat.Dense, t []float64) float64 {
	n, c := z.Dims()
	if c != 1 || len(t) != n {
		panic(fmt.Sprintf("nn: %d targets for %d×%d scores (want N×1)", len(t), n, c))
	}
	s.z, s.t = z, t
	sum := 0.0
	for i := range n {
		r := z.At(i, 0) - t[i]
		sum += r * r
	}
	return sum / float64(2*n)
}

// Backward returns dz = (z - t)/N for the last Forward.
func (s *SquaredError) Backward() *mat.Dense {
	n, _ := s.z.Dims()
	s.DZ = reuse(s.DZ, n, 1)
	for i := range n {
		s.DZ.Set(i, 0, (s.z.At(i, 0)-s.t[i])/float64(n))
	}
	return s.DZ
}
