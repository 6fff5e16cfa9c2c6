package cifar

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// correlated returns n×d rows x = z·A + offset with z standard normal and a
// random A, so the columns are correlated and not centred.
func correlated(n, d int, seed uint64) *mat.Dense {
	r := rand.New(rand.NewPCG(seed, 1))
	z := mat.NewDense(n, d, nil)
	a := mat.NewDense(d, d, nil)
	for i := range n {
		for j := range d {
			z.Set(i, j, r.NormFloat64())
		}
	}
	for i := range d {
		for j := range d {
			a.Set(i, j, 3*r.NormFloat64())
		}
	}
	var x mat.Dense
	x.Mul(z, a)
	for i := range n {
		for j := range d {
			x.Set(i, j, x.At(i, j)+float64(10*j))
		}
	}
	return &x
}

func TestPCA(t *testing.T) {
	t.Parallel()
	const n, d = 300, 8
	X := correlated(n, d, 1)
	orig := mat.DenseCopyOf(X)
	for i, test := range []struct {
		k      int
		whiten bool
	}{{d, false}, {d, true}, {3, false}, {5, true}, {1, true}} {
		p, err := FitPCA(X, test.k, test.whiten)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !mat.Equal(X, orig) {
			t.Fatalf("case %d: FitPCA modified its input", i)
		}
		if p.K() != test.k || len(p.Vars) != test.k || len(p.Mean) != d {
			t.Fatalf("case %d: K %d, %d vars, %d means", i, p.K(), len(p.Vars), len(p.Mean))
		}
		// The directions are orthonormal: VᵀV = I.
		var vtv mat.Dense
		vtv.Mul(p.Vectors.T(), p.Vectors)
		if !mat.EqualApprox(&vtv, eye(test.k), 1e-12) {
			t.Errorf("case %d: VᵀV = %v, want I", i, mat.Formatted(&vtv))
		}
		for j := 1; j < test.k; j++ {
			if p.Vars[j] > p.Vars[j-1] {
				t.Errorf("case %d: variances not decreasing: %v", i, p.Vars)
			}
		}
		var Y mat.Dense
		p.Transform(&Y, X)
		// The components are uncorrelated with variances Vars, or 1 when
		// whitened (up to WhitenEpsilon, relative 1e-5 at these scales).
		var cov mat.SymDense
		stat.CovarianceMatrix(&cov, &Y, nil)
		for a := range test.k {
			for b := range test.k {
				want := 0.0
				if a == b {
					want = p.Vars[a]
					if test.whiten {
						want = 1
					}
				}
				if got := cov.At(a, b); math.Abs(got-want) > 1e-4*max(1, math.Abs(want)) {
					t.Errorf("case %d: cov(%d,%d) = %g, want %g", i, a, b, got, want)
				}
			}
		}
		var back mat.Dense
		p.Inverse(&back, &Y)
		if test.k == d {
			// All components: the data is recovered.
			if !mat.EqualApprox(&back, X, 1e-9) {
				t.Errorf("case %d: Inverse(Transform(X)) != X", i)
			}
		} else {
			// Fewer: the residual variance is what the dropped components held.
			all, _ := FitPCA(X, d, false)
			var lost float64
			for _, v := range all.Vars[test.k:] {
				lost += v
			}
			var res mat.Dense
			res.Sub(X, &back)
			got := mat.Norm(&res, 2) // Frobenius
			if want := math.Sqrt(lost * (n - 1)); math.Abs(got-want) > 1e-8*want {
				t.Errorf("case %d: residual %g, want %g", i, got, want)
			}
		}
	}
}

func eye(k int) *mat.Dense {
	m := mat.NewDense(k, k, nil)
	for i := range k {
		m.Set(i, i, 1)
	}
	return m
}

func TestPCAErrors(t *testing.T) {
	t.Parallel()
	X := correlated(6, 4, 2)
	nan := mat.DenseCopyOf(X)
	nan.Set(2, 3, math.NaN())
	for i, test := range []struct {
		X   mat.Matrix
		k   int
		msg string
	}{
		{X, 0, "cifar: pca: 0 components out of range [1,4] for 4 columns"},
		{X, -1, "cifar: pca: -1 components out of range [1,4] for 4 columns"},
		{X, 5, "cifar: pca: 5 components out of range [1,4] for 4 columns"},
		{X.Slice(0, 3, 0, 4), 4, "cifar: pca: 4 components from 3 rows, want at most 3"},
		{X.Slice(0, 1, 0, 4), 1, "cifar: pca: 1×4 data, want at least 2 rows and 1 column"},
		{&mat.Dense{}, 1, "cifar: pca: 0×0 data, want at least 2 rows and 1 column"},
		{nil, 1, "cifar: pca: no data"},
		{nan, 2, "cifar: pca: value NaN at row 2 column 3 is not finite"},
	} {
		p, err := FitPCA(test.X, test.k, true)
		if err == nil || err.Error() != test.msg || p != nil {
			t.Errorf("case %d: error %v, want %q", i, err, test.msg)
		}
	}
	p, err := FitPCA(X, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, test := range []struct {
		fn  func()
		msg string
	}{
		{func() { p.Transform(&mat.Dense{}, mat.NewDense(2, 3, nil)) }, "cifar: pca of 4 columns applied to 3"},
		{func() { p.Transform(mat.NewDense(2, 3, nil), mat.NewDense(2, 4, nil)) }, "cifar: pca of 2 rows into a 2×3 matrix, want 2×2"},
		{func() { p.Inverse(&mat.Dense{}, mat.NewDense(2, 3, nil)) }, "cifar: pca of 2 components inverted from 3"},
	} {
		if pan, msg := panics(test.fn); !pan || !strings.HasPrefix(msg, test.msg) {
			t.Errorf("panic case %d: panicked %v with %q, want %q", i, pan, msg, test.msg)
		}
	}
}

// TestPCAImages reduces real image features, as the report did (3072 → ~640),
// on a few hundred images so that it stays fast under wasm.
func TestPCAImages(t *testing.T) {
	t.Parallel()
	d := fullData(t)
	idx := make([]int, 200)
	for i := range idx {
		idx[i] = i
	}
	p, err := FitPreprocess(KindMeanImage, d.Train)
	if err != nil {
		t.Fatal(err)
	}
	X := d.Train.Batch(nil, nil, idx, p, nil, nil)
	pca, err := FitPCA(X, 50, false)
	if err != nil {
		t.Fatal(err)
	}
	// Natural images are dominated by a few smooth components: 50 of 200
	// possible hold most of the variance.
	var kept, total float64
	for _, v := range pca.Vars {
		kept += v
	}
	for j := range ImageBytes {
		total += stat.Variance(mat.Col(nil, j, X), nil)
	}
	if frac := kept / total; frac < 0.8 || frac > 1 {
		t.Errorf("50 components keep %.3f of the variance, want most of it", frac)
	}
}
