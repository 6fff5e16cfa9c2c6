package toy

import (
	"math"
	"testing"

	"github.com/backprop-playground/playground/core/gradcheck"
	"github.com/backprop-playground/playground/internal/testenv"
)

// flat is testenv.Flat: a JSON number, vector or matrix as one slice.
var flat = testenv.Flat

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

// TestReport reproduces every number of the report's Questions 1-2 from
// the seeds alone: the generator, the initialization, the data, the scores,
// the loss, the gradients, the gradient check and the whole training run.
func TestReport(t *testing.T) {
	t.Parallel()
	ref := testenv.ToyReference(t)
	a := Report()
	net, _, err := a.Model()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range net.Params() {
		if d := maxAbsDiff(p.Data(), flat(ref.Init[p.Name])); d > 1e-9 {
			t.Errorf("init %s differs from numpy by %g", p.Name, d)
		}
	}
	x, y := a.Data()
	if d := maxAbsDiff(x.RawMatrix().Data, flat(ref.X)); d > 1e-9 {
		t.Errorf("X differs from numpy by %g", d)
	}
	for i := range y {
		if y[i] != ref.Y[i] {
			t.Fatalf("y = %v, want %v", y, ref.Y)
		}
	}
	if d := maxAbsDiff(net.Probs(x).RawMatrix().Data, flat(ref.Scores)); d > 1e-9 {
		t.Errorf("scores differ from numpy by %g", d)
	}
	if got := net.Cost(x, y, a.Reg); math.Abs(got-ref.Loss) > 1e-10 {
		t.Errorf("loss = %.15g, want %.15g", got, ref.Loss)
	}
	for _, c := range net.CheckGradients(x, y, a.Reg, gradcheck.Central(gradcheck.ReportStep)) {
		if d := maxAbsDiff(c.Analytic, flat(ref.Grads[c.Name])); d > 1e-9 {
			t.Errorf("gradient %s differs from numpy by %g", c.Name, d)
		}
		if !(c.RelError < 1e-8) {
			t.Errorf("gradient check %s = %.3g, want < 1e-8", c.Name, c.RelError)
		}
	}
	hist, err := a.Train()
	if err != nil {
		t.Fatal(err)
	}
	if d := maxAbsDiff(hist, ref.History); d > 1e-9 {
		t.Errorf("training loss history differs from numpy by %g", d)
	}
	if last := hist[len(hist)-1]; math.Abs(last-0.017149607938732093) > 1e-9 {
		t.Errorf("final training loss %.17g, want 0.017149607938732093", last)
	}
}
