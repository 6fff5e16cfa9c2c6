package classroom

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/schema"
	"github.com/backprop-playground/playground/core/train"
)

// Field is one setting of a link (see core/schema).
type Field = schema.Field[Scenario]

// The keys that are not a train.Config or plane.Spec field.
const (
	keyScenario = "scenario" // Parse only: start from this ready scenario
	keyCompare  = "vs"
)

// Fields is the declared schema of a link, in the order Encode writes it:
// the scenario's own fields, then train.Fields (which holds "data"), then
// core/plane's Fields, then "vs". Parse also takes "scenario".
var Fields = fields()

func fields() schema.Fields[Scenario] {
	fs := schema.Fields[Scenario]{
		schema.Text("title", "Title", "title shown above the scenario", func(s *Scenario) *string { return &s.Title }),
		schema.Text("text", "Text", "text shown beside the views (plain text)", func(s *Scenario) *string { return &s.Text }),
		schema.Text("view", "View", "view to open: "+strings.Join(Views, ", "), func(s *Scenario) *string { return &s.View }),
		{Key: "hide", Label: "Hidden controls", Usage: "ids of the controls students do not see, comma-separated",
			Get: func(s *Scenario) string { return strings.Join(s.Hide, ",") },
			Set: func(s *Scenario, v string) error {
				s.Hide = nil
				if v != "" {
					s.Hide = strings.Split(v, ",")
				}
				return nil
			}},
	}
	// One name for both: the dataset is the config's data.
	fs = append(fs, schema.Embed(train.Fields, func(s *Scenario) *train.Config { return &s.Config },
		func(s *Scenario) { s.Data.Name = s.Config.Data })...)
	fs = append(fs, schema.Embed(plane.Fields, func(s *Scenario) *plane.Spec { return &s.Data }, nil)...)
	return append(fs, Field{Key: keyCompare, Label: "Second net",
		Usage: "a second net beside the first: the settings where it differs, as a query (init=he)",
		Get: func(s *Scenario) string {
			if s.Compare == nil {
				return ""
			}
			return diff(s.Config, *s.Compare)
		},
		Set: setCompare})
}

// setCompare sets s.Compare to s.Config changed by the query v.
func setCompare(s *Scenario, v string) error {
	c, err := train.Parse(v, s.Config)
	if err != nil {
		if ce, ok := err.(*nn.ConfigError); ok {
			e := *ce
			e.Field = keyCompare + "." + e.Field
			return &e
		}
		return err
	}
	s.Compare = &c
	return nil
}

// diff returns the train.Fields of b that differ from a's as a query.
func diff(a, b train.Config) string {
	q := make([]string, 0, 4)
	for _, f := range train.Fields {
		va, _ := a.Get(f.Key)
		vb, _ := b.Get(f.Key)
		if va != vb {
			q = append(q, f.Key+"="+url.QueryEscape(vb))
		}
	}
	return strings.Join(q, "&")
}

// Encode returns s as a URL query (without "?"): every field of Fields in
// order, "vs" only if s.Compare is set.
func (s Scenario) Encode() string {
	return Fields.Encode(&s, func(f Field) bool { return f.Key == keyCompare && s.Compare == nil })
}

// Parse reads a link's query (as Encode writes it, with or without a
// leading "?" or "#"). It starts from the ready scenario named by
// "scenario", or from Default, and sets the fields the query has. Unknown
// or repeated keys, unparsable values and a scenario that fails Validate
// are *nn.ConfigError values naming the field.
func Parse(query string) (Scenario, error) {
	values, err := schema.Values(query)
	if err != nil {
		return Scenario{}, err
	}
	keys := make([]string, 0, len(values))
	for key := range values {
		keys = append(keys, key)
	}
	sort.Strings(keys) // so that errors are deterministic
	for _, key := range keys {
		if vs := values[key]; len(vs) > 1 {
			return Scenario{}, &nn.ConfigError{Field: key, Value: strconv.Quote(schema.Shorten(strings.Join(vs, ","))), Reason: "given more than once"}
		}
	}
	s := Default()
	if vs, ok := values[keyScenario]; ok {
		r, ok := Ready(vs[0])
		if !ok {
			return Scenario{}, &nn.ConfigError{Field: keyScenario, Value: strconv.Quote(schema.Shorten(vs[0])), Reason: "want one of " + strings.Join(ReadyKeys(), ", ")}
		}
		s = r
		delete(values, keyScenario)
	}
	// A link that changes the first net of a ready pair without saying
	// "vs" changes the second the same way: the pair keeps its difference.
	pair := ""
	if s.Compare != nil {
		pair = diff(s.Config, *s.Compare)
	}
	for _, f := range Fields { // in schema order, so errors are deterministic
		vs, ok := values[f.Key]
		if !ok {
			continue
		}
		delete(values, f.Key)
		if f.Key == keyCompare {
			// The second net is relative to the first: check the first
			// on its own, so that its errors name its own fields.
			s.Compare = nil
			if err := s.Validate(); err != nil {
				return Scenario{}, err
			}
			pair = ""
		}
		if err := f.Set(&s, vs[0]); err != nil {
			return Scenario{}, err
		}
	}
	for _, key := range keys {
		if _, ok := values[key]; ok {
			return Scenario{}, &nn.ConfigError{Field: "setting", Value: strconv.Quote(schema.Shorten(key)), Reason: "unknown"}
		}
	}
	if pair != "" {
		if err := setCompare(&s, pair); err != nil {
			return Scenario{}, err
		}
	}
	if err := s.Validate(); err != nil {
		return Scenario{}, err
	}
	return s, nil
}
