// Package msg defines the messages between the playground's UI (app.wasm)
// and its training worker (worker.wasm, in a Web Worker). Both ends import
// this package; it imports neither go-app nor syscall/js, so the worker
// stays small and the protocol is tested natively.
//
// Every message crosses postMessage as one JSON string. The UI sends
// Requests; the worker answers with Events. A Request's ID comes back in the
// Events it causes, so the UI can match answers (gradient checks,
// predictions, exports) to questions.
//
// # Lifecycle
//
//	UI → worker: load{Data}           worker → UI: loading{Done,Total}..., loaded{Info}
//	UI → worker: start{Config}        worker → UI: progress..., epoch..., weights..., state{State:"done"}
//	UI → worker: pause/resume/step/stop/reset
//	UI → worker: gradcheck            worker → UI: gradcheck{Checks}
//	UI → worker: predict{Image}       worker → UI: prediction{Probs}
//	UI → worker: export               worker → UI: model{Checkpoint}
//	UI → worker: import{Checkpoint}   worker → UI: state{State:"ready"}
//
// Any failure (bad config, corrupt file, diverging run, a panic caught at
// the message boundary) is an Event of Kind Error with a message for people.
package msg

import (
	"encoding/json"
	"fmt"
)

// Kind names a message.
type Kind string

// Requests, UI → worker.
const (
	Load      Kind = "load"      // load the dataset Data (e.g. "toy", "sample", "cifar:10000")
	Start     Kind = "start"     // build a fresh net from Config and train it
	Pause     Kind = "pause"     // stop stepping, keep everything
	Resume    Kind = "resume"    // continue after Pause
	Step      Kind = "step"      // take Steps steps (default 1) while paused
	Stop      Kind = "stop"      // end the run, keep the model
	Reset     Kind = "reset"     // rebuild the net from Config (same seed, same run)
	GradCheck Kind = "gradcheck" // numerical vs analytic gradients on a small batch
	Predict   Kind = "predict"   // classify Image with the current (or Pretrained) model
	Export    Kind = "export"    // send the current model as a checkpoint
	Import    Kind = "import"    // replace the current model by Checkpoint
)

// Events, worker → UI.
const (
	Ready      Kind = "ready"      // the worker is up and listening
	Loading    Kind = "loading"    // dataset download progress
	Loaded     Kind = "loaded"     // dataset ready: Info
	Progress   Kind = "progress"   // one or more steps taken: Iter, Loss, ...
	Epoch      Kind = "epoch"      // accuracies at an epoch end
	Weights    Kind = "weights"    // first-layer weight templates for the view
	StateEvent Kind = "state"      // the run's State changed
	GradResult Kind = "gradcheck"  // the result of a GradCheck request
	Prediction Kind = "prediction" // the result of a Predict request
	Model      Kind = "model"      // the result of an Export request
	Error      Kind = "error"      // something failed: Error says what
)

// Request is a message from the UI to the worker.
type Request struct {
	ID   int  `json:"id"`
	Kind Kind `json:"kind"`

	Data       string `json:"data,omitempty"`       // Load: dataset name
	Config     string `json:"config,omitempty"`     // Start, Reset: a train.Config URL query
	Steps      int    `json:"steps,omitempty"`      // Step: how many (0 means 1)
	Image      []byte `json:"image,omitempty"`      // Predict: 3072 bytes, R, G, B planes of 32×32
	Pretrained bool   `json:"pretrained,omitempty"` // Predict: use the shipped pretrained model
	Checkpoint []byte `json:"checkpoint,omitempty"` // Import: a checkpoint file's bytes
}

// Event is a message from the worker to the UI.
type Event struct {
	ID   int  `json:"id,omitempty"` // the Request it answers, if any
	Kind Kind `json:"kind"`

	// Loading
	Done  int64 `json:"done,omitempty"`
	Total int64 `json:"total,omitempty"`
	// Loaded
	Info *DataInfo `json:"info,omitempty"`

	// Progress and Epoch
	Iter      int       `json:"iter,omitempty"`
	Iters     int       `json:"iters,omitempty"`  // steps in the whole run
	Losses    []float64 `json:"losses,omitempty"` // the losses of the steps since the last Progress
	LR        float64   `json:"lr,omitempty"`
	MsPerStep float64   `json:"ms_per_step,omitempty"`
	PerSecond float64   `json:"per_second,omitempty"` // examples per second
	Epoch     int       `json:"epoch,omitempty"`
	TrainAcc  float64   `json:"train_acc,omitempty"`
	ValAcc    float64   `json:"val_acc,omitempty"`

	// Weights: Count templates of Side×Side RGBA pixels, each scaled to
	// 0-255 as the report's figure does.
	Side   int    `json:"side,omitempty"`
	Count  int    `json:"count,omitempty"`
	Pixels []byte `json:"pixels,omitempty"`

	// State
	State string `json:"state,omitempty"` // "ready", "running", "paused", "done", "stopped", "diverged"

	// GradResult
	Checks []Check `json:"checks,omitempty"`

	// Prediction: probabilities per class, in class order.
	Probs   []float64 `json:"probs,omitempty"`
	Classes []string  `json:"classes,omitempty"`

	// Model
	Checkpoint []byte `json:"checkpoint,omitempty"`

	// Error
	Error string `json:"error,omitempty"`
}

// DataInfo describes a loaded dataset.
type DataInfo struct {
	Name    string   `json:"name"`
	Train   int      `json:"train"`
	Val     int      `json:"val"`
	Test    int      `json:"test"`
	Dim     int      `json:"dim"`
	Classes []string `json:"classes"`
}

// Check is one parameter's gradient check.
type Check struct {
	Name     string  `json:"name"`
	Shape    [2]int  `json:"shape"`
	RelError float64 `json:"rel_error"`
	Pass     bool    `json:"pass"` // RelError below the threshold the worker used
}

// Encode returns v as the JSON string that crosses postMessage.
func Encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Requests and Events hold only JSON-safe types; a NaN float is the
		// one way to get here, and it is a bug in the sender.
		panic(fmt.Sprintf("msg: encoding %T: %v", v, err))
	}
	return string(b)
}

// DecodeRequest parses a Request; malformed input is an error, never a panic.
func DecodeRequest(s string) (Request, error) {
	var r Request
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return Request{}, fmt.Errorf("msg: bad request: %w", err)
	}
	if r.Kind == "" {
		return Request{}, fmt.Errorf("msg: request without a kind")
	}
	return r, nil
}

// DecodeEvent parses an Event; malformed input is an error, never a panic.
func DecodeEvent(s string) (Event, error) {
	var e Event
	if err := json.Unmarshal([]byte(s), &e); err != nil {
		return Event{}, fmt.Errorf("msg: bad event: %w", err)
	}
	if e.Kind == "" {
		return Event{}, fmt.Errorf("msg: event without a kind")
	}
	return e, nil
}
