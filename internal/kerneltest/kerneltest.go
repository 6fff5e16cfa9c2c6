// Package kerneltest checks the Dgemm of a blas.Float64 against gonum's,
// as gonum's blas/testblas does for whole implementations, and checks that
// two implementations or a kernel.Block agree bit for bit. core/kernel runs
// it on its pure-Go kernel; wasm/simd runs it again under node with its
// SIMD Block installed.
package kerneltest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// core/kernel's block sizes (kernel.go): the shapes cross them.
const (
	kb = 64
	nb = 256
)

// gonum's panic messages (blas/gonum/errors.go).
const (
	badTranspose = "blas: illegal transpose"
	mLT0         = "blas: m < 0"
	nLT0         = "blas: n < 0"
	kLT0         = "blas: k < 0"
	badLdA       = "blas: bad leading dimension of A"
	badLdB       = "blas: bad leading dimension of B"
	badLdC       = "blas: bad leading dimension of C"
	shortA       = "blas: insufficient length of a"
	shortB       = "blas: insufficient length of b"
	shortC       = "blas: insufficient length of c"
)

// Dgemm runs every check of impl's Dgemm as subtests: random cases against
// gonum's Dgemm, the special values of alpha and beta, and the panics on
// bad arguments.
func Dgemm(t *testing.T, impl blas.Float64) {
	t.Run("MatchesGonum", func(t *testing.T) { t.Parallel(); matchesGonum(t, impl) })
	t.Run("SpecialScalars", func(t *testing.T) { t.Parallel(); specialScalars(t, impl) })
	t.Run("Panics", func(t *testing.T) { t.Parallel(); checksArguments(t, impl) })
}

// reference is the textbook triple loop of BLAS's dgemm: the oracle for
// the cases where gonum's own Dgemm is not one (alpha = 0 with NaN in A).
func reference(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	at := func(i, l int) float64 {
		if tA != blas.NoTrans {
			return a[l*lda+i]
		}
		return a[i*lda+l]
	}
	bt := func(l, j int) float64 {
		if tB != blas.NoTrans {
			return b[j*ldb+l]
		}
		return b[l*ldb+j]
	}
	for i := range m {
		for j := range n {
			cij := 0.0
			if beta != 0 {
				cij = beta * c[i*ldc+j]
			}
			if alpha != 0 {
				s := 0.0
				for l := range k {
					s += at(i, l) * bt(l, j)
				}
				cij += alpha * s
			}
			c[i*ldc+j] = cij
		}
	}
}

// gemmCase is one Dgemm call's arguments, with A, B and C filled.
type gemmCase struct {
	tA, tB        blas.Transpose
	m, n, k       int
	alpha, beta   float64
	a, b, c       []float64
	lda, ldb, ldc int
}

func (g gemmCase) String() string {
	return fmt.Sprintf("%c%c m=%d n=%d k=%d alpha=%g beta=%g lda=%d ldb=%d ldc=%d",
		g.tA, g.tB, g.m, g.n, g.k, g.alpha, g.beta, g.lda, g.ldb, g.ldc)
}

// newCase returns a case with random entries in [-1, 1), leading
// dimensions padded by up to pad, and C's padding set to a sentinel so
// that a write outside the m×n block shows.
func newCase(rnd *rand.Rand, tA, tB blas.Transpose, m, n, k, pad int, alpha, beta float64) gemmCase {
	g := gemmCase{tA: tA, tB: tB, m: m, n: n, k: k, alpha: alpha, beta: beta}
	ar, ac := m, k
	if tA != blas.NoTrans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB != blas.NoTrans {
		br, bc = n, k
	}
	g.lda = max(1, ac) + rnd.IntN(pad+1)
	g.ldb = max(1, bc) + rnd.IntN(pad+1)
	g.ldc = max(1, n) + rnd.IntN(pad+1)
	fill := func(rows, ld int) []float64 {
		s := make([]float64, rows*ld)
		for i := range s {
			s[i] = 2*rnd.Float64() - 1
		}
		return s
	}
	g.a, g.b, g.c = fill(ar, g.lda), fill(br, g.ldb), fill(m, g.ldc)
	for i := range m {
		for j := n; j < g.ldc; j++ {
			g.c[i*g.ldc+j] = sentinel
		}
	}
	if beta == 0 {
		// beta = 0 must not read C: NaN there must not show.
		for i := range m {
			for j := range n {
				g.c[i*g.ldc+j] = math.NaN()
			}
		}
	}
	return g
}

const sentinel = 12345.678

