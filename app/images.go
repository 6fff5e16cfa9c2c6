package app

import (
	"bytes"
	"fmt"

	"github.com/backprop-playground/playground/core/mnist"
	"github.com/backprop-playground/playground/msg"
)

// Image helpers for the Classify panel: what a file must start with, and
// how the browser's RGBA pixels become the 32×32 CIFAR image the net
// reads. The browser decodes images itself (createImageBitmap), which
// keeps Go's image decoders out of app.wasm.

// Sizes of the net's input: CIFAR-10's layout (core/cifar), 32×32 pixels
// as a red plane, a green plane and a blue plane, each row-major.
const (
	imageSide   = 32
	imagePlane  = imageSide * imageSide
	imageBytes  = 3 * imagePlane
	graySide    = mnist.Side       // the digits' and Fashion-MNIST's 28×28 gray images
	grayBytes   = mnist.ImageBytes // one byte a pixel
	maxUpload   = 20 << 20         // bytes; a bigger file is refused before decoding
	sniffLength = 12               // bytes read to recognise a format
)

// imageFormats are the accepted formats with their signatures: PNG (RFC
// 2083, section 3.1), JPEG (the SOI marker FF D8 and a marker's FF) and
// GIF (87a and 89a headers).
var imageFormats = []struct {
	mime   string
	name   string
	magics [][]byte
}{
	{"image/png", "PNG", [][]byte{[]byte("\x89PNG\r\n\x1a\n")}},
	{"image/jpeg", "JPEG", [][]byte{{0xff, 0xd8, 0xff}}},
	{"image/gif", "GIF", [][]byte{[]byte("GIF87a"), []byte("GIF89a")}},
}

// sniffImage returns the MIME type of a PNG, JPEG or GIF file from its
// first bytes, or an error that names the file and says what is accepted.
// size is the file's length in bytes.
func sniffImage(name string, size int64, head []byte) (string, error) {
	if size == 0 {
		return "", fmt.Errorf("%s is empty: pick a PNG, JPEG or GIF image", name)
	}
	if size > maxUpload {
		return "", fmt.Errorf("%s is %s, more than the %s this page reads: pick a smaller image", name, sizeText(int(size)), sizeText(maxUpload))
	}
	for _, f := range imageFormats {
		for _, m := range f.magics {
			if bytes.HasPrefix(head, m) {
				return f.mime, nil
			}
		}
	}
	return "", fmt.Errorf("%s is not a PNG, JPEG or GIF image: only those can be classified", name)
}

// squareCrop returns the centred square of a w×h image: its offset and
// side, the part a CIFAR-like picture keeps.
func squareCrop(w, h int) (x, y, side int) {
	side = min(w, h)
	return (w - side) / 2, (h - side) / 2, side
}

// downsample returns the w×h RGBA image src (4 bytes a pixel, row-major)
// scaled to side×side by area averaging: each output pixel is the mean of
// the source area it covers, with partial pixels weighted by their
// overlap. Transparent pixels are composited over white first, as the
// drawing pad's background. It panics if src is not w×h×4 bytes.
func downsample(src []byte, w, h, side int) []byte {
	if len(src) != w*h*4 || w <= 0 || h <= 0 || side <= 0 {
		panic(fmt.Sprintf("app: downsample of %d bytes as %d×%d", len(src), w, h))
	}
	out := make([]byte, side*side*4)
	sx, sy := float64(w)/float64(side), float64(h)/float64(side)
	for oy := range side {
		y0, y1 := float64(oy)*sy, float64(oy+1)*sy
		for ox := range side {
			x0, x1 := float64(ox)*sx, float64(ox+1)*sx
			var acc [3]float64
			area := 0.0
			for py := int(y0); py < h && float64(py) < y1; py++ {
				wy := min(y1, float64(py+1)) - max(y0, float64(py))
				for px := int(x0); px < w && float64(px) < x1; px++ {
					wt := wy * (min(x1, float64(px+1)) - max(x0, float64(px)))
					p := src[4*(py*w+px):]
					alpha := float64(p[3]) / 255
					for c := range 3 {
						acc[c] += wt * (float64(p[c])*alpha + 255*(1-alpha))
					}
					area += wt
				}
			}
			o := out[4*(oy*side+ox):]
			for c := range 3 {
				o[c] = uint8(min(255, acc[c]/area+0.5))
			}
			o[3] = 255
		}
	}
	return out
}

// planesOf returns a 32×32 RGBA image as the net's input: the R, G and B
// planes. It panics unless rgba has 32×32×4 bytes.
func planesOf(rgba []byte) []byte {
	if len(rgba) != imagePlane*4 {
		panic(fmt.Sprintf("app: planesOf %d bytes, want %d", len(rgba), imagePlane*4))
	}
	out := make([]byte, imageBytes)
	for p := range imagePlane {
		out[p], out[imagePlane+p], out[2*imagePlane+p] = rgba[4*p], rgba[4*p+1], rgba[4*p+2]
	}
	return out
}

// grayInk returns the w×h RGBA picture src as ink for mnist.Prepare: each
// pixel's luminance (ITU-R BT.601 weights) in [0, 1], transparent pixels
// counted as background. MNIST's digits and Fashion-MNIST's clothes are
// light on black: a picture whose border is light on average (dark ink on
// paper, a photo of a page) is inverted, so both kinds of picture work.
func grayInk(src []byte, w, h int) []float64 {
	if len(src) != w*h*4 || w <= 0 || h <= 0 {
		panic(fmt.Sprintf("app: grayInk of %d bytes as %d×%d", len(src), w, h))
	}
	ink := make([]float64, w*h)
	for i := range ink {
		p := src[4*i:]
		alpha := float64(p[3]) / 255
		ink[i] = alpha * (0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])) / 255
	}
	var border float64
	n := 0
	for x := range w {
		border, n = border+ink[x]+ink[(h-1)*w+x], n+2
	}
	for y := range h {
		border, n = border+ink[y*w]+ink[y*w+w-1], n+2
	}
	if border/float64(n) > 0.5 {
		for i, v := range ink {
			ink[i] = 1 - v
		}
	}
	return ink
}

// grayImage prepares a picture for a net on the gray set kind: for the
// digits as MNIST's were (scaled into a 20×20 box, centred by centre of
// mass), for Fashion-MNIST filling the 28×28 frame, centred (as its
// images were made from product photos). ok is false if nothing is drawn.
func grayImage(src []byte, w, h int, kind string) (img []byte, ok bool) {
	box, byMass := mnist.DigitBox, true
	if kind != msg.DataDigits {
		box, byMass = mnist.Side, false
	}
	return mnist.Prepare(grayInk(src, w, h), w, h, box, byMass)
}

// grayRGBA returns a 28×28 gray image as RGBA pixels, for the preview.
func grayRGBA(img []byte) []byte {
	out := make([]byte, len(img)*4)
	for i, v := range img {
		out[4*i], out[4*i+1], out[4*i+2], out[4*i+3] = v, v, v, 255
	}
	return out
}
