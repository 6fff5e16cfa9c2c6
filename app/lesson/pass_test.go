package lesson

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/backprop-playground/playground/internal/testenv"
)

// ReferenceMatrices computes, from the reference's X, y and initial
// weights alone, every matrix the toy's step-through shows, with plain
// loops in the order numpy's formulas give (toy_reference.py's forward and
// loss_grad), and takes P, J and the parameter gradients from the JSON
// itself. Keys are the matrices' names.
func referenceMatrices(r *testenv.Toy, lr float64) map[string][]float64 {
	X, W1, b1 := testenv.Flat(r.X), testenv.Flat(r.Init["W1"]), testenv.Flat(r.Init["b1"])
	W2, b2 := testenv.Flat(r.Init["W2"]), testenv.Flat(r.Init["b2"])
	N, D, H, C := len(r.X), len(r.X[0]), len(b1), len(b2)
	mul := func(a []float64, n, k int, b []float64, m int) []float64 { // n×k times k×m
		out := make([]float64, n*m)
		for i := range n {
			for j := range m {
				s := 0.0
				for q := range k {
					s += a[i*k+q] * b[q*m+j]
				}
				out[i*m+j] = s
			}
		}
		return out
	}
	trans := func(a []float64, n, m int) []float64 {
		out := make([]float64, n*m)
		for i := range n {
			for j := range m {
				out[j*n+i] = a[i*m+j]
			}
		}
		return out
	}
	addRow := func(a, b []float64, m int) []float64 {
		out := append([]float64(nil), a...)
		for i := range out {
			out[i] += b[i%m]
		}
		return out
	}
	z2 := addRow(mul(X, N, D, W1, H), b1, H)
	a2, mask := make([]float64, len(z2)), make([]float64, len(z2))
	for i, v := range z2 {
		if v > 0 {
			a2[i], mask[i] = v, 1
		}
	}
	z3 := addRow(mul(a2, N, H, W2, C), b2, C)
	P := testenv.Flat(r.Scores)
	delta := make([]float64, N*C)
	loss := make([]float64, N)
	for i, y := range r.Y {
		delta[i*C+y] = 1
		loss[i] = -math.Log(P[i*C+y])
	}
	dz3 := make([]float64, N*C)
	for i := range dz3 {
		dz3[i] = (P[i] - delta[i]) / float64(N)
	}
	da2 := mul(dz3, N, C, trans(W2, H, C), H)
	dz2 := make([]float64, len(da2))
	for i := range dz2 {
		dz2[i] = da2[i] * mask[i]
	}
	g := map[string][]float64{}
	for _, k := range []string{"W1", "b1", "W2", "b2"} {
		g[k] = testenv.Flat(r.Grads[k])
	}
	step := func(w, dw []float64) []float64 {
		out := make([]float64, len(w))
		for i := range w {
			out[i] = w[i] - lr*dw[i]
		}
		return out
	}
	return map[string][]float64{
		"X": X, "Delta": delta, "W1": W1, "b1": b1, "W2": W2, "b2": b2,
		"z2": z2, "a2": a2, "z3": z3, "P": P, "loss": loss, "J": {r.Loss},
		"dz3": dz3, "dW2": g["W2"], "db2": g["b2"], "da2": da2, "mask2": mask, "dz2": dz2, "dW1": g["W1"], "db1": g["b1"],
		"W1-new": step(W1, g["W1"]), "b1-new": step(b1, g["b1"]), "W2-new": step(W2, g["W2"]), "b2-new": step(b2, g["b2"]),
	}
}

// close reports whether got equals want to within a relative 1e-9 (numpy
// and gonum sum products in different orders) or an absolute 1e-12.
func close(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12+1e-9*math.Abs(want)
}

