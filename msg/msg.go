// Package msg defines the messages between the playground's UI (app.wasm)
// and its training worker (worker.wasm, in a Web Worker). Both ends import
// this package; it imports neither go-app nor syscall/js, so the worker
// stays small and the protocol is tested natively.
//
// A message crosses postMessage as a JavaScript object {text, parts}: text
// is the JSON of its fields, parts holds its byte fields (a Request's Image
// and Checkpoint, an Event's Pixels and Checkpoint) as Uint8Arrays whose
// buffers are transferred, not copied (msg/port does this on both ends).
// Go's encoding/json would spend tens of milliseconds on the base64 of
// 400 KB of weight templates in wasm, on the UI thread; structured clone
// of a transferred buffer takes none. The UI sends Requests; the worker
// answers with Events. A Request's ID comes back in the Events it causes,
// so the UI can match answers (gradient checks, predictions, exports) to
// questions.
//
// # Lifecycle
//
//	worker → UI: ready                (once, when the worker listens)
//	UI → worker: load{Data}           worker → UI: loading{Done,Total,Text}..., loaded{Info}
//	UI → worker: start{Config}        worker → UI: [loading..., loaded,] state{"running"}, weights,
//	                                               then progress..., weights..., state{"done"}
//	UI → worker: pause                worker → UI: state{"paused"}, weights (if it was running;
//	                                               else the current state again)
//	UI → worker: resume               worker → UI: state{"running"}
//	UI → worker: step{Steps}          worker → UI: [state{"paused"} if it ran,] progress...
//	UI → worker: stop                 worker → UI: state{"stopped"}, weights (else the current state)
//	UI → worker: reset[{Config}]      worker → UI: [loading..., loaded,] state{"ready"}, weights
//	UI → worker: gradcheck[{Reg}]     worker → UI: gradcheck{Checks, Text}
//	UI → worker: predict{Image}       worker → UI: prediction{Probs, Classes}
//	UI → worker: evaluate{Count}      worker → UI: results{TestAcc, Confusion, ClassAcc, Guesses, Pixels}
//	UI → worker: export[{Format}]     worker → UI: model{Checkpoint, Format}
//	UI → worker: import{Checkpoint}   worker → UI: [loading..., loaded,] state{"ready" or, for a run's state, "paused"; Text "imported", Config, Metrics, Iter, Iters, Epoch}, weights
//
// A running training's progress is coalesced to what a page can draw: a
// progress event holds every step's loss and every epoch's end since the
// last one, and comes a few times a second (and before any state event
// of the run), not once a step or once a chunk of training; weights come
// about once a second (see the worker package's Session).
//
// Every answer to a request carries the request's ID. Events of a running
// training (progress, weights, and the state and error events of its
// end) carry no ID: they come from the worker's loop, not from a request.
//
// Any failure (bad config, corrupt file, diverging run, a panic caught at
// the message boundary) is an Event of Kind Error whose Err is a Failure:
// its Kind says what went wrong (a setting, something unavailable, a
// divergence, ...), Field names the setting, Message is a sentence for
// people. The page decides what to show from Kind and Field, never from
// the text. The worker's state is unchanged by a failed request, except
// that a diverging run ends in state "diverged".
//
// # States
//
// The State of a state event is one of the State* constants:
//
//	idle      nothing trained or imported yet
//	ready     a model is in place and nothing runs: after reset, the fresh
//	          run waits for resume or step; after import, start a new run
//	running   the worker is training
//	paused    a run is paused: resume or step continue it
//	done      the run took all its steps (Text "done") or stopped early
//	          (Text "early stopping", and the best epoch's weights are back)
//	stopped   stop ended the run; the model is kept
//	diverged  a loss or gradient became NaN or infinite; an error event
//	          says which and at which iteration; the model is the one
//	          before that step
//
// # Floats
//
// JSON has no NaN or infinity, and the worker never sends them: a value
// that is not finite is replaced (a gradient check's error by 1, which
// fails) or the run stops as diverged.
package msg

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
)

// Kind names a message.
type Kind string

