package cifar

import "fmt"

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

// A Set is a sequence of labelled images kept as bytes.
//
// Pixels holds Len()*ImageBytes bytes; image i is
// Pixels[i*ImageBytes:(i+1)*ImageBytes], laid out as the R plane, then G,
// then B, each Side×Side in row-major order. Labels holds one label in
// [0, Classes) per image. A Set built by this package always satisfies
// this; the zero Set is empty.
type Set struct {
	Pixels []uint8
	Labels []uint8
}

// Len returns the number of images in s.
func (s *Set) Len() int { return len(s.Labels) }

// Image returns the ImageBytes pixels of image i. The slice shares memory
// with s (its capacity ends with the image). Image panics if i is out of
// range.
func (s *Set) Image(i int) []uint8 {
	s.check(i)
	return s.Pixels[i*ImageBytes : (i+1)*ImageBytes : (i+1)*ImageBytes]
}

// Subset returns a new Set holding copies of the images idx[0], idx[1], …
// in that order (an index may repeat). Subset panics if an index is out of
// range.
func (s *Set) Subset(idx []int) *Set {
	out := &Set{
		Pixels: make([]uint8, len(idx)*ImageBytes),
		Labels: make([]uint8, len(idx)),
	}
	for k, i := range idx {
		s.check(i)
		copy(out.Pixels[k*ImageBytes:], s.Pixels[i*ImageBytes:(i+1)*ImageBytes])
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
	return &Set{
		Pixels: s.Pixels[lo*ImageBytes : hi*ImageBytes : hi*ImageBytes],
		Labels: s.Labels[lo:hi:hi],
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
	if len(s.Pixels) != len(s.Labels)*ImageBytes {
		return fmt.Errorf("cifar: set has %d labels but %d pixel bytes, want %d", len(s.Labels), len(s.Pixels), len(s.Labels)*ImageBytes)
	}
	for i, l := range s.Labels {
		if l > maxLabel {
			return &RecordError{Record: i, Offset: int64(i) * RecordBytes, Err: ErrLabel,
				Detail: fmt.Sprintf("label %d out of range [0,%d]", l, maxLabel)}
		}
	}
	return nil
}
