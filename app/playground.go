package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// IDs of the page's elements, for tests and scripts.
const (
	IDPlayground = "playground"
)

// playground is the page at PathPlayground. It is a placeholder for the
// playground's UI: a header and an element with the id IDPlayground.
type playground struct {
	app.Compo
}

var (
	_ app.Composer   = (*playground)(nil)
	_ app.AppUpdater = (*playground)(nil)
)

// OnAppUpdate reloads the page when go-app's service worker has installed a
// newer build. The worker answers from its cache first, so the visit that
// finds a new build still starts the old one; reloading at once means a
// rebuilt app.wasm is never used stale.
//
// The full UI must not reload in the middle of a training run: it should
// offer the reload instead (ctx.AppUpdateAvailable stays true).
func (p *playground) OnAppUpdate(ctx app.Context) {
	if ctx.AppUpdateAvailable() {
		ctx.Reload()
	}
}

// Render returns the page.
func (p *playground) Render() app.UI {
	return app.Div().Class("page").Body(
		app.Header().Class("masthead").Body(
			app.Img().Src("/web/icon.svg").Alt(""),
			app.Div().Body(
				app.H1().Text("Backprop Playground"),
				app.P().Class("tagline").Text("Train a neural network on CIFAR-10 and watch backpropagation at work."),
			),
		),
		app.Main().Body(
			app.Div().ID(IDPlayground).Class("panel loading").Text("The playground UI is loading…"),
		),
	)
}
