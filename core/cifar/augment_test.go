package cifar

import (
	"bytes"
	"math"
	"testing"
)

// px returns the pixel of img at channel c, row y, column x.
func px(img []uint8, c, y, x int) uint8 { return img[c*PlaneBytes+y*Side+x] }

func TestWarpFlip(t *testing.T) {
	t.Parallel()
	img := synthetic(1, 4).Image(0)
	once, twice := make([]uint8, ImageBytes), make([]uint8, ImageBytes)
	for i, test := range []struct {
		h, v bool
		from func(y, x int) (int, int) // the source pixel of output (y, x)
	}{
		{true, false, func(y, x int) (int, int) { return y, Side - 1 - x }},
		{false, true, func(y, x int) (int, int) { return Side - 1 - y, x }},
		{true, true, func(y, x int) (int, int) { return Side - 1 - y, Side - 1 - x }},
		{false, false, func(y, x int) (int, int) { return y, x }},
	} {
		warp(once, img, RGB32, test.h, test.v, 0, 0)
		for c := range Channels {
			for y := range Side {
				for x := range Side {
					sy, sx := test.from(y, x)
					if px(once, c, y, x) != px(img, c, sy, sx) {
						t.Fatalf("case %d: pixel (%d,%d,%d) = %d, want the input's (%d,%d)", i, c, y, x, px(once, c, y, x), sy, sx)
					}
				}
			}
		}
		// A flip applied twice is the identity.
		warp(twice, once, RGB32, test.h, test.v, 0, 0)
		if !bytes.Equal(twice, img) {
			t.Errorf("case %d: flipping twice changed the image", i)
		}
	}
}

func TestWarpShift(t *testing.T) {
	t.Parallel()
	img := make([]uint8, ImageBytes)
	for j := range img {
		img[j] = uint8(1 + j%200) // never 0, so padding is visible
	}
	out := make([]uint8, ImageBytes)
	for i, test := range []struct{ dx, dy int }{{2, 0}, {0, -3}, {-1, 4}, {31, 31}, {-31, 0}, {0, 0}} {
		warp(out, img, RGB32, false, false, test.dx, test.dy)
		zeros := 0
		for c := range Channels {
			for y := range Side {
				for x := range Side {
					sy, sx := y-test.dy, x-test.dx
					want := uint8(0)
					if sy >= 0 && sy < Side && sx >= 0 && sx < Side {
						want = px(img, c, sy, sx)
					}
					if got := px(out, c, y, x); got != want {
						t.Fatalf("case %d: pixel (%d,%d,%d) = %d, want %d", i, c, y, x, got, want)
					}
					if px(out, c, y, x) == 0 {
						zeros++
					}
				}
			}
		}
		// |dx| columns and |dy| rows are padded with zeros.
		ax, ay := abs(test.dx), abs(test.dy)
		if want := Channels * (Side*Side - (Side-ax)*(Side-ay)); zeros != want {
			t.Errorf("case %d: %d zero pixels, want %d", i, zeros, want)
		}
	}
	// Flip, then shift: the shift moves the flipped image.
	warp(out, img, RGB32, true, false, 1, 0)
	if px(out, 0, 5, 0) != 0 || px(out, 0, 5, 1) != px(img, 0, 5, Side-1) || px(out, 2, 7, Side-1) != px(img, 2, 7, 1) {
		t.Error("flip then shift: wrong pixels")
	}
}

func abs(x int) int { return max(x, -x) }

