package app

import (
	"cmp"
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/msg"
)

// The results panel: the current model on the test images: accuracy,
// confusion matrix, accuracy per class, and a grid of test images with
// the model's three best guesses. The worker evaluates when a run ends,
// and on request.

// guessCount is how many test images the grid shows.
const guessCount = 24

// resultsState is the panel's state.
type resultsState struct {
	busy bool
	err  string
	ev   *msg.Event // the Results event
}

// evaluate asks the worker for the results of the current model.
func (p *playground) evaluate() {
	switch {
	case !p.hasModel():
		p.results = resultsState{err: "Train a model first: there is nothing to evaluate yet."}
		return
	case p.modelKind() == msg.DataToy:
		p.results = resultsState{err: "The toy problem has no test images: train on the CIFAR-10 sample to see results."}
		return
	}
	p.results = resultsState{busy: true, ev: p.results.ev}
	p.send(msg.Request{Kind: msg.Evaluate, Count: guessCount}, func(e msg.Event) {
		switch e.Kind {
		case msg.Results:
			p.results = resultsState{ev: &e}
			if p.model.keptID != "" && p.model.keptIter == p.iter && !p.model.keepPending {
				p.keep(p.keptMeta(), nil, true) // kept with the run: a reload shows them
			}
		case msg.Error:
			p.results.busy, p.results.err = false, capitalize(e.Err.Message)
		default:
			p.apply(e)
		}
	})
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

func (p *playground) renderResultsPanel() app.UI {
	r := p.results
	return app.Section().ID(IDResultsPanel).Class("panel wide").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Results on the test images"),
			app.Button().ID(IDResultsRun).Class("secondary small").
				Disabled(r.busy || !p.workerUp || p.state == msg.StateRunning || !p.hasModel() || p.modelKind() == msg.DataToy).
				Title("Classify every test image with the current model").
				Text(map[bool]string{true: "Evaluating…", false: "Evaluate"}[r.busy]).
				OnClick(func(app.Context, app.Event) { p.evaluate() }),
		),
		app.If(r.err != "", func() app.UI { return app.P().ID(IDResultsError).Class("error").Text(r.err) }),
		app.If(r.ev == nil && r.err == "", func() app.UI {
			return app.P().Class("empty-box").Text("When a run ends, the model classifies the test images it has never seen: " +
				"its accuracy, which classes it confuses, and its guesses appear here.")
		}),
		app.If(r.ev != nil, func() app.UI { return p.renderResults(r.ev) }),
	)
}

func (p *playground) renderResults(e *msg.Event) app.UI {
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
			return p.renderGuess(e, i)
		})),
	)
}

// renderGuess is one test image with its top-3 guesses.
func (p *playground) renderGuess(e *msg.Event, i int) app.UI {
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
