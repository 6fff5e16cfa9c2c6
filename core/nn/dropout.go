package nn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Source is the randomness a layer or an initializer draws from. The
// numpy-compatible *rng.RandomState satisfies it; it is always passed in,
// never global.
type Source interface {
	Float64() float64
	Randn() float64
}

// Dropout zeroes each input with probability P while training and scales the
// survivors by 1/(1-P) ("inverted dropout"), so that evaluation is the
// identity. Srivastava et al., "Dropout: A Simple Way to Prevent Neural
// Networks from Overfitting", JMLR 15 (2014).
type Dropout struct {
	P   float64
	Src Source

	mask, out, dx *mat.Dense
	train         bool
}

var _ Layer = (*Dropout)(nil)

// Forward applies a fresh random mask when train is true and returns x
// itself otherwise.
func (l *Dropout) Forward(x *mat.Dense, train bool) *mat.Dense {
	l.train = train && l.P > 0
	if !l.train {
		return x
	}
	r, c := x.Dims()
	l.mask = reuse(l.mask, r, c)
	l.out = reuse(l.out, r, c)
	keep := 1 / (1 - l.P)
	ms, xs, os := l.mask.RawMatrix().Data, x.RawMatrix().Data, l.out.RawMatrix().Data
	for i := range ms {
		ms[i] = 0
		if l.Src.Float64() >= l.P {
			ms[i] = keep
		}
		os[i] = xs[i] * ms[i]
	}
	return l.out
}

// Backward returns dy ⊙ mask (dy itself after an evaluation pass).
func (l *Dropout) Backward(dy *mat.Dense) *mat.Dense {
	if !l.train {
		return dy
	}
	r, c := dy.Dims()
	l.dx = reuse(l.dx, r, c)
	l.dx.MulElem(dy, l.mask)
	return l.dx
}

// Params returns nil.
func (l *Dropout) Params() []*Param { return nil }

// String returns e.g. "Dropout(0.1)".
func (l *Dropout) String() string { return fmt.Sprintf("Dropout(%g)", l.P) }
