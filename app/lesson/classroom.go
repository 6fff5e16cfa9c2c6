package lesson

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/base"
	"github.com/backprop-playground/playground/app/classroom"
)

// student is the scenario as its link's students see it.
func (p *scenarioPage) student() []app.UI {
	s := p.s
	title := s.Title
	if title == "" {
		title = "A classroom scenario"
	}
	view := viewOf(s, true)
	text := paragraphs(s.Text)
	return []app.UI{
		app.Section().ID("scenario").Class("panel scenario").Body(
			app.H2().ID("scenario-title").Text(title),
			// No teacher's link here: a student link shows the
			// scenario only (teachers edit from the classroom index).
			app.Div().ID("scenario-text").Class("scenario-text").Body(text...),
		),
		view,
	}
}

// index lists the ready scenarios.
func index() app.UI {
	var cards []app.UI
	for _, key := range classroom.ReadyKeys() {
		s, _ := classroom.Ready(key)
		first := s.Text
		if i := strings.Index(first, "\n\n"); i >= 0 {
			first = first[:i]
		}
		edit := PathPlane
		if s.View == classroom.ViewSteps {
			edit = PathSteps
		}
		cards = append(cards, app.Article().Class("panel ready").Body(
			app.H3().Body(app.A().ID("ready-"+key).Href(base.URL(PathClassroom+"?scenario="+key)).Text(s.Title)),
			app.P().Text(first),
			app.P().Class("small").Body(
				app.A().Class("button").Href(base.URL(PathClassroom+"?scenario="+key)).Text("Open as a student"),
				app.Text(" "),
				app.A().Class("button secondary").Href(base.URL(edit+"?scenario="+key)).Text("Change it"),
			),
		))
	}
	for _, l := range classroom.ImageLessons() {
		first := l.Text
		if i := strings.Index(first, "\n\n"); i >= 0 {
			first = first[:i]
		}
		cards = append(cards, app.Article().Class("panel ready").Body(
			app.H3().Body(app.A().ID("ready-"+l.Key).Href(base.URL(PathPlayground+"#"+l.Link())).Text(l.Title)),
			app.P().Text(first),
			app.P().Class("small").Body(
				app.A().Class("button").Href(base.URL(PathPlayground+"#"+l.Link())).Text("Open as a student"),
				app.Text(" On the image playground: its settings can be changed there, and the link copied."),
			),
		))
	}
	return app.Section().ID(IDClassroom).Class("classroom").Body(
		app.Div().Class("panel").Body(
			app.H2().Text("Classroom"),
			app.P().Text("Show a class how a network learns with one link. Each scenario below opens on its lesson, with the settings "+
				"that matter fixed and the ones worth playing with left to the students."),
			app.P().Body(
				app.Text("To build your own, open the "),
				app.A().Href(base.URL(PathPlane)).Text("2D playground"),
				app.Text(" or the "),
				app.A().Href(base.URL(PathSteps)).Text("step-through"),
				app.Text(", set it up, and fill in the “Classroom link” panel at the bottom: a title, a short text, and the controls to hide."),
			),
		),
		app.Div().Class("ready-list").Body(cards...),
	)
}
