//go:build js && wasm

package simd_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/internal/kerneltest"
	"github.com/backprop-playground/playground/internal/simdtest"
	"github.com/backprop-playground/playground/wasm/simd"
)

func newTestKernel32(t testing.TB) *simd.Kernel32 {
	k, err := simdtest.Kernel32()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestSgemm runs core/kernel's float32 checks (random shapes with ragged
// edges, strides, transposes, alphas and betas, against float64 within
// the float32 summation bound) with the SIMD Block32 installed.
func TestSgemm(t *testing.T) {
	kerneltest.Sgemm(t, kernel.Implementation{Block32: newTestKernel32(t)})
}

// TestMulAdd32Checks checks that bad arguments panic before the module
// touches memory.
func TestMulAdd32Checks(t *testing.T) {
	k := newTestKernel32(t)
	s := func(n int) []float32 { return make([]float32, n) }
	for i, test := range []struct {
		m, n, k, rsA, csA int
		a, b              []float32
		ldb               int
		c                 []float32
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

// BenchmarkSgemm times the three products of a dense layer on config A's
// shapes (3072-100-10, batch 200): X·W1, Xᵀ·dZ1 and dZ2·W2ᵀ, plus
// dZ1·W1ᵀ (the first layer's dX, which training skips, the shape of a
// deeper net's), on the pure-Go float32 kernel and with the SIMD Block32,
// in GFLOP/s (2·m·n·k per call).
func BenchmarkSgemm(bm *testing.B) {
	rnd := rand.New(rand.NewPCG(3, 3))
	random := func(n int) []float32 {
		s := make([]float32, n)
		for i := range s {
			s[i] = 2*rnd.Float32() - 1
		}
		return s
	}
	for _, s := range []struct {
		name    string
		tA, tB  blas.Transpose
		m, n, k int
		beta    float32
	}{
		{"X·W1/200x100x3072", blas.NoTrans, blas.NoTrans, 200, 100, 3072, 0},
		{"Xᵀ·dZ1/3072x100x200", blas.Trans, blas.NoTrans, 3072, 100, 200, 0},
		{"dZ2·W2ᵀ/200x100x10", blas.NoTrans, blas.Trans, 200, 100, 10, 0},
		{"dZ1·W1ᵀ/200x3072x100", blas.NoTrans, blas.Trans, 200, 3072, 100, 0},
	} {
		a, b, c := random(s.m*s.k), random(s.k*s.n), random(s.m*s.n)
		lda, ldb := s.k, s.n
		if s.tA == blas.Trans {
			lda = s.m
		}
		if s.tB == blas.Trans {
			ldb = s.k
		}
		for _, impl := range []struct {
			name string
			kernel.Implementation
		}{{"go", kernel.Implementation{}}, {"simd", kernel.Implementation{Block32: newTestKernel32(bm)}}} {
			bm.Run(s.name+"/"+impl.name, func(bb *testing.B) {
				for bb.Loop() {
					impl.Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, b, ldb, s.beta, c, s.n)
				}
				bb.ReportMetric(2*float64(s.m*s.n*s.k)*float64(bb.N)/bb.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkStep32 is BenchmarkStep in float32 (nn precision "f32"), on
// the pure-Go float32 kernel, with the SIMD Block32 only, and with the
// SIMD conversions, float64 loops and passes (kernel.Converter,
// kernel.Vector, kernel.Elementwise) too.
func BenchmarkStep32(bm *testing.B) {
	for _, impl := range []struct {
		name string
		kernel.Implementation
		convert bool
	}{{"go", kernel.Implementation{}, false}, {"simd-products", kernel.Implementation{Block32: newTestKernel32(bm)}, false},
		{"simd", kernel.Implementation{Block32: newTestKernel32(bm)}, true}} {
		bm.Run(impl.name, func(bb *testing.B) {
			prev := blas32.Implementation()
			blas32.Use(impl)
			defer blas32.Use(prev)
			if impl.convert {
				kernel.UseConverter(newTestKernel32(bb))
				kernel.UseVector(newTestKernel32(bb))
				kernel.UseElementwise(newTestKernel32(bb))
				defer kernel.UseConverter(nil)
				defer kernel.UseVector(nil)
				defer kernel.UseElementwise(nil)
			}
			src := rng.New(1)
			net, err := nn.New(nn.Spec{Inputs: 3072, Hidden: []int{100}, Classes: 10, Activation: "relu", Init: "std", Std: 1e-4, Precision: "f32"}, src)
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

// TestConvert checks the SIMD conversions against Go's, bit for bit, on
// odd and even lengths and values that round both ways, overflow and
// underflow float32, and NaN.
func TestConvert(t *testing.T) {
	k := newTestKernel32(t)
	rnd := rand.New(rand.NewPCG(4, 4))
	special := []float64{0, math.Copysign(0, -1), 1e-300, -1e300, math.Inf(1), math.NaN(), 1 + 0x1p-24, 1 + 0x1p-23 + 0x1p-24, 3.4e38 * 1.01}
	for _, n := range []int{1, 2, 3, 8, 9, 4097} {
		src := make([]float64, n)
		for i := range src {
			src[i] = rnd.NormFloat64() * math.Pow(10, float64(rnd.IntN(20)-10))
			if rnd.IntN(4) == 0 {
				src[i] = special[rnd.IntN(len(special))]
			}
		}
		got, want := make([]float32, n+1), make([]float32, n+1)
		got[n], want[n] = 7, 7 // past the end: untouched
		k.Demote(got, src)
		for i, v := range src {
			want[i] = float32(v)
		}
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("Demote n=%d: [%d] = %v, want %v (of %v)", n, i, got[i], want[i], src[i])
			}
		}
		acc, accWant := make([]float64, n+1), make([]float64, n+1)
		for i := range acc {
			acc[i] = rnd.NormFloat64()
			accWant[i] = acc[i]
		}
		k.AddPromoted(acc[:n], got[:n])
		for i, v := range got[:n] {
			accWant[i] += float64(v)
		}
		for i := range acc {
			if math.Float64bits(acc[i]) != math.Float64bits(accWant[i]) && !(math.IsNaN(acc[i]) && math.IsNaN(accWant[i])) {
				t.Fatalf("AddPromoted n=%d: [%d] = %v, want %v", n, i, acc[i], accWant[i])
			}
		}
	}
}

// TestVector checks the SIMD Axpy and AddSquares against Go's loops, bit
// for bit, on odd and even lengths.
func TestVector(t *testing.T) {
	k := newTestKernel32(t)
	rnd := rand.New(rand.NewPCG(6, 6))
	for _, n := range []int{1, 2, 3, 10, 4097} {
		x, y := make([]float64, n), make([]float64, n+1)
		for i := range x {
			x[i] = rnd.NormFloat64() * math.Pow(10, float64(rnd.IntN(12)-6))
		}
		for i := range y {
			y[i] = rnd.NormFloat64()
		}
		want := append([]float64(nil), y...)
		alpha := -1e-4 * (1 + rnd.Float64())
		for i, e := range x {
			want[i] += alpha * e
		}
		k.Axpy(alpha, x, y)
		for i := range y {
			if math.Float64bits(y[i]) != math.Float64bits(want[i]) {
				t.Fatalf("Axpy n=%d: [%d] = %v, want %v", n, i, y[i], want[i])
			}
		}
		s := 0.5
		for _, e := range x {
			s += e * e
		}
		if got := k.AddSquares(0.5, x); math.Float64bits(got) != math.Float64bits(s) {
			t.Fatalf("AddSquares n=%d: %v, want %v", n, got, s)
		}
	}
}

// TestElementwise checks the SIMD ReLU, its gradient, the bias rows and
// the finiteness check against Go's loops, bit for bit.
func TestElementwise(t *testing.T) {
	kerneltest.Elementwise(t, newTestKernel32(t))
}
