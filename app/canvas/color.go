package canvas

import (
	"image/color"
	"math"
)

// TF Playground's diverging scale (src/playground.ts, colorScale).
var (
	negative = color.RGBA{0xf5, 0x93, 0x22, 0xff}
	neutral  = color.RGBA{0xe8, 0xea, 0xeb, 0xff}
	positive = color.RGBA{0x08, 0x77, 0xbd, 0xff}

	white     = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink       = color.RGBA{0x33, 0x33, 0x33, 0xff}
	unknown   = color.RGBA{0xf3, 0xf3, 0xf3, 0xff}
	highlight = color.RGBA{0x11, 0x11, 0x11, 0xff}
)

// classColors are class 0 orange and class 1 blue (TF Playground's two
// labels), then d3's category10 and category20b.
var classColors = []color.RGBA{
	negative, positive,
	{0x2c, 0xa0, 0x2c, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0xd6, 0x27, 0x28, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
	{0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 0xff}, {0x17, 0xbe, 0xcf, 0xff},
	{0x39, 0x3b, 0x79, 0xff}, {0xad, 0x49, 0x4a, 0xff}, {0x63, 0x79, 0x39, 0xff}, {0xe7, 0xba, 0x52, 0xff},
	{0x84, 0x3c, 0x39, 0xff}, {0x7b, 0x41, 0x73, 0xff},
}

// Palette returns k distinct class colours (the first 16 are fixed; more
// repeat them).
func Palette(k int) []color.RGBA {
	p := make([]color.RGBA, k)
	for i := range p {
		p[i] = classColors[i%len(classColors)]
	}
	return p
}

// Diverging returns TF Playground's colour for v in [-1, 1]: orange at -1,
// light grey at 0, blue at 1. v is clamped; NaN is the neutral colour.
func Diverging(v float64) color.RGBA {
	switch {
	case v > 0:
		return mix(neutral, positive, math.Min(v, 1))
	case v < 0:
		return mix(neutral, negative, math.Min(-v, 1))
	}
	return neutral
}

// mix returns a + t(b - a) channel by channel, t in [0, 1].
func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x) + t*(float64(y)-float64(x)) + 0.5) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), f(a.A, b.A)}
}

// squash maps any real to (-1, 1) with tanh, so colours and widths show
// orders of magnitude without a per-picture scale.
func squash(v float64) float64 { return math.Tanh(v) }
