package lesson

import (
	"testing"

	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/rng"
)

// TestBadInitMapsCollapse: the bad-init lesson's unit maps share one
// scale per network, so the collapsed net's deep layers are grey (their
// largest activation is ~1e-14 of the first layer's) while He's stay
// coloured; before, each map was stretched to its own range and both
// looked as lively.
func TestBadInitMapsCollapse(t *testing.T) {
	t.Parallel()
	s, _ := classroom.Ready("bad-init")
	set, err := plane.Generate(s.Data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		init      string
		collapsed bool
	}{{"std", true}, {"he", false}} {
		cfg := s.Config
		cfg.Init = c.init
		net, err := nn.New(cfg.Spec(2, s.Data.Classes), rng.New(1))
		if err != nil {
			t.Fatal(err)
		}
		snap, err := evaluate(net, set)
		if err != nil {
			t.Fatal(err)
		}
		last := len(snap.maps) - 1
		ratio := snap.largest[last] / snap.largest[0]
		grey := greyFraction(snap.maps[last].Pix)
		t.Logf("%s: largest |a| per layer %v, last layer %.0f%% grey", c.init, snap.largest, 100*grey)
		if c.collapsed && (ratio > 1e-6 || grey < 0.99) {
			t.Errorf("%s: the last layer is %.2g of the first and %.0f%% grey: the collapse does not show", c.init, ratio, 100*grey)
		}
		if !c.collapsed && grey > 0.9 {
			t.Errorf("%s: the last layer is %.0f%% grey", c.init, 100*grey)
		}
	}
}

// greyFraction returns the fraction of non-white pixels that are nearly
// grey (Diverging's zero).
func greyFraction(pix []uint8) float64 {
	n, g := 0, 0
	for i := 0; i+3 < len(pix); i += 4 {
		r, gg, b := int(pix[i]), int(pix[i+1]), int(pix[i+2])
		if r == 255 && gg == 255 && b == 255 {
			continue
		}
		n++
		if abs(r-gg) < 12 && abs(gg-b) < 12 && abs(r-b) < 12 {
			g++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(g) / float64(n)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
