package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

func TestParseLink(t *testing.T) {
	t.Parallel()
	def := pageDefaults(msg.DataSample)
	for i, test := range []struct {
		fragment  string
		errFields []string // keys named by the errors, in order
		autostart bool
		check     func(c train.Config) bool
	}{
		{"", nil, false, func(c train.Config) bool { return linkOf(c) == linkOf(def) }},
		{"#lr=0.01&hidden=200,50", nil, false, func(c train.Config) bool {
			return c.LR == 0.01 && slices.Equal(c.Hidden, []int{200, 50}) && c.Optimizer == def.Optimizer
		}},
		// A bad value names its key; the rest of the link applies.
		{"#lr=abc&hidden=64", []string{"lr"}, false, func(c train.Config) bool { return c.LR == def.LR && c.Hidden[0] == 64 }},
		{"lr=NaN", []string{"lr"}, false, func(c train.Config) bool { return c.LR == def.LR }},
		{"hidden=10,x", []string{"hidden"}, false, func(c train.Config) bool { return slices.Equal(c.Hidden, def.Hidden) }},
		// Parses but does not work: back to the default, named.
		{"lr=-1&batch=50", []string{"lr"}, false, func(c train.Config) bool { return c.LR == def.LR && c.Batch == 50 }},
		{"act=softplus", []string{"act"}, false, func(c train.Config) bool { return c.Activation == def.Activation }},
		{"opt=lbfgs", []string{"opt"}, false, func(c train.Config) bool { return c.Optimizer == def.Optimizer }},
		{"hidden=0", []string{"hidden"}, false, func(c train.Config) bool { return slices.Equal(c.Hidden, def.Hidden) }},
		{"pca=20", []string{"pca"}, false, func(c train.Config) bool { return c.PCA == 0 }},
		{"nope=1&lr=0.002", []string{"nope"}, false, func(c train.Config) bool { return c.LR == 0.002 }},
		{"lr=0.1&lr=0.2", []string{"lr"}, false, func(c train.Config) bool { return c.LR == 0.1 }},
		// Dataset and its defaults.
		{"data=toy", nil, false, func(c train.Config) bool { return c.Data == "toy" && c.Preprocess == "none" && c.Hidden[0] == 10 }},
		{"data=cifar&hidden=80", nil, false, func(c train.Config) bool { return c.Data == "cifar:49000" && c.Hidden[0] == 80 }},
		{"data=mnist", []string{"data"}, false, func(c train.Config) bool { return c.Data == "sample" }},
		{"data=plane:spiral", []string{"data"}, false, func(c train.Config) bool { return c.Data == "sample" }},
		{"data=toy&fliph=true", []string{"fliph"}, false, func(c train.Config) bool { return !c.FlipH }},
		// Autostart.
		{"train=1&lr=0.002", nil, true, func(c train.Config) bool { return c.LR == 0.002 }},
		{"autostart=true", nil, true, func(c train.Config) bool { return true }},
		{"train=maybe", []string{"train"}, false, func(c train.Config) bool { return true }},
		// The fragment itself cannot be read.
		{"lr=%zz", []string{"link"}, false, func(c train.Config) bool { return linkOf(c) == linkOf(def) }},
	} {
		l := parseLink(test.fragment)
		var fields []string
		for _, e := range l.errs {
			fields = append(fields, e.Field)
			if !strings.Contains(e.Text, e.Field) && e.Field != "link" {
				t.Errorf("%d: %q: error %q does not name %s", i, test.fragment, e.Text, e.Field)
			}
		}
		if !slices.Equal(fields, test.errFields) {
			t.Errorf("%d: %q: errors on %v, want %v (%+v)", i, test.fragment, fields, test.errFields, l.errs)
		}
		if l.autostart != test.autostart {
			t.Errorf("%d: %q: autostart %v, want %v", i, test.fragment, l.autostart, test.autostart)
		}
		if !test.check(l.cfg) {
			t.Errorf("%d: %q: settings %s", i, test.fragment, linkOf(l.cfg))
		}
		if err := msg.CheckConfig(l.cfg); err != nil {
			t.Errorf("%d: %q: the settings do not work: %v", i, test.fragment, err)
		}
	}
}

