package schema

import (
	"errors"
	"slices"
	"testing"

	"github.com/backprop-playground/playground/core/nn"
)

type thing struct {
	N    int
	X    float64
	Name string
	On   bool
}

var fields = Fields[thing]{
	Int("n", "N", "a count", func(t *thing) *int { return &t.N }),
	Float("x", "X", "a number", func(t *thing) *float64 { return &t.X }).With(func(t *thing) bool { return t.N > 0 }),
	Choice("name", "Name", "a name", []Option{{"a", "A"}, {"b", "B"}}, func(t *thing) *string { return &t.Name }),
	Bool("on", "On", "a switch", func(t *thing) *bool { return &t.On }),
}

// TestParseLenient: good keys apply, each bad one is an error naming its
// key, a repeated key uses its first value, and unknown keys stay for the
// caller.
func TestParseLenient(t *testing.T) {
	values, err := Values("#n=3&x=abc&name=b&on=maybe&on=true&extra=1&name=a")
	if err != nil {
		t.Fatal(err)
	}
	th := thing{X: 0.5, On: true}
	errs := fields.ParseLenient(values, &th)
	var keys []string
	for _, e := range errs {
		keys = append(keys, e.Key)
		var ce *nn.ConfigError
		if !errors.As(e.Err, &ce) || ce.Field != e.Key {
			t.Errorf("%s: error %v does not name it", e.Key, e.Err)
		}
	}
	// on is given twice (one error) and its first value does not parse (another).
	if want := []string{"x", "name", "on", "on"}; !slices.Equal(keys, want) {
		t.Errorf("errors on %v, want %v", keys, want)
	}
	if th != (thing{N: 3, X: 0.5, Name: "b", On: true}) {
		t.Errorf("parsed %+v", th)
	}
	if len(values) != 1 || Unknown(values) == nil {
		t.Errorf("left %v, want extra", values)
	}
	if got := fields.Encode(&th, nil); got != "n=3&x=0.5&name=b&on=true" {
		t.Errorf("Encode: %s", got)
	}
	if !fields[1].Applies(&th) || fields[1].Applies(&thing{}) {
		t.Error("When")
	}
}

// TestParseStrict: Parse stops at the first bad key, in schema order.
func TestParseStrict(t *testing.T) {
	values, _ := Values("on=x&n=y")
	var th thing
	var ce *nn.ConfigError
	if err := fields.Parse(values, &th); !errors.As(err, &ce) || ce.Field != "n" {
		t.Errorf("error %v, want one naming n", err)
	}
	if _, err := Values("a=%zz"); err == nil {
		t.Error("a bad escape parsed")
	}
}
