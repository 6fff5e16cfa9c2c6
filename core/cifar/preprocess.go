package cifar

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// Preprocessing kinds, the values of Preprocess.Kind. They are stable: they
// are saved with models and appear in URLs.
const (
	// KindNone keeps the raw pixel values 0…255 as float64.
	KindNone = "none"
	// KindMeanImage subtracts the mean training image, pixel by pixel, as
	// the reference report (and cs231n) did: x[j] - Mean[j].
	KindMeanImage = "mean-image"
	// KindChannel standardizes each colour channel with its mean and
	// standard deviation over all training pixels: (x - Mean[c]) / Std[c].
	KindChannel = "channel"
)

// Kinds returns the preprocessing kinds FitPreprocess accepts.
func Kinds() []string { return []string{KindNone, KindMeanImage, KindChannel} }

// A Preprocess turns an image's bytes into float64 features. Its statistics
// are fitted on a training split by FitPreprocess and must travel with a
// model, since the model only works on features prepared the same way; it
// encodes to JSON as {"kind": …, "mean": […], "std": […]}.
//
// Mean and Std depend on Kind:
//
//	"none"        Mean and Std empty
//	"mean-image"  Mean has an image's entries (the mean image: 3072 for
//	              CIFAR-10, 784 for 28×28 gray), Std empty
//	"channel"     Mean and Std have one entry per channel (R, G, B; or the
//	              one gray channel), Std > 0
//
// An empty Kind means "none", so the zero Preprocess (and a nil
// *Preprocess) keeps raw pixel values.
type Preprocess struct {
	Kind string    `json:"kind"`
	Mean []float64 `json:"mean,omitempty"`
	Std  []float64 `json:"std,omitempty"`
}

// FitPreprocess computes the statistics of the given kind (see Kinds) over
// all images of train. It returns an error if kind is unknown or, unless
// kind is "none", if train is empty. A channel with no variation gets Std 1,
// so that Apply never divides by zero.
func FitPreprocess(kind string, train *Set) (*Preprocess, error) {
	switch kind {
	case KindNone, "":
		return &Preprocess{Kind: KindNone}, nil
	case KindMeanImage, KindChannel:
	default:
		return nil, fmt.Errorf("cifar: unknown preprocessing kind %q, want one of %s", kind, strings.Join(Kinds(), ", "))
	}
	if err := train.valid(); err != nil {
		return nil, err
	}
	n := train.Len()
	if n == 0 {
		return nil, errorf(ErrEmpty, "cifar: fit %s preprocessing: empty training set", kind)
	}
	if kind == KindMeanImage {
		// A uint64 sums 7e16 bytes of 255 exactly, far more images than
		// memory holds, so the mean is as exact as a float64 can hold it.
		sum := make([]uint64, train.Size())
		for i := range n {
			for j, v := range train.Image(i) {
				sum[j] += uint64(v)
			}
		}
		mean := make([]float64, len(sum))
		for j, v := range sum {
			mean[j] = float64(v) / float64(n)
		}
		return &Preprocess{Kind: KindMeanImage, Mean: mean}, nil
	}
	// Population mean and standard deviation (numpy's default, ddof=0) of
	// each channel. The integer sums are exact (the squares of 2.8e14
	// pixels fit a uint64); only the final E[x²] - E[x]² is rounded, and for
	// values in 0…255 that loses nothing that matters.
	shape := train.Shape.Norm()
	channels, plane := shape.Channels, shape.Plane()
	sum, sq := make([]uint64, channels), make([]uint64, channels)
	for i := range n {
		img := train.Image(i)
		for c := range channels {
			for _, v := range img[c*plane : (c+1)*plane] {
				sum[c] += uint64(v)
				sq[c] += uint64(v) * uint64(v)
			}
		}
	}
	p := &Preprocess{Kind: KindChannel, Mean: make([]float64, channels), Std: make([]float64, channels)}
	m := float64(n) * float64(plane)
	for c := range channels {
		mean := float64(sum[c]) / m
		v := float64(sq[c])/m - mean*mean
		p.Mean[c] = mean
		p.Std[c] = 1
		if v > 0 {
			p.Std[c] = math.Sqrt(v)
		}
	}
	return p, nil
}

