package app

import (
	"math"
	"testing"
)

func TestHistorySmoothing(t *testing.T) {
	t.Parallel()
	h := history{Beta: 0.95}
	h.addLosses(0, []float64{2, 2, 2})
	for i, s := range h.Smooth {
		// Debiased: a constant loss smooths to itself from the first step.
		if math.Abs(s-2) > 1e-12 {
			t.Errorf("smooth[%d] = %g, want 2", i, s)
		}
	}
	h.addLosses(3, []float64{1, math.NaN(), math.Inf(1)})
	if len(h.Raw) != 4 || h.Raw[3] != 1 || h.Iters[3] != 3 {
		t.Errorf("raw %v iters %v: non-finite losses must be skipped", h.Raw, h.Iters)
	}
	// 0.95·2·(1-0.95³)/(1-0.95⁴) + 0.05·1/(1-0.95⁴) with the debiasing.
	m := 0.95*(1-math.Pow(0.95, 3))*2 + 0.05*1
	if want := m / (1 - math.Pow(0.95, 4)); math.Abs(h.Smooth[3]-want) > 1e-12 {
		t.Errorf("smooth[3] = %g, want %g", h.Smooth[3], want)
	}
}

// TestHistoryBounded: a long run keeps at most maxLossPoints points, whose
// iterations stay in order and cover the run, and means stay means.
func TestHistoryBounded(t *testing.T) {
	t.Parallel()
	var h history
	const steps = 100_003
	batch := make([]float64, 0, 37)
	for i := 0; i < steps; {
		batch = batch[:0]
		first := i
		for ; i < steps && len(batch) < cap(batch); i++ {
			batch = append(batch, float64(i%2)) // 0, 1, 0, 1: every mean of an even stride is 0.5
		}
		h.addLosses(first, batch)
	}
	if len(h.Raw) > maxLossPoints || len(h.Raw) < maxLossPoints/2 {
		t.Errorf("%d points, want between %d and %d", len(h.Raw), maxLossPoints/2, maxLossPoints)
	}
	if h.Stride < 2 || !h.valid() {
		t.Errorf("stride %d, valid %v", h.Stride, h.valid())
	}
	for i := 1; i < len(h.Iters); i++ {
		if h.Iters[i] <= h.Iters[i-1] {
			t.Fatalf("iters[%d] = %g after %g", i, h.Iters[i], h.Iters[i-1])
		}
	}
	if last := h.Iters[len(h.Iters)-1]; last < steps-2*float64(h.Stride) {
		t.Errorf("last point at step %g of %d", last, steps)
	}
	for i, v := range h.Raw[:len(h.Raw)-1] {
		if math.Abs(v-0.5) > 1e-9 {
			t.Fatalf("raw[%d] = %g, want 0.5", i, v)
		}
	}
}

func TestSmoothingFor(t *testing.T) {
	t.Parallel()
	for total, want := range map[int]float64{0: 0.95, 100: 0.8, 400: 0.95, 10_000: 0.95, 20: 0.6} {
		if got := smoothingFor(total); math.Abs(got-want) > 1e-12 {
			t.Errorf("smoothingFor(%d) = %g, want %g", total, got, want)
		}
	}
}

func TestHistoryEpochs(t *testing.T) {
	t.Parallel()
	var h history
	if h.bestVal() != -1 || !math.IsNaN(h.lastLoss()) {
		t.Errorf("empty: best %g, last %g", h.bestVal(), h.lastLoss())
	}
	h.addEpoch(epochMark{Epoch: 1, ValAcc: 0.3})
	h.addEpoch(epochMark{Epoch: 2, ValAcc: 0.25})
	if h.bestVal() != 0.3 {
		t.Errorf("best %g, want 0.3", h.bestVal())
	}
}
