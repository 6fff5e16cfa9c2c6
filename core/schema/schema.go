// Package schema is the one shape of a declared settings schema: the keys
// of a URL query or a command line, each with its label, its description,
// the values it offers and when it applies, and how to read and write it.
// core/train (Config), core/plane (Spec) and app/classroom (Scenario)
// declare theirs with it; the pages' forms (app/form) and cmd/mlp's flags
// are generated from them, and Parse and ParseLenient read every one the
// same way.
package schema

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/nn"
)

// Option is one value a field offers, with its label for people.
type Option struct {
	Value, Label string
}

// Field is one setting of a T.
type Field[T any] struct {
	Key     string   // as a URL or a command line spells it
	Label   string   // for a form
	Usage   string   // one line for people: what it means, its range
	Options []Option // the values a choice offers, in order; nil: free text
	Bool    bool     // true or false: a checkbox
	// OmitEmpty leaves the field out of Encode while its value is ""
	// (a list that is usually empty, such as the points added by hand).
	OmitEmpty bool
	// When reports whether the field applies to t (momentum with a
	// momentum optimizer only); nil: always. A form hides a field that
	// does not apply.
	When func(t *T) bool
	Get  func(t *T) string
	// Set sets the field from its text form. It returns an
	// *nn.ConfigError naming Key for a value that does not parse, and
	// leaves t unchanged then; ranges are the type's Validate's job.
	Set func(t *T, v string) error
}

// Applies reports whether f applies to t.
func (f Field[T]) Applies(t *T) bool { return f.When == nil || f.When(t) }

// Fields is a declared schema, in the order Encode writes it.
type Fields[T any] []Field[T]

// Lookup returns the field with the given key.
func (fs Fields[T]) Lookup(key string) (Field[T], bool) {
	for _, f := range fs {
		if f.Key == key {
			return f, true
		}
	}
	return Field[T]{}, false
}

// Get returns the text form of t's field key, or "" and false for an
// unknown key.
func (fs Fields[T]) Get(t *T, key string) (string, bool) {
	if f, ok := fs.Lookup(key); ok {
		return f.Get(t), true
	}
	return "", false
}

// Set sets t's field key from its text form: an *nn.ConfigError for an
// unknown key or a value that does not parse.
func (fs Fields[T]) Set(t *T, key, v string) error {
	if f, ok := fs.Lookup(key); ok {
		return f.Set(t, v)
	}
	return unknown(key)
}

// Encode returns t as a URL query, every field in order, without skip's.
func (fs Fields[T]) Encode(t *T, skip func(Field[T]) bool) string {
	var b strings.Builder
	for _, f := range fs {
		if skip != nil && skip(f) {
			continue
		}
		v := f.Get(t)
		if f.OmitEmpty && v == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(f.Key)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	return b.String()
}

// Values reads a query (with or without a leading "?" or "#"). A query
// that does not parse is an *nn.ConfigError of field "query".
func Values(query string) (url.Values, error) {
	query = strings.TrimLeft(query, "?#")
	values, err := url.ParseQuery(query)
	if err != nil {
		return nil, &nn.ConfigError{Field: "query", Value: strconv.Quote(Shorten(query)), Reason: err.Error()}
	}
	return values, nil
}

// Parse sets the fields that values has, in schema order (so that errors
// are deterministic), and removes them from values. The first key given
// more than once or value that does not parse is the error; keys left in
// values are the caller's (Unknown says so).
func (fs Fields[T]) Parse(values url.Values, t *T) error {
	for _, f := range fs {
		vs, ok := values[f.Key]
		if !ok {
			continue
		}
		if len(vs) > 1 {
			return &nn.ConfigError{Field: f.Key, Value: strconv.Quote(Shorten(strings.Join(vs, ","))), Reason: "given more than once"}
		}
		if err := f.Set(t, vs[0]); err != nil {
			return err
		}
		delete(values, f.Key)
	}
	return nil
}

// KeyError is what is wrong with one key of a query.
type KeyError struct {
	Key string
	Err error // an *nn.ConfigError
}

// ParseLenient is Parse that never stops: a key that cannot be used
// (repeated: the first value is used; a value that does not parse: t keeps
// its value) is one KeyError, the other keys still apply. It removes the
// keys it read from values.
func (fs Fields[T]) ParseLenient(values url.Values, t *T) []KeyError {
	var errs []KeyError
	for _, f := range fs {
		vs, ok := values[f.Key]
		if !ok {
			continue
		}
		delete(values, f.Key)
		if len(vs) > 1 {
			errs = append(errs, KeyError{f.Key, &nn.ConfigError{Field: f.Key, Value: strconv.Quote(Shorten(strings.Join(vs, ","))),
				Reason: "given " + strconv.Itoa(len(vs)) + " times; the first is used"}})
		}
		if err := f.Set(t, vs[0]); err != nil {
			errs = append(errs, KeyError{f.Key, err})
		}
	}
	return errs
}

// Unknown returns the error for the first key of values, in sorted order,
// or nil if values is empty.
func Unknown(values url.Values) error {
	first := ""
	for k := range values {
		if first == "" || k < first {
			first = k
		}
	}
	if first == "" {
		return nil
	}
	return unknown(first)
}

func unknown(key string) error {
	return &nn.ConfigError{Field: "setting", Value: strconv.Quote(Shorten(key)), Reason: "unknown"}
}

// Shorten keeps error messages short when a query is long.
func Shorten(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:77]) + "..."
	}
	return s
}

