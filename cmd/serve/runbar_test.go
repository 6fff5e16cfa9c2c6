//go:build !js

package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRunBarCoversNoField scrolls the page so that the setup's Epochs field
// sits under the sticky run bar, then focuses it (as Tab, or the page
// pointing at a field marked with an error, does): the field ends up in
// view, not under the bar's rectangle.
func TestRunBarCoversNoField(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground("/")
	for _, id := range []string{"set-epochs", "set-batch"} {
		// Put the field's top 10 px below the window's top: under the bar.
		b.run(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { document.activeElement && document.activeElement.blur();
		  const r = document.getElementById(%q).getBoundingClientRect(); window.scrollBy(0, r.top - 10) })()`, id)))
		covered := func() bool {
			return evaluate[bool](b, fmt.Sprintf(`(() => { const f = document.getElementById(%q).getBoundingClientRect();
			  const bar = document.getElementById("controls").getBoundingClientRect();
			  return f.top < bar.bottom && f.bottom > bar.top })()`, id))
		}
		if !covered() {
			t.Fatalf("#%s is not under the run bar after scrolling: the test does not set up the case", id)
		}
		b.run(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).focus()`, id)))
		if covered() {
			f := evaluate[map[string]float64](b, fmt.Sprintf(`(() => { const f = document.getElementById(%q).getBoundingClientRect(); const bar = document.getElementById("controls").getBoundingClientRect(); return {top: f.top, bottom: f.bottom, barTop: bar.top, barBottom: bar.bottom} })()`, id))
			t.Errorf("#%s focused is still under the run bar: field %v", id, f)
		}
		b.screenshot("focused-" + id)
	}
}
