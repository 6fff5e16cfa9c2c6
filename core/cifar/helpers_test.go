package cifar

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/backprop-playground/playground/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// dataDir returns the directory of the full CIFAR-10 binary set
// (testenv.CIFAR10Dir; it also works under node, whose working directory
// is the package's).
func dataDir(t testing.TB) string {
	t.Helper()
	return testenv.CIFAR10Dir(t)
}

// full caches the full dataset: it is read once per test binary (184 MB as
// bytes) and shared, read-only, by the tests.
var full struct {
	once sync.Once
	d    *Dataset
	err  error
}

// fullData returns the full dataset with the report's splits.
func fullData(t testing.TB) *Dataset {
	t.Helper()
	dir := dataDir(t)
	full.once.Do(func() { full.d, full.err = LoadDir(dir, LoadOptions{}) })
	if full.err != nil {
		t.Fatal(full.err)
	}
	return full.d
}

// pcg is a source over math/rand/v2, for tests: the package takes any
// generator with Float64 and Intn (in the program, *rng.RandomState).
type pcg struct{ r *rand.Rand }

func newPCG(seed uint64) *pcg   { return &pcg{rand.New(rand.NewPCG(seed, seed))} }
func (p *pcg) Float64() float64 { return p.r.Float64() }
func (p *pcg) Intn(n int) int   { return p.r.IntN(n) }

var _ source = (*pcg)(nil)

// fixed is a source that returns the given values in turn: f for every
// Float64 and ints[i] for the i-th Intn. It fails the test if an Intn value
// is out of range or runs out.
type fixed struct {
	t    testing.TB
	f    float64
	ints []int
	n    int // number of draws made
}

func (s *fixed) Float64() float64 { s.n++; return s.f }

func (s *fixed) Intn(n int) int {
	s.n++
	if len(s.ints) == 0 {
		s.t.Fatalf("fixed source: no Intn(%d) value left", n)
	}
	v := s.ints[0]
	s.ints = s.ints[1:]
	if v < 0 || v >= n {
		s.t.Fatalf("fixed source: Intn(%d) = %d out of range", n, v)
	}
	return v
}

// noDraws is a source that fails the test when used.
type noDraws struct{ t testing.TB }

func (s noDraws) Float64() float64 { s.t.Fatal("unexpected Float64 draw"); return 0 }
func (s noDraws) Intn(int) int     { s.t.Fatal("unexpected Intn draw"); return 0 }

// panics reports whether fn panics, and with what message (gonum
// mat/matrix_test.go).
func panics(fn func()) (panicked bool, message string) {
	defer func() {
		r := recover()
		panicked = r != nil
		message = fmt.Sprint(r)
	}()
	fn()
	return
}

// synthetic returns n images with labels i%Classes (or labels, if given)
// and pseudo-random pixels, deterministic for seed.
func synthetic(n int, seed uint64, labels ...uint8) *Set {
	r := rand.New(rand.NewPCG(seed, 7))
	s := &Set{Pixels: make([]uint8, n*ImageBytes), Labels: make([]uint8, n)}
	for i := range s.Pixels {
		s.Pixels[i] = uint8(r.UintN(256))
	}
	for i := range s.Labels {
		s.Labels[i] = uint8(i % Classes)
		if len(labels) > 0 {
			s.Labels[i] = labels[i%len(labels)]
		}
	}
	return s
}