// Requests, UI → worker.
const (
	Load      Kind = "load"      // load the dataset Data (e.g. "toy", "sample", "cifar:10000")
	Start     Kind = "start"     // build a fresh net from Config and train it
	Pause     Kind = "pause"     // stop stepping, keep everything
	Resume    Kind = "resume"    // continue after Pause, with new live settings if Config is set
	Step      Kind = "step"      // take Steps steps (default 1) while paused
	Stop      Kind = "stop"      // end the run, keep the model
	Reset     Kind = "reset"     // rebuild the net from Config (same seed, same run)
	GradCheck Kind = "gradcheck" // numerical vs analytic gradients on a small batch
	Predict   Kind = "predict"   // classify Image with the current (or Pretrained) model
	Evaluate  Kind = "evaluate"  // test accuracy, confusion matrix and Count test images with guesses
	Export    Kind = "export"    // send the current model as a checkpoint
	Import    Kind = "import"    // replace the current model by Checkpoint
	Speed     Kind = "speed"     // train at most Rate steps a second (0: as fast as it can)
	SetWeight Kind = "setweight" // change one weight of the current model (Weight), not while it runs
)

// Events, worker → UI.
const (
	Ready      Kind = "ready"      // the worker is up and listening; Text: its matrix products and threads
	Loading    Kind = "loading"    // dataset download progress
	Loaded     Kind = "loaded"     // dataset ready: Info
	Progress   Kind = "progress"   // steps taken: Iter, Losses, Ends, ...
	Weights    Kind = "weights"    // first-layer weight templates for the view
	StateEvent Kind = "state"      // the run's State changed
	GradResult Kind = "gradcheck"  // the result of a GradCheck request
	Prediction Kind = "prediction" // the result of a Predict request
	Results    Kind = "results"    // the result of an Evaluate request
	Model      Kind = "model"      // the result of an Export request
	Error      Kind = "error"      // something failed: Error says what
)

// The values of Event.State; see the package documentation.
const (
	StateIdle     = "idle"
	StateReady    = "ready"
	StateRunning  = "running"
	StatePaused   = "paused"
	StateDone     = "done"
	StateStopped  = "stopped"
	StateDiverged = "diverged"
)

// Request is a message from the UI to the worker.
type Request struct {
	ID   int  `json:"id"`
	Kind Kind `json:"kind"`

	// Load: "toy" (the report's toy problem), "sample" (the committed
	// CIFAR-10 sample) or "cifar:N" (full CIFAR-10 from the server,
	// keeping the first N of the report's 49,000 training images; "cifar"
	// keeps them all).
	Data string `json:"data,omitempty"`
	// Start, Reset: a train.Config URL query ("hidden=100&lr=1e-3&..."); an
	// absent key keeps the default of the dataset (data=...; if absent, the
	// loaded one, else "sample"). Reset without Config repeats the last one.
	Config     string `json:"config,omitempty"`
	Steps      int    `json:"steps,omitempty"`      // Step: how many (0 means 1)
	Image      []byte `json:"-"`                    // Predict (part "image"): 3072 bytes, R, G, B planes of 32×32; or 784, a 28×28 gray digit
	Pretrained bool   `json:"pretrained,omitempty"` // Predict: use the shipped pretrained model
	Count      int    `json:"count,omitempty"`      // Evaluate: test images to send with guesses (0: 24)
	// GradCheck: the L2 strength of the checked loss, if not nil; else
	// the model's. The report's Figure 3 checks the toy net with 0.05:
	// with a tiny strength (the toy run's 5e-6) the gradients of dead
	// units are so small that rounding alone makes relative errors of
	// 1e-5.
	Reg        *float64 `json:"reg,omitempty"`
	Checkpoint []byte   `json:"-"`                // Import: a checkpoint file's bytes (part "checkpoint"): a .bppmodel or a notebook's .npz
	Format     string   `json:"format,omitempty"` // Export: FormatCheckpoint (the default), FormatState or FormatNPZ
	// Speed: the most steps a second a running run takes, so that a
	// student can watch a fast run form (the 2D playground's speed
	// control); 0 lifts the limit. It holds until the next Speed.
	Rate float64 `json:"rate,omitempty"`
	// SetWeight: which weight, and its new value.
	Weight *WeightEdit `json:"weight,omitempty"`
}

