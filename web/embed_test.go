package web

import (
	"image/png"
	"io/fs"
	"testing"
)

// TestFS checks that the committed files are embedded, at the root of FS.
func TestFS(t *testing.T) {
	for _, name := range []string{"app.css", "icon.svg", "icon-192.png", "icon-512.png", "canvas.html"} {
		fi, err := fs.Stat(FS(), name)
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v (size %d), want a non-empty file", name, err, fi.Size())
		}
	}
	for name, size := range map[string]int{"icon-192.png": 192, "icon-512.png": 512} {
		f, err := FS().Open(name)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("%s is %v, want %dx%d (go-app's manifest declares it)", name, b, size, size)
		}
	}
}
