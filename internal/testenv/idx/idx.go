// Package idx reads, for tests, the gray samples that cmd/mlp writes into
// assets/ (digits and fashion). It is apart from testenv because it
// imports core/mnist, which imports core/cifar, whose tests import testenv.
package idx

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/backprop-playground/playground/core/mnist"
)

// Splits reads a sample that cmd/mlp wrote with mnist.WriteIDXSplits
// (assets' digits and fashion): train, val and test as pairs of
// <split>-images-idx3-ubyte and <split>-labels-idx1-ubyte, with the given
// class names. The worker reads the same files over HTTP.
func Splits(t testing.TB, fsys fs.FS, names []string) *mnist.Dataset {
	t.Helper()
	d := &mnist.Dataset{Names: names}
	for _, sp := range []struct {
		name string
		dst  **mnist.Set
	}{{"train", &d.Train}, {"val", &d.Val}, {"test", &d.Test}} {
		images, err := fs.ReadFile(fsys, sp.name+"-images-idx3-ubyte")
		if err != nil {
			t.Fatal(err)
		}
		labels, err := fs.ReadFile(fsys, sp.name+"-labels-idx1-ubyte")
		if err != nil {
			t.Fatal(err)
		}
		if *sp.dst, err = mnist.DecodeIDX(sp.name, bytes.NewReader(images), bytes.NewReader(labels)); err != nil {
			t.Fatal(err)
		}
	}
	return d
}