// WeightEdit is a SetWeight request's change: the weight from input From
// to output To of the model's dense layer Layer (0 is the first: W1)
// becomes Value. The 2D playground edits a weight clicked on its diagram,
// as TF Playground does.
type WeightEdit struct {
	Layer int     `json:"layer"`
	From  int     `json:"from"`
	To    int     `json:"to"`
	Value float64 `json:"value"`
}

// MaxWeight bounds an edited weight's magnitude: far beyond any a net
// learns, short of overflowing a forward pass.
const MaxWeight = 1000

// Model file formats: the playground's checkpoint (.bppmodel, every
// setting and metric) and the notebook's numpy .npz (weights, biases,
// preprocessing and class names; see core/model's ReadNPZ).
//
// FormatState is a checkpoint that also holds the run, if there is one:
// its progress (step, epoch, learning rate, history) and its optimizer's
// moments (core/checkpoint's Progress and Optimizer). Importing such a
// file restores a paused run at that step, which Resume continues.
const (
	FormatCheckpoint = "bppmodel"
	FormatState      = "state"
	FormatNPZ        = "npz"
)

// Event is a message from the worker to the UI.
// EpochEnd is the end of epoch Epoch, after Iter steps: the accuracy on
// the last minibatch (TrainAcc, as the report) and on the validation split
// (ValAcc), both in [0, 1]; Best marks the best ValAcc so far.
type EpochEnd struct {
	Iter     int     `json:"iter"`
	Epoch    int     `json:"epoch"`
	TrainAcc float64 `json:"train_acc"`
	ValAcc   float64 `json:"val_acc"`
	Best     bool    `json:"best,omitempty"`
}

type Event struct {
	ID   int  `json:"id,omitempty"` // the Request it answers, if any
	Kind Kind `json:"kind"`

	// Loading: bytes fetched so far of the whole dataset and the expected
	// total (Total may grow as the sizes of later files become known);
	// Text names the file being fetched.
	Done  int64 `json:"done,omitempty"`
	Total int64 `json:"total,omitempty"`
	// Loaded
	Info *DataInfo `json:"info,omitempty"`

	// Progress: Iter steps have been taken (of Iters in the whole run) and
	// Losses are the minibatch losses of steps Iter-len(Losses) … Iter-1
	// (counting from 0), in order. LR is the learning rate of the last of
	// them, MsPerStep and PerSecond (examples per second) the run's speed
	// over the last seconds of wall time (a Step's own, when the run is
	// not running). Epoch is the number of epochs ended; Ends are the
	// epochs that ended within these steps, in order.
	Iter      int        `json:"iter,omitempty"`
	Iters     int        `json:"iters,omitempty"`
	Losses    []float64  `json:"losses,omitempty"`
	Ends      []EpochEnd `json:"ends,omitempty"`
	LR        float64    `json:"lr,omitempty"`
	MsPerStep float64    `json:"ms_per_step,omitempty"`
	PerSecond float64    `json:"per_second,omitempty"`
	Epoch     int        `json:"epoch,omitempty"`

	// Weights: Count templates of Side×Side RGBA pixels, one after the
	// other, each row-major with 4 bytes (R, G, B, A=255) per pixel: the
	// first Count columns of W1 seen as 32×32 colour images, each scaled to
	// 0-255 by its own minimum and maximum (cs231n's visualize_grid).
	// Sent only for image inputs. Results uses the same layout for the
	// test images of Guesses.
	Side   int    `json:"side,omitempty"`
	Count  int    `json:"count,omitempty"`
	Pixels []byte `json:"-"` // part "pixels"

	// State: one of the State* constants; Text may say more (for "done":
	// "done" or "early stopping"). After an import, Config is the
	// imported model's settings as a train.Config query (empty if the
	// checkpoint's cannot be used to train again) and Metrics what its
	// file says about its training (e.g. "iters", "val_acc"; finite
	// values only).
	State   string             `json:"state,omitempty"`
	Config  string             `json:"config,omitempty"`
	Metrics map[string]float64 `json:"metrics,omitempty"`

	// GradResult: one Check per parameter; Summary is the verdict in a
	// sentence (gradcheck.Result.Summary), Text says how it was made.
	Checks  []Check `json:"checks,omitempty"`
	Summary string  `json:"summary,omitempty"`

	// Prediction: probabilities per class, in class order, and the class
	// names.
	Probs   []float64 `json:"probs,omitempty"`
	Classes []string  `json:"classes,omitempty"`

	// Results (and Classes): accuracy on the test split in [0, 1], the
	// confusion matrix (Confusion[true][predicted] counts), the accuracy of
	// each class, and the guesses for the first Count test images, whose
	// pixels are in Pixels (see Weights).
	TestAcc   float64   `json:"test_acc,omitempty"`
	Confusion [][]int   `json:"confusion,omitempty"`
	ClassAcc  []float64 `json:"class_acc,omitempty"`
	Guesses   []Guess   `json:"guesses,omitempty"`

	// Text is a detail for people: the file being loaded, how a gradient
	// check was made, why a run ended.
	Text string `json:"text,omitempty"`

	// Model (part "checkpoint"), in Format (FormatCheckpoint if empty)
	Checkpoint []byte `json:"-"`
	Format     string `json:"format,omitempty"`

	// Error
	Err *Failure `json:"error,omitempty"`
}

