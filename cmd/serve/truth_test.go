//go:build !js

package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser tests of issue 12 ("the playground tells the truth"): what the
// page shows is right. One browser for the file's checks, to keep the
// suite cheap; each step saves a screenshot under screenshots/.

// TestTruth runs, in one page, the gradient check on the page's own nets,
// a run whose batch does not divide the sample, and the presets on the
// sample.
func TestTruth(t *testing.T) {
	b := newPlaygroundBrowser(t)

	// The gradient check on the page's default net (Best known) and on
	// the report's default run: both pass, and say what was skipped.
	for _, preset := range []string{"", "preset-report-default"} {
		path := "/"
		if preset != "" {
			b.click(preset)
			path = "/#" + strings.TrimPrefix(evaluate[string](b, `location.hash`), "#")
		}
		b.openFresh(path, "sample")
		b.click("gradcheck-run")
		b.waitFor(`!!document.getElementById("gradcheck-summary")`, 120*time.Second)
		summary := b.text("gradcheck-summary")
		rows := evaluate[[]map[string]string](b, `[...document.querySelectorAll("#gradcheck-table tbody tr")].map((r) => ({id: r.id, pass: r.dataset.pass, text: r.textContent}))`)
		if !strings.HasPrefix(summary, "Backprop agrees with finite differences") || len(rows) != 4 {
			t.Errorf("%s: gradient check says %q, %d rows", path, summary, len(rows))
		}
		for _, r := range rows {
			if r["pass"] != "true" {
				t.Errorf("%s: %s fails: %s", path, r["id"], r["text"])
			}
		}
		t.Logf("%s: %s", path, summary)
		b.run(chromedp.Evaluate[chromedp.Void](`document.getElementById("gradcheck").scrollIntoView()`))
		b.screenshot("gradcheck" + strings.TrimPrefix(preset, "preset"))
	}

	// Epochs that are epochs: batch 64 on the 2,500 sample images is 39.06
	// steps an epoch; 5 epochs take 196 steps, end at epoch 5 with 5
	// validation points, the first after training started.
	b.openFresh("/#batch=64&epochs=5&train=1", "sample")
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`, 240*time.Second)
	if got, want := b.state("iter"), "196"; got != want {
		t.Errorf("5 epochs of batch 64: %s steps, want %s", got, want)
	}
	if got := b.text("run-epoch"); got != "5" {
		t.Errorf("epoch read-out %q after 5 epochs, want 5", got)
	}
	if got := b.state("epochs"); got != "5" {
		t.Errorf("%s accuracy points after 5 epochs, want 5", got)
	}
	b.shot("epochs")

	// Each preset on the sample ends well above chance (10%). The report's
	// best model (4,500 steps of 1,000 images) is left to its own test:
	// it takes minutes in a browser.
	for _, preset := range []string{"preset-report-default", "preset-best-known"} {
		b.openFresh("/", "sample")
		b.click(preset)
		b.click("ctl-train")
		b.waitFor(`document.getElementById("playground").dataset.state === "done"`, 600*time.Second)
		val, err := strconv.ParseFloat(b.state("best-val"), 64)
		if err != nil || val < 0.2 {
			t.Errorf("%s on the sample: best validation %q, want above 0.2 (chance 0.1)", preset, b.state("best-val"))
		}
		t.Logf("%s: best validation %.3f after %s steps (%s)", preset, val, b.state("iter"), b.text("run-speed"))
		b.shot(strings.TrimPrefix(preset, "preset-"))
	}
}

// openFresh opens path as a new page load (a link with only another
// fragment would otherwise be a hash change in the same page) and waits
// as openPlayground does.
func (b *browser) openFresh(path, data string) {
	b.t.Helper()
	b.open(path)
	b.reload()
	b.waitFor(`document.getElementById("playground").dataset.worker === "true"`, 60*time.Second)
	b.waitFor(`document.getElementById("playground").dataset.data === "`+data+`"`, 90*time.Second)
}
