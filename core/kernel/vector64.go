package kernel

// Vector64 is a Converter and a Vector natively: on amd64 with AVX2 its
// Demote, AddPromoted and Axpy run four (Demote, AddPromoted: eight)
// values per instruction in assembly, with the same rounding as Go's
// loops (conversions to nearest; in Axpy the product rounded, then the
// sum), so that installing it changes no result. AddSquares must sum in
// order, so it stays Go's loop. cmd/mlp installs it with UseConverter and
// UseVector; elsewhere it is Go's loops.
type Vector64 struct{}

var (
	_ Converter = Vector64{}
	_ Vector    = Vector64{}
)

// Demote sets dst[i] = float32(src[i]) for i < len(src).
func (Vector64) Demote(dst []float32, src []float64) {
	dst = dst[:len(src)]
	n := 0
	if hasAVX2FMA && len(src) >= 8 {
		n = len(src) &^ 7
		demoteAVX2(&dst[0], &src[0], n)
	}
	for i, v := range src[n:] {
		dst[n+i] = float32(v)
	}
}

// AddPromoted adds float64(src[i]) to dst[i] for i < len(src).
func (Vector64) AddPromoted(dst []float64, src []float32) {
	dst = dst[:len(src)]
	n := 0
	if hasAVX2FMA && len(src) >= 8 {
		n = len(src) &^ 7
		addPromotedAVX2(&dst[0], &src[0], n)
	}
	for i, v := range src[n:] {
		dst[n+i] += float64(v)
	}
}

// Axpy adds alpha·x[i] to y[i] for i < len(x).
func (Vector64) Axpy(alpha float64, x, y []float64) {
	y = y[:len(x)]
	n := 0
	if hasAVX2FMA && len(x) >= 8 {
		n = len(x) &^ 7
		axpyAVX2(alpha, &x[0], &y[0], n)
	}
	for i, v := range x[n:] {
		y[n+i] += alpha * v
	}
}

// AddSquares returns s + x[0]² + x[1]² + … summed in that order.
func (Vector64) AddSquares(s float64, x []float64) float64 {
	for _, v := range x {
		s += v * v
	}
	return s
}
