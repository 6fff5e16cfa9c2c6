package classroom

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/toy"
)

func TestReadyLinks(t *testing.T) {
	t.Parallel()
	if len(ready) != len(readyOrder) {
		t.Fatalf("%d ready scenarios, %d in the menu order", len(ready), len(readyOrder))
	}
	for i, key := range ReadyKeys() {
		s, ok := Ready(key)
		if !ok {
			t.Fatalf("%d: Ready(%q) not found", i, key)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%d %s: %v", i, key, err)
		}
		if s.Title == "" || s.Text == "" {
			t.Errorf("%d %s: no title or text", i, key)
		}
		link := s.Encode()
		got, err := Parse(link)
		if err != nil {
			t.Fatalf("%d %s: Parse(%s): %v", i, key, link, err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Errorf("%d %s: Parse(Encode(s)) differs\n got %+v\nwant %+v", i, key, got, s)
		}
		short, err := Parse("?scenario=" + key)
		if err != nil || !reflect.DeepEqual(short, s) {
			t.Errorf("%d %s: the short link gives %+v, %v", i, key, short, err)
		}
		if k, ok := keyOf(got); !ok || k != key {
			t.Errorf("%d: keyOf(Ready(%q)) = %q, %v", i, key, k, ok)
		}
	}
	if _, ok := Ready("nope"); ok {
		t.Error(`Ready("nope") found a scenario`)
	}
	if k, ok := keyOf(Scenario{Title: "mine"}); ok {
		t.Errorf("keyOf(a custom scenario) = %q", k)
	}
	// Each call builds a fresh scenario: changing one does not change the next.
	a, _ := Ready("bad-init")
	a.Hide[0], a.Compare.Hidden[0] = "lr", 1
	if b, _ := Ready("bad-init"); b.Hide[0] != "data" || b.Compare.Hidden[0] != 32 {
		t.Error("Ready shares slices between calls")
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	s := Default()
	s.Title = "Spirals & moons = fun? #1"
	s.Text = "Line one\nLine two: 50% + ½ — ‖W‖²\ttab"
	s.Hide = []string{"lr", "regions", "train"}
	s.Data.Classes, s.Data.Noise, s.Data.Split, s.Data.Seed = 5, 0.125, 0.75, 4294967295
	s.Config.Hidden, s.Config.LR, s.Config.Reg = []int{3, 128}, 1e-3/3, 2.5e-5
	vs := s.Config
	vs.Hidden = []int{7}
	vs.Activation, vs.Optimizer = "tanh", "nesterov"
	s.Compare = &vs
	got, err := Parse("#" + s.Encode())
	if err != nil {
		t.Fatalf("Parse(%s): %v", s.Encode(), err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, s)
	}
	if !strings.Contains(s.Encode(), "&vs=hidden%3D7%26act%3Dtanh%26opt%3Dnesterov") {
		t.Errorf("vs is not the nested difference: %s", s.Encode())
	}
	// A second net identical to the first still round-trips ("vs=").
	s.Compare = ptr(s.Config)
	if got, err := Parse(s.Encode()); err != nil || got.Compare == nil || !reflect.DeepEqual(*got.Compare, s.Config) {
		t.Errorf("vs= gives %+v, %v", got.Compare, err)
	}
}

func TestParseStartsFromReady(t *testing.T) {
	t.Parallel()
	s, err := Parse("scenario=bad-init&hidden=16,16,16&title=Mine&hide=")
	if err != nil {
		t.Fatal(err)
	}
	if s.Title != "Mine" || s.Hide != nil || !reflect.DeepEqual(s.Config.Hidden, []int{16, 16, 16}) {
		t.Errorf("overrides not applied: %+v", s)
	}
	// The second net follows the first and keeps its difference.
	if s.Compare == nil || !reflect.DeepEqual(s.Compare.Hidden, []int{16, 16, 16}) || s.Compare.Init != "he" || s.Config.Init != "std" {
		t.Errorf("second net: %+v", s.Compare)
	}
	// Unless the link says vs.
	s, err = Parse("scenario=bad-init&hidden=16&vs=lr%3D0.5")
	if err != nil {
		t.Fatal(err)
	}
	if s.Compare.Init != "std" || s.Compare.LR != 0.5 || !reflect.DeepEqual(s.Compare.Hidden, []int{16}) {
		t.Errorf("explicit vs: %+v", s.Compare)
	}
	// An empty query is the default scenario.
	if s, err := Parse(""); err != nil || !reflect.DeepEqual(s, Default()) {
		t.Errorf("Parse(\"\") = %+v, %v", s, err)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		query, field string
	}{
		{"lr=abc", "lr"},
		{"lr=NaN", "lr"},
		{"lr=-1", "lr"},
		{"lr=1&lr=2", "lr"},
		{"colour=red", "setting"},
		{"a=1&b=2", "setting"},
		{"%zz", "query"},
		{"scenario=nope", "scenario"},
		{"view=cinema", "view"},
		{"hide=lr,banana", "hide[1]"},
		{"hide=lr,lr", "hide[1]"},
		{"title=" + strings.Repeat("x", MaxTitle+1), "title"},
		{"title=a%0Ab", "title"},
		{"text=%00", "text"},
		{"text=%ff", "text"},
		{"data=swirl", "data"},
		{"classes=1", "classes"},
		{"classes=x", "classes"},
		{"points=0", "points"},
		{"noise=NaN", "noise"},
		{"split=1", "split"},
		{"dseed=-1", "dseed"},
		{"hidden=16,0", "hidden[1]"},
		{"hidden=200", "hidden[0]"},
		{"hidden=" + strings.Repeat("2,", 16) + "2", "hidden"},
		{"pre=mean-image", "pre"},
		{"fliph=true", "fliph"},
		{"act=swish", "activation"},
		{"vs=lr%3Dabc", "vs.lr"},
		{"vs=init%3Dzero", "vs.init"},
		{"vs=hidden%3D999", "vs.hidden[0]"},
		{"vs=data%3Dxor", "vs.data"},
		{"vs=pre%3Dchannel", "vs.pre"},
		{"lr=0&vs=init%3Dhe", "lr"}, // the first net's error, not vs's
		{"data=toy&points=51", "points"},
		{"data=toy&classes=11", "classes"},
	} {
		_, err := Parse(test.query)
		var ce *nn.ConfigError
		if !errors.As(err, &ce) || ce.Field != test.field {
			t.Errorf("%d: Parse(%.60s) = %v, want an error naming %q", i, test.query, err, test.field)
		}
	}
}

func TestControls(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{}
	for _, f := range Fields {
		keys[f.Key] = true
	}
	seen := map[string]bool{}
	for i, c := range Controls {
		if seen[c.ID] || c.ID != strings.ToLower(c.ID) || c.Label == "" {
			t.Errorf("%d: control %+v repeated, not lowercase or unlabelled", i, c)
		}
		seen[c.ID] = true
		if got, ok := LookupControl(c.ID); !ok || got != c {
			t.Errorf("%d: LookupControl(%q) = %+v, %v", i, c.ID, got, ok)
		}
	}
	// Every setting a classroom link can carry has a control, except the
	// CIFAR-only ones the classroom rejects.
	cifarOnly := map[string]bool{"pre": true, "fliph": true, "flipv": true, "shift": true, "pca": true, "patience": true, "precision": true}
	for _, f := range Fields {
		switch {
		case f.Key == "title" || f.Key == "text" || f.Key == "view" || f.Key == "hide" || f.Key == keyCompare || cifarOnly[f.Key]:
		case f.Key == "add" && seen["addpoints"]: // the points the "addpoints" control adds
		case !seen[f.Key]:
			t.Errorf("setting %q has no control", f.Key)
		}
	}
	if _, ok := LookupControl("nope"); ok {
		t.Error(`LookupControl("nope") found a control`)
	}
}

// TestToy: the "toy" scenario is the report's toy problem exactly.
func TestToy(t *testing.T) {
	t.Parallel()
	s, _ := Ready("toy")
	a, ok := s.Toy()
	if !ok || a != toy.Report() {
		t.Fatalf("Toy() = %+v, %v; want %+v", a, ok, toy.Report())
	}
	want, _, err := toy.Report().Model()
	if err != nil {
		t.Fatal(err)
	}
	got, err := nn.New(s.Config.Spec(a.InputSize, a.Classes), rng.New(s.Config.Seed))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range want.Params() {
		if !reflect.DeepEqual(p.Data(), got.Params()[i].Data()) {
			t.Errorf("%s differs from toy.Model's", p.Name)
		}
	}
	if _, ok := Default().Toy(); ok {
		t.Error("Default().Toy() reports a toy problem")
	}
	// Hidden 0 when the net is not a two-layer one.
	s.Config.Hidden = []int{10, 10}
	if a, _ := s.Toy(); a.Hidden != 0 {
		t.Errorf("two hidden layers: Args.Hidden = %d", a.Hidden)
	}
}

func TestHidden(t *testing.T) {
	t.Parallel()
	s, _ := Ready("toy")
	if !s.Hidden("regions") || s.Hidden("lr") {
		t.Errorf("Hidden: regions %v, lr %v", s.Hidden("regions"), s.Hidden("lr"))
	}
}

// FuzzParse: Parse never panics, and what it accepts encodes to a link
// that parses back to the same scenario.
func FuzzParse(f *testing.F) {
	for _, key := range ReadyKeys() {
		s, _ := Ready(key)
		f.Add(s.Encode())
		f.Add("scenario=" + key)
	}
	f.Add("lr=abc&vs=init%3Dhe")
	f.Add("hide=lr,&title=%E2%80%94")
	f.Fuzz(func(t *testing.T, q string) {
		s, err := Parse(q)
		if err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse(%q) returned an invalid scenario: %v", q, err)
		}
		again, err := Parse(s.Encode())
		if err != nil {
			t.Fatalf("Parse(%q) accepted, but its Encode %q fails: %v", q, s.Encode(), err)
		}
		if again.Encode() != s.Encode() || !reflect.DeepEqual(normal(again), normal(s)) {
			t.Fatalf("round trip of %q:\n got %+v\nwant %+v", q, again, s)
		}
	})
}

// normal maps the empty Hidden and Hide slices to nil, which Encode does not
// tell apart.
func normal(s Scenario) Scenario {
	if len(s.Config.Hidden) == 0 {
		s.Config.Hidden = nil
	}
	if len(s.Hide) == 0 {
		s.Hide = nil
	}
	if s.Compare != nil {
		c := *s.Compare
		if len(c.Hidden) == 0 {
			c.Hidden = nil
		}
		s.Compare = &c
	}
	return s
}

func ptr[T any](v T) *T { return &v }

// keyOf returns the key of the shipped scenario s equals, if any.
func keyOf(s Scenario) (string, bool) {
	link := s.Encode()
	for _, key := range readyOrder {
		if r, _ := Ready(key); r.Encode() == link {
			return key, true
		}
	}
	return "", false
}
