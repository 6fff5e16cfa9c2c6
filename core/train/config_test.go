package train

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/optim"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/schema"
)

// TestKeyOf: every setting Validate can refuse is named by a key of
// Fields once KeyOf has translated core/nn's and core/optim's names.
func TestKeyOf(t *testing.T) {
	t.Parallel()
	for field, want := range map[string]string{"activation": "act", "optimizer": "opt", "hidden[2]": "hidden", "lr": "lr", "preprocess": "pre"} {
		if got := KeyOf(field); got != want {
			t.Errorf("KeyOf(%q) = %q, want %q", field, got, want)
		}
	}
	for _, q := range []string{"hidden=0", "act=x", "init=x", "std=-1", "dropout=2", "opt=x", "lr=0", "schedule=x",
		"decay=0", "momentum=2", "reg=-1", "batch=0", "iters=-1", "epochs=-1", "sampling=x", "patience=-1", "pre=x", "shift=99", "pca=-1"} {
		c, err := ParseOnly(q, Default())
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var ce *nn.ConfigError
		if err := c.Validate(); !errors.As(err, &ce) {
			t.Errorf("%s: Validate gives %v", q, err)
		} else if _, ok := Fields.Lookup(KeyOf(ce.Field)); !ok {
			t.Errorf("%s: the error names %q, not a key of Fields", q, ce.Field)
		}
	}
}

// TestOptions: the schema's choices are the registries' keys.
func TestOptions(t *testing.T) {
	t.Parallel()
	values := func(o []schema.Option) []string {
		var v []string
		for _, x := range o {
			v = append(v, x.Value)
		}
		slices.Sort(v)
		return v
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	for i, test := range []struct{ got, want []string }{
		{values(ActivationOptions), slices.Sorted(maps.Keys(nn.Activations))},
		{values(InitOptions), slices.Sorted(maps.Keys(nn.Inits))},
		{values(OptimizerOptions), sorted(optim.Names)},
		{values(ScheduleOptions), slices.Sorted(maps.Keys(Schedules))},
		{values(SamplingOptions), slices.Sorted(maps.Keys(Samplings))},
		{values(PreprocessOptions), sorted(Preprocessings)},
		{values(PrecisionOptions), slices.Sorted(maps.Keys(nn.Precisions))},
	} {
		if !slices.Equal(test.got, test.want) {
			t.Errorf("%d: options %v, want %v", i, test.got, test.want)
		}
	}
	for _, f := range Fields {
		if f.Label == "" || f.Usage == "" {
			t.Errorf("%s has no label or usage", f.Key)
		}
	}
}

// TestSetKeepsOnError: a value that does not parse leaves the config as
// it was (hidden=10,x keeps the layers).
func TestSetKeepsOnError(t *testing.T) {
	t.Parallel()
	c := Default()
	for _, kv := range [][2]string{{"hidden", "10,x"}, {"lr", "abc"}, {"seed", "-1"}, {"fliph", "maybe"}, {"batch", "1.5"}} {
		before := c.Encode()
		if err := c.Set(kv[0], kv[1]); err == nil {
			t.Errorf("%s=%s accepted", kv[0], kv[1])
		}
		if c.Encode() != before {
			t.Errorf("%s=%s changed the config to %s", kv[0], kv[1], c.Encode())
		}
	}
}

// TestRegistries: every registered init, schedule and sampling validates
// in a Config and trains a step; every choice the schema offers is
// registered, in the registry's Order, with its label; an unknown name is
// refused naming every registered one.
func TestRegistries(t *testing.T) {
	t.Parallel()
	d := blobs(60, rng.New(2))
	for _, r := range []struct {
		key  string
		opts []schema.Option
		set  func(c *Config, name string)
		has  func(name string) bool
	}{
		{"init", InitOptions, func(c *Config, v string) { c.Init = v }, func(v string) bool { _, ok := nn.Inits[v]; return ok }},
		{"schedule", ScheduleOptions, func(c *Config, v string) { c.Schedule = v }, func(v string) bool { _, ok := Schedules[v]; return ok }},
		{"sampling", SamplingOptions, func(c *Config, v string) { c.Sampling = v }, func(v string) bool { _, ok := Samplings[v]; return ok }},
	} {
		f, ok := Fields.Lookup(r.key)
		if !ok {
			t.Fatalf("no field %s", r.key)
		}
		if !slices.Equal(f.Options, r.opts) {
			t.Errorf("%s: the schema offers %v, the registry %v", r.key, f.Options, r.opts)
		}
		for _, o := range r.opts {
			if !r.has(o.Value) || o.Label == "" {
				t.Errorf("%s: choice %+v is not registered or has no label", r.key, o)
			}
			c := blobConfig()
			r.set(&c, o.Value)
			if err := c.Validate(); err != nil {
				t.Errorf("%s=%s: %v", r.key, o.Value, err)
				continue
			}
			tr := newRun(t, c, d)
			if _, err := tr.Step(); err != nil {
				t.Errorf("%s=%s: first step: %v", r.key, o.Value, err)
			}
			if !strings.Contains(f.Usage, o.Value) {
				t.Errorf("%s: usage %q does not name %s", r.key, f.Usage, o.Value)
			}
		}
		c := blobConfig()
		r.set(&c, "nosuch")
		err := c.Validate()
		var ce *nn.ConfigError
		if !errors.As(err, &ce) || KeyOf(ce.Field) != r.key {
			t.Errorf("%s=nosuch: %v, want a ConfigError for %s", r.key, err, r.key)
			continue
		}
		for _, o := range r.opts {
			if !strings.Contains(ce.Reason, o.Value) {
				t.Errorf("%s=nosuch: %q does not name %s", r.key, ce.Reason, o.Value)
			}
		}
	}
}
