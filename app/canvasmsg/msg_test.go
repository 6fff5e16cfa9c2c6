package canvasmsg

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func testNet() *Net {
	return &Net{
		Sizes:   []int{2, 3, 2},
		Weights: [][]float64{{1, -2, 0.5, 0, 0.25, -1}, {1, 2, 3, 4, 5, 6}},
		Biases:  [][]float64{{0, 0, 0}, {0.1, -0.1}},
		Values:  [][]float64{{0.5, -0.5}, {0, 1, 0.2}, {0.3, 0.7}},
		Grads:   [][]float64{{0.01, 0}, {0, 0, -0.2}, {0.3, -0.3}},
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	n := Neuron{Layer: 1, Index: 2}
	for i, m := range []Message{
		{Kind: SetNet, Net: testNet()},
		{Kind: SetNet, Net: testNet(), Neuron: &n, Anim: &Anim{Phase: PhaseForward, T: 0.5, Seconds: 2, Loop: true}},
		{Kind: Select, Neuron: &n},
		{Kind: Select, Neuron: &None},
		{Kind: Animate, Anim: &Anim{Phase: PhaseBackward, T: 1}},
		{Kind: Ready},
		{Kind: Hover, Neuron: &n, Value: Float(0), Grad: Float(-0.25)},
		{Kind: Click, Neuron: &n},
		{Kind: Error, Error: "canvas: something"},
	} {
		s, err := Encode(m)
		if err != nil {
			t.Fatalf("%d: Encode: %v", i, err)
		}
		got, err := Decode(s)
		if err != nil {
			t.Fatalf("%d: Decode(%s): %v", i, s, err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("%d: round trip\n got %+v\nwant %+v", i, got, m)
		}
		if m.Kind.ToCanvas() == m.Kind.ToPage() {
			t.Errorf("%d: kind %q goes both ways or neither", i, m.Kind)
		}
	}
}

// A hover over a neuron with value 0 must say 0, not leave it out.
func TestHoverZeroValue(t *testing.T) {
	t.Parallel()
	s, _ := Encode(Message{Kind: Hover, Neuron: &Neuron{0, 0}, Value: Float(0)})
	if !strings.Contains(s, `"value":0`) {
		t.Errorf("encoded %s", s)
	}
}

func TestInvalid(t *testing.T) {
	t.Parallel()
	big := &Net{Sizes: []int{128, 128, 128}, Weights: [][]float64{make([]float64, 128*128), make([]float64, 128*128)}}
	for i, test := range []struct {
		raw, want string
	}{
		{`nope`, "bad message"},
		{`{}`, "unknown kind"},
		{`{"kind":"explode"}`, "unknown kind"},
		{`{"kind":"net"}`, "without a net"},
		{`{"kind":"net","net":{"sizes":[2],"weights":[]}}`, "1 layers"},
		{`{"kind":"net","net":{"sizes":[2,0],"weights":[[]]}}`, "sizes[1] is 0"},
		{`{"kind":"net","net":{"sizes":[2,200],"weights":[[]]}}`, "sizes[1] is 200"},
		{`{"kind":"net","net":{"sizes":[2,2],"weights":[[1,2,3]]}}`, "weights[0] has 3 values, want 4"},
		{`{"kind":"net","net":{"sizes":[2,2],"weights":[[1,2,3,4]],"values":[[1,2]]}}`, "values has 1 layers, want 2"},
		{`{"kind":"net","net":{"sizes":[2,2],"weights":[[1,2,3,4]],"grads":[[1,2],[1]]}}`, "grads[1] has 1 values"},
		{`{"kind":"net","net":{"sizes":[2,2],"weights":[[1,2,3,4]],"biases":[[1,2,3]]}}`, "biases[0]"},
		{`{"kind":"select"}`, "without a neuron"},
		{`{"kind":"animate"}`, "without an animation"},
		{`{"kind":"animate","anim":{"phase":"up"}}`, "phase"},
		{`{"kind":"animate","anim":{"phase":"forward","t":2}}`, "animation t"},
		{`{"kind":"animate","anim":{"phase":"forward","seconds":-1}}`, "seconds"},
		{`{"kind":"net","net":{"sizes":[2,2],"weights":[[1,2,3,4]]},"anim":{"phase":"x"}}`, "phase"},
	} {
		_, err := Decode(test.raw)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%d: Decode(%s) = %v, want an error with %q", i, test.raw, err, test.want)
		}
	}
	if err := big.Validate(); err == nil || !strings.Contains(err.Error(), "at most 20000") {
		t.Errorf("a 128-128-128 net: %v", err)
	}
	n := testNet()
	n.Weights[1][2] = math.NaN()
	if _, err := Encode(Message{Kind: SetNet, Net: n}); err == nil || !strings.Contains(err.Error(), "weights[1][2] is NaN") {
		t.Errorf("Encode with NaN weight: %v", err)
	}
}

func TestHas(t *testing.T) {
	t.Parallel()
	n := testNet()
	for i, test := range []struct {
		nr   Neuron
		want bool
	}{{Neuron{0, 1}, true}, {Neuron{2, 1}, true}, {Neuron{2, 2}, false}, {Neuron{3, 0}, false}, {None, false}, {Neuron{1, -1}, false}} {
		if got := n.Has(test.nr); got != test.want {
			t.Errorf("%d: Has(%v) = %v", i, test.nr, got)
		}
	}
}

// FuzzDecode: Decode never panics, and what it accepts encodes and decodes
// to the same message.
func FuzzDecode(f *testing.F) {
	for _, m := range []Message{{Kind: SetNet, Net: testNet()}, {Kind: Select, Neuron: &Neuron{1, 1}},
		{Kind: Animate, Anim: &Anim{Phase: PhaseForward, T: 0.5, Seconds: 1}}, {Kind: Hover, Neuron: &None, Value: Float(1)}} {
		s, _ := Encode(m)
		f.Add(s)
	}
	f.Add(`{"kind":"net","net":{"sizes":[1,1],"weights":[[1e308]]}}`)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Decode(s)
		if err != nil {
			return
		}
		out, err := Encode(m)
		if err != nil {
			t.Fatalf("Decode accepted %q but Encode fails: %v", s, err)
		}
		again, err := Decode(out)
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("round trip of %q: %v\n%+v\n%+v", s, err, again, m)
		}
	})
}
