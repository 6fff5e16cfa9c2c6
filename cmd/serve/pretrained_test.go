package main

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/backprop-playground/playground/app"
	"github.com/backprop-playground/playground/assets/pretrained"
	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/msg"
	"github.com/backprop-playground/playground/worker"
)

// TestPretrained: the worker's URL serves the embedded model, which loads,
// with a content-hash ETag and conditional and Range requests.
func TestPretrained(t *testing.T) {
	t.Parallel()
	if pretrainedURL != worker.PretrainedURL {
		t.Fatalf("the server serves the model at %s, the worker fetches %s", pretrainedURL, worker.PretrainedURL)
	}
	ts := newTestServer(t, testWeb(t), "")
	get := func(h http.Header) *http.Response {
		req, _ := http.NewRequest("GET", ts.URL+pretrainedURL, nil)
		for k, v := range h {
			req.Header[k] = v
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	resp := get(nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !bytes.Equal(body, pretrained.Model) {
		t.Fatalf("GET: %d, %d bytes, want 200 and the %d embedded bytes", resp.StatusCode, len(body), len(pretrained.Model))
	}
	if _, err := checkpoint.Unmarshal(body); err != nil {
		t.Fatalf("the served model does not load: %v", err)
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if r := get(http.Header{"If-None-Match": {etag}}); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", r.StatusCode)
	}
	r := get(http.Header{"Range": {"bytes=0-7"}})
	part, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusPartialContent || string(part) != checkpoint.Magic {
		t.Errorf("Range: %d %q, want 206 %q", r.StatusCode, part, checkpoint.Magic)
	}
}

// TestPretrainedDownload: the sizes the classifier states before a
// pretrained model's first use are those of the files served.
func TestPretrainedDownload(t *testing.T) {
	for i, test := range []struct {
		mode string
		b    []byte
	}{
		{"", pretrained.Model},
		{msg.DataDigits, pretrained.Digits},
	} {
		want := strconv.FormatFloat(float64(len(test.b))/1e6, 'f', 1, 64) + " MB"
		if got := app.PretrainedDownload[test.mode]; got != want {
			t.Errorf("%d: mode %q: the page says %q, the file is %d bytes (%s)", i, test.mode, got, len(test.b), want)
		}
	}
}
