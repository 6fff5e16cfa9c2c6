package cifar

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// WhitenEpsilon is added to each component's variance before a whitened
// PCA divides by its square root, so that a component with (nearly) no
// variance is not blown up. The value is cs231n's ("Xwhite = Xrot /
// np.sqrt(S + 1e-5)", CS231n notes, "Setting up the data and the model").
const WhitenEpsilon = 1e-5

// A PCA projects feature rows onto their first principal components (the
// reference report tried 3072 → ~640). Its fields are filled by FitPCA.
type PCA struct {
	// Mean holds the column means of the fitted data (d entries).
	Mean []float64
	// Vectors is d×k: its columns are the orthonormal principal
	// directions, by decreasing variance.
	Vectors *mat.Dense
	// Vars holds the variance of the fitted data along each direction
	// (sample variance, divided by n-1), in decreasing order.
	Vars []float64
	// Whiten scales component j by 1/sqrt(Vars[j] + WhitenEpsilon), giving
	// the fitted data (nearly) identity covariance.
	Whiten bool
}

// FitPCA computes the first k principal components of the rows of X (n×d),
// using gonum's stat.PC (a thin SVD of the centred data). It returns an
// error if X has fewer than 2 rows, has a non-finite value, if k is not in
// [1, d] or exceeds n (n rows give at most n components), or if the SVD
// fails. X is not modified. The SVD keeps n×d float64 values: fit on a
// subset of a large training set.
func FitPCA(X mat.Matrix, k int, whiten bool) (*PCA, error) {
	if X == nil {
		return nil, fmt.Errorf("cifar: pca: no data")
	}
	n, d := X.Dims()
	if n < 2 || d < 1 {
		return nil, fmt.Errorf("cifar: pca: %d×%d data, want at least 2 rows and 1 column", n, d)
	}
	if k < 1 || k > d {
		return nil, fmt.Errorf("cifar: pca: %d components out of range [1,%d] for %d columns", k, d, d)
	}
	if k > n {
		return nil, fmt.Errorf("cifar: pca: %d components from %d rows, want at most %d", k, n, n)
	}
	for i := range n {
		for j := range d {
			if v := X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("cifar: pca: value %v at row %d column %d is not finite", v, i, j)
			}
		}
	}
	var pc stat.PC
	if !pc.PrincipalComponents(X, nil) {
		return nil, fmt.Errorf("cifar: pca: SVD of the %d×%d data failed", n, d)
	}
	var all mat.Dense
	pc.VectorsTo(&all)
	vars := pc.VarsTo(nil)
	p := &PCA{
		Mean:    make([]float64, d),
		Vectors: mat.DenseCopyOf(all.Slice(0, d, 0, k)),
		Vars:    vars[:k:k],
		Whiten:  whiten,
	}
	for j := range d {
		var s float64
		for i := range n {
			s += X.At(i, j)
		}
		p.Mean[j] = s / float64(n)
	}
	return p, nil
}

// K returns the number of components.
func (p *PCA) K() int { _, k := p.Vectors.Dims(); return k }

// Transform places the k components of each row of X (n×d) in dst:
// dst = (X - Mean)·Vectors, each column then scaled by
// 1/sqrt(Vars[j]+WhitenEpsilon) if p.Whiten. If dst is empty it is resized
// to n×k. Transform panics if X does not have d columns or dst is not
// empty and not n×k.
func (p *PCA) Transform(dst *mat.Dense, X mat.Matrix) {
	n, d := X.Dims()
	if d != len(p.Mean) {
		panic(fmt.Sprintf("cifar: pca of %d columns applied to %d", len(p.Mean), d))
	}
	k := p.K()
	if !dst.IsEmpty() {
		if r, c := dst.Dims(); r != n || c != k {
			panic(fmt.Sprintf("cifar: pca of %d rows into a %d×%d matrix, want %d×%d", n, r, c, n, k))
		}
	}
	// (X - 1·meanᵀ)V = XV - 1·(meanᵀV): centre after the product, so X
	// is never copied.
	dst.Mul(X, p.Vectors)
	shift := mat.NewVecDense(k, nil)
	shift.MulVec(p.Vectors.T(), mat.NewVecDense(d, p.Mean))
	scale := make([]float64, k)
	for j := range scale {
		scale[j] = 1
		if p.Whiten {
			scale[j] = 1 / math.Sqrt(p.Vars[j]+WhitenEpsilon)
		}
	}
	for i := range n {
		row := dst.RawRowView(i)
		for j := range row {
			row[j] = (row[j] - shift.AtVec(j)) * scale[j]
		}
	}
}

// Inverse maps components back to feature space: it places in dst the rows
// Y·Vectorsᵀ + Mean, undoing the whitening first if p.Whiten. With k = d it
// recovers the rows given to Transform. If dst is empty it is resized to
// n×d. Inverse panics if Y does not have k columns or dst is not empty and
// not n×d.
func (p *PCA) Inverse(dst *mat.Dense, Y mat.Matrix) {
	n, k := Y.Dims()
	if k != p.K() {
		panic(fmt.Sprintf("cifar: pca of %d components inverted from %d", p.K(), k))
	}
	d := len(p.Mean)
	if !dst.IsEmpty() {
		if r, c := dst.Dims(); r != n || c != d {
			panic(fmt.Sprintf("cifar: pca inverse of %d rows into a %d×%d matrix, want %d×%d", n, r, c, n, d))
		}
	}
	V := mat.Matrix(p.Vectors)
	if p.Whiten {
		var sv mat.Dense
		sv.CloneFrom(p.Vectors)
		for j := range k {
			s := math.Sqrt(p.Vars[j] + WhitenEpsilon)
			for i := range d {
				sv.Set(i, j, sv.At(i, j)*s)
			}
		}
		V = &sv
	}
	dst.Mul(Y, V.T())
	for i := range n {
		row := dst.RawRowView(i)
		for j := range row {
			row[j] += p.Mean[j]
		}
	}
}