// Validate returns an error unless p's Kind is known and its Mean and Std
// have the lengths that Kind needs, with finite values and positive Std. A
// nil p is valid (it means "none").
func (p *Preprocess) Validate() error {
	if p == nil {
		return nil
	}
	var nMean, nStd int
	switch p.Kind {
	case KindNone, "":
	case KindMeanImage:
		nMean = RGB32.Bytes()
		if _, ok := ShapeOf(len(p.Mean)); ok {
			nMean = len(p.Mean)
		}
	case KindChannel:
		nMean = Channels
		if len(p.Mean) == Gray28.Channels {
			nMean = Gray28.Channels
		}
		nStd = nMean
	default:
		return fmt.Errorf("cifar: unknown preprocessing kind %q, want one of %s", p.Kind, strings.Join(Kinds(), ", "))
	}
	if len(p.Mean) != nMean || len(p.Std) != nStd {
		return fmt.Errorf("cifar: %q preprocessing has %d means and %d stds, want %d and %d",
			p.Kind, len(p.Mean), len(p.Std), nMean, nStd)
	}
	for j, v := range p.Mean {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("cifar: %q preprocessing: mean[%d] = %v is not finite", p.Kind, j, v)
		}
	}
	for j, v := range p.Std {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("cifar: %q preprocessing: std[%d] = %v, want a finite positive number", p.Kind, j, v)
		}
	}
	return nil
}

// Fits returns an error unless p is valid and applies to images of size
// bytes (a known shape, see ShapeOf): a mean image of that size, or one
// mean and std per channel of that shape.
func (p *Preprocess) Fits(size int) error {
	if err := p.Validate(); err != nil {
		return err
	}
	shape, ok := ShapeOf(size)
	if !ok {
		return fmt.Errorf("cifar: %d features are not an image of a known shape (%d or %d)", size, RGB32.Bytes(), Gray28.Bytes())
	}
	if p == nil {
		return nil
	}
	switch p.Kind {
	case KindMeanImage:
		if len(p.Mean) != size {
			return fmt.Errorf("cifar: a mean image of %d pixels, but the images are %v (%d)", len(p.Mean), shape, size)
		}
	case KindChannel:
		if len(p.Mean) != shape.Channels {
			return fmt.Errorf("cifar: channel statistics of %d channels, but the images are %v", len(p.Mean), shape)
		}
	}
	return nil
}

// UnmarshalJSON decodes p from JSON and validates it (see Validate), so a
// saved model with broken statistics is an error, never a panic in Apply.
func (p *Preprocess) UnmarshalJSON(b []byte) error {
	type plain Preprocess // plain has no UnmarshalJSON method: no recursion
	var q plain
	if err := json.Unmarshal(b, &q); err != nil {
		return err
	}
	if err := (*Preprocess)(&q).Validate(); err != nil {
		return err
	}
	*p = Preprocess(q)
	return nil
}

// Apply writes the features of img into dst, in img's layout, one per
// byte. A nil p keeps raw values. Apply panics if len(img) is not a known
// image size (see ShapeOf) or len(dst) differs, if p was fitted on images
// of another shape, or if p is not valid (see Validate).
func (p *Preprocess) Apply(dst []float64, img []uint8) {
	if _, ok := ShapeOf(len(img)); !ok || len(dst) != len(img) {
		panic(fmt.Sprintf("cifar: preprocess %d bytes into %d features, want an image of %d or %d", len(img), len(dst), RGB32.Bytes(), Gray28.Bytes()))
	}
	kind := KindNone
	if p != nil && p.Kind != "" {
		kind = p.Kind
	}
	switch kind {
	case KindNone:
		for j, v := range img {
			dst[j] = float64(v)
		}
	case KindMeanImage:
		if len(p.Mean) != len(img) {
			panic(fmt.Sprintf("cifar: mean-image preprocessing has %d means, want %d", len(p.Mean), len(img)))
		}
		mean := p.Mean[:len(img)]
		for j, v := range img {
			dst[j] = float64(v) - mean[j]
		}
	case KindChannel:
		shape, _ := ShapeOf(len(img))
		if len(p.Mean) != shape.Channels || len(p.Std) != shape.Channels {
			panic(fmt.Sprintf("cifar: channel preprocessing has %d means and %d stds, want %d", len(p.Mean), len(p.Std), shape.Channels))
		}
		plane := shape.Plane()
		for c := range shape.Channels {
			m, inv := p.Mean[c], 1/p.Std[c]
			lo := c * plane
			d := dst[lo : lo+plane]
			for j, v := range img[lo : lo+plane] {
				d[j] = (float64(v) - m) * inv
			}
		}
	default:
		panic(fmt.Sprintf("cifar: unknown preprocessing kind %q", p.Kind))
	}
}
