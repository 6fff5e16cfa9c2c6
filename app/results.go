package app

import (
	"cmp"
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/wire"
	"github.com/backprop-playground/playground/msg"
)

// The results panel: the current model on the test images: accuracy,
// confusion matrix, accuracy per class, and a grid of test images with
// the model's three best guesses. The worker evaluates when a run ends,
// and on request.

// guessCount is how many test images the grid shows.
const guessCount = 24

// resultsPanel is the test results: a component that owns the
// evaluation under way and its error. The evaluation itself is the
// model's (modelState.results): it is kept in the browser with the model
// and comes back with it, so the page holds it and gives it to the panel
// (Ev). The panel evaluates when asked (the Evaluate button) and when the
// page asks (Asks counts the page's requests: a run ended, the data to
// evaluate on arrived).
type resultsPanel struct {
	app.Compo

	Model int        // the id of the request that built the current model
	Kind  string     // its dataset kind
	Has   bool       // the worker holds a model (playground.hasModel)
	Wait  bool       // the worker cannot take the request now (not ready, running)
	Ev    *msg.Event // the current model's last evaluation (Results), or nil
	Asks  int        // evaluations the page asked for
	Page  resultsPage

	ctx     app.Context
	mounted bool
	asked   int    // the page's asks handled
	busy    bool   // an evaluation is on its way
	err     string // why the last one failed
	of      int    // the model busy and err are of
}

// resultsPage is what the panel asks of the page.
type resultsPage interface {
	send(msg.Request, wire.Reply) int
	// apply takes the events of the request that are the page's.
	apply(msg.Event)
	// evaluated gives the page the results of the model model built, to
	// hold (and keep) with the model if it is still the current one.
	evaluated(model int, e msg.Event)
}

var (
	_ app.Composer = (*resultsPanel)(nil)
	_ app.Mounter  = (*resultsPanel)(nil)
	_ app.Updater  = (*resultsPanel)(nil)
)

func (c *resultsPanel) OnMount(ctx app.Context) { c.ctx, c.mounted, c.asked = ctx, true, c.Asks }

// OnUpdate evaluates when the page asked for it since.
func (c *resultsPanel) OnUpdate(app.Context) {
	if c.Asks != c.asked {
		c.asked = c.Asks
		c.evaluate()
	}
}

// update renders the panel again after an answer, which arrives in the
// page's dispatch. Natively (in tests) nothing is mounted.
func (c *resultsPanel) update() {
	if c.mounted {
		c.ctx.Update()
	}
}

// evaluate asks the worker for the results of the current model.
func (c *resultsPanel) evaluate() {
	c.of, c.busy = c.Model, false
	switch {
	case !c.Has:
		c.err = "Train a model first: there is nothing to evaluate yet."
		return
	case c.Kind == msg.DataToy:
		c.err = "The toy problem has no test images: train on the CIFAR-10 sample to see results."
		return
	}
	c.busy, c.err = true, ""
	model := c.Model
	c.Page.send(msg.Request{Kind: msg.Evaluate, Count: guessCount}, func(e msg.Event) {
		switch e.Kind {
		case msg.Results:
			c.Page.evaluated(model, e)
			if c.of == model {
				c.busy = false
			}
		case msg.Error:
			if c.of == model {
				c.busy, c.err = false, capitalize(e.Err.Message)
			}
		default:
			c.Page.apply(e)
			return
		}
		c.update()
	})
}

// evaluated implements resultsPage: results of the current model are
// held with it, and kept with it when it is kept at this step (a reload
// shows them); results of a model that is gone are dropped.
func (p *playground) evaluated(model int, e msg.Event) {
	if model != p.modelReq {
		return
	}
	p.model.results = &e
	if p.model.keptID != "" && p.model.keptIter == p.iter && !p.model.keepPending {
		p.keep(p.keptMeta(), nil, true)
	}
}

// askResults has the results panel evaluate the current model.
func (p *playground) askResults() { p.evalAsks++ }

// resultsView is the results panel of the page as it is now.
func (p *playground) resultsView() *resultsPanel {
	return &resultsPanel{Model: p.modelReq, Kind: p.modelKind(), Has: p.hasModel(), Wait: p.workerPending() || p.state == msg.StateRunning,
		Ev: p.model.results, Asks: p.evalAsks, Page: p}
}

// shortName abbreviates CIFAR-10's two long class names for table headers.
func shortName(name string) string {
	switch name {
	case "airplane":
		return "plane"
	case "automobile":
		return "car"
	}
	return name
}

func (c *resultsPanel) Render() app.UI {
	busy, err := c.busy && c.of == c.Model, ""
	if c.of == c.Model {
		err = c.err
	}
	return app.Section().ID(IDResultsPanel).Class("panel wide").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Results on the test images"),
			app.Button().ID(IDResultsRun).Class("secondary small").
				Disabled(busy || c.Wait || !c.Has || c.Kind == msg.DataToy).
				Title("Classify every test image with the current model").
				Text(map[bool]string{true: "Evaluating…", false: "Evaluate"}[busy]).
				OnClick(func(app.Context, app.Event) { c.evaluate() }),
		),
		app.If(err != "", func() app.UI { return app.P().ID(IDResultsError).Class("error").Text(err) }),
		app.If(c.Ev == nil && err == "", func() app.UI {
			return app.P().Class("empty-box").Text("When a run ends, the model classifies the test images it has never seen: " +
				"its accuracy, which classes it confuses, and its guesses appear here.")
		}),
		app.If(c.Ev != nil, func() app.UI { return renderResults(c.Ev) }),
	)
}

