package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"slices"
	"testing"

	"github.com/backprop-playground/playground/core/mnist"
	"github.com/backprop-playground/playground/internal/testenv/idx"
)

// TestGraySamples loads both grayscale samples and checks their balance and
// the SHA-256s their manifests record.
func TestGraySamples(t *testing.T) {
	t.Parallel()
	for i, c := range []struct {
		fsys  fs.FS
		names []string
	}{{DigitsFS(), mnist.DigitNames}, {FashionFS(), mnist.FashionNames}} {
		d := idx.Splits(t, c.fsys, c.names)
		for j, sp := range []struct {
			s   *mnist.Set
			per int
		}{{d.Train, 150}, {d.Val, 20}, {d.Test, 20}} {
			for k, n := range sp.s.Counts() {
				if n != sp.per {
					t.Errorf("case %d split %d: class %d has %d images, want %d", i, j, k, n, sp.per)
				}
			}
		}
		mb, err := fs.ReadFile(c.fsys, "manifest.json")
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Classes []string          `json:"classes"`
			Files   map[string]string `json:"sha256"`
		}
		if err := json.Unmarshal(mb, &m); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(m.Classes, c.names) || len(m.Files) != 6 {
			t.Errorf("case %d: manifest classes %q and %d files, want %q and 6", i, m.Classes, len(m.Files), c.names)
		}
		for name, want := range m.Files {
			b, err := fs.ReadFile(c.fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != want {
				t.Errorf("case %d: %s does not match its manifest", i, name)
			}
		}
	}
}
