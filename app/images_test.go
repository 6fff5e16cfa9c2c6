package app

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestSniffImage(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		name string
		size int64
		head []byte
		mime string // "" for an error
		err  string
	}{
		{"a.png", 100, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d"), "image/png", ""},
		{"a.jpg", 100, []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10}, "image/jpeg", ""},
		{"a.gif", 100, []byte("GIF89a\x01\x00"), "image/gif", ""},
		{"a.gif", 100, []byte("GIF87a"), "image/gif", ""},
		{"notes.txt", 100, []byte("hello world!"), "", "notes.txt is not a PNG, JPEG or GIF"},
		{"fake.png", 100, []byte("\x89PNX"), "", "not a PNG"},
		{"a.webp", 100, []byte("RIFF\x00\x00\x00\x00WEBP"), "", "not a PNG"},
		{"empty.png", 0, nil, "", "empty"},
		{"huge.png", 50 << 20, []byte("\x89PNG\r\n\x1a\n"), "", "50 MB"},
	} {
		mime, err := sniffImage(test.name, test.size, test.head)
		if mime != test.mime || (err == nil) != (test.err == "") || (err != nil && !strings.Contains(err.Error(), test.err)) {
			t.Errorf("%d: sniffImage(%q) = %q, %v; want %q, error with %q", i, test.name, mime, err, test.mime, test.err)
		}
	}
}

func TestSquareCrop(t *testing.T) {
	t.Parallel()
	for i, test := range []struct{ w, h, x, y, side int }{
		{100, 100, 0, 0, 100}, {300, 200, 50, 0, 200}, {200, 301, 0, 50, 200}, {1, 5, 0, 2, 1},
	} {
		if x, y, side := squareCrop(test.w, test.h); x != test.x || y != test.y || side != test.side {
			t.Errorf("%d: squareCrop(%d, %d) = %d, %d, %d", i, test.w, test.h, x, y, side)
		}
	}
}

// rgbaFill returns a w×h image of one colour.
func rgbaFill(w, h int, c [4]byte) []byte {
	return bytes.Repeat(c[:], w*h)
}

func TestDownsample(t *testing.T) {
	t.Parallel()
	// A flat colour stays itself at any scale, up or down.
	for _, wh := range [][2]int{{256, 256}, {64, 64}, {33, 33}, {7, 7}, {32, 32}} {
		out := downsample(rgbaFill(wh[0], wh[1], [4]byte{10, 200, 30, 255}), wh[0], wh[1], 32)
		if !bytes.Equal(out, rgbaFill(32, 32, [4]byte{10, 200, 30, 255})) {
			t.Errorf("%v: a flat image changed", wh)
		}
	}
	// Transparent pixels are white, as the pad's background.
	if out := downsample(rgbaFill(64, 64, [4]byte{0, 0, 0, 0}), 64, 64, 32); out[0] != 255 || out[1] != 255 || out[2] != 255 || out[3] != 255 {
		t.Errorf("transparent became %v, want white", out[:4])
	}
	// Area averaging: the left half black, the right half white, at 2:1.
	src := make([]byte, 64*64*4)
	for y := range 64 {
		for x := range 64 {
			v := byte(0)
			if x >= 32 {
				v = 255
			}
			copy(src[4*(y*64+x):], []byte{v, v, v, 255})
		}
	}
	out := downsample(src, 64, 64, 32)
	if out[4*15] != 0 || out[4*16] != 255 {
		t.Errorf("halves: pixel 15 = %d, pixel 16 = %d; want 0 and 255", out[4*15], out[4*16])
	}
	// 3 → 2 pixels: the middle source pixel is shared half and half.
	row := []byte{0, 0, 0, 255, 90, 90, 90, 255, 180, 180, 180, 255}
	if got := downsample(row, 3, 1, 2); got[0] != 30 || got[4] != 150 {
		t.Errorf("3→2: %v, want 30 and 150", got)
	}
}

func TestPlanes(t *testing.T) {
	t.Parallel()
	rgba := make([]byte, imagePlane*4)
	for p := range imagePlane {
		rgba[4*p], rgba[4*p+1], rgba[4*p+2], rgba[4*p+3] = byte(p), byte(p+1), byte(p+2), 255
	}
	pl := planesOf(rgba)
	if len(pl) != imageBytes || pl[5] != 5 || pl[imagePlane+5] != 6 || pl[2*imagePlane+5] != 7 {
		t.Errorf("planes: %d bytes, %d %d %d", len(pl), pl[5], pl[imagePlane+5], pl[2*imagePlane+5])
	}
	if back := rgbaOf(pl); !bytes.Equal(back, rgba) {
		t.Error("rgbaOf(planesOf(x)) != x")
	}
}

// rgbaOf is the inverse of planesOf: 3072 bytes of planes as RGBA.
func rgbaOf(planes []byte) []byte {
	if len(planes) != imageBytes {
		panic(fmt.Sprintf("app: rgbaOf %d bytes, want %d", len(planes), imageBytes))
	}
	out := make([]byte, imagePlane*4)
	for p := range imagePlane {
		out[4*p], out[4*p+1], out[4*p+2], out[4*p+3] = planes[p], planes[imagePlane+p], planes[2*imagePlane+p], 255
	}
	return out
}
