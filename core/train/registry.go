package train

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/backprop-playground/playground/core/schema"
)

// Registries: the learning-rate schedules and the minibatch samplings, each
// one map from the name that links and the command line use to what it
// does. Config.Validate, the Trainer and the schema's choices all read
// them, so that adding one is one entry (the optimizers are optim.Registry,
// the activations and inits nn.Activations and nn.Inits).

// A Schedule sets the learning rate of each step.
type Schedule struct {
	Order int    // its place in the forms' list
	Label string // its name in forms
	// Rate returns the rate for step iter (from 0) of total, given the
	// rate lr of the step before (c.LR at the start) and whether the step
	// before ended a real epoch.
	Rate func(c Config, lr float64, iter, total int, epochEnd bool) float64
	// UsesDecay reports whether Config.Decay applies.
	UsesDecay bool
}

// Schedules maps each schedule's name to it.
var Schedules = map[string]Schedule{
	// The report's: lr *= decay after each epoch.
	"step": {Order: 0, Label: "step", UsesDecay: true, Rate: func(c Config, lr float64, _, _ int, epochEnd bool) float64 {
		if epochEnd {
			return lr * c.Decay
		}
		return lr
	}},
	// Loshchilov & Hutter, SGDR (2017), without restarts.
	"cosine": {Order: 1, Label: "cosine", Rate: func(c Config, _ float64, iter, total int, _ bool) float64 {
		return c.LR * 0.5 * (1 + math.Cos(math.Pi*float64(iter)/float64(total)))
	}},
	"constant": {Order: 2, Label: "constant", Rate: func(_ Config, lr float64, _, _ int, _ bool) float64 { return lr }},
}

// A Sampling draws the training images of each minibatch.
type Sampling struct {
	Order int    // its place in the forms' list
	Label string // its name in forms
	// Replacement reports whether each minibatch is drawn from the whole
	// set with replacement (the report's np.random.choice): the
	// notebook's epoch rule holds for it where the batch divides the set
	// (see Trainer.epochEnd).
	Replacement bool
	// Draw fills t.idx with the next minibatch's sample indices.
	Draw func(t *Trainer)
}

// Samplings maps each sampling's name to it.
var Samplings = map[string]Sampling{
	"choice":  {Order: 0, Label: "random draws", Replacement: true, Draw: (*Trainer).drawChoice},
	"shuffle": {Order: 1, Label: "shuffled", Draw: (*Trainer).drawShuffled},
}

// optionsOf returns a registry's entries as the schema's choices, in
// their Order.
func optionsOf[V any](m map[string]V, order func(V) int, label func(V) string) []schema.Option {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(order(m[a]), order(m[b])) })
	opts := make([]schema.Option, len(keys))
	for i, k := range keys {
		opts[i] = schema.Option{Value: k, Label: label(m[k])}
	}
	return opts
}

// valuesOf returns the values of options, comma-separated, for a usage
// line: "step, cosine, constant".
func valuesOf(opts []schema.Option) string {
	v := make([]string, len(opts))
	for i, o := range opts {
		v[i] = o.Value
	}
	return strings.Join(v, ", ")
}