// run calls impl's Dgemm on copies of the case and returns C.
func (g gemmCase) run(impl blas.Float64) (c, a, b []float64) {
	c = append([]float64(nil), g.c...)
	a = append([]float64(nil), g.a...)
	b = append([]float64(nil), g.b...)
	impl.Dgemm(g.tA, g.tB, g.m, g.n, g.k, g.alpha, a, g.lda, b, g.ldb, g.beta, c, g.ldc)
	return c, a, b
}

// bound returns |alpha| Σ_l |op(A)[i,l]| |op(B)[l,j]| + |beta c[i,j]|, the
// scale that rounding errors of C[i,j] are relative to.
func (g gemmCase) bound(i, j int) float64 {
	s := 0.0
	for l := range g.k {
		var av, bv float64
		if g.tA != blas.NoTrans {
			av = g.a[l*g.lda+i]
		} else {
			av = g.a[i*g.lda+l]
		}
		if g.tB != blas.NoTrans {
			bv = g.b[j*g.ldb+l]
		} else {
			bv = g.b[l*g.ldb+j]
		}
		s += math.Abs(av * bv)
	}
	s *= math.Abs(g.alpha)
	if g.beta != 0 {
		s += math.Abs(g.beta * g.c[i*g.ldc+j])
	}
	return s
}

// compare returns an error describing the first element of got that is
// not within tol·bound of want, or that differs outside the m×n block.
func (g gemmCase) compare(got, want []float64, tol float64) error {
	for i := range g.m {
		for j := range g.ldc {
			p := i*g.ldc + j
			if j >= g.n {
				if got[p] != sentinel {
					return fmt.Errorf("C[%d,%d] (padding) = %g, want it untouched", i, j, got[p])
				}
				continue
			}
			if math.IsNaN(got[p]) || math.Abs(got[p]-want[p]) > tol*math.Max(g.bound(i, j), 1e-300) {
				return fmt.Errorf("C[%d,%d] = %.17g, want %.17g (bound %g)", i, j, got[p], want[p], g.bound(i, j))
			}
		}
	}
	return nil
}

var transposes = []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans}

// matchesGonum compares impl's Dgemm with gonum's on random shapes (zero
// sizes, remainders of the 4-row and 4-column loops, sizes across the kb
// and nb blocks), strides, transposes, alphas and betas.
func matchesGonum(t *testing.T, impl blas.Float64) {
	rnd := rand.New(rand.NewPCG(1, 1))
	sizes := []int{0, 1, 2, 3, 4, 5, 7, 8, 13, 31, 64, 65, 67}
	alphas := []float64{1, -1, 0.5, 2.75}
	betas := []float64{0, 1, -0.5, 1.25}
	n := 0
	for trial := range 1500 {
		var m, nn, k int
		switch trial % 10 {
		case 0: // across the blocks: k > kb, n > nb
			m, nn, k = 1+rnd.IntN(9), nb+1+rnd.IntN(40), kb+1+rnd.IntN(2*kb)
		case 1:
			m, nn, k = 4+rnd.IntN(60), 1+rnd.IntN(40), 3*kb+rnd.IntN(5)
		default:
			m, nn, k = sizes[rnd.IntN(len(sizes))], sizes[rnd.IntN(len(sizes))], sizes[rnd.IntN(len(sizes))]
		}
		tA, tB := transposes[rnd.IntN(3)], transposes[rnd.IntN(3)]
		g := newCase(rnd, tA, tB, m, nn, k, 3, alphas[rnd.IntN(len(alphas))], betas[rnd.IntN(len(betas))])
		got, a, b := g.run(impl)
		want, _, _ := g.run(gonum.Implementation{})
		if err := g.compare(got, want, 1e-13); err != nil {
			t.Fatalf("trial %d, %v: %v", trial, g, err)
		}
		if !equal(a, g.a) || !equal(b, g.b) {
			t.Fatalf("trial %d, %v: A or B modified", trial, g)
		}
		n++
	}
	t.Logf("%d cases", n)
}

