package cifar

import "fmt"

// source is the randomness Augment draws from. *rng.RandomState satisfies
// it, and so does any generator with these two methods.
type source interface {
	// Float64 returns a uniform number in [0, 1).
	Float64() float64
	// Intn returns a uniform integer in [0, n); n > 0.
	Intn(n int) int
}

// Augment describes random changes made to a training image before it is
// preprocessed. The reference report trained with random horizontal and
// vertical flips. The zero Augment (and a nil *Augment) changes nothing and
// draws nothing.
type Augment struct {
	FlipH bool // FlipH mirrors the image left-right with probability 1/2.
	FlipV bool // FlipV mirrors the image top-bottom with probability 1/2.
	// Shift is the largest random translation, in pixels: the image moves
	// by dx and dy drawn uniformly from [-Shift, Shift], and the pixels
	// that enter are 0 (black, before preprocessing). This equals a random
	// Side×Side crop of the image padded with Shift zeros on each side.
	// It must be in [0, Side-1].
	Shift int
}

// Validate returns an error unless a.Shift is in [0, Side-1]. A nil a is
// valid. (On a smaller image a shift of its side or more gives black.)
func (a *Augment) Validate() error {
	if a != nil && (a.Shift < 0 || a.Shift >= Side) {
		return fmt.Errorf("cifar: augmentation shift %d out of range [0,%d]", a.Shift, Side-1)
	}
	return nil
}

// Apply writes a randomly changed copy of img into dst. src is any
// generator with methods Float64() float64 (uniform in [0,1)) and
// Intn(n int) int (uniform in [0,n)), such as *rng.RandomState. Apply draws
// from src in this order, and only for what a enables: src.Float64() < 0.5 to flip
// horizontally, src.Float64() < 0.5 to flip vertically, then dx and dy as
// src.Intn(2*Shift+1) - Shift. It flips first and then shifts. So the same
// src state gives the same image, and src may be nil when a draws nothing.
// The image's shape is the known one of its size (see ShapeOf). Apply
// panics if len(img) is not a known image size or len(dst) differs, if dst
// is img, or if a is not valid.
func (a *Augment) Apply(dst, img []uint8, src source) {
	shape, ok := ShapeOf(len(img))
	if !ok || len(dst) != len(img) {
		panic(fmt.Sprintf("cifar: augment %d bytes into %d, want an image of %d or %d", len(img), len(dst), RGB32.Bytes(), Gray28.Bytes()))
	}
	if &dst[0] == &img[0] {
		panic("cifar: augment in place")
	}
	if err := a.Validate(); err != nil {
		panic(err.Error())
	}
	var flipH, flipV bool
	var dx, dy int
	if a != nil {
		flipH = a.FlipH && src.Float64() < 0.5
		flipV = a.FlipV && src.Float64() < 0.5
		if a.Shift > 0 {
			dx = src.Intn(2*a.Shift+1) - a.Shift
			dy = src.Intn(2*a.Shift+1) - a.Shift
		}
	}
	warp(dst, img, shape, flipH, flipV, dx, dy)
}

// warp writes into dst the image img flipped as asked and then moved by dx
// pixels right and dy pixels down, with zeros where nothing moves in:
// dst(y, x) = f(y-dy, x-dx), where f is the flipped img.
func warp(dst, img []uint8, shape Shape, flipH, flipV bool, dx, dy int) {
	shape = shape.Norm()
	side, plane := shape.Side, shape.Plane()
	for c := range shape.Channels {
		in := img[c*plane : (c+1)*plane]
		out := dst[c*plane : (c+1)*plane]
		for y := range side {
			row := out[y*side : (y+1)*side]
			sy := y - dy
			if sy < 0 || sy >= side {
				clear(row)
				continue
			}
			if flipV {
				sy = side - 1 - sy
			}
			src := in[sy*side : (sy+1)*side]
			for x := range row {
				sx := x - dx
				switch {
				case sx < 0 || sx >= side:
					row[x] = 0
				case flipH:
					row[x] = src[side-1-sx]
				default:
					row[x] = src[sx]
				}
			}
		}
	}
}
