// Package pretrained embeds the pretrained CIFAR-10 model that the
// playground offers on first open ("classify my image" works without
// training): a checkpoint (see core/checkpoint) made by `make pretrained`
// from a fixed command and seed. README.md gives the command and the
// model's accuracy, which its checkpoint records too (metrics test_acc on
// all 10,000 test images, sample_test_acc on the committed sample's 250).
//
//	c, err := checkpoint.Unmarshal(pretrained.Model)
//	net, err := c.Network(nil)
//
// The server serves the same bytes at /data/pretrained.bppmodel.
package pretrained

import _ "embed"

// Name is the model's file name.
const Name = "cifar-mlp.bppmodel"

// MaxBytes bounds the file, so that the browser fetches it quickly.
const MaxBytes = 5 << 20

// Model holds the bytes of cifar-mlp.bppmodel.
//
//go:embed cifar-mlp.bppmodel
var Model []byte