// DataInfo describes a loaded dataset.
type DataInfo struct {
	Name    string   `json:"name"`
	Train   int      `json:"train"`
	Val     int      `json:"val"`
	Test    int      `json:"test"`
	Dim     int      `json:"dim"`
	Classes []string `json:"classes"`
	// Side and Channels give the images' shape (Side×Side pixels in
	// Channels planes: 32 and 3 for CIFAR-10, 28 and 1 for the gray sets);
	// 0 for data that are not images.
	Side     int `json:"side,omitempty"`
	Channels int `json:"channels,omitempty"`
}

// Check is one parameter's gradient check (core/gradcheck): the largest
// relative error |a-n| / (|a|+|n|) between the analytic (a) and numerical
// (n) gradients over the Entries entries compared, and how many entries
// were skipped because finite differences cannot judge them there.
type Check struct {
	Name      string  `json:"name"`
	Shape     [2]int  `json:"shape"`
	RelError  float64 `json:"rel_error"`
	Entries   int     `json:"entries"`   // entries compared
	Skipped   int     `json:"skipped"`   // entries skipped: kinks, gradients below rounding
	Threshold float64 `json:"threshold"` // Pass is RelError < Threshold
	Pass      bool    `json:"pass"`
}

// Guess is a model's answer for one test image: its true label and the
// three most probable classes, most probable first, with their
// probabilities.
type Guess struct {
	Label int       `json:"label"`
	Top   []int     `json:"top"`
	Probs []float64 `json:"probs"`
}

// FailKind says what kind of failure an Error event reports.
type FailKind string

// The kinds of Failure.
const (
	FailConfig      FailKind = "config"      // a setting cannot work: Field names it
	FailUnavailable FailKind = "unavailable" // the server does not have it (a dataset, the pretrained model)
	FailDownload    FailKind = "download"    // a dataset's file could not be fetched: Message says which and what to do
	FailDiverged    FailKind = "diverged"    // the loss or a gradient became NaN or infinite
	FailRefused     FailKind = "refused"     // the request cannot be carried out now or with this input
	FailInternal    FailKind = "internal"    // a bug: a panic caught at the message boundary
	FailProtocol    FailKind = "protocol"    // a message that does not decode, or a worker that died
)

