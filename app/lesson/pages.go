package lesson

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/base"
	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/linkguard"
)

// The pages /steps, /plane and /classroom are one scenario page
// (scenarioPage): it reads a classroom.Scenario from the address and shows
// its view. Each route still has a type of its own (StepsPage, PlanePage,
// ClassroomPage, each only a scenarioPage with its route's settings), so
// that going from one page to another mounts a fresh view (and ends the
// last one's workers); a new query on the same page reaches OnNav.

// scenarioPage is a page that shows the scenario of its address.
type scenarioPage struct {
	app.Compo
	path  string                    // the route, for the navigation
	def   func() classroom.Scenario // the scenario without a query; nil: the classroom's index
	intro string                    // a paragraph above the view

	query string
	s     classroom.Scenario
	err   error
	nav   bool
}

// StepsPage is the page at PathSteps: the step-through of the scenario in
// its query (the report's toy net if none), with every control and the
// teacher's panel.
type StepsPage struct{ scenarioPage }

// PlanePage is the page at PathPlane: the 2D playground of the scenario
// in its query (the 3-class spiral if none), with every control and the
// teacher's panel.
type PlanePage struct{ scenarioPage }

// ClassroomPage is the page at PathClassroom. Without a query it lists
// the ready scenarios and says how to build one; with a scenario's query
// (a teacher's link) it shows that scenario as students see it: its title
// and text, its view, and only the controls it does not hide.
type ClassroomPage struct{ scenarioPage }

// NewStepsPage, NewPlanePage and NewClassroomPage make the pages for
// app.Route.
func NewStepsPage() *StepsPage {
	return &StepsPage{scenarioPage{path: PathSteps, def: ScenarioOf,
		intro: "One forward and one backward pass of a small network, stage by stage, " +
			"with the real numbers of the engine: every matrix, every gradient, and each gradient checked against finite differences."}}
}

func NewPlanePage() *PlanePage {
	return &PlanePage{scenarioPage{path: PathPlane, def: classroom.Default}}
}

func NewClassroomPage() *ClassroomPage {
	return &ClassroomPage{scenarioPage{path: PathClassroom}}
}

var (
	_ app.Navigator   = (*scenarioPage)(nil)
	_ app.PreRenderer = (*scenarioPage)(nil)
)

// OnNav reads the scenario from the address.
func (p *scenarioPage) OnNav(ctx app.Context) { p.read(ctx) }

// OnPreRender reads it on the server.
func (p *scenarioPage) OnPreRender(ctx app.Context) { p.read(ctx) }

func (p *scenarioPage) read(ctx app.Context) {
	p.query, p.nav, p.err = queryOf(ctx.Page().URL()), true, nil
	switch {
	case p.query != "":
		p.s, p.err = classroom.Parse(p.query)
	case p.def != nil:
		p.s = p.def()
	}
}

// Render returns the page.
func (p *scenarioPage) Render() app.UI {
	var body []app.UI
	if p.intro != "" {
		body = append(body, app.P().Class("intro").Text(p.intro))
	}
	switch {
	case !p.nav:
		body = append(body, app.Div().Class("panel loading").Text("Loading…"))
	case p.err != nil:
		body = append(body, linkError(p.err))
		if p.def == nil {
			body = append(body, index())
		}
	case p.def == nil && p.query == "":
		body = append(body, index())
	case p.def == nil:
		body = append(body, p.student()...)
	default:
		body = append(body, viewOf(p.s, false))
	}
	return app.Div().Class("page lesson").Body(
		Masthead(p.path, ""),
		app.Main().Body(body...),
	)
}

// viewOf returns the scenario's view: the step-through or the 2D
// playground, as students see it if student.
func viewOf(s classroom.Scenario, student bool) app.UI {
	if s.View == classroom.ViewSteps {
		return &stepsView{Scenario: s, Student: student}
	}
	return &trainView{Scenario: s, Student: student}
}

// Masthead is the header and site navigation of every page, the
// playground's included: the logo, the title, an optional tagline and a
// link to each of the four pages, the current one marked (aria-current) so
// a screen reader and the eye both know where they are. It is the one
// navigation component; the links wrap at phone width (web/static/app.css).
func Masthead(current, tagline string) app.UI {
	link := func(path, text string) app.UI {
		a := app.A().Href(base.URL(path)).Text(text)
		if path == current {
			a = a.Class("current").Aria("current", "page")
		}
		return app.Li().Body(a)
	}
	return app.Header().Class("masthead").Body(
		app.A().Href(base.URL("/")).Body(app.Img().Src("/web/icon.svg").Alt("Backprop Playground")),
		app.Div().Body(
			app.H1().Text("Backprop Playground"),
			app.If(tagline != "", func() app.UI { return app.P().Class("tagline").Text(tagline) }),
			app.Nav().Class("site-nav").Aria("label", "Pages").Body(app.Ul().Body(
				link("/", "CIFAR-10"),
				link(PathSteps, "Step-through"),
				link(PathPlane, "2D playground"),
				link(PathClassroom, "Classroom"),
			)),
			threadNote(),
		),
		linkNotice(),
	)
}

// threadNote says, in the browser, that training runs on one thread when
// the page is not cross-origin isolated on a machine with several cores.
// The training worker spreads its matrix products over threads that share
// memory (SharedArrayBuffer), which browsers allow only on a page served
// with the COOP and COEP headers: cmd/serve sends them, a plain static
// host (GitHub Pages, S3, python3 -m http.server) cannot. Without them
// everything works on one thread, slower; the worker says the same in its
// ready event (the run bar's speed tooltip).
func threadNote() app.UI {
	if !app.IsClient {
		return nil
	}
	w := app.Window()
	if w.Get("crossOriginIsolated").Truthy() {
		return nil
	}
	cores := w.Get("navigator").Get("hardwareConcurrency")
	if cores.Type() != app.TypeNumber || cores.Int() < 2 {
		return nil
	}
	return app.P().ID(IDThreadNote).Class("thread-note").Role("note").Text(fmt.Sprintf(
		"Training runs on one thread here (this device has %d cores): this host does not send the cross-origin "+
			"isolation headers (COOP and COEP) that let the training worker share memory between threads. "+
			"Everything works, only slower. The playground's own server (make run) sends them.", cores.Int()))
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

func linkError(err error) app.UI {
	return app.Div().ID("scenario-error").Class("error").Body(
		app.Text("This link does not describe a scenario: "+err.Error()+". "),
		app.A().Href(base.URL(PathClassroom)).Text("See the ready scenarios."),
	)
}
