package cifar

import (
	"fmt"
	"slices"
)

// Sizes of the CIFAR-10 binary format.
const (
	Side        = 32                        // Side is the width and height of an image in pixels.
	Channels    = 3                         // Channels is the number of colour planes: R, G, B.
	PlaneBytes  = Side * Side               // PlaneBytes is the size of one colour plane (1024).
	ImageBytes  = Channels * PlaneBytes     // ImageBytes is the size of one image (3072).
	RecordBytes = 1 + ImageBytes            // RecordBytes is one label byte plus one image (3073).
	Classes     = 10                        // Classes is the number of labels; a label is in [0, Classes).
	maxLabel    = Classes - 1               // maxLabel is the largest valid label (9).
	recordsMax  = (1<<31 - 1) / RecordBytes // recordsMax bounds a size hint used to preallocate.
)

// A Shape is the size of a Set's images: Channels planes of Side×Side
// pixels, each plane row-major, one byte a pixel. The zero Shape stands
// for CIFAR-10's 32×32×3 (RGB), so a Set decoded from CIFAR-10's files
// needs none; Gray28 is the 28×28 grayscale of MNIST and Fashion-MNIST.
type Shape struct {
	Side, Channels int
}

// The image shapes the playground knows.
var (
	RGB32  = Shape{Side: Side, Channels: Channels} // CIFAR-10's
	Gray28 = Shape{Side: 28, Channels: 1}          // MNIST's and Fashion-MNIST's
)

// Shapes returns the known shapes, CIFAR-10's first.
func Shapes() []Shape { return []Shape{RGB32, Gray28} }

// ShapeOf returns the known shape of images of n bytes, if there is one:
// RGB32 for 3072, Gray28 for 784.
func ShapeOf(n int) (Shape, bool) {
	for _, s := range Shapes() {
		if s.Bytes() == n {
			return s, true
		}
	}
	return Shape{}, false
}

// Norm returns s, or RGB32 for the zero Shape.
func (s Shape) Norm() Shape {
	if s == (Shape{}) {
		return RGB32
	}
	return s
}

// Plane returns the pixels of one channel: Side².
func (s Shape) Plane() int { s = s.Norm(); return s.Side * s.Side }

// Bytes returns the size of one image: Channels·Side².
func (s Shape) Bytes() int { return s.Norm().Channels * s.Plane() }

// String gives the shape as "32×32×3".
func (s Shape) String() string {
	s = s.Norm()
	return fmt.Sprintf("%d×%d×%d", s.Side, s.Side, s.Channels)
}

// A Set is a sequence of labelled images kept as bytes.
//
// Pixels holds Len()*Size() bytes; image i is Pixels[i*Size():(i+1)*Size()],
// laid out as Shape says: for CIFAR-10 the R plane, then G, then B, each
// Side×Side in row-major order. Labels holds one label in [0, Classes) per
// image. A Set built by this package always satisfies this; the zero Set
// is empty (of CIFAR-10's shape).
type Set struct {
	Pixels []uint8
	Labels []uint8
	Shape  Shape // the zero Shape is CIFAR-10's (see Shape)
}

// Size returns the number of bytes of one image of s.
func (s *Set) Size() int { return s.Shape.Bytes() }

// Len returns the number of images in s.
func (s *Set) Len() int { return len(s.Labels) }

// Image returns the ImageBytes pixels of image i. The slice shares memory
// with s (its capacity ends with the image). Image panics if i is out of
// range.
func (s *Set) Image(i int) []uint8 {
	s.check(i)
	n := s.Size()
	return s.Pixels[i*n : (i+1)*n : (i+1)*n]
}

// Subset returns a new Set holding copies of the images idx[0], idx[1], …
// in that order (an index may repeat). Subset panics if an index is out of
// range.
func (s *Set) Subset(idx []int) *Set {
	n := s.Size()
	out := &Set{
		Pixels: make([]uint8, len(idx)*n),
		Labels: make([]uint8, len(idx)),
		Shape:  s.Shape,
	}
	for k, i := range idx {
		s.check(i)
		copy(out.Pixels[k*n:], s.Pixels[i*n:(i+1)*n])
		out.Labels[k] = s.Labels[i]
	}
	return out
}

// Slice returns images lo to hi-1 as a Set that shares memory with s, like
// a Go slice expression; appending to the result never overwrites s. Slice
// panics unless 0 <= lo <= hi <= s.Len().
func (s *Set) Slice(lo, hi int) *Set {
	if lo < 0 || hi < lo || hi > s.Len() {
		panic(fmt.Sprintf("cifar: slice [%d:%d] out of range for %d images", lo, hi, s.Len()))
	}
	n := s.Size()
	return &Set{
		Pixels: s.Pixels[lo*n : hi*n : hi*n],
		Labels: s.Labels[lo:hi:hi],
		Shape:  s.Shape,
	}
}

// Counts returns how many images of each class s holds.
func (s *Set) Counts() [Classes]int {
	var n [Classes]int
	for _, l := range s.Labels {
		if int(l) < Classes {
			n[l]++
		}
	}
	return n
}

// check panics if i is not the index of an image of s.
func (s *Set) check(i int) {
	if i < 0 || i >= s.Len() {
		panic(fmt.Sprintf("cifar: image %d out of range [0,%d)", i, s.Len()))
	}
}

// valid reports why s breaks the Set invariant, or nil if it holds.
func (s *Set) valid() error {
	if s == nil {
		return fmt.Errorf("cifar: nil set")
	}
	if !slices.Contains(Shapes(), s.Shape.Norm()) {
		return fmt.Errorf("cifar: set of unknown image shape %v", s.Shape)
	}
	if len(s.Pixels) != len(s.Labels)*s.Size() {
		return fmt.Errorf("cifar: set has %d labels but %d pixel bytes, want %d", len(s.Labels), len(s.Pixels), len(s.Labels)*s.Size())
	}
	for i, l := range s.Labels {
		if l > maxLabel {
			return &RecordError{Record: i, Offset: int64(i) * RecordBytes, Err: ErrLabel,
				Detail: fmt.Sprintf("label %d out of range [0,%d]", l, maxLabel)}
		}
	}
	return nil
}
