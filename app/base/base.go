// Package base turns the playground's site-rooted paths ("/steps",
// "/data/info", "/web/worker.js") into the addresses where the site is
// served, so that the same pages work at the root of a host and under a
// sub-path (a static copy at http://host/playground/, see cmd/serve
// -site).
//
// Every page, file and request path in Go code is written rooted at the
// site ("/data/info"), never relative. The base is known in one place,
// go-app's resource resolver on the server (cmd/serve's webResolver),
// which go-app hands to the page as GOAPP_ROOT_PREFIX in app.js:
//
//   - on the server (prerendering), URL returns the path unchanged: go-app
//     passes every href and src through the handler's resolver, which adds
//     the base;
//   - in the browser, URL adds the page's base itself: go-app's client
//     resolver only rewrites paths under /web/, so page links
//     (Href(base.URL(lesson.PathSteps))) and the addresses handed to fetch
//     and new Worker need it.
//
// The training worker has no go-app: it finds the base from its own script
// address, which the page made with URL (worker's fetcher).
package base

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// URL returns the address of the site-rooted path p (which starts with
// "/", and may carry a query or fragment) where the site is served: p
// itself on the server, the page's base followed by p in the browser
// ("/playground/steps" for "/steps" on a site built with -base
// /playground/). A p that does not start with "/" is returned unchanged.
func URL(p string) string {
	if app.IsServer || !strings.HasPrefix(p, "/") {
		return p
	}
	return Root() + p[1:]
}

// Root returns the page's base, which starts and ends with "/": "/" at
// the root of a host. On the server it is "/".
func Root() string {
	if app.IsServer {
		return "/"
	}
	return clean(app.Getenv("GOAPP_ROOT_PREFIX"))
}

// clean makes a prefix start and end with "/" ("" and "/" give "/").
func clean(prefix string) string {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" {
		return "/"
	}
	return "/" + prefix + "/"
}