// TestLinkRoundTrip: a link made by the page reads back to the same
// settings, for the defaults and every preset on every dataset.
func TestLinkRoundTrip(t *testing.T) {
	t.Parallel()
	for _, data := range []string{"toy", "sample", "cifar:5000"} {
		cs := []train.Config{pageDefaults(data)}
		if data != "toy" {
			for _, pr := range presets {
				cs = append(cs, pr.apply(pageDefaults(data)))
			}
		}
		for i, c := range cs {
			l := parseLink(linkOf(c))
			if len(l.errs) > 0 || linkOf(l.cfg) != linkOf(c) {
				t.Errorf("%s %d: %s read back as %s (%v)", data, i, linkOf(c), linkOf(l.cfg), l.errs)
			}
		}
	}
}

// TestPresets: the presets are the report's settings, work in the
// browser, and keep the dataset, but for Fastest to 50%, which needs the
// full CIFAR-10 and trains in float32.
func TestPresets(t *testing.T) {
	t.Parallel()
	base := pageDefaults("cifar:10000")
	for _, pr := range presets {
		c := pr.apply(base)
		want := "cifar:10000"
		if pr.id == IDPresetFastest50 {
			want = msg.CanonicalData(msg.DataCIFAR)
			if c.Precision != "f32" {
				t.Errorf("%s: precision %q", pr.name, c.Precision)
			}
		}
		if c.Data != want {
			t.Errorf("%s: data %q, want %q", pr.name, c.Data, want)
		}
		if err := msg.CheckConfig(c); err != nil {
			t.Errorf("%s: %v", pr.name, err)
		}
	}
	// The report's decays are per 49,000 images: on the full set, its own.
	base = pageDefaults("cifar")
	d := presets[0].apply(base)
	if d.Hidden[0] != 50 || d.Iters != 1000 || d.Batch != 200 || d.LR != 1e-4 || d.Decay != 0.95 || d.Reg != 0.25 || d.Std != 1e-4 || d.Preprocess != "mean-image" {
		t.Errorf("report default: %s", linkOf(d))
	}
	b := presets[1].apply(base)
	if b.Hidden[0] != 80 || b.Batch != 1000 || b.LR != 0.0015 || b.Reg != 0.29 || b.Decay != 0.8 || b.Iters != 4500 {
		t.Errorf("report best: %s", linkOf(b))
	}
}

// TestControls: the form offers every setting of the schema but data
// (its own control) and pca (not in the browser), and every choice of the
// registries.
func TestControls(t *testing.T) {
	t.Parallel()
	keys := map[string]control{}
	for _, g := range controlGroups {
		for _, c := range g.controls {
			keys[c.key] = c
		}
	}
	for _, f := range train.Fields {
		if _, ok := keys[f.Key]; !ok && f.Key != "data" && f.Key != "pca" {
			t.Errorf("no control for %s", f.Key)
		}
		delete(keys, f.Key)
	}
	for k := range keys {
		t.Errorf("control %s is not in train.Fields", k)
	}
	// Every shown control has its schema field's label.
	p, _ := newTestPage(t)
	page := html(p)
	for _, g := range controlGroups {
		for _, c := range g.controls {
			if f := field(c.key); f.Applies(&p.cfg) && !strings.Contains(page, f.Label) {
				t.Errorf("the form does not show %s's label %q", c.key, f.Label)
			}
		}
	}
}

func TestFormatCount(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 49000: "49,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := formatCount(n); got != want {
			t.Errorf("formatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseDataInfo(t *testing.T) {
	t.Parallel()
	ok := `{"datasets":[{"name":"sample","available":true},{"name":"cifar","available":true,"size":184000000}]}`
	no := `{"datasets":[{"name":"cifar","available":false,"reason":"the server was started without -data DIR"}]}`
	for i, test := range []struct {
		status int
		body   string
		avail  bool
		reason string
	}{
		{200, ok, true, ""},
		{200, no, false, "without -data"},
		{500, ok, false, "HTTP 500"},
		{200, "not json", false, "cannot be read"},
		{200, `{"datasets":[]}`, false, "does not offer"},
	} {
		d := parseDataInfo(test.status, test.body, nil, "cifar")
		if !d.known || d.available != test.avail || !strings.Contains(d.reason, test.reason) {
			t.Errorf("%d: %+v, want available %v, reason with %q", i, d, test.avail, test.reason)
		}
	}
}
