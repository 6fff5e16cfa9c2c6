// Package assets embeds the data files committed with the playground.
//
// CIFARSample holds the folder cifar-sample, so its files are at
// "cifar-sample/train.bin" and so on; SampleFS returns the folder itself as
// the root of a file system, which is what cifar.LoadFS reads:
//
//	d, err := cifar.LoadFS(assets.SampleFS(), cifar.LoadOptions{})
//
// The sample is 2,500 training, 250 validation and 250 test images of
// CIFAR-10 (9.2 MB): see cifar-sample/README.md for how it was made.
// Importing this package puts those bytes in the binary, so the wasm
// binaries fetch the files over HTTP instead.
package assets

import (
	"embed"
	"io/fs"
)

// CIFARSample is the committed CIFAR-10 sample, rooted at this folder: its
// files are under "cifar-sample/" (train.bin, val.bin, test.bin,
// batches.meta.txt, manifest.json, README.md).
//
//go:embed cifar-sample
var CIFARSample embed.FS

// SampleFS returns the cifar-sample folder of CIFARSample as the root of a
// file system.
func SampleFS() fs.FS {
	sub, err := fs.Sub(CIFARSample, "cifar-sample")
	if err != nil {
		// fs.Sub fails only for an invalid path, and this one is constant.
		panic("assets: " + err.Error())
	}
	return sub
}
