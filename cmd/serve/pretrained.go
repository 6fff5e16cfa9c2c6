package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/backprop-playground/playground/assets/pretrained"
)

// pretrainedURL is where the worker fetches the pretrained model (see
// worker's PretrainedURL); pretrainedDigitsURL the digits model (its
// PretrainedDigitsURL).
const (
	pretrainedURL       = "/data/" + "pretrained.bppmodel"
	pretrainedDigitsURL = "/data/" + "pretrained-digits.npz"
)

// A pretrainedModel is an embedded model file and where it is served.
type pretrainedModel struct {
	url, name string
	bytes     []byte
	etag      string // the content hash
}

func newPretrained(url, name string, b []byte) pretrainedModel {
	sum := sha256.Sum256(b)
	return pretrainedModel{url: url, name: name, bytes: b, etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
}

// pretrainedModels are the shipped models: CIFAR-10's checkpoint and the
// digits' notebook .npz.
var pretrainedModels = []pretrainedModel{
	newPretrained(pretrainedURL, pretrained.Name, pretrained.Model),
	newPretrained(pretrainedDigitsURL, pretrained.DigitsName, pretrained.Digits),
}

// serve serves GET m.url: the embedded file, with its content hash as
// ETag and Range support.
func (m pretrainedModel) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("ETag", m.etag)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, m.name, time.Time{}, bytes.NewReader(m.bytes))
}
