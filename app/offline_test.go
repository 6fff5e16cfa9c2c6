package app

import (
	"strings"
	"testing"
)

// TestServiceWorker: the template keeps go-app's placeholders, install and
// activate, and has the playground's fetch handler in place of go-app's,
// with the cache policy written in.
func TestServiceWorker(t *testing.T) {
	js := Handler("v").ServiceWorkerTemplate
	for i, want := range []string{
		`const cacheName = "app-" + "{{.Version}}";`,
		`const resourcesToCache = {{.ResourcesToCache}};`,
		`self.addEventListener("install"`,
		`self.addEventListener("activate"`,
		`self.addEventListener("fetch"`,
		`const cacheOnUse = ["/web/","/data/"];`,
		`const neverCache = ["/data/info","/data/cifar/"];`,
		`function keepOnUse(request, response)`,
	} {
		if strings.Count(js, want) != 1 {
			t.Errorf("%d: the service worker has %d of %q, want 1", i, strings.Count(js, want), want)
		}
	}
	for i, bad := range []string{goappFetch, "{{.CacheOnUse}}", "{{.NeverCache}}"} {
		if strings.Contains(js, bad) {
			t.Errorf("%d: the service worker still has %q", i, bad)
		}
	}
}
