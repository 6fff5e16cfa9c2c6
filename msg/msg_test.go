package msg

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	reqs := []Request{
		{ID: 1, Kind: Load, Data: "cifar:1000"},
		{ID: 2, Kind: Start, Config: "hidden=100&lr=0.001"},
		{ID: 3, Kind: Step, Steps: 5},
		{ID: 4, Kind: Predict, Image: []byte{0, 1, 255}, Pretrained: true},
		{ID: 5, Kind: Evaluate, Count: 12},
		{ID: 6, Kind: Import, Checkpoint: []byte("BPPMODEL...")},
	}
	for i, r := range reqs {
		got, err := DecodeRequest(EncodeRequest(r))
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("request %d: %+v, %v; want %+v", i, got, err, r)
		}
	}
	events := []Event{
		{Kind: Ready},
		{ID: 1, Kind: Loading, Done: 10, Total: 30730000, Text: "data_batch_1.bin"},
		{ID: 1, Kind: Loaded, Info: &DataInfo{Name: "sample", Train: 2500, Val: 250, Test: 250, Dim: 3072, Classes: []string{"airplane"}}},
		{Kind: Progress, Iter: 12, Iters: 1000, Losses: []float64{2.3, 2.29}, LR: 1e-4, MsPerStep: 61.5, PerSecond: 3250, Epoch: 1,
			Ends: []EpochEnd{{Iter: 11, Epoch: 1, TrainAcc: 0.1, ValAcc: 0.12, Best: true}}},
		{Kind: Weights, Side: 32, Count: 1, Pixels: make([]byte, 4096)},
		{ID: 2, Kind: StateEvent, State: StateDone, Text: "early stopping"},
		{ID: 3, Kind: GradResult, Checks: []Check{{Name: "W1", Shape: [2]int{4, 10}, RelError: 3e-9, Entries: 40, Threshold: 1e-7, Pass: true}}, Text: "how"},
		{ID: 4, Kind: Prediction, Probs: []float64{0.25, 0.75}, Classes: []string{"cat", "dog"}},
		{ID: 5, Kind: Results, TestAcc: 0.5, Confusion: [][]int{{1, 1}, {0, 2}}, ClassAcc: []float64{0.5, 1},
			Guesses: []Guess{{Label: 1, Top: []int{1, 0}, Probs: []float64{0.9, 0.1}}}, Side: 32, Count: 1, Pixels: []byte{1, 2, 3, 255}},
		{ID: 6, Kind: Model, Checkpoint: []byte("BPPMODEL")},
		{ID: 7, Kind: Error, Err: &Failure{Kind: FailConfig, Request: Start, Field: "lr", Message: "invalid lr \"abc\": want a finite number"}},
	}
	for i, e := range events {
		got, err := DecodeEvent(EncodeEvent(e))
		if err != nil || !reflect.DeepEqual(got, e) {
			t.Errorf("event %d: %+v, %v; want %+v", i, got, err, e)
		}
	}
}

// TestEncodeNaN: a NaN becomes an error event instead of a panic.
func TestEncodeNaN(t *testing.T) {
	t.Parallel()
	for _, v := range []Event{
		{ID: 9, Kind: Progress, Losses: []float64{math.NaN()}},
		{ID: 9, Kind: Progress, LR: math.Inf(1)},
	} {
		got, err := DecodeEvent(EncodeEvent(v))
		if err != nil || got.Kind != Error || got.ID != 9 || got.Err.Kind != FailInternal || !strings.Contains(got.Err.Message, "unsupported value") {
			t.Errorf("%T: %+v, %v", v, got, err)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "not json", "{}", `{"kind":""}`, `{"id":"x","kind":"load"}`, `[1,2]`} {
		if _, err := DecodeRequest(s, nil); err == nil || !strings.HasPrefix(err.Error(), "msg: ") {
			t.Errorf("request %q: %v", s, err)
		}
		if _, err := DecodeEvent(s, nil); err == nil || !strings.HasPrefix(err.Error(), "msg: ") {
			t.Errorf("event %q: %v", s, err)
		}
	}
}

// TestBytesApart: byte fields travel as parts, never inside the JSON text
// (no base64), and an error event without its Failure is refused.
func TestBytesApart(t *testing.T) {
	t.Parallel()
	text, parts := EncodeEvent(Event{Kind: Weights, Side: 2, Count: 1, Pixels: []byte{1, 2, 3, 4}})
	if strings.Contains(text, "pixels") || len(parts) != 1 || len(parts["pixels"]) != 4 {
		t.Errorf("weights: text %s, parts %v", text, parts)
	}
	text, parts = EncodeRequest(Request{Kind: Import, Checkpoint: []byte("BPPMODEL")})
	if strings.Contains(text, "checkpoint") || string(parts["checkpoint"]) != "BPPMODEL" {
		t.Errorf("import: text %s, parts %v", text, parts)
	}
	if text, parts = EncodeRequest(Request{Kind: Stop}); parts != nil {
		t.Errorf("stop: parts %v", parts)
	}
	if _, err := DecodeEvent(`{"kind":"error"}`, nil); err == nil {
		t.Error("an error event without a failure decoded")
	}
}

// TestFailureOf: errors are typed by what they are, not by their text.
func TestFailureOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		err   error
		kind  FailKind
		field string
	}{
		{&nn.ConfigError{Field: "lr", Value: 0, Reason: "must be positive"}, FailConfig, "lr"},
		{fmt.Errorf("reading: %w", &nn.ConfigError{Field: "hidden", Value: 0, Reason: "x"}), FailConfig, "hidden"},
		{&train.DivergedError{Iter: 3, Quantity: "loss", Value: math.NaN()}, FailDiverged, ""},
		{fmt.Errorf("fetch x: %w", fs.ErrNotExist), FailUnavailable, ""},
		{errors.New("no model yet"), FailRefused, ""},
	} {
		f := FailureOf(Start, c.err)
		if f.Kind != c.kind || f.Field != c.field || f.Request != Start || f.Message != c.err.Error() || f.Error() != "start: "+c.err.Error() {
			t.Errorf("%v: %+v", c.err, f)
		}
	}
}