// Embed returns fs as fields of an outer type O that holds a T at in(o):
// the classroom's scenario embeds train's and plane's schemas. after, if
// not nil, runs after each successful Set.
func Embed[O, T any](fs Fields[T], in func(o *O) *T, after func(o *O)) Fields[O] {
	out := make(Fields[O], len(fs))
	for i, f := range fs {
		g := Field[O]{Key: f.Key, Label: f.Label, Usage: f.Usage, Options: f.Options, Bool: f.Bool, OmitEmpty: f.OmitEmpty,
			Get: func(o *O) string { return f.Get(in(o)) },
			Set: func(o *O, v string) error {
				if err := f.Set(in(o), v); err != nil {
					return err
				}
				if after != nil {
					after(o)
				}
				return nil
			}}
		if f.When != nil {
			g.When = func(o *O) bool { return f.When(in(o)) }
		}
		out[i] = g
	}
	return out
}

// Text, Float, Int, Uint32 and Bool make the fields of the common kinds,
// each reading its text form strictly and writing it back exactly.

// Text is a free-text or choice field.
func Text[T any](key, label, usage string, p func(*T) *string) Field[T] {
	return Field[T]{Key: key, Label: label, Usage: usage,
		Get: func(t *T) string { return *p(t) },
		Set: func(t *T, s string) error { *p(t) = s; return nil }}
}

// Choice is a field whose value is one of options (checked by the type's
// Validate, so that a checkpoint's unknown value names the setting too).
func Choice[T any](key, label, usage string, options []Option, p func(*T) *string) Field[T] {
	f := Text(key, label, usage, p)
	f.Options = options
	return f
}

// Float is a finite float64.
func Float[T any](key, label, usage string, p func(*T) *float64) Field[T] {
	return Field[T]{Key: key, Label: label, Usage: usage,
		Get: func(t *T) string { return strconv.FormatFloat(*p(t), 'g', -1, 64) },
		Set: func(t *T, s string) error {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return &nn.ConfigError{Field: key, Value: strconv.Quote(s), Reason: "want a finite number"}
			}
			*p(t) = v
			return nil
		}}
}

// Int is an int of 32 bits.
func Int[T any](key, label, usage string, p func(*T) *int) Field[T] {
	return Field[T]{Key: key, Label: label, Usage: usage,
		Get: func(t *T) string { return strconv.Itoa(*p(t)) },
		Set: func(t *T, s string) error {
			v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
			if err != nil {
				return &nn.ConfigError{Field: key, Value: strconv.Quote(s), Reason: "want an integer"}
			}
			*p(t) = int(v)
			return nil
		}}
}

// Uint32 is a seed.
func Uint32[T any](key, label, usage string, p func(*T) *uint32) Field[T] {
	return Field[T]{Key: key, Label: label, Usage: usage,
		Get: func(t *T) string { return strconv.FormatUint(uint64(*p(t)), 10) },
		Set: func(t *T, s string) error {
			v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
			if err != nil {
				return &nn.ConfigError{Field: key, Value: strconv.Quote(s), Reason: "want an integer from 0 to 4294967295"}
			}
			*p(t) = uint32(v)
			return nil
		}}
}

// Bool is true or false.
func Bool[T any](key, label, usage string, p func(*T) *bool) Field[T] {
	return Field[T]{Key: key, Label: label, Usage: usage, Bool: true,
		Get: func(t *T) string { return strconv.FormatBool(*p(t)) },
		Set: func(t *T, s string) error {
			v, err := strconv.ParseBool(s)
			if err != nil {
				return &nn.ConfigError{Field: key, Value: strconv.Quote(s), Reason: "want true or false"}
			}
			*p(t) = v
			return nil
		}}
}

// With returns f applying only when when(t) (see Field.When).
func (f Field[T]) With(when func(t *T) bool) Field[T] {
	f.When = when
	return f
}
