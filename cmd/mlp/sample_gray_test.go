package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestSampleGrayRebuilds rebuilds both grayscale samples from the installed
// packages (.ci/run installs them) and compares every file with the
// committed one, byte for byte.
func TestSampleGrayRebuilds(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	for _, set := range []string{"digits", "fashion"} {
		out := t.TempDir()
		data := graySets[set].dir
		if !filepath.IsAbs(data) {
			data = filepath.Join(root, data)
		}
		if err := runSample([]string{"-set", set, "-data", data, "-out", out}, io.Discard, io.Discard); err != nil {
			t.Fatalf("%s: %v", set, err)
		}
		for _, split := range []string{"train", "val", "test"} {
			for _, kind := range []string{"images-idx3-ubyte", "labels-idx1-ubyte"} {
				name := split + "-" + kind
				got, err := os.ReadFile(filepath.Join(out, name))
				if err != nil {
					t.Fatal(err)
				}
				want, err := os.ReadFile(filepath.Join(root, "assets", set+"-sample", name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s: %s differs from the committed file", set, name)
				}
			}
		}
	}
	if err := runSample([]string{"-set", "letters"}, io.Discard, io.Discard); err == nil {
		t.Error("-set letters: no error")
	}
}
