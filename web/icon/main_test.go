package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestCommitted checks that the committed icons are what this program
// draws: run `go generate ./web` after changing it.
func TestCommitted(t *testing.T) {
	got, err := os.ReadFile(filepath.Join("..", "static", "icon.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, svg()) {
		t.Error("static/icon.svg differs from the drawing: run `go generate ./web`")
	}
	for _, size := range []int{192, 512} {
		name := filepath.Join("..", "static", fmt.Sprintf("icon-%d.png", size))
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !samePixels(img, raster(size)) {
			t.Errorf("%s differs from the drawing: run `go generate ./web`", name)
		}
	}
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}
