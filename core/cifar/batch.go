package cifar

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Batch forms a mini-batch from the images idx[0], idx[1], … of s: row i of
// the result holds the features of image idx[i], first changed by aug
// (drawing from src, a generator such as *rng.RandomState; see
// Augment.Apply) and then converted by p (see
// Preprocess.Apply), and labels[i] gets its label.
//
// If dst is nil, Batch allocates a len(idx)×s.Size() matrix; if dst is
// empty (see mat.Dense.Reset) it is resized; otherwise it must be
// len(idx)×s.Size() (a view from dst.Slice will do for a short last
// batch). Batch returns the matrix it filled. labels may be nil; otherwise
// it must have len(idx) entries. With a reused dst, Batch allocates nothing.
//
// A nil p keeps raw pixel values, and a nil aug changes nothing (src may
// then be nil). Batch panics if idx is empty, an index is out of range, a
// shape does not match, or p or aug is not valid: check user settings with
// their Validate methods first.
func (s *Set) Batch(dst *mat.Dense, labels []int, idx []int, p *Preprocess, aug *Augment, src source) *mat.Dense {
	if len(idx) == 0 {
		panic("cifar: empty batch")
	}
	if labels != nil && len(labels) != len(idx) {
		panic(fmt.Sprintf("cifar: batch of %d images with %d labels", len(idx), len(labels)))
	}
	n := s.Size()
	switch {
	case dst == nil:
		dst = mat.NewDense(len(idx), n, nil)
	case dst.IsEmpty():
		dst.ReuseAs(len(idx), n)
	default:
		if r, c := dst.Dims(); r != len(idx) || c != n {
			panic(fmt.Sprintf("cifar: batch of %d images into a %d×%d matrix, want %d×%d", len(idx), r, c, len(idx), n))
		}
	}
	// One image of scratch (the largest shape), on the stack: Batch
	// allocates nothing per call.
	var buf [ImageBytes]uint8
	for i, k := range idx {
		img := s.Image(k)
		if aug != nil && *aug != (Augment{}) {
			aug.Apply(buf[:n], img, src)
			img = buf[:n]
		}
		p.Apply(dst.RawRowView(i), img)
		if labels != nil {
			labels[i] = int(s.Labels[k])
		}
	}
	return dst
}