// Failure is the error of an Error event.
type Failure struct {
	Kind FailKind `json:"kind"`
	// Request is the kind of the request that failed; empty for the
	// failures of a running training and of the worker itself.
	Request Kind `json:"request,omitempty"`
	// Field is the key of the failing setting (FailConfig), as the
	// schema train.Fields spells it ("lr", "hidden", "act").
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`         // for people, without the request's kind
	Iter    int    `json:"iter,omitempty"`  // FailDiverged: the step, from 0
	Stack   string `json:"stack,omitempty"` // FailInternal: where it happened
}

// Error returns the message, after the request's kind if there is one.
func (f *Failure) Error() string {
	if f.Request != "" {
		return string(f.Request) + ": " + f.Message
	}
	return f.Message
}

// FailureOf types err, the error of a request of kind req: an
// *nn.ConfigError is FailConfig with its Field, a *train.DivergedError
// FailDiverged, a missing file (fs.ErrNotExist) FailUnavailable; a
// *Failure stays as it is; anything else is FailRefused.
func FailureOf(req Kind, err error) *Failure {
	var f *Failure
	if errors.As(err, &f) {
		g := *f
		if g.Request == "" {
			g.Request = req
		}
		return &g
	}
	f = &Failure{Kind: FailRefused, Request: req, Message: err.Error()}
	var ce *nn.ConfigError
	var de *train.DivergedError
	switch {
	case errors.As(err, &ce):
		f.Kind, f.Field = FailConfig, train.KeyOf(ce.Field)
	case errors.As(err, &de):
		f.Kind, f.Iter = FailDiverged, de.Iter
	case errors.Is(err, fs.ErrNotExist):
		f.Kind = FailUnavailable
	}
	return f
}

// Parts are the byte fields of a message by name ("image", "checkpoint",
// "pixels"); see the package documentation. A field that is nil has no
// part.
type Parts map[string][]byte

// EncodeRequest returns r's JSON text and byte parts.
func EncodeRequest(r Request) (string, Parts) {
	return encode(r), parts("image", r.Image, "checkpoint", r.Checkpoint)
}

// EncodeEvent returns e's JSON text and byte parts. It never fails: if e
// cannot be encoded (a NaN float, which the worker never sends), the text
// is an Error event saying so, with e's ID.
func EncodeEvent(e Event) (string, Parts) {
	return encode(e), parts("pixels", e.Pixels, "checkpoint", e.Checkpoint)
}

func parts(kv ...any) Parts {
	var p Parts
	for i := 0; i < len(kv); i += 2 {
		if b := kv[i+1].([]byte); b != nil {
			if p == nil {
				p = Parts{}
			}
			p[kv[i].(string)] = b
		}
	}
	return p
}

// encode returns v as JSON, or an Error event if it cannot be encoded.
func encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		e := Event{Kind: Error, Err: &Failure{Kind: FailInternal, Message: fmt.Sprintf("msg: encoding %T: %v", v, err)}}
		if v, ok := v.(Event); ok {
			e.ID = v.ID
		}
		b, _ = json.Marshal(e) // strings and an int always encode
	}
	return string(b)
}

// DecodeRequest parses a Request from its text and parts; malformed input
// is an error, never a panic.
func DecodeRequest(text string, p Parts) (Request, error) {
	var r Request
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		return Request{}, fmt.Errorf("msg: bad request: %w", err)
	}
	if r.Kind == "" {
		return Request{}, fmt.Errorf("msg: request without a kind")
	}
	r.Image, r.Checkpoint = p["image"], p["checkpoint"]
	return r, nil
}

// DecodeEvent parses an Event from its text and parts; malformed input is
// an error, never a panic.
func DecodeEvent(text string, p Parts) (Event, error) {
	var e Event
	if err := json.Unmarshal([]byte(text), &e); err != nil {
		return Event{}, fmt.Errorf("msg: bad event: %w", err)
	}
	if e.Kind == "" {
		return Event{}, fmt.Errorf("msg: event without a kind")
	}
	if e.Kind == Error && e.Err == nil {
		return Event{}, fmt.Errorf("msg: error event without an error")
	}
	e.Pixels, e.Checkpoint = p["pixels"], p["checkpoint"]
	return e, nil
}
