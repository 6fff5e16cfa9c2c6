//go:build js && wasm

package simd_test

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/internal/kerneltest"
	"github.com/backprop-playground/playground/internal/simdtest"
	"github.com/backprop-playground/playground/wasm/simd"
)

// newTestKernel returns the kernel, made once (simdtest).
func newTestKernel(t testing.TB) *simd.Kernel {
	k, err := simdtest.Kernel()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestBlock checks the kernel against the definition of kernel.Block, bit
// for bit, on random sizes, both layouts of A, strides and alphas.
func TestBlock(t *testing.T) {
	kerneltest.BlockMatches(t, newTestKernel(t))
}

// TestDgemm runs core/kernel's checks against gonum with the SIMD kernel
// installed, and checks that it changes no result of the pure-Go kernel.
func TestDgemm(t *testing.T) {
	impl := kernel.Implementation{Block: newTestKernel(t)}
	kerneltest.Dgemm(t, impl)
	kerneltest.Same(t, kernel.Implementation{}, impl)
}

// TestMulAddChecks checks that bad arguments panic before the module
// touches memory.
func TestMulAddChecks(t *testing.T) {
	k := newTestKernel(t)
	s := func(n int) []float64 { return make([]float64, n) }
	for i, test := range []struct {
		m, n, k, rsA, csA int
		a, b              []float64
		ldb               int
		c                 []float64
		ldc               int
	}{
		{3, 4, 2, 2, 1, s(8), s(8), 4, s(16), 4},       // m not a multiple of 4
		{4, 6, 2, 2, 1, s(8), s(12), 6, s(24), 6},      // n not a multiple of 4
		{4, 4, 2, 2, 1, s(7), s(8), 4, s(16), 4},       // a short
		{4, 4, 2, 2, 1, s(8), s(7), 4, s(16), 4},       // b short
		{4, 4, 2, 2, 1, s(8), s(8), 4, s(15), 4},       // c short
		{4, 4, 2, 2, 1, s(8), s(8), 3, s(16), 4},       // ldb < n
		{4, 4, 2, -2, 1, s(8), s(8), 4, s(16), 4},      // negative stride
		{4, 4, 2, 1 << 28, 1, s(8), s(8), 4, s(16), 4}, // a short for the stride
	} {
		panicked := func() (p bool) {
			defer func() { p = recover() != nil }()
			k.MulAdd(test.m, test.n, test.k, 1, test.a, test.rsA, test.csA, test.b, test.ldb, test.c, test.ldc)
			return false
		}()
		if !panicked {
			t.Errorf("case %d: no panic", i)
		}
	}
}

// BenchmarkDgemm times the two big products of a step of the report's net
// (3072-100-10, batch 200) on the pure-Go kernel and with the SIMD Block,
// in GFLOP/s (2·m·n·k per call).
func BenchmarkDgemm(bm *testing.B) {
	rnd := rand.New(rand.NewPCG(3, 3))
	random := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = 2*rnd.Float64() - 1
		}
		return s
	}
	for _, s := range []struct {
		name    string
		tA      blas.Transpose
		m, n, k int
		beta    float64
	}{
		{"X·W1/200x100x3072", blas.NoTrans, 200, 100, 3072, 0},
		{"Xᵀ·dZ/3072x100x200", blas.Trans, 3072, 100, 200, 1},
	} {
		a, b, c := random(s.m*s.k), random(s.k*s.n), random(s.m*s.n)
		lda := s.k
		if s.tA == blas.Trans {
			lda = s.m
		}
		for _, impl := range []struct {
			name string
			kernel.Implementation
		}{{"go", kernel.Implementation{}}, {"simd", kernel.Implementation{Block: newTestKernel(bm)}}} {
			bm.Run(s.name+"/"+impl.name, func(bb *testing.B) {
				for bb.Loop() {
					impl.Dgemm(s.tA, blas.NoTrans, s.m, s.n, s.k, 1, a, lda, b, s.n, s.beta, c, s.n)
				}
				bb.ReportMetric(2*float64(s.m*s.n*s.k)*float64(bb.N)/bb.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkStep times one step of the report's net (3072-100-10, ReLU,
// batch 200) on random inputs, loss and gradients (nn.Network.CostGrad)
// then a plain SGD update, on the pure-Go kernel and with the SIMD Block.
func BenchmarkStep(bm *testing.B) {
	for _, impl := range []struct {
		name string
		kernel.Implementation
	}{{"go", kernel.Implementation{}}, {"simd", kernel.Implementation{Block: newTestKernel(bm)}}} {
		bm.Run(impl.name, func(bb *testing.B) {
			prev := blas64.Implementation()
			blas64.Use(impl)
			defer blas64.Use(prev)
			src := rng.New(1)
			net, err := nn.New(nn.Spec{Inputs: 3072, Hidden: []int{100}, Classes: 10, Activation: "relu", Init: "std", Std: 1e-4}, src)
			if err != nil {
				bb.Fatal(err)
			}
			x := mat.NewDense(200, 3072, nil)
			for i := range 200 {
				for j := range 3072 {
					x.Set(i, j, src.Randn())
				}
			}
			y := make([]int, 200)
			for i := range y {
				y[i] = i % 10
			}
			for bb.Loop() {
				net.ZeroGrad()
				net.CostGrad(x, y, 1e-3)
				for _, p := range net.Params() {
					v, g := p.Data(), p.GradData()
					for i := range v {
						v[i] -= 1e-4 * g[i]
					}
				}
			}
			bb.ReportMetric(float64(bb.Elapsed().Microseconds())/1e3/float64(bb.N), "ms/step")
		})
	}
}

// BenchmarkCall times one call of the smallest block (4×4, k = 1): the cost
// of crossing from Go to the module through syscall/js, paid once per
// panel (about 60 times in a step of the report's net).
func BenchmarkCall(bm *testing.B) {
	k := newTestKernel(bm)
	a, b, c := make([]float64, 4), make([]float64, 4), make([]float64, 16)
	for bm.Loop() {
		k.MulAdd(4, 4, 1, 1, a, 1, 1, b, 4, c, 4)
	}
}
