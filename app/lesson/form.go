package lesson

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/base"
	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/form"
	"github.com/backprop-playground/playground/core/nn"
)

// teacherPanel renders the teacher's part of a view: the scenario's title
// and text, the controls students will not see, and the link. get returns
// the view's scenario (read again by each handler: several events may come
// between two renders); controls lists the ids of Controls the view has;
// set is called with the changed scenario, which it may refuse by
// returning an error.
func teacherPanel(get func() classroom.Scenario, controls []string, set func(ctx app.Context, s classroom.Scenario) error, errText string) app.UI {
	s := get()
	link := base.URL(PathClassroom + "?" + s.Encode())
	hidden := map[string]bool{}
	for _, h := range s.Hide {
		hidden[h] = true
	}
	var boxes []app.UI
	for _, id := range controls {
		c, ok := classroom.LookupControl(id)
		if !ok {
			continue
		}
		boxID := "teacher-hide-" + id
		boxes = append(boxes, app.Label().Class("check").For(boxID).Body(
			form.Checked(app.Input().Type("checkbox").ID(boxID), hidden[id]).
				OnChange(func(ctx app.Context, e app.Event) {
					on := ctx.JSSrc().Get("checked").Truthy()
					t := get()
					was := map[string]bool{}
					for _, h := range t.Hide {
						was[h] = true
					}
					t.Hide = nil
					for _, c := range classroom.Controls { // in the schema's order
						if (c.ID == id && on) || (c.ID != id && was[c.ID]) {
							t.Hide = append(t.Hide, c.ID)
						}
					}
					_ = set(ctx, t)
				}),
			app.Text(" "+c.Label),
		))
	}
	var errUI app.UI = app.Text("")
	if errText != "" {
		errUI = app.P().ID("teacher-error").Class("error").Text(errText)
	}
	// go-app's server writes attribute values with strconv.Quote, which
	// does not escape for HTML: a title holding `"><script>` would become
	// markup in the prerendered page. The title and the text (a textarea's
	// text is its value attribute in go-app), the only free text that goes
	// into attributes, are therefore set in the browser only.
	title, text := s.Title, s.Text
	if !app.IsClient {
		title, text = "", ""
	}
	return app.Section().ID(IDTeacher).Class("panel teacher").Body(
		app.H2().Text("Classroom link"),
		app.P().Class("muted").Text("Set up the view above, give it a title and a short text, choose what students "+
			"will not be able to change, and share the link: students who open it see exactly this."),
		app.Div().Class("field").Body(
			app.Label().For("teacher-title").Text("Title"),
			app.Input().ID("teacher-title").Type("text").Value(title).MaxLength(classroom.MaxTitle).
				OnChange(func(ctx app.Context, e app.Event) {
					t := get()
					t.Title = form.Value(ctx)
					_ = set(ctx, t)
				}),
		),
		app.Div().Class("field").Body(
			app.Label().For("teacher-text").Text("Text shown beside the view (plain text; a blank line starts a paragraph)"),
			app.Textarea().ID("teacher-text").Rows(4).MaxLength(classroom.MaxText).Text(text).
				OnChange(func(ctx app.Context, e app.Event) {
					t := get()
					t.Text = form.Value(ctx)
					_ = set(ctx, t)
				}),
		),
		app.FieldSet().Class("hide-list").Body(
			app.Legend().Text("Hide from students"),
			app.Div().Class("checks").Body(boxes...),
		),
		errUI,
		app.Div().Class("field link").Body(
			app.Label().For(IDTeacherLink).Text("Link for students"),
			app.Input().ID(IDTeacherLink).Type("text").ReadOnly(true).Value(absolute(link)).
				OnFocus(func(ctx app.Context, e app.Event) { ctx.JSSrc().Call("select") }),
			app.A().ID("teacher-open").Class("button").Href(link).Target("_blank").Text("Open as a student"),
		),
	)
}

// absolute returns the link with the page's origin, in the browser.
func absolute(link string) string {
	if o := origin(); o != "*" && app.IsClient {
		return o + link
	}
	return link
}

// paragraphs renders plain text, a blank line between paragraphs, as <p>
// elements (never as HTML: anyone can write a link).
func paragraphs(text string) []app.UI {
	var ps []app.UI
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			ps = append(ps, app.P().Text(p))
		}
	}
	return ps
}

// queryOf returns a URL's query as Parse takes it.
func queryOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.RawQuery
}

// fieldLabels are the form's labels by setting key, for messages.
var fieldLabels = map[string]string{
	"points": "Samples N", "classes": "Classes", "dseed": "Data seed", "hidden": "Hidden layers",
	"act": "Activation", "init": "Initialization", "std": "Init std", "reg": "L2 reg", "opt": "Optimizer",
	"lr": "Learning rate", "seed": "Weight seed", "momentum": "Momentum",
}

// reasons rewrites the engine's terse reasons as a student reads them.
var reasons = map[string]string{
	"want an integer":                  "it must be a whole number",
	"want a finite number":             "it must be a number",
	"must be positive":                 "it must be at least 1",
	"must be a positive finite number": "it must be a number above 0",
}

// fieldMessage turns a setting's error into a sentence that names the
// setting as the form labels it: `invalid hidden[0] "abc": want an
// integer` becomes `Hidden layers: layer 1, "abc", is not usable: it must
// be a whole number.`
func fieldMessage(err error) string {
	var ce *nn.ConfigError
	if !errors.As(err, &ce) {
		s := err.Error()
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	key, layer, _ := strings.Cut(ce.Field, "[")
	label, ok := fieldLabels[key]
	if !ok {
		label = key
	}
	what := fmt.Sprint(ce.Value)
	if n, err := strconv.Atoi(strings.TrimSuffix(layer, "]")); err == nil {
		what = fmt.Sprintf("layer %d, %v,", n+1, ce.Value)
	}
	reason := ce.Reason
	if r, ok := reasons[reason]; ok {
		reason = r
	}
	return fmt.Sprintf("%s: %s is not usable: %s.", label, what, reason)
}
