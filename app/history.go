package app

import (
	"math"

	"github.com/backprop-playground/playground/app/chart"
)

// history is what the charts show of a run: the loss of every step (raw
// and smoothed) and the accuracies of every epoch. It keeps at most
// maxLossPoints loss points: past that, neighbouring points are merged
// (their mean), so a run of ten million steps costs as much memory and
// drawing as one of a few thousand.
type history struct {
	Beta   float64     `json:"beta"`   // the weight of the past in the smoothed loss; smoothingFor
	Stride int         `json:"stride"` // steps per stored loss point: 1, 2, 4, …
	Iters  []float64   `json:"iters"`  // the mean step (from 0) of each point
	Raw    []float64   `json:"raw"`    // the mean minibatch loss of each point
	Smooth []float64   `json:"smooth"` // the smoothed loss at each point's last step
	Epochs []epochMark `json:"epochs"`

	// The point being filled and the smoothing's state.
	sumIter, sumLoss float64
	n                int
	smooth           chart.Smoother
}

// epochMark is one epoch's end.
type epochMark struct {
	Epoch    int     `json:"epoch"`
	Iter     int     `json:"iter"`
	TrainAcc float64 `json:"train_acc"`
	ValAcc   float64 `json:"val_acc"`
	Best     bool    `json:"best,omitempty"`
}

// maxLossPoints bounds the stored loss points.
const maxLossPoints = 4000

// smoothingFor is chart.SmoothingFor: the history smooths with the one
// smoother of the pages.
func smoothingFor(total int) float64 { return chart.SmoothingFor(total) }

// addLosses records the losses of the steps first, first+1, ….
// Non-finite losses are skipped (the worker never sends them).
func (h *history) addLosses(first int, losses []float64) {
	if h.Stride == 0 {
		h.Stride = 1
	}
	if h.Beta == 0 {
		h.Beta = smoothingFor(0)
	}
	for i, l := range losses {
		if math.IsNaN(l) || math.IsInf(l, 0) {
			continue
		}
		h.smooth.Beta = h.Beta
		smoothed := h.smooth.Add(l)
		h.sumIter += float64(first + i)
		h.sumLoss += l
		h.n++
		if h.n < h.Stride {
			continue
		}
		h.Iters = append(h.Iters, h.sumIter/float64(h.n))
		h.Raw = append(h.Raw, h.sumLoss/float64(h.n))
		h.Smooth = append(h.Smooth, smoothed)
		h.sumIter, h.sumLoss, h.n = 0, 0, 0
		if len(h.Raw) > maxLossPoints {
			h.halve()
		}
	}
}

// halve merges pairs of points and doubles the stride. It is called
// right after a point was stored, when no point is being filled: an odd
// last point goes back to being filled, so that every stored point is the
// mean of exactly Stride steps.
func (h *history) halve() {
	if n := len(h.Raw); n%2 == 1 {
		h.sumIter += h.Iters[n-1] * float64(h.Stride)
		h.sumLoss += h.Raw[n-1] * float64(h.Stride)
		h.n += h.Stride
		h.Iters, h.Raw, h.Smooth = h.Iters[:n-1], h.Raw[:n-1], h.Smooth[:n-1]
	}
	m := len(h.Raw) / 2
	for i := range m {
		a, b := 2*i, 2*i+1
		h.Iters[i] = (h.Iters[a] + h.Iters[b]) / 2
		h.Raw[i] = (h.Raw[a] + h.Raw[b]) / 2
		h.Smooth[i] = h.Smooth[b]
	}
	h.Iters, h.Raw, h.Smooth = h.Iters[:m], h.Raw[:m], h.Smooth[:m]
	h.Stride *= 2
}

// addEpoch records an epoch's end.
func (h *history) addEpoch(e epochMark) {
	h.Epochs = append(h.Epochs, e)
}

// bestVal returns the best validation accuracy so far, or -1.
func (h *history) bestVal() float64 {
	best := -1.0
	for _, e := range h.Epochs {
		best = math.Max(best, e.ValAcc)
	}
	return best
}

// lastLoss returns the last smoothed loss, or NaN if there is none.
func (h *history) lastLoss() float64 {
	if len(h.Smooth) == 0 {
		return math.NaN()
	}
	return h.Smooth[len(h.Smooth)-1]
}

// valid reports whether a history read back from storage is consistent
// enough to draw.
func (h *history) valid() bool {
	return h.Stride >= 1 && len(h.Iters) == len(h.Raw) && len(h.Raw) == len(h.Smooth) && len(h.Raw) <= 2*maxLossPoints
}
