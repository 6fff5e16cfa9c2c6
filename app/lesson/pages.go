package lesson

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/linkguard"
)

// The pages. Each route has its own component type, so that going from
// one page to another mounts a fresh view (and ends the last one's
// workers); a new query on the same page reaches OnNav.

// masthead is the header and navigation every classroom page shows.
func masthead(current string) app.UI {
	link := func(path, text string) app.UI {
		a := app.A().Href(path).Text(text)
		if path == current {
			a = a.Class("current").Aria("current", "page")
		}
		return app.Li().Body(a)
	}
	return app.Header().Class("masthead lesson-head").Body(
		app.A().Href("/").Body(app.Img().Src("/web/icon.svg").Alt("Backprop Playground")),
		app.Div().Body(
			app.H1().Text("Backprop Playground"),
			app.Nav().Class("site-nav").Body(app.Ul().Body(
				link("/", "CIFAR-10"),
				link(PathSteps, "Step-through"),
				link(PathPlane, "2D playground"),
				link(PathClassroom, "Classroom"),
			)),
		),
		linkNotice(),
	)
}

// linkNotice names the part of the address that could not be read
// (linkguard repaired it before go-app saw it), if any.
func linkNotice() app.UI {
	n := linkguard.Notice()
	if n == "" {
		return nil
	}
	return app.P().ID("link-notice").Class("error").Role("status").Text(n)
}

// parseOr returns the scenario of a query, or def for an empty one.
func parseOr(query string, def classroom.Scenario) (classroom.Scenario, error) {
	if query == "" {
		return def, nil
	}
	return classroom.Parse(query)
}

// StepsPage is the page at PathSteps: the step-through of the scenario in
// its query (the report's toy net if none), with every control and the
// teacher's panel.
type StepsPage struct {
	app.Compo
	s   classroom.Scenario
	err error
	nav bool
}

var (
	_ app.Navigator   = (*StepsPage)(nil)
	_ app.PreRenderer = (*StepsPage)(nil)
)

// OnNav reads the scenario from the address.
func (p *StepsPage) OnNav(ctx app.Context) { p.read(ctx) }

// OnPreRender reads it on the server.
func (p *StepsPage) OnPreRender(ctx app.Context) { p.read(ctx) }

func (p *StepsPage) read(ctx app.Context) {
	p.s, p.err = parseOr(queryOf(ctx.Page().URL()), ScenarioOf())
	p.nav = true
}

// Render returns the page.
func (p *StepsPage) Render() app.UI {
	var body app.UI
	switch {
	case !p.nav:
		body = app.Div().Class("panel loading").Text("Loading…")
	case p.err != nil:
		body = linkError(p.err)
	case p.s.View != classroom.ViewSteps:
		body = &trainView{Scenario: p.s}
	default:
		body = &stepsView{Scenario: p.s}
	}
	return app.Div().Class("page lesson").Body(
		masthead(PathSteps),
		app.Main().Body(
			app.P().Class("intro").Text("One forward and one backward pass of a small network, stage by stage, "+
				"with the real numbers of the engine: every matrix, every gradient, and each gradient checked against finite differences."),
			body,
		),
	)
}

func linkError(err error) app.UI {
	return app.Div().ID("scenario-error").Class("error").Body(
		app.Text("This link does not describe a scenario: "+err.Error()+". "),
		app.A().Href(PathClassroom).Text("See the ready scenarios."),
	)
}

// PlanePage is the page at PathPlane: the 2D playground of the scenario
// in its query (the 3-class spiral if none), with every control and the
// teacher's panel.
type PlanePage struct {
	app.Compo
	s   classroom.Scenario
	err error
	nav bool
}

var (
	_ app.Navigator   = (*PlanePage)(nil)
	_ app.PreRenderer = (*PlanePage)(nil)
)

// OnNav reads the scenario from the address.
func (p *PlanePage) OnNav(ctx app.Context) { p.read(ctx) }

// OnPreRender reads it on the server.
func (p *PlanePage) OnPreRender(ctx app.Context) { p.read(ctx) }

func (p *PlanePage) read(ctx app.Context) {
	p.s, p.err = parseOr(queryOf(ctx.Page().URL()), classroom.Default())
	p.nav = true
}

// Render returns the page.
func (p *PlanePage) Render() app.UI {
	var body app.UI
	switch {
	case !p.nav:
		body = app.Div().Class("panel loading").Text("Loading…")
	case p.err != nil:
		body = linkError(p.err)
	case p.s.View == classroom.ViewSteps:
		body = &stepsView{Scenario: p.s}
	default:
		body = &trainView{Scenario: p.s}
	}
	return app.Div().Class("page lesson").Body(
		masthead(PathPlane),
		app.Main().Body(body),
	)
}
