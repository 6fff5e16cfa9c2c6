package app

import (
	_ "embed"
	"encoding/json"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// What the service worker keeps for offline use. It is set here once, in
// the page configuration (Handler), so that every way of serving the
// playground (cmd/serve, a static copy of the site) caches the same way.
//
// A first visit downloads only the app shell, which the service worker
// precaches at install: go-app's list, that is the playground page ("/"),
// app.wasm, app.js, wasm_exec.js, the manifest, the styles and the icons.
// Everything else is cached the first time it is used (see offline.js):
// the other pages, the training worker and the canvas (worker.js,
// worker.wasm, kernels.js, canvas.html, canvas.wasm, …: any file under
// /web/) and the data (the samples, the pretrained models: any file under
// /data/, so a dataset added there needs no change here). A visit thus
// works offline for what it used: after one Train on the sample, a
// reload without the network trains on the sample again.
var (
	// CacheOnUse are the path prefixes whose files the service worker
	// keeps once used (with GET, answered 200, not a Range request).
	// Pages are kept too, whatever their path.
	CacheOnUse = []string{"/web/", "/data/"}

	// NeverCache are exceptions to CacheOnUse: a path ending in a slash
	// is a prefix, any other an exact path. /data/info is an answer
	// about the server (whether it has the full CIFAR-10), not a file;
	// a cached one would go on saying so after a restart without -data.
	// The full sets of a -data folder, CIFAR-10 (/data/cifar/, 30 MB a
	// batch, up to 184 MB) and Fashion-MNIST (/data/fashion/, 30 MB),
	// are the server's, read only with the network (CIFAR-10's in Range
	// requests); keeping them would fill the browser's storage with a
	// copy the visitor never asked for. cmd/serve's TestNeverCacheFullSets
	// checks that every full set it serves is here.
	NeverCache = []string{"/data/info", "/data/cifar/", "/data/fashion/"}
)

//go:embed offline.js
var offlineJS string

// goappFetch is the fetch handler of go-app's service worker
// (app.DefaultAppWorkerJS), which answers from the cache or the network
// and never adds to the cache.
const goappFetch = `self.addEventListener("fetch", (event) => {
  event.respondWith(fetchWithCache(event.request));
});

async function fetchWithCache(request) {
  const cachedResponse = await caches.match(request);
  if (cachedResponse) {
    return cachedResponse;
  }
  return await fetch(request);
}`

// serviceWorker returns the template of app-worker.js: go-app's, whose
// install (precache), activate (drop the caches of older versions, which
// is how an update reaches the page) and notifications stay as they are,
// with its fetch handler replaced by offline.js. It panics if go-app's
// template no longer holds the handler it replaces (a go-app update that
// needs a look).
func serviceWorker() string {
	if strings.Count(app.DefaultAppWorkerJS, goappFetch) != 1 {
		panic("app: go-app's service worker (app.DefaultAppWorkerJS) no longer has the fetch handler that offline.js replaces")
	}
	js := strings.NewReplacer("{{.CacheOnUse}}", jsonText(CacheOnUse), "{{.NeverCache}}", jsonText(NeverCache)).
		Replace(strings.TrimRight(offlineJS, "\n"))
	return strings.Replace(app.DefaultAppWorkerJS, goappFetch, js, 1)
}

func jsonText(v []string) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("app: " + err.Error()) // a []string always encodes
	}
	return string(b)
}
