// Package canvasmsg defines the messages between the playground page and
// the network canvas (canvas.wasm, an ebiten program in an <iframe>). Both
// ends import it; it imports neither go-app, ebiten nor syscall/js, so the
// protocol is tested natively.
//
// Every message crosses window.postMessage as one JSON string, posted with
// the page's own origin as target; each end ignores messages from another
// origin or window.
//
// # Page → canvas
//
//	net{Net, Neuron?, Anim?}  show this network (replaces the last one); optionally select and animate
//	select{Neuron}            select a neuron (Layer -1: clear the selection)
//	animate{Anim}             show activations flowing forward or gradients flowing backward
//
// # Canvas → page
//
//	ready                      the canvas is listening (messages sent earlier are queued, not lost)
//	hover{Neuron, Value, Grad} the pointer is over a neuron (Layer -1: over none)
//	click{Neuron}              a neuron was clicked or tapped; the canvas has selected it
//	error{Error}               a message could not be used; the canvas keeps its last good state
package canvasmsg

import (
	"encoding/json"
	"fmt"
	"math"
)

// Kind names a message.
type Kind string

// Page → canvas.
const (
	SetNet  Kind = "net"
	Select  Kind = "select"
	Animate Kind = "animate"
)

// Canvas → page.
const (
	Ready Kind = "ready"
	Hover Kind = "hover"
	Click Kind = "click"
	Error Kind = "error"
)

// ToCanvas reports whether k is a message the page sends to the canvas.
func (k Kind) ToCanvas() bool { return k == SetNet || k == Select || k == Animate }

// ToPage reports whether k is a message the canvas sends to the page.
func (k Kind) ToPage() bool { return k == Ready || k == Hover || k == Click || k == Error }

// Message is one message in either direction. Kind says which fields are
// set.
type Message struct {
	Kind Kind `json:"kind"`

	Net    *Net    `json:"net,omitempty"`    // SetNet
	Neuron *Neuron `json:"neuron,omitempty"` // Select, Hover, Click; optional in SetNet
	// Click: the weight clicked, when the click is on a line between
	// neurons rather than on a neuron (Neuron is then None).
	Edge *Edge `json:"edge,omitempty"`
	Anim *Anim `json:"anim,omitempty"` // Animate; optional in SetNet

	// Hover: the neuron's value and gradient, if the Net carries them.
	Value *float64 `json:"value,omitempty"`
	Grad  *float64 `json:"grad,omitempty"`

	Error string `json:"error,omitempty"` // Error
}

// Neuron identifies neuron Index of layer Layer; layer 0 is the input.
// Layer -1 means no neuron.
type Neuron struct {
	Layer int `json:"layer"`
	Index int `json:"index"`
}

// Edge identifies the weight from neuron From of layer Layer to neuron To
// of layer Layer+1: Net.Weights[Layer][From*Sizes[Layer+1]+To].
type Edge struct {
	Layer int `json:"layer"`
	From  int `json:"from"`
	To    int `json:"to"`
}

// HasEdge reports whether e is a weight of n.
func (n *Net) HasEdge(e Edge) bool {
	return e.Layer >= 0 && e.Layer+1 < len(n.Sizes) && e.From >= 0 && e.From < n.Sizes[e.Layer] && e.To >= 0 && e.To < n.Sizes[e.Layer+1]
}

// None is the Neuron that means "no neuron".
var None = Neuron{Layer: -1, Index: -1}

// IsNone reports whether n means no neuron (a negative layer).
func (n Neuron) IsNone() bool { return n.Layer < 0 }

// Phases of an animation.
const (
	PhaseNone     = "none"     // everything known and still
	PhaseForward  = "forward"  // activations flow from the input to the output
	PhaseBackward = "backward" // gradients flow from the output back to the input
)

// Anim is an animation command. T is the position of the flow through the
// network, 0 at its start and 1 at its end (the output for forward, the
// input for backward). With Seconds > 0 the canvas plays from T to 1 in
// that many seconds (and again from 0 if Loop); otherwise it shows T still,
// so the page can step through stages.
type Anim struct {
	Phase   string  `json:"phase"`
	T       float64 `json:"t"`
	Seconds float64 `json:"seconds,omitempty"`
	Loop    bool    `json:"loop,omitempty"`
}

// Limits on a Net, so that a canvas frame stays cheap to draw: the diagram
// is for the small nets of the classroom, not CIFAR-10's 3072 inputs.
const (
	MaxLayers  = 18 // input, 16 hidden, output
	MaxNeurons = 128
	MaxEdges   = 20_000
)

// Net is what the diagram shows. Layer l has Sizes[l] neurons; layer 0 is
// the input and the last layer the output.
type Net struct {
	Sizes []int `json:"sizes"`
	// Weights[l] holds W_{l+1}, Sizes[l]×Sizes[l+1] row-major: the weight
	// from neuron i of layer l to neuron j of layer l+1 is
	// Weights[l][i*Sizes[l+1]+j].
	Weights [][]float64 `json:"weights"`
	// Biases[l] holds b_{l+1} (Sizes[l+1] values); optional.
	Biases [][]float64 `json:"biases,omitempty"`
	// Values[l][i] is neuron i's value for one sample: the input, a hidden
	// activation a = F(z), or an output probability; optional.
	Values [][]float64 `json:"values,omitempty"`
	// Grads[l][i] is ∂J/∂z at a hidden or output neuron (its pre-activation;
	// for one sample this is db) and ∂J/∂x at an input; optional.
	Grads [][]float64 `json:"grads,omitempty"`
}

