//go:build !js

package main

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/app/lesson"
)

// What a first visit costs. The server logs one line per request with the
// bytes of its body as sent (compressed when it was); every request of the
// visit reaches it, the page's, the training worker's and the service
// worker's alike (the browser context is fresh: nothing is cached), so
// their sum is what the visit transferred, less the HTTP headers.

// firstVisitBudget is what opening the playground may transfer before
// anything is trained or classified: the app shell (the pages, app.wasm,
// the scripts, the styles and the icons). MB are 10⁶ bytes, as everywhere
// in the playground.
const firstVisitBudget = 3_000_000

// transfer is what the server sent so far.
type transfer struct {
	total  int64
	byPath map[string]int64
	paths  []string // every request, in order
}

var logBytes = regexp.MustCompile(`\bpath=(\S+) status=\d+ bytes=(\d+)`)

// transferred sums the bytes of the server's responses so far.
func (b *browser) transferred() transfer {
	b.t.Helper()
	tr := transfer{byPath: map[string]int64{}}
	for _, l := range b.serverLog("msg=http ") {
		m := logBytes.FindStringSubmatch(l)
		if m == nil {
			b.t.Fatalf("a request line without path and bytes: %s", l)
		}
		n, err := strconv.ParseInt(m[2], 10, 64)
		if err != nil {
			b.t.Fatal(err)
		}
		tr.total += n
		tr.byPath[m[1]] += n
		tr.paths = append(tr.paths, m[1])
	}
	return tr
}

// String lists the paths, largest first.
func (tr transfer) String() string {
	paths := make([]string, 0, len(tr.byPath))
	for p := range tr.byPath {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool { return tr.byPath[paths[i]] > tr.byPath[paths[j]] })
	var s strings.Builder
	count := map[string]int{}
	for _, p := range tr.paths {
		count[p]++
	}
	for _, p := range paths {
		fmt.Fprintf(&s, "\n  %9d  %s", tr.byPath[p], p)
		if n := count[p]; n > 1 {
			fmt.Fprintf(&s, " (%d requests)", n)
		}
	}
	return s.String()
}

// settled waits until the page runs (go-app's loader is gone), the
// service worker controls it (it has installed, so its precaching is
// done) and the document has finished loading.
func (b *browser) settled(path string) {
	b.t.Helper()
	b.open(path)
	b.waitFor(`document.readyState === "complete" && navigator.serviceWorker.controller !== null`)
	b.waitFor(`navigator.serviceWorker.ready.then((r) => r.active !== null && r.installing === null && r.waiting === null)`)
}

// TestFirstVisitBytes opens the playground in a fresh browser context and
// waits until it is interactive, with its service worker installed:
// everything that arrived by then, the precache included, is the cost of
// the first visit. The figure is logged; the assertion is a byte budget.
func TestFirstVisitBytes(t *testing.T) {
	b := newBrowser(t)
	b.settled("/")
	b.waitFor(playgroundReady + ` && !document.getElementById("ctl-train").disabled`)
	tr := b.transferred()
	t.Logf("first visit to /: %d bytes (%.2f MB) in %d requests (budget %.0f MB):%s",
		tr.total, float64(tr.total)/1e6, len(tr.paths), float64(firstVisitBudget)/1e6, tr)
	if tr.total > firstVisitBudget {
		t.Errorf("the first visit to / transferred %d bytes, over the budget of %d", tr.total, firstVisitBudget)
	}
	for _, p := range tr.paths {
		if strings.HasPrefix(p, "/data/") && p != "/data/info" || strings.HasSuffix(p, ".wasm") && p != "/web/app.wasm" {
			t.Errorf("the first visit to / fetched %s before anything was trained or classified", p)
		}
	}
}

// TestFirstVisitPlane opens /plane in a fresh browser context and trains
// there: it trains on generated points, so it must fetch no CIFAR-10 and
// no model.
func TestFirstVisitPlane(t *testing.T) {
	b := newBrowser(t)
	b.settled(lesson.PathPlane)
	b.waitFor(`document.getElementById("plane-stats").dataset.state === "ready"`)
	click(b, "plane-train")
	b.waitFor(`+document.getElementById("plane-stats").dataset.iter >= 10`)
	tr := b.transferred()
	t.Logf("first visit to /plane, and training there: %d bytes (%.2f MB) in %d requests:%s",
		tr.total, float64(tr.total)/1e6, len(tr.paths), tr)
	if i := slices.IndexFunc(tr.paths, func(p string) bool {
		return strings.HasPrefix(p, "/data/sample/") || strings.HasPrefix(p, "/data/cifar/") || strings.HasPrefix(p, "/data/pretrained")
	}); i >= 0 {
		t.Errorf("/plane fetched %s, which it never uses", tr.paths[i])
	}
}
