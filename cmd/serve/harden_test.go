//go:build !js

package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/app/lesson"
)

// TestHardenStrayPercent opens links whose fragment has a stray "%" (which
// go-app v10.1.11 cannot parse: its Navigate panicked and ended the Go
// program), and sets one mid-run: the page keeps working and names the
// part it could not read; a bad escape in the query still works as before.
func TestHardenStrayPercent(t *testing.T) {
	b := newPlaygroundBrowser(t)
	alive := func(where string) {
		t.Helper()
		// The Go program still answers: a bad value typed into a field is
		// marked, a good one clears the mark.
		b.run(chromedp.SetValue(chromedp.CSS("#set-batch"), "lots"),
			chromedp.Evaluate[chromedp.Void](`document.getElementById("set-batch").dispatchEvent(new Event("change"))`))
		b.waitFor(`!!document.getElementById("err-batch")`)
		b.run(chromedp.SetValue(chromedp.CSS("#set-batch"), "100"),
			chromedp.Evaluate[chromedp.Void](`document.getElementById("set-batch").dispatchEvent(new Event("change"))`))
		b.waitFor(`!document.getElementById("err-batch")`)
		if !strings.Contains(b.text("link-errors"), "could not be read") {
			t.Errorf("%s: link errors %q do not name the unreadable part", where, b.text("link-errors"))
		}
	}
	for _, c := range []struct{ link, named string }{
		{"/#lr=5%", `"#lr=5%"`},
		{"/#%zz", `"#%zz"`},
	} {
		b.openPlayground(c.link)
		b.waitFor(`!!document.getElementById("link-errors")`)
		if e := b.text("link-errors"); !strings.Contains(e, c.named) {
			t.Errorf("%s: link errors %q do not name %s", c.link, e, c.named)
		}
		alive(c.link)
	}

	// Mid-run: the hash changes under a running page.
	b.openPlayground(smallRun)
	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.state === "running"`)
	b.run(chromedp.Evaluate[chromedp.Void](`location.hash = "%zz"`))
	b.waitFor(`(document.getElementById("link-errors") || {}).textContent?.includes('"#%zz"')`)
	b.click("ctl-pause")
	b.waitFor(`document.getElementById("playground").dataset.state === "paused"`)
	b.shot("midrun")

	// A lesson page names it too, and still trains.
	b.open(lesson.PathPlane + "#%zz")
	b.waitFor(`document.getElementById("plane-stats") !== null && document.getElementById("plane-stats").dataset.state === "ready"`)
	if n := b.text("link-notice"); !strings.Contains(n, `"#%zz"`) {
		t.Errorf("/plane#%%zz: notice %q does not name the fragment", n)
	}
	click(b, "plane-step")
	b.waitFor(`document.getElementById("plane-stats").dataset.iter === "1"`)

	// The query string's escapes were never go-app's problem: still fine.
	b.openPlayground("/?x=%zz")
	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.state !== "idle"`)
}