// Validate returns an error naming the first field whose shape or values
// do not fit Sizes or the limits, or nil.
func (n *Net) Validate() error {
	L := len(n.Sizes)
	if L < 2 || L > MaxLayers {
		return fmt.Errorf("canvasmsg: net has %d layers, want 2 to %d", L, MaxLayers)
	}
	edges := 0
	for l, s := range n.Sizes {
		if s < 1 || s > MaxNeurons {
			return fmt.Errorf("canvasmsg: sizes[%d] is %d, want 1 to %d", l, s, MaxNeurons)
		}
		if l > 0 {
			edges += n.Sizes[l-1] * s
		}
	}
	if edges > MaxEdges {
		return fmt.Errorf("canvasmsg: net has %d weights, the diagram shows at most %d", edges, MaxEdges)
	}
	check := func(field string, v [][]float64, size func(l int) int, count int, optional bool) error {
		if v == nil && optional {
			return nil
		}
		if len(v) != count {
			return fmt.Errorf("canvasmsg: %s has %d layers, want %d", field, len(v), count)
		}
		for l, row := range v {
			if len(row) != size(l) {
				return fmt.Errorf("canvasmsg: %s[%d] has %d values, want %d", field, l, len(row), size(l))
			}
			for i, x := range row {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return fmt.Errorf("canvasmsg: %s[%d][%d] is %g", field, l, i, x)
				}
			}
		}
		return nil
	}
	if err := check("weights", n.Weights, func(l int) int { return n.Sizes[l] * n.Sizes[l+1] }, L-1, false); err != nil {
		return err
	}
	if err := check("biases", n.Biases, func(l int) int { return n.Sizes[l+1] }, L-1, true); err != nil {
		return err
	}
	if err := check("values", n.Values, func(l int) int { return n.Sizes[l] }, L, true); err != nil {
		return err
	}
	return check("grads", n.Grads, func(l int) int { return n.Sizes[l] }, L, true)
}

// Has reports whether nr is a neuron of n.
func (n *Net) Has(nr Neuron) bool {
	return nr.Layer >= 0 && nr.Layer < len(n.Sizes) && nr.Index >= 0 && nr.Index < n.Sizes[nr.Layer]
}

// Validate returns an error if a's phase is unknown or its numbers are out
// of range (T in [0, 1], Seconds in [0, 600]).
func (a *Anim) Validate() error {
	switch a.Phase {
	case PhaseNone, PhaseForward, PhaseBackward:
	default:
		return fmt.Errorf("canvasmsg: animation phase %q, want %s, %s or %s", a.Phase, PhaseNone, PhaseForward, PhaseBackward)
	}
	if !(a.T >= 0 && a.T <= 1) {
		return fmt.Errorf("canvasmsg: animation t %g, want 0 to 1", a.T)
	}
	if !(a.Seconds >= 0 && a.Seconds <= 600) {
		return fmt.Errorf("canvasmsg: animation seconds %g, want 0 to 600", a.Seconds)
	}
	return nil
}

// Validate returns an error if m lacks what its Kind needs or carries
// something invalid. A Neuron is only checked against a Net by the canvas,
// which knows the Net shown.
func (m *Message) Validate() error {
	switch m.Kind {
	case SetNet:
		if m.Net == nil {
			return fmt.Errorf("canvasmsg: %s message without a net", m.Kind)
		}
		if err := m.Net.Validate(); err != nil {
			return err
		}
	case Select, Hover, Click:
		if m.Neuron == nil {
			return fmt.Errorf("canvasmsg: %s message without a neuron", m.Kind)
		}
	case Animate:
		if m.Anim == nil {
			return fmt.Errorf("canvasmsg: %s message without an animation", m.Kind)
		}
	case Ready, Error:
	default:
		return fmt.Errorf("canvasmsg: unknown kind %q", m.Kind)
	}
	if m.Anim != nil {
		return m.Anim.Validate()
	}
	return nil
}

// Encode returns m as the JSON string that crosses postMessage, or the
// error of m.Validate (a diverged net's NaN weights, say).
func Encode(m Message) (string, error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("canvasmsg: %w", err)
	}
	return string(b), nil
}

// Decode parses and validates a message; malformed input is an error,
// never a panic.
func Decode(s string) (Message, error) {
	var m Message
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return Message{}, fmt.Errorf("canvasmsg: bad message: %w", err)
	}
	if err := m.Validate(); err != nil {
		return Message{}, err
	}
	return m, nil
}

// Float returns a pointer to v, for Message.Value and Message.Grad.
func Float(v float64) *float64 { return &v }
