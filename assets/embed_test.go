package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"slices"
	"testing"

	"github.com/backprop-playground/playground/core/cifar"
)

func TestSample(t *testing.T) {
	t.Parallel()
	d, err := cifar.LoadFS(SampleFS(), cifar.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}
	if !slices.Equal(d.Classes, want) {
		t.Errorf("classes %q, want %q", d.Classes, want)
	}
	for i, sp := range []struct {
		s        *cifar.Set
		perClass int
	}{{d.Train, 250}, {d.Val, 25}, {d.Test, 25}} {
		if sp.s.Len() != cifar.Classes*sp.perClass {
			t.Errorf("split %d: %d images, want %d", i, sp.s.Len(), cifar.Classes*sp.perClass)
		}
		for c, n := range sp.s.Counts() {
			if n != sp.perClass {
				t.Errorf("split %d: class %d has %d images, want %d", i, c, n, sp.perClass)
			}
		}
	}
}

func TestSampleManifest(t *testing.T) {
	t.Parallel()
	fsys := SampleFS()
	b, err := fs.ReadFile(fsys, "manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m cifar.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	// Every data file is listed, and its SHA-256 matches.
	names := []string{"train.bin", "val.bin", "test.bin", "batches.meta.txt"}
	if len(m.Files) != len(names) {
		t.Errorf("manifest lists %d files, want %d", len(m.Files), len(names))
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != m.Files[name] {
			t.Errorf("%s: SHA-256 %s, manifest says %q", name, got, m.Files[name])
		}
	}
	// The class names are a byte copy of the source's.
	if m.Files["batches.meta.txt"] != m.Source["batches.meta.txt"] {
		t.Error("batches.meta.txt differs from the source's")
	}
	// The recorded counts match the files.
	d, err := cifar.LoadFS(fsys, cifar.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]*cifar.Set{"train": d.Train, "val": d.Val, "test": d.Test}
	if len(m.Splits) != len(sets) {
		t.Fatalf("manifest has %d splits, want %d", len(m.Splits), len(sets))
	}
	for _, sp := range m.Splits {
		s := sets[sp.Name]
		if s == nil {
			t.Fatalf("manifest split %q is unknown", sp.Name)
		}
		counts := s.Counts()
		if sp.Records != s.Len() || !slices.Equal(sp.PerClass, counts[:]) {
			t.Errorf("split %s: manifest says %d records %v, files hold %d %v", sp.Name, sp.Records, sp.PerClass, s.Len(), counts)
		}
	}
	if len(m.Source) != 7 || m.Command == "" || m.Citation == "" || len(m.Shortfalls) != 0 {
		t.Errorf("manifest: %d source files, command %q, citation %q, shortfalls %v", len(m.Source), m.Command, m.Citation, m.Shortfalls)
	}
}
