// Package form is the one form builder of the pages: a setting's control
// (a text field, a select or a checkbox, with its label, unit and error)
// made from its schema field (core/schema), for the playground's setup and
// the lesson pages alike. The prerender-safe boolean attributes live here.
package form

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/core/schema"
)

// Control is one setting's control.
type Control struct {
	ID      string
	Label   string
	Usage   string // the label's title: what the setting means
	Hint    string // the input's title (e.g. its range on this page)
	Unit    string // shown after the label, e.g. "px"
	Value   string // the text form, as the schema writes it
	Options []schema.Option
	Bool    bool
	Numeric bool   // a number: the decimal keyboard on phones
	Err     string // shown under the control, marked invalid
	ErrID   string // the error's element id
	Class   string // more classes of the row
	// OnChange gets the new text form ("true" or "false" for a checkbox).
	OnChange func(ctx app.Context, v string)
}

// Of returns the control of field f with its value in t: its label,
// usage, choices and kind come from the schema.
func Of[T any](f schema.Field[T], t *T, id string) Control {
	return Control{ID: id, Label: f.Label, Usage: f.Usage, Value: f.Get(t), Options: f.Options, Bool: f.Bool}
}

// Render returns the control's row.
func (c Control) Render() app.UI {
	invalid := c.Err != ""
	label := app.Label().For(c.ID).Title(c.Usage).Body(
		app.Text(c.Label),
		app.If(c.Unit != "", func() app.UI { return app.Span().Class("unit").Text(c.Unit) }),
	)
	errUI := app.If(invalid, func() app.UI { return app.P().ID(c.ErrID).Class("field-error").Text(c.Err) })
	change := func(ctx app.Context, e app.Event) {
		if c.OnChange == nil {
			return
		}
		if c.Bool {
			c.OnChange(ctx, boolText(ctx.JSSrc().Get("checked").Truthy()))
			return
		}
		c.OnChange(ctx, Value(ctx))
	}
	if c.Bool {
		return app.Div().Class("field check").Class(c.Class).Body(
			Checked(app.Input().Type("checkbox").ID(c.ID).Title(c.Hint), c.Value == "true").OnChange(change),
			label,
			errUI,
		)
	}
	var input app.UI
	if c.Options != nil {
		opts := make([]app.UI, len(c.Options))
		for i, o := range c.Options {
			text := o.Label
			if text == "" {
				text = o.Value
			}
			opts[i] = Selected(app.Option().Value(o.Value), o.Value == c.Value).Text(text)
		}
		input = app.Select().ID(c.ID).Title(c.Hint).Aria("invalid", invalid).OnChange(change).Body(opts...)
	} else {
		mode := "text"
		if c.Numeric {
			mode = "decimal"
		}
		input = app.Input().Type("text").ID(c.ID).Value(c.Value).Title(c.Hint).
			Attr("inputmode", mode).Attr("spellcheck", "false").Attr("autocomplete", "off").
			Aria("invalid", invalid).OnChange(change)
	}
	return app.Div().Class("field").Class(c.Class).Class(classIf(invalid, "invalid")).Body(label, input, errUI)
}

// Value returns the value of the element that sent an event.
func Value(ctx app.Context) string {
	v := ctx.JSSrc().Get("value")
	if v.Type() != app.TypeString {
		return ""
	}
	return v.String()
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func classIf(on bool, class string) string {
	if on {
		return class
	}
	return ""
}

// Boolean attributes. go-app's server writes Checked(false) as
// checked="false", which HTML reads as checked (likewise selected,
// disabled, open): until app.wasm runs, the prerendered page would show
// every box checked and every select on its last option. These set the
// attribute on the server only when it is true; in the browser go-app
// sets the property, true or false. Every page uses these, never the
// go-app setters with a value that may be false.

// attr applies a boolean attribute's setter as the rule above says.
func attr[E any](e E, v bool, set func(E, bool) E) E {
	if v || app.IsClient {
		return set(e, v)
	}
	return e
}

// Checked sets a checkbox's or radio's checked state.
func Checked(e app.HTMLInput, v bool) app.HTMLInput { return attr(e, v, app.HTMLInput.Checked) }

// Selected sets an option's selected state.
func Selected(e app.HTMLOption, v bool) app.HTMLOption { return attr(e, v, app.HTMLOption.Selected) }

// DisabledOption sets an option's disabled state.
func DisabledOption(e app.HTMLOption, v bool) app.HTMLOption {
	return attr(e, v, app.HTMLOption.Disabled)
}

// Disabled sets a button's disabled state.
func Disabled(e app.HTMLButton, v bool) app.HTMLButton { return attr(e, v, app.HTMLButton.Disabled) }

// DisabledInput sets an input's disabled state.
func DisabledInput(e app.HTMLInput, v bool) app.HTMLInput { return attr(e, v, app.HTMLInput.Disabled) }

// DisabledSelect sets a select's disabled state.
func DisabledSelect(e app.HTMLSelect, v bool) app.HTMLSelect {
	return attr(e, v, app.HTMLSelect.Disabled)
}

// Open sets a details element's open state.
func Open(e app.HTMLDetails, v bool) app.HTMLDetails { return attr(e, v, app.HTMLDetails.Open) }

// AriaChecked sets the aria-checked state of an element with role radio
// or checkbox: as the attributes above, "false" is left to the browser
// (a missing aria-checked reads as not checked until it is set).
func AriaChecked(e app.HTMLButton, v bool) app.HTMLButton {
	return attr(e, v, func(e app.HTMLButton, v bool) app.HTMLButton { return e.Aria("checked", v) })
}

// Layout is how a page lays out the fields of a schema: the element id of
// each key, what it adds to the schema (an input's hint, a label of its
// own where the page means something narrower), which keys it shows, and
// what a change does.
type Layout struct {
	ID    func(key string) string
	Hint  map[string]string
	Label map[string]string
	Show  func(key string) bool // nil: every key
	Set   func(ctx app.Context, key, v string)
	// Err and Typed, by key: a field's error, shown under it, and the
	// text that caused it, shown instead of the value (so every bad
	// field says what is wrong and keeps what was typed).
	Err, Typed map[string]string
}

// Build returns the controls of fs's fields keys for t, in that order:
// each one that the layout shows and that applies to t (Field.When).
func Build[T any](fs schema.Fields[T], t *T, keys []string, l Layout) []app.UI {
	var out []app.UI
	for _, key := range keys {
		f, ok := fs.Lookup(key)
		if !ok || !f.Applies(t) || (l.Show != nil && !l.Show(key)) {
			continue
		}
		c := Of(f, t, l.ID(key))
		c.Hint = l.Hint[key]
		if label, ok := l.Label[key]; ok {
			c.Label = label
		}
		c.Numeric = c.Options == nil && !c.Bool && key != "hidden"
		if v, ok := l.Typed[key]; ok {
			c.Value = v
		}
		if e := l.Err[key]; e != "" {
			c.Err, c.ErrID = e, l.ID(key)+"-error"
		}
		c.OnChange = func(ctx app.Context, v string) { l.Set(ctx, key, v) }
		out = append(out, c.Render())
	}
	return out
}
