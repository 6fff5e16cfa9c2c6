package optim

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/nn"
)

// TestStateRoundTrip runs each optimizer three steps, moves its State into
// a fresh optimizer on a copy of the parameters, and checks that both then
// take the same next steps, bit for bit: the state is all the memory there
// is. Without Restore the copy's next step differs (moments from zero).
func TestStateRoundTrip(t *testing.T) {
	t.Parallel()
	grads := []float64{0.5, -0.2, 0.3, 0.1, -0.4}
	for i, name := range Names {
		a, _ := New(name, Settings{})
		pa := []*nn.Param{param(1, 0), param(-2, 0)}
		step := func(o Optimizer, ps []*nn.Param, g float64) {
			for j, p := range ps {
				p.Grad.Set(0, 0, g*float64(j+1))
			}
			o.Step(ps, 0.1)
		}
		for _, g := range grads[:3] {
			step(a, pa, g)
		}
		s := StateOf(a, pa)
		b, _ := New(name, Settings{})
		fresh, _ := New(name, Settings{})
		pb := []*nn.Param{param(pa[0].Value.At(0, 0), 0), param(pa[1].Value.At(0, 0), 0)}
		pf := []*nn.Param{param(pa[0].Value.At(0, 0), 0), param(pa[1].Value.At(0, 0), 0)}
		if err := Restore(b, pb, s); err != nil {
			t.Fatalf("case %d (%s): %v", i, name, err)
		}
		for _, g := range grads[3:] {
			step(a, pa, g)
			step(b, pb, g)
			step(fresh, pf, g)
		}
		for j := range pa {
			if got, want := pb[j].Value.At(0, 0), pa[j].Value.At(0, 0); got != want {
				t.Errorf("case %d (%s): restored param %d = %v, want %v", i, name, j, got, want)
			}
		}
		if name != "sgd" && pf[0].Value.At(0, 0) == pa[0].Value.At(0, 0) {
			t.Errorf("case %d (%s): a fresh optimizer took the same steps: the state test proves nothing", i, name)
		}
	}
}

// TestRestoreRefuses checks that a state that does not fit is an error.
func TestRestoreRefuses(t *testing.T) {
	t.Parallel()
	adam, _ := New("adam", Settings{})
	ps := []*nn.Param{param(1, 0.5)}
	adam.Step(ps, 0.1)
	s := StateOf(adam, ps)
	mom, _ := New("momentum", Settings{})
	big := []*nn.Param{{Name: "W1", Value: mat.NewDense(1, 2, nil), Grad: mat.NewDense(1, 2, nil)}}
	fresh, _ := New("adam", Settings{})
	for i, test := range []struct {
		o    Optimizer
		ps   []*nn.Param
		want string
	}{
		{mom, ps, `a state of "adam" for a "momentum" optimizer`},
		{fresh, big, "moment m of W1 has 1 values, want 2"},
		{fresh, append(ps, param(0, 0)), "moment m of 1 parameters, want 2"},
	} {
		if err := Restore(test.o, test.ps, s); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want %q", i, err, test.want)
		}
	}
}
