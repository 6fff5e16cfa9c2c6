package gradcheck

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestCheck covers each outcome on functions whose gradients are known:
// a smooth one passes and a wrong gradient fails; |x| near its kink is
// skipped as a kink; a gradient far below the rounding of a large cost is
// skipped as tiny; and the data comes back bit for bit.
func TestCheck(t *testing.T) {
	t.Parallel()
	// J = 1e3 + Σ |x_i| + 0.5 x_i² + 1e-12·x_0 (the last term is far below
	// the rounding of 1e3 at any step).
	x := []float64{0.7, -1.3, 1e-9, 2.5}
	tiny := []float64{0, 0, 0, 0}
	cost := func(int) float64 {
		s := 1e3
		for i, v := range x {
			s += math.Abs(v) + 0.5*v*v + 1e-12*tiny[i]
		}
		return s
	}
	grad := func() []float64 {
		g := make([]float64, len(x))
		for i, v := range x {
			g[i] = math.Copysign(1, v) + v
		}
		return g
	}
	piece := func() uint64 {
		var bits uint64
		for i, v := range x {
			if v > 0 {
				bits |= 1 << i
			}
		}
		return bits
	}
	orig := slices.Clone(x)
	p := Problem{Blocks: []Block{{Name: "x", Data: x, Grad: grad(), Scale: 1}}, Cost: cost, Piece: piece}
	r := Check(p, Options{})
	if !r.Pass || r.Checked != 3 || r.Kinks != 1 || r.Blocks[0].Entries[2].Outcome != Kink {
		t.Errorf("smooth entries and a kink: %+v", r)
	}
	if !slices.Equal(x, orig) {
		t.Errorf("x changed: %v, want %v", x, orig)
	}
	if s := r.Summary(); !strings.HasPrefix(s, "Backprop agrees with finite differences (3 entries") || !strings.Contains(s, "1 entry skipped, where every step crosses a ReLU kink") {
		t.Errorf("summary %q", s)
	}

	bad := grad()
	bad[1] = -bad[1]
	r = Check(Problem{Blocks: []Block{{Name: "x", Data: x, Grad: bad, Scale: 1}}, Cost: cost, Piece: piece}, Options{})
	if r.Pass || r.Blocks[0].Entries[1].RelError != 1 || !strings.HasPrefix(r.Summary(), "Backprop disagrees") {
		t.Errorf("a sign flip: %+v, %q", r, r.Summary())
	}

	// A block whose cost moves by 1e-12 per unit: below rounding.
	r = Check(Problem{Blocks: []Block{{Name: "t", Data: tiny, Grad: []float64{1e-12, 1e-12, 1e-12, 1e-12}, Scale: 1}}, Cost: cost}, Options{})
	if r.Tiny != 4 || r.Checked != 0 || r.Pass {
		t.Errorf("tiny gradients: %+v", r)
	}

	// Sampling: distinct entries, as many as asked.
	n := 0
	r = Check(Problem{Blocks: []Block{{Name: "x", Data: x, Grad: grad(), Scale: 1}}, Cost: cost, Piece: piece},
		Options{Entries: 2, Pick: func(int) int { n++; return n % 2 }})
	if got := len(r.Blocks[0].Entries); got != 2 || r.Blocks[0].Entries[0].Index == r.Blocks[0].Entries[1].Index {
		t.Errorf("sampled %d entries: %+v", got, r.Blocks[0].Entries)
	}
}
