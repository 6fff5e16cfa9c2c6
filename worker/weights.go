package worker

import (
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/msg"
)

// MaxTemplates bounds the templates of a Weights event (100 templates are
// 400 KB of pixels).
const MaxTemplates = 100

// sendWeights sends the current model's first-layer templates, if its
// inputs are images.
func (s *Session) sendWeights(id int) {
	s.lastWeights = s.clock()
	if s.model == nil || s.model.pca != nil {
		return
	}
	shape, ok := cifar.ShapeOf(s.model.net.Spec.Inputs)
	if !ok {
		return
	}
	w := s.model.net.Dense()[0].W.Value
	count, pix := Templates(w, MaxTemplates)
	s.emit(msg.Event{ID: id, Kind: msg.Weights, Side: shape.Side, Count: count, Pixels: pix})
}

// Templates returns the first min(limit, columns) columns of w (one row
// per input pixel: 3072×H in CIFAR's R, G, B plane order, or 784×H for
// 28×28 gray) as Side×Side RGBA images, one after the other, row-major, 4
// bytes a pixel with alpha 255 (gray: R = G = B). Each template is scaled
// to 0-255 by its own minimum and maximum over its channels and truncated,
// as cs231n's visualize_grid followed by astype('uint8') draws the
// report's figure; a constant template is black. It panics unless w's
// rows are a known image size (cifar.ShapeOf).
func Templates(w *mat.Dense, limit int) (count int, pixels []byte) {
	r, c := w.Dims()
	shape, ok := cifar.ShapeOf(r)
	if !ok {
		panic("worker: weight templates need the rows of an image (3072 or 784)")
	}
	count = max(0, min(c, limit))
	px := shape.Plane()
	pixels = make([]byte, count*px*4)
	col := make([]float64, r)
	for t := range count {
		mat.Col(col, t, w)
		lo, hi := col[0], col[0]
		for _, v := range col {
			lo, hi = min(lo, v), max(hi, v)
		}
		scale := 0.0
		if hi > lo {
			scale = 255 / (hi - lo)
		}
		out := pixels[t*px*4 : (t+1)*px*4]
		for p := range px {
			for ch := range 3 {
				out[4*p+ch] = uint8(min(255, (col[ch%shape.Channels*px+p]-lo)*scale))
			}
			out[4*p+3] = 255
		}
	}
	return count, pixels
}
