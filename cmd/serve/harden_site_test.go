//go:build !js

package main

import (
	"strings"
	"testing"
)

// TestLinkBounds: a link may not ask the server to prerender more than a
// page draws and trains quickly (100,000 points cost about 40 times a
// default page); the refusal names the key and the bound, from the same
// validation the browser runs (core/plane via app/classroom's schema).
func TestLinkBounds(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testWeb(t), "")
	for _, path := range []string{
		"/plane?data=spiral&points=100000&classes=3",
		"/classroom?data=spiral&points=100000&classes=3",
		"/steps?data=spiral&points=100000&classes=3",
	} {
		r := get(t, ts.URL, "GET", path)
		body := string(r.body)
		i := strings.Index(body, `id="scenario-error"`)
		if i < 0 {
			t.Errorf("%s: status %d, no error on the page", path, r.status)
			continue
		}
		e := body[i:min(len(body), i+400)]
		e = e[:max(strings.Index(e, "</div>"), 0)]
		if !strings.Contains(e, "points") || !strings.Contains(e, "2000") {
			t.Errorf("%s: the error %q does not name points and the bound 2000", path, e)
		}
	}
}
