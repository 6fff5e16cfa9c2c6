package nn

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/gradcheck"
)

// testSource is a seeded Source for tests that need no numpy parity.
type testSource struct{ r *rand.Rand }

func newTestSource(seed uint64) testSource { return testSource{rand.New(rand.NewPCG(seed, seed))} }
func (s testSource) Float64() float64      { return s.r.Float64() }
func (s testSource) Randn() float64        { return s.r.NormFloat64() }
func randMatrix(src Source, r, c int, scale float64) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			m.Set(i, j, scale*src.Randn())
		}
	}
	return m
}

// TestGradCheckEveryLayer checks backprop against finite differences for
// every activation and depths 1 to 5, with the report's relative error.
//
// Finite differences are only an oracle where the function is smooth and the
// gradient is not lost in rounding, so each case draws problems from seeds 0,
// 1, 2, ... and takes the first well-conditioned one: no pre-activation
// within 1e-2 of ReLU's kink (the stencil reaches 2e-3 away) and no gradient
// entry below 1e-6 (a dead unit's exact zero against rounding noise of 1e-13
// reads as a relative error of 1e-5 under the report's 1e-8 floor). The
// oracle is the fourth-order FivePoint stencil, accurate to about 1e-12; the
// report's own Central(1e-5) check is held to 1e-5 on the same problem, its
// rounding floor (see gradcheck.Central).
func TestGradCheckEveryLayer(t *testing.T) {
	t.Parallel()
	hiddens := [][]int{nil, {6}, {6, 5}, {5, 7, 4}, {4, 6, 6, 5}}
	for act := range Activations {
		for _, hidden := range hiddens {
			t.Run(fmt.Sprintf("%s/depth%d", act, len(hidden)+1), func(t *testing.T) {
				t.Parallel()
				init := "he"
				if act == "tanh" || act == "sigmoid" {
					init = "xavier"
				}
				for seed := range uint64(200) {
					src := newTestSource(seed)
					net, err := New(Spec{Inputs: 5, Hidden: hidden, Classes: 3, Activation: act, Init: init}, src)
					if err != nil {
						t.Fatal(err)
					}
					for _, p := range net.Params() { // non-zero biases exercise every bias gradient
						if !p.Decay {
							for i := range p.Data() {
								p.Data()[i] = 0.2 + 0.1*src.Randn() // mostly positive: fewer dead ReLUs
							}
						}
					}
					x := randMatrix(src, 5, 5, 1)
					y := []int{0, 1, 2, 2, 1}
					if !wellConditioned(net, x, y) {
						continue
					}
					before := snapshot(net)
					for _, c := range net.CheckGradients(x, y, 0.05, gradcheck.FivePoint) {
						if !(c.RelError < 1e-7) {
							t.Errorf("seed %d, %s: relative error %.3g >= 1e-7", seed, c.Name, c.RelError)
						}
					}
					for _, c := range net.CheckGradients(x, y, 0.05, gradcheck.Central(1e-5)) {
						if !(c.RelError < 1e-5) {
							t.Errorf("seed %d, %s: report's check %.3g >= 1e-5", seed, c.Name, c.RelError)
						}
					}
					if !equalSnapshots(before, snapshot(net)) {
						t.Errorf("CheckGradients modified the parameters")
					}
					return
				}
				t.Fatal("no well-conditioned problem among 200 seeds")
			})
		}
	}
}

func wellConditioned(net *Network, x *mat.Dense, y []int) bool {
	net.Forward(x, false)
	for _, d := range net.Dense() {
		for _, v := range d.Output().RawMatrix().Data {
			if math.Abs(v) < 1e-2 {
				return false
			}
		}
	}
	net.ZeroGrad()
	net.CostGrad(x, y, 0.05)
	for _, p := range net.Params() {
		for _, g := range p.GradData() {
			if math.Abs(g) < 1e-6 {
				return false
			}
		}
	}
	return true
}

