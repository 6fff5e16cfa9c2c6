// Package app is the playground's user interface: go-app components, the
// route table and the page configuration. It compiles natively (the server
// prerenders the pages and tests run on the host) and to wasm (app.wasm,
// built from wasm/app).
//
// The route table exists once: the wasm main and the server both call
// Routes, and go-app answers 404 for any page path it does not list.
package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/lesson"
)

// Page paths.
const (
	PathPlayground = lesson.PathPlayground
)

// pages is the route table: each page's path and its component.
var pages = []struct {
	path string
	page func() app.Composer
}{
	{PathPlayground, func() app.Composer { return &playground{} }},
	{lesson.PathSteps, func() app.Composer { return lesson.NewStepsPage() }},
	{lesson.PathPlane, func() app.Composer { return lesson.NewPlanePage() }},
	{lesson.PathClassroom, func() app.Composer { return lesson.NewClassroomPage() }},
}

// Paths returns the path of every page ("/", "/steps", …), in the order
// of the site's navigation: what a static copy of the site prerenders.
func Paths() []string {
	paths := make([]string, len(pages))
	for i, p := range pages {
		paths[i] = p.path
	}
	return paths
}

// Routes registers every page of the playground with go-app. Call it before
// app.RunWhenOnBrowser in the wasm main and before serving Handler on the
// server. Registering the same routes again is harmless: go-app keeps one
// entry per path.
//
// Each page other than the playground is also registered with a final
// slash ("/steps/"): a static copy of the site (cmd/serve -site) holds the
// page as steps/index.html, which every static host serves at /steps/ (and
// redirects /steps to), and go-app's router matches paths exactly.
func Routes() {
	for _, p := range pages {
		app.Route(p.path, p.page)
		if p.path != PathPlayground {
			app.Route(p.path+"/", p.page)
		}
	}
}

// Handler returns the go-app configuration of the playground's pages.
// version identifies the build of the web files (the server passes a hash of
// their contents): go-app uses it as the pages' ETag and as the name of the
// service worker's cache, so a rebuilt app.wasm is fetched again instead of
// served stale. Every icon is local, so nothing is fetched from another site.
// The service worker (ServiceWorkerTemplate, offline.go) precaches the app
// shell only and keeps every other file once used, so a visit works
// offline for what it used.
//
// The server adds what only it knows: where the static files are
// (Resources) and the uncompressed size of app.wasm (WasmContentLength,
// for the loading progress).
func Handler(version string) *app.Handler {
	return &app.Handler{
		Name:        "Backprop Playground",
		ShortName:   "Backprop",
		Title:       "Backprop Playground",
		Description: "Train a neural network on CIFAR-10 in your browser and watch backpropagation at work.",
		Keywords:    []string{"neural network", "backpropagation", "CIFAR-10", "machine learning", "WebAssembly"},
		Lang:        "en",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-512.png",
			SVG:      "/web/icon.svg",
		},
		BackgroundColor: "#f5f7fa",
		ThemeColor:      "#1d4e89",
		LoadingLabel:    "Loading the playground… {progress}%",
		Styles:          []string{"/web/app.css", "/web/lesson.css"},
		Version:         version,

		ServiceWorkerTemplate: serviceWorker(),
	}
}