func TestAugmentApply(t *testing.T) {
	t.Parallel()
	img := synthetic(1, 5).Image(0)
	got, want := make([]uint8, ImageBytes), make([]uint8, ImageBytes)
	for i, test := range []struct {
		a      *Augment
		src    *fixed
		draws  int
		h, v   bool
		dx, dy int
	}{
		{&Augment{FlipH: true}, &fixed{f: 0.49}, 1, true, false, 0, 0},
		{&Augment{FlipH: true}, &fixed{f: 0.5}, 1, false, false, 0, 0},
		{&Augment{FlipV: true}, &fixed{f: 0.1}, 1, false, true, 0, 0},
		{&Augment{FlipH: true, FlipV: true}, &fixed{f: 0}, 2, true, true, 0, 0},
		{&Augment{Shift: 4}, &fixed{ints: []int{0, 8}}, 2, false, false, -4, 4},
		{&Augment{FlipH: true, FlipV: true, Shift: 2}, &fixed{f: 0.7, ints: []int{3, 1}}, 4, false, false, 1, -1},
	} {
		test.src.t = t
		test.a.Apply(got, img, test.src)
		warp(want, img, RGB32, test.h, test.v, test.dx, test.dy)
		if !bytes.Equal(got, want) {
			t.Errorf("case %d: image differs from flipH %v flipV %v shift (%d,%d)", i, test.h, test.v, test.dx, test.dy)
		}
		if test.src.n != test.draws {
			t.Errorf("case %d: %d draws, want %d", i, test.src.n, test.draws)
		}
	}
	// Nothing enabled: nothing drawn, the image is copied.
	for _, a := range []*Augment{nil, {}} {
		a.Apply(got, img, noDraws{t})
		if !bytes.Equal(got, img) {
			t.Error("an empty Augment changed the image")
		}
	}
	for i, test := range []struct {
		fn  func()
		msg string
	}{
		{func() { (&Augment{Shift: 32}).Apply(got, img, nil) }, "cifar: augmentation shift 32 out of range [0,31]"},
		{func() { (&Augment{}).Apply(got[:5], img, nil) }, "cifar: augment 3072 bytes into 5, want an image of 3072 or 784"},
		{func() { (&Augment{}).Apply(got, got, nil) }, "cifar: augment in place"},
	} {
		if p, msg := panics(test.fn); !p || msg != test.msg {
			t.Errorf("panic case %d: panicked %v with %q, want %q", i, p, msg, test.msg)
		}
	}
}

func TestAugmentValidate(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		a  *Augment
		ok bool
	}{{nil, true}, {&Augment{}, true}, {&Augment{Shift: 31}, true}, {&Augment{Shift: 32}, false}, {&Augment{Shift: -1}, false}} {
		if err := test.a.Validate(); (err == nil) != test.ok {
			t.Errorf("case %d: Validate() = %v, want ok %v", i, err, test.ok)
		}
	}
}

// TestAugmentRandom checks that the same seed gives the same images, and
// that flips happen half the time and shifts are uniform on [-Shift, Shift].
func TestAugmentRandom(t *testing.T) {
	t.Parallel()
	s := synthetic(20, 6)
	a := &Augment{FlipH: true, FlipV: true, Shift: 3}
	x, y := make([]uint8, ImageBytes), make([]uint8, ImageBytes)
	r1, r2, r3 := newPCG(1), newPCG(1), newPCG(2)
	differ := 0
	for i := range s.Len() {
		a.Apply(x, s.Image(i), r1)
		a.Apply(y, s.Image(i), r2)
		if !bytes.Equal(x, y) {
			t.Fatalf("image %d: the same seed gave different images", i)
		}
		a.Apply(y, s.Image(i), r3)
		if !bytes.Equal(x, y) {
			differ++
		}
	}
	if differ < 15 {
		t.Errorf("seeds 1 and 2 gave the same change to %d of 20 images", 20-differ)
	}

	// Record the draws through a counting source.
	const n = 20000
	rec := &recorder{src: newPCG(3)}
	var flips [2]int
	var shifts [7]int
	for range n {
		rec.floats, rec.ints = rec.floats[:0], rec.ints[:0]
		a.Apply(x, s.Image(0), rec)
		for k, f := range rec.floats {
			if f < 0.5 {
				flips[k]++
			}
		}
		for _, v := range rec.ints {
			shifts[v]++
		}
	}
	// Binomial(n, 1/2) has std sqrt(n)/2 ≈ 71; allow 5 of them.
	for k, f := range flips {
		if math.Abs(float64(f)-n/2) > 5*math.Sqrt(n)/2 {
			t.Errorf("flip %d happened %d times in %d, want about %d", k, f, n, n/2)
		}
	}
	// Each of 7 shifts over 2n draws: mean 2n/7, std about sqrt(2n/7).
	for v, c := range shifts {
		if m := 2.0 * n / 7; math.Abs(float64(c)-m) > 5*math.Sqrt(m) {
			t.Errorf("shift %d drawn %d times, want about %.0f", v-3, c, m)
		}
	}
}

// recorder passes draws through from src and records them.
type recorder struct {
	src    source
	floats []float64
	ints   []int
}

func (r *recorder) Float64() float64 { f := r.src.Float64(); r.floats = append(r.floats, f); return f }
func (r *recorder) Intn(n int) int   { v := r.src.Intn(n); r.ints = append(r.ints, v); return v }