// specialScalars checks what the reference BLAS promises about alpha and
// beta, where gonum itself differs (its A·Bᵀ path multiplies NaN by
// alpha = 0).
func specialScalars(t *testing.T, impl blas.Float64) {
	rnd := rand.New(rand.NewPCG(2, 2))
	for i, test := range []struct {
		alpha, beta float64
		k           int
		nanAB       bool // put NaN in A and B: alpha = 0 or k = 0 must not read them
	}{
		{alpha: 0, beta: 1, k: 5, nanAB: true},
		{alpha: 0, beta: 0, k: 5, nanAB: true},
		{alpha: 0, beta: -2, k: 5, nanAB: true},
		{alpha: 1, beta: 0, k: 0},
		{alpha: 1, beta: 3, k: 0},
		{alpha: 1, beta: 0, k: 6}, // NaN in C ignored
	} {
		for _, tA := range transposes[:2] {
			for _, tB := range transposes[:2] {
				g := newCase(rnd, tA, tB, 6, 5, test.k, 2, test.alpha, test.beta)
				if test.nanAB {
					for j := range g.a {
						g.a[j] = math.NaN()
					}
					for j := range g.b {
						g.b[j] = math.Inf(1)
					}
				}
				got, _, _ := g.run(impl)
				want := append([]float64(nil), g.c...)
				reference(g.tA, g.tB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, want, g.ldc)
				if test.nanAB {
					g.a, g.b = make([]float64, len(g.a)), make([]float64, len(g.b)) // for bound
				}
				if err := g.compare(got, want, 1e-15); err != nil {
					t.Errorf("case %d, %v: %v", i, g, err)
				}
			}
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// panics runs fn and reports whether it panicked and with what message
// (gonum mat/matrix_test.go).
func panics(fn func()) (panicked bool, message string) {
	defer func() {
		r := recover()
		panicked = r != nil
		message = fmt.Sprint(r)
	}()
	fn()
	return
}

// checksArguments checks that bad arguments panic with gonum's message, in
// gonum's order of checks.
func checksArguments(t *testing.T, impl blas.Float64) {
	N, T := blas.NoTrans, blas.Trans
	s := func(n int) []float64 { return make([]float64, n) }
	for i, test := range []struct {
		tA, tB        blas.Transpose
		m, n, k       int
		a, b, c       []float64
		lda, ldb, ldc int
		want          string
	}{
		{'x', N, 2, 2, 2, s(4), s(4), s(4), 2, 2, 2, badTranspose},
		{N, 0, 2, 2, 2, s(4), s(4), s(4), 2, 2, 2, badTranspose},
		{N, N, -1, 2, 2, s(4), s(4), s(4), 2, 2, 2, mLT0},
		{N, N, 2, -1, 2, s(4), s(4), s(4), 2, 2, 2, nLT0},
		{N, N, 2, 2, -1, s(4), s(4), s(4), 2, 2, 2, kLT0},
		{N, N, 2, 2, 3, s(6), s(6), s(4), 2, 2, 2, badLdA},
		{T, N, 3, 2, 2, s(6), s(4), s(6), 2, 2, 2, badLdA},
		{N, N, 2, 3, 2, s(4), s(6), s(6), 2, 2, 3, badLdB},
		{N, T, 2, 2, 3, s(6), s(6), s(4), 3, 2, 2, badLdB},
		{N, N, 2, 3, 2, s(4), s(6), s(6), 2, 3, 2, badLdC},
		{N, N, 0, 3, 2, nil, s(6), nil, 2, 3, 2, badLdC},
		{N, N, 2, 2, 2, s(3), s(4), s(4), 2, 2, 2, shortA},
		{T, N, 2, 2, 3, s(5), s(6), s(4), 2, 2, 2, shortA},
		{N, N, 2, 2, 2, s(4), s(3), s(4), 2, 2, 2, shortB},
		{N, T, 2, 2, 3, s(6), s(5), s(4), 3, 3, 2, shortB},
		{N, N, 2, 2, 2, s(4), s(4), s(3), 2, 2, 2, shortC},
		{N, N, 2, 2, 2, s(4), s(4), s(3), 2, 2, 3, shortC},
	} {
		for _, impl := range []blas.Float64{impl, gonum.Implementation{}} {
			ok, msg := panics(func() {
				impl.Dgemm(test.tA, test.tB, test.m, test.n, test.k, 1, test.a, test.lda, test.b, test.ldb, 1, test.c, test.ldc)
			})
			if !ok || msg != test.want {
				t.Errorf("case %d, %T: panicked %v with %q, want %q", i, impl, ok, msg, test.want)
			}
		}
	}
	// Zero sizes with nil slices are fine.
	for _, impl := range []blas.Float64{impl, gonum.Implementation{}} {
		if ok, msg := panics(func() { impl.Dgemm(N, N, 0, 0, 0, 1, nil, 1, nil, 1, 0, nil, 1) }); ok {
			t.Errorf("%T: zero sizes panicked: %s", impl, msg)
		}
		// Like gonum, lengths are checked even when k = 0.
		if ok, msg := panics(func() { impl.Dgemm(N, N, 2, 2, 0, 1, nil, 1, nil, 2, 0, s(4), 2) }); !ok || msg != shortA {
			t.Errorf("%T: k = 0 with nil A: panicked %v with %q, want %q", impl, ok, msg, shortA)
		}
		if ok, msg := panics(func() { impl.Dgemm(N, N, 2, 2, 0, 1, s(1), 1, nil, 2, 0, s(4), 2) }); ok {
			t.Errorf("%T: k = 0 with len(a) = (m-1)·lda panicked: %s", impl, msg)
		}
	}
}