// TestToyPass: every matrix of every stage of the report's toy equals the
// numpy reference, and every numerical gradient agrees with its analytic
// one to below 1e-7.
func TestToyPass(t *testing.T) {
	t.Parallel()
	r := testenv.ToyReference(t)
	st, err := SetupOf(ScenarioOf())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Compute(st)
	if err != nil {
		t.Fatal(err)
	}
	want := referenceMatrices(r, st.LR)
	keys := []string{"x", "z2", "a2", "z3", "softmax", "loss", "dz3", "dW2", "db2", "da2", "mask2", "dz2", "dW1", "db1", "update"}
	if len(p.Stages) != len(keys) {
		t.Fatalf("%d stages, want %d", len(p.Stages), len(keys))
	}
	seen := map[string]bool{}
	for i, s := range p.Stages {
		if s.Key != keys[i] {
			t.Errorf("stage %d is %q, want %q", i, s.Key, keys[i])
		}
		for _, m := range s.Matrices() {
			name := m.Name
			if c, ok := checkOf(s, name); ok {
				name = c.Analytic
			}
			w, ok := want[name]
			if !ok {
				t.Errorf("stage %s: no reference for matrix %s", s.Key, m.Name)
				continue
			}
			seen[name] = true
			if len(w) != len(m.Data) {
				t.Errorf("stage %s: %s has %d values, want %d", s.Key, m.Name, len(m.Data), len(w))
				continue
			}
			tol := close
			if m.Name != name { // a numerical estimate: within the check's bound
				tol = func(g, w float64) bool { return math.Abs(g-w) <= 1e-7*math.Max(1e-8, math.Abs(g)+math.Abs(w)) }
			}
			for k := range w {
				if !tol(m.Data[k], w[k]) {
					t.Errorf("stage %s: %s[%d] = %.17g, want %.17g", s.Key, m.Name, k, m.Data[k], w[k])
					break
				}
			}
		}
		for _, c := range s.Checks {
			if !c.Pass() {
				t.Errorf("stage %s: %s: the page's check fails: %+v", s.Key, c.Analytic, c.Verdict)
			}
			if !(c.RelError < 1e-7) { // the report's bound, on the toy net
				t.Errorf("stage %s: %s relative error %.3g against central differences, want < 1e-7", s.Key, c.Analytic, c.RelError)
			}
			t.Logf("stage %s: %s relative error %.3g", s.Key, c.Analytic, c.RelError)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("%d of the %d reference matrices shown", len(seen), len(want))
	}
	if !close(p.Loss, r.Loss) {
		t.Errorf("loss %.17g, want %.17g", p.Loss, r.Loss)
	}
}

func checkOf(s Stage, name string) (Check, bool) {
	for _, c := range s.Checks {
		if c.Numerical.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// TestOtherNets: the walk works for any small net the form builds: the
// stages follow the depth, every gradient agrees with central
// differences, and the update is the optimizer's.
func TestOtherNets(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		hidden []int
		act    string
		opt    string
		stages int
	}{
		{[]int{6, 5}, "tanh", "sgd", 22},
		{[]int{3, 4, 5}, "sigmoid", "adam", 29},
		{[]int{16}, "leakyrelu", "nesterov", 15},
	} {
		s := ScenarioOf()
		s.Config.Hidden, s.Config.Activation, s.Config.Optimizer = test.hidden, test.act, test.opt
		s.Config.Init = "xavier"
		s.Data.Points, s.Data.Classes = 7, 4
		st, err := SetupOf(s)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		p, err := Compute(st)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if len(p.Stages) != test.stages {
			t.Errorf("%d: %d stages, want %d", i, len(p.Stages), test.stages)
		}
		for _, s := range p.Stages {
			for _, c := range s.Checks {
				// X = 10·randn saturates these nets: many gradient
				// entries are tiny, and the check skips them.
				if !c.Verdict.Pass {
					t.Errorf("%d: stage %s: %s: the page's check fails: %+v", i, s.Key, c.Analytic, c.Verdict)
				}
			}
			ids := map[string]bool{}
			for _, m := range s.Matrices() {
				if ids[m.Name] || len(m.Data) != m.Rows*m.Cols {
					t.Errorf("%d: stage %s: matrix %s repeated or misshapen", i, s.Key, m.Name)
				}
				ids[m.Name] = true
			}
		}
		n := p.Net(0, len(p.Stages)-1)
		if err := n.Validate(); err != nil {
			t.Errorf("%d: the canvas's net: %v", i, err)
		}
	}
}

// TestFeeds: what a selected cell is computed from.
func TestFeeds(t *testing.T) {
	t.Parallel()
	st, _ := SetupOf(ScenarioOf())
	p, err := Compute(st)
	if err != nil {
		t.Fatal(err)
	}
	for i, test := range []struct {
		stage, name string
		k           int
		want        map[string][]int
	}{
		// z2[1,3] = X[1,:] · W1[:,3] + b1[3]
		{"z2", "z2", 13, map[string][]int{"X": {4, 5, 6, 7}, "W1": {3, 13, 23, 33}, "b1": {3}}},
		// W1[2,3] feeds z2[:,3]
		{"z2", "W1", 23, map[string][]int{"z2": {3, 13, 23, 33, 43}}},
		// dW2[4,1] = a2[:,4] · dz3[:,1] + 2 reg W2[4,1]
		{"dW2", "dW2", 13, map[string][]int{"a2": {4, 14, 24, 34, 44}, "dz3": {1, 4, 7, 10, 13}, "W2": {13}, "dW2-num": {13}}},
		// da2[2,5] = dz3[2,:] · W2[5,:]
		{"da2", "da2", 25, map[string][]int{"dz3": {6, 7, 8}, "W2": {15, 16, 17}, "da2-num": {25}}},
		// loss[3] = −log P[3, y3], y3 = 2
		{"loss", "loss", 3, map[string][]int{"P": {11}, "Delta": {11}}},
	} {
		s, _ := p.Stage(test.stage)
		got := s.Feeds(test.name, test.k)
		for name, cells := range test.want {
			var have []int
			for c := range 100 {
				if got[name][c] {
					have = append(have, c)
				}
			}
			if fmt.Sprint(have) != fmt.Sprint(cells) {
				t.Errorf("%d: %s[%d] in %s: %s cells %v, want %v", i, test.name, test.k, test.stage, name, have, cells)
			}
		}
	}
}

// TestNextIteration: the step-through goes on past "update": the pass of
// iteration 2 starts from exactly the weights iteration 1's update wrote
// (the optimizer's state carried on), and on the report's toy problem the
// loss falls.
func TestNextIteration(t *testing.T) {
	t.Parallel()
	for _, opt := range []string{"sgd", "momentum", "adam"} {
		st, err := SetupOf(ScenarioOf())
		if err != nil {
			t.Fatal(err)
		}
		st.Optimizer = opt
		var passes []*Pass
		for it := range 3 {
			st.Iter = it
			p, err := Compute(st)
			if err != nil {
				t.Fatal(err)
			}
			passes = append(passes, p)
		}
		for it := 1; it < 3; it++ {
			a, b := passes[it-1], passes[it]
			for i := range a.after {
				if !slices.Equal(a.after[i], b.before[i]) {
					t.Errorf("%s: iteration %d starts from other weights than iteration %d's update left (parameter %d)", opt, it+1, it, i)
				}
			}
			if b.Loss >= a.Loss {
				t.Errorf("%s: loss %g at iteration %d, %g at %d: it does not fall", opt, b.Loss, it+1, a.Loss, it)
			}
		}
	}
	st, _ := SetupOf(ScenarioOf())
	st.Iter = MaxIter + 1
	if err := st.Validate(); err == nil {
		t.Errorf("iteration %d accepted", st.Iter)
	}
}
