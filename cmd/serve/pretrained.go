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
// worker's PretrainedURL).
const pretrainedURL = "/data/" + "pretrained.bppmodel"

// pretrainedETag is the content hash of the embedded model.
var pretrainedETag = func() string {
	sum := sha256.Sum256(pretrained.Model)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}()

// servePretrained serves GET /data/pretrained.bppmodel: the embedded
// pretrained checkpoint, with its content hash as ETag and Range support.
func servePretrained(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("ETag", pretrainedETag)
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, pretrained.Name, time.Time{}, bytes.NewReader(pretrained.Model))
}