// TestGradCheckDropout checks the dropout layer with its mask held fixed:
// the gradient of sum(G ⊙ dropout(x)) is G ⊙ mask.
func TestGradCheckDropout(t *testing.T) {
	t.Parallel()
	src := newTestSource(3)
	d := &Dropout{P: 0.4, Src: src}
	x := randMatrix(src, 4, 6, 1)
	out := mat.DenseCopyOf(d.Forward(x, true))
	g := randMatrix(src, 4, 6, 1)
	dx := d.Backward(g)
	dropped, kept := 0, 0
	for i := range 4 {
		for j := range 6 {
			switch m := out.At(i, j) / x.At(i, j); {
			case m == 0:
				dropped++
				if dx.At(i, j) != 0 {
					t.Errorf("dropped entry (%d,%d) has gradient %g", i, j, dx.At(i, j))
				}
			case math.Abs(m-1/0.6) < 1e-12:
				kept++
				if want := g.At(i, j) / 0.6; math.Abs(dx.At(i, j)-want) > 1e-12 {
					t.Errorf("kept entry (%d,%d): gradient %g, want %g", i, j, dx.At(i, j), want)
				}
			default:
				t.Errorf("entry (%d,%d) scaled by %g, want 0 or 1/0.6", i, j, m)
			}
		}
	}
	if dropped == 0 || kept == 0 {
		t.Errorf("dropped %d, kept %d: want some of each", dropped, kept)
	}
	if got := d.Forward(x, false); got != x {
		t.Errorf("evaluation pass is not the identity")
	}
}

func snapshot(n *Network) [][]float64 {
	var s [][]float64
	for _, p := range n.Params() {
		s = append(s, append([]float64(nil), p.Data()...))
	}
	return s
}

func equalSnapshots(a, b [][]float64) bool {
	for i := range a {
		for j := range a[i] {
			if math.Float64bits(a[i][j]) != math.Float64bits(b[i][j]) {
				return false
			}
		}
	}
	return len(a) == len(b)
}

// toyReference is the part of ../shared/reference/toy_reference.json (made by
// numpy) that this package can check without the random generator.
type toyReference struct {
	X      [][]float64            `json:"X"`
	Y      []int                  `json:"y"`
	Init   map[string]any         `json:"init"`
	Scores [][]float64            `json:"scores"`
	Loss   float64                `json:"loss"`
	Grads  map[string]any         `json:"grads"`
	Errs   map[string]float64     `json:"gradcheck_max_rel_error"`
	Args   map[string]json.Number `json:"args"`
}

func loadToyReference(t *testing.T) toyReference {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "reference", "toy_reference.json")
	if dir := os.Getenv("REFERENCE_DIR"); dir != "" {
		path = filepath.Join(dir, "toy_reference.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the numpy reference: %v (set REFERENCE_DIR to ../shared/reference)", err)
	}
	var ref toyReference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// flat flattens a JSON number, vector or matrix into row-major order.
func flat(v any) []float64 {
	switch v := v.(type) {
	case float64:
		return []float64{v}
	case []any:
		var out []float64
		for _, e := range v {
			out = append(out, flat(e)...)
		}
		return out
	}
	panic(fmt.Sprintf("unexpected JSON %T", v))
}

func maxAbsDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// TestToyReport reproduces the report's Questions 1-2 from the numpy
// reference's weights and data: scores, loss and gradients.
func TestToyReport(t *testing.T) {
	t.Parallel()
	ref := loadToyReference(t)
	net, err := New(Spec{Inputs: 4, Hidden: []int{10}, Classes: 3, Activation: "relu", Init: "std", Std: 0.1}, newTestSource(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range net.Params() {
		copy(p.Data(), flat(ref.Init[p.Name]))
	}
	x := mat.NewDense(5, 4, flat(toAny(ref.X)))
	probs := net.Probs(x)
	if d := maxAbsDiff(probs.RawMatrix().Data, flat(toAny(ref.Scores))); d > 1e-9 {
		t.Errorf("scores differ from numpy by %g", d)
	}
	// The report's Figure 1, printed to 8 digits.
	if got := probs.At(0, 0); math.Abs(got-0.3644621) > 1e-8 {
		t.Errorf("scores[0][0] = %.10f, want 0.3644621", got)
	}
	reg := 0.05
	if got := net.Cost(x, ref.Y, reg); math.Abs(got-ref.Loss) > 1e-10 || math.Abs(got-1.30378789133) > 1e-10 {
		t.Errorf("loss = %.14f, want %.14f (report 1.30378789133)", got, ref.Loss)
	}
	checks := net.CheckGradients(x, ref.Y, reg, gradcheck.Central(1e-5))
	for _, c := range checks {
		if d := maxAbsDiff(c.Analytic, flat(ref.Grads[c.Name])); d > 1e-9 {
			t.Errorf("%s: analytic gradient differs from numpy by %g", c.Name, d)
		}
		if !(c.RelError < 1e-8) {
			t.Errorf("%s: gradient check %.3g >= 1e-8 (numpy: %.3g)", c.Name, c.RelError, ref.Errs[c.Name])
		}
	}
}

func toAny(m [][]float64) any {
	out := make([]any, len(m))
	for i, r := range m {
		row := make([]any, len(r))
		for j, v := range r {
			row[j] = v
		}
		out[i] = row
	}
	return out
}

func TestSpecValidate(t *testing.T) {
	t.Parallel()
	good := Spec{Inputs: 4, Hidden: []int{10}, Classes: 3, Activation: "relu", Init: "std", Std: 0.1}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid spec: %v", err)
	}
	for i, test := range []struct {
		edit  func(*Spec)
		field string
	}{
		{func(s *Spec) { s.Inputs = 0 }, "inputs"},
		{func(s *Spec) { s.Inputs = -3 }, "inputs"},
		{func(s *Spec) { s.Hidden = []int{10, 0} }, "hidden[1]"},
		{func(s *Spec) { s.Hidden = []int{MaxUnits + 1} }, "hidden[0]"},
		{func(s *Spec) { s.Classes = 1 }, "classes"},
		{func(s *Spec) { s.Activation = "softplus" }, "activation"},
		{func(s *Spec) { s.Activation = "" }, "activation"},
		{func(s *Spec) { s.Init = "zeros" }, "init"},
		{func(s *Spec) { s.Std = 0 }, "std"},
		{func(s *Spec) { s.Std = math.NaN() }, "std"},
		{func(s *Spec) { s.Std = math.Inf(1) }, "std"},
		{func(s *Spec) { s.Dropout = 1 }, "dropout"},
		{func(s *Spec) { s.Dropout = -0.1 }, "dropout"},
		{func(s *Spec) { s.Dropout = math.NaN() }, "dropout"},
	} {
		s := good
		s.Hidden = append([]int(nil), good.Hidden...)
		test.edit(&s)
		err := s.Validate()
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != test.field {
			t.Errorf("case %d: Validate() = %v, want a ConfigError on %q", i, err, test.field)
			continue
		}
		if !strings.Contains(err.Error(), test.field) {
			t.Errorf("case %d: message %q does not name %q", i, err, test.field)
		}
		if _, err := New(s, newTestSource(1)); err == nil {
			t.Errorf("case %d: New accepted an invalid spec", i)
		}
	}
	he := good
	he.Init, he.Std = "he", 0 // std is only needed by the "std" init
	if err := he.Validate(); err != nil {
		t.Errorf("he init with std 0: %v", err)
	}
}

func TestRegistriesReverse(t *testing.T) {
	t.Parallel()
	for key, f := range Activations {
		if f.Name != key {
			t.Errorf("Activations[%q].Name = %q", key, f.Name)
		}
	}
}

func TestNetworkShape(t *testing.T) {
	t.Parallel()
	net, err := New(Spec{Inputs: 3072, Hidden: []int{50, 70}, Classes: 10, Activation: "relu", Init: "he", Dropout: 0.1}, newTestSource(1))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := net.String(), "Linear(3072, 50) → ReLU → Dropout(0.1) → Linear(50, 70) → ReLU → Dropout(0.1) → Linear(70, 10)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	var names []string
	for _, p := range net.Params() {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, " "); got != "W1 b1 W2 b2 W3 b3" {
		t.Errorf("params %q", got)
	}
	if got, want := net.Spec.NumParams(), 3072*50+50+50*70+70+70*10+10; got != want {
		t.Errorf("NumParams = %d, want %d", got, want)
	}
	// He init: the standard deviation of W1 is sqrt(2/3072).
	w := net.Param("W1").Data()
	ss := 0.0
	for _, v := range w {
		ss += v * v
	}
	if got, want := math.Sqrt(ss/float64(len(w))), math.Sqrt(2.0/3072); math.Abs(got/want-1) > 0.02 {
		t.Errorf("He W1 std = %g, want %g", got, want)
	}
}

func TestSoftmaxStable(t *testing.T) {
	t.Parallel()
	z := mat.NewDense(2, 3, []float64{1000, 1001, 1002, -1000, -1000, -1000})
	p := Softmax(nil, z)
	for i := range 2 {
		s := 0.0
		for j := range 3 {
			v := p.At(i, j)
			if math.IsNaN(v) || v < 0 {
				t.Fatalf("P[%d,%d] = %g", i, j, v)
			}
			s += v
		}
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("row %d sums to %g", i, s)
		}
	}
	if math.Abs(p.At(1, 0)-1.0/3) > 1e-15 {
		t.Errorf("uniform row: %g", p.At(1, 0))
	}
}
