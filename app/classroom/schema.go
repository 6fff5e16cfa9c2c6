package classroom

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/train"
)

// Field is one setting of a link: its key and a one-line description.
type Field struct {
	Key   string
	Usage string
	get   func(s *Scenario) string
	set   func(s *Scenario, v string) error
}

// The keys that are not a train.Config or plane.Spec field.
const (
	keyScenario = "scenario" // Parse only: start from this ready scenario
	keyCompare  = "vs"
)

// Fields is the declared schema of a link, in the order Encode writes it:
// the scenario's own fields, then train.Fields (which holds "data"), then
// core/plane's Fields, then "vs". Parse also takes "scenario".
var Fields = fields()

func fields() []Field {
	fs := []Field{
		{Key: "title", Usage: "title shown above the scenario",
			get: func(s *Scenario) string { return s.Title },
			set: func(s *Scenario, v string) error { s.Title = v; return nil }},
		{Key: "text", Usage: "text shown beside the views (plain text)",
			get: func(s *Scenario) string { return s.Text },
			set: func(s *Scenario, v string) error { s.Text = v; return nil }},
		{Key: "view", Usage: "view to open: " + strings.Join(Views, ", "),
			get: func(s *Scenario) string { return s.View },
			set: func(s *Scenario, v string) error { s.View = v; return nil }},
		{Key: "hide", Usage: "ids of the controls students do not see, comma-separated",
			get: func(s *Scenario) string { return strings.Join(s.Hide, ",") },
			set: func(s *Scenario, v string) error {
				s.Hide = nil
				if v != "" {
					s.Hide = strings.Split(v, ",")
				}
				return nil
			}},
	}
	for _, f := range train.Fields {
		key := f.Key
		fs = append(fs, Field{Key: key, Usage: f.Usage,
			get: func(s *Scenario) string { v, _ := s.Config.Get(key); return v },
			set: func(s *Scenario, v string) error {
				err := s.Config.Set(key, v)
				s.Data.Name = s.Config.Data // one name for both
				return err
			}})
	}
	for _, f := range plane.Fields {
		key := f.Key
		fs = append(fs, Field{Key: key, Usage: f.Usage,
			get: func(s *Scenario) string { v, _ := s.Data.Get(key); return v },
			set: func(s *Scenario, v string) error { return s.Data.Set(key, v) }})
	}
	return append(fs, Field{Key: keyCompare,
		Usage: "a second net beside the first: the settings where it differs, as a query (init=he)",
		get: func(s *Scenario) string {
			if s.Compare == nil {
				return ""
			}
			return diff(s.Config, *s.Compare)
		},
		set: setCompare})
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
	var b strings.Builder
	for _, f := range Fields {
		if f.Key == keyCompare && s.Compare == nil {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(f.Key)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(f.get(&s)))
	}
	return b.String()
}

// Parse reads a link's query (as Encode writes it, with or without a
// leading "?" or "#"). It starts from the ready scenario named by
// "scenario", or from Default, and sets the fields the query has. Unknown
// or repeated keys, unparsable values and a scenario that fails Validate
// are *nn.ConfigError values naming the field.
func Parse(query string) (Scenario, error) {
	query = strings.TrimLeft(query, "?#")
	values, err := url.ParseQuery(query)
	if err != nil {
		return Scenario{}, &nn.ConfigError{Field: "query", Value: strconv.Quote(shorten(query)), Reason: err.Error()}
	}
	keys := make([]string, 0, len(values))
	for key := range values {
		keys = append(keys, key)
	}
	sort.Strings(keys) // so that errors are deterministic
	for _, key := range keys {
		if vs := values[key]; len(vs) > 1 {
			return Scenario{}, &nn.ConfigError{Field: key, Value: strconv.Quote(shorten(strings.Join(vs, ","))), Reason: "given more than once"}
		}
	}
	s := Default()
	if vs, ok := values[keyScenario]; ok {
		r, ok := Ready(vs[0])
		if !ok {
			return Scenario{}, &nn.ConfigError{Field: keyScenario, Value: strconv.Quote(shorten(vs[0])), Reason: "want one of " + strings.Join(ReadyKeys(), ", ")}
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
		if err := f.set(&s, vs[0]); err != nil {
			return Scenario{}, err
		}
	}
	for _, key := range keys {
		if _, ok := values[key]; ok {
			return Scenario{}, &nn.ConfigError{Field: "setting", Value: strconv.Quote(shorten(key)), Reason: "unknown"}
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

// shorten keeps error messages short when a link is long.
func shorten(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:77]) + "..."
	}
	return s
}