func renderResults(e *msg.Event) app.UI {
	classes := e.Classes
	n := 0
	for _, row := range e.Confusion {
		for _, v := range row {
			n += v
		}
	}
	chance := 0.0
	if len(classes) > 0 {
		chance = 1 / float64(len(classes))
	}
	return app.Div().Class("results").Body(
		app.Div().Class("headline").Body(
			app.Span().ID(IDResultsTestAcc).Class("big").DataSet("acc", strconv.FormatFloat(e.TestAcc, 'f', 4, 64)).Text(percent(e.TestAcc)),
			app.Span().Class("muted").Text(fmt.Sprintf(" of %s test images right (chance: %s)", formatCount(n), percent(chance))),
		),
		app.Div().Class("results-grid").Body(
			app.Div().Class("confusion-box").Body(
				app.H3().Text("Confusion matrix"),
				app.Table().ID(IDResultsConfuse).Class("confusion").Body(
					app.THead().Body(app.Tr().Body(
						app.Th().Class("corner").Title("rows: the true class; columns: the model's guess").Text("true ↓ guess →"),
						app.Range(classes).Slice(func(j int) app.UI {
							return app.Th().Scope("col").Title(classes[j]).Text(shortName(classes[j]))
						}),
					)),
					app.TBody().Body(app.Range(e.Confusion).Slice(func(i int) app.UI {
						row := e.Confusion[i]
						total := 0
						for _, v := range row {
							total += v
						}
						name := strconv.Itoa(i)
						if i < len(classes) {
							name = classes[i]
						}
						return app.Tr().Body(
							app.Th().Scope("row").Text(shortName(name)),
							app.Range(row).Slice(func(j int) app.UI {
								share := 0.0
								if total > 0 {
									share = float64(row[j]) / float64(total)
								}
								guess := strconv.Itoa(j)
								if j < len(classes) {
									guess = classes[j]
								}
								return app.Td().Class(map[bool]string{true: "diag", false: "off"}[i == j]).
									Style("--v", strconv.FormatFloat(share, 'f', 3, 64)).
									Title(fmt.Sprintf("%d %s images guessed %s", row[j], name, guess)).
									Text(row[j])
							}),
						)
					})),
				),
			),
			app.Div().Class("class-acc-box").Body(
				app.H3().Text("Accuracy per class"),
				app.Ul().ID(IDResultsClassAcc).Class("bars").Body(app.Range(e.ClassAcc).Slice(func(i int) app.UI {
					name := strconv.Itoa(i)
					if i < len(classes) {
						name = classes[i]
					}
					return barRow(name, e.ClassAcc[i], "", false)
				})),
			),
		),
		app.H3().Text("Test images and the model's three best guesses"),
		app.Div().ID(IDResultsGuesses).Class("guesses").Body(app.Range(e.Guesses).Slice(func(i int) app.UI {
			return renderGuess(e, i)
		})),
	)
}

// renderGuess is one test image with its top-3 guesses.
func renderGuess(e *msg.Event, i int) app.UI {
	g := e.Guesses[i]
	name := func(c int) string {
		if c >= 0 && c < len(e.Classes) {
			return e.Classes[c]
		}
		return strconv.Itoa(c)
	}
	side := cmp.Or(e.Side, imageSide)
	tile := side * side * 4
	var img app.UI = app.Div().Class("pixels thumb")
	if (i+1)*tile <= len(e.Pixels) {
		img = &pixels{ID: "results-img-" + strconv.Itoa(i), Class: "thumb", Label: "test image of a " + name(g.Label),
			Side: side, Count: 1, Pixels: e.Pixels[i*tile : (i+1)*tile]}
	}
	right := len(g.Top) > 0 && g.Top[0] == g.Label
	return app.Figure().Class("guess").Class(map[bool]string{true: "right", false: "wrong"}[right]).Body(
		img,
		app.FigCaption().Body(
			app.Div().Class("truth").Body(app.Span().Class("muted").Text("is "), app.Strong().Text(name(g.Label))),
			app.Ol().Class("top3").Body(app.Range(g.Top).Slice(func(k int) app.UI {
				prob := 0.0
				if k < len(g.Probs) {
					prob = g.Probs[k]
				}
				return app.Li().Class(classIf(g.Top[k] == g.Label, "hit")).Body(
					app.Span().Class("name").Text(name(g.Top[k])),
					app.Span().Class("p").Text(percent(prob)),
				)
			})),
		),
	)
}

// barRow is one labelled horizontal bar of a value in [0, 1].
func barRow(label string, v float64, id string, top bool) app.UI {
	w := min(max(v, 0), 1)
	return app.Li().ID(id).Class("bar-row").Class(classIf(top, "top")).DataSet("value", strconv.FormatFloat(v, 'g', -1, 64)).Body(
		app.Span().Class("bar-label").Text(label),
		app.Span().Class("bar").Body(app.Span().Class("fill").Style("width", strconv.FormatFloat(100*w, 'f', 1, 64)+"%")),
		app.Span().Class("bar-value").Text(percent(v)),
	)
}
