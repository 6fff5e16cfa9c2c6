package mnist

import (
	"fmt"

	"github.com/backprop-playground/playground/core/cifar"
)

// Sizes of a 28×28 grayscale image set.
const (
	Side       = 28          // Side is the width and height of an image in pixels.
	ImageBytes = Side * Side // ImageBytes is the size of one image: one byte per pixel (784).
	Classes    = 10          // Classes is the number of labels; a label is in [0, Classes).
	// MaxImages bounds the count a header may declare (Fashion-MNIST's
	// training file has 60,000), so that a corrupt file cannot make a
	// decoder allocate gigabytes.
	MaxImages = 1 << 20
)

// A Set is a sequence of labelled 28×28 grayscale images kept as bytes:
// image i is Pixels[i*ImageBytes:(i+1)*ImageBytes] in row-major order, 0
// for background and 255 for full ink, and Labels[i] in [0, Classes) is its
// class. A Set built by this package always satisfies this.
type Set struct {
	Pixels []uint8
	Labels []uint8
}

// Len returns the number of images in s.
func (s *Set) Len() int { return len(s.Labels) }

// Image returns the ImageBytes pixels of image i, sharing memory with s.
// Image panics if i is out of range.
func (s *Set) Image(i int) []uint8 {
	if i < 0 || i >= s.Len() {
		panic(fmt.Sprintf("mnist: image %d out of range [0,%d)", i, s.Len()))
	}
	return s.Pixels[i*ImageBytes : (i+1)*ImageBytes : (i+1)*ImageBytes]
}

// Subset returns a new Set holding copies of images idx[0], idx[1], … in
// that order. Subset panics if an index is out of range.
func (s *Set) Subset(idx []int) *Set {
	out := &Set{Pixels: make([]uint8, 0, len(idx)*ImageBytes), Labels: make([]uint8, 0, len(idx))}
	for _, i := range idx {
		out.Pixels = append(out.Pixels, s.Image(i)...)
		out.Labels = append(out.Labels, s.Labels[i])
	}
	return out
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

// Dataset is a set split for training: Train to fit, Val to choose
// hyperparameters and stop early, Test to report. Names are the class names,
// Names[i] for label i.
type Dataset struct {
	Train, Val, Test *Set
	Names            []string
}

// DigitNames and FashionNames are the class names of the two sets, in label
// order. Fashion-MNIST's are those of its README.
var (
	DigitNames   = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	FashionNames = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}
)

// Images returns s as a cifar.Set of shape cifar.Gray28, sharing its
// memory: the form in which the engine prepares, augments and batches
// images of any known shape.
func (s *Set) Images() *cifar.Set {
	return &cifar.Set{Pixels: s.Pixels, Labels: s.Labels, Shape: cifar.Gray28}
}

// Images returns d as a cifar.Dataset of 28×28 gray images, sharing its
// memory (see Set.Images).
func (d *Dataset) Images() *cifar.Dataset {
	return &cifar.Dataset{Train: d.Train.Images(), Val: d.Val.Images(), Test: d.Test.Images(), Classes: d.Names}
}
