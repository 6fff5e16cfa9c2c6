//go:build !js

package main

import (
	"strconv"
	"strings"
	"testing"

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
		b.openFresh(path)
		b.click("gradcheck-run")
		b.waitFor(`!!document.getElementById("gradcheck-summary")`)
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
	b.openFresh("/#batch=64&epochs=5&train=1")
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
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

	// Presets on the sample end well above chance (10%): the page's own,
	// and the report's best model (230 steps of 1,000 images, its 92
	// epochs: minutes in a loaded browser). app's TestPresetsOnSample runs
	// the other presets natively, with the same floor.
	for _, preset := range []string{"preset-best-known", "preset-report-best"} {
		b.openFresh("/")
		b.click(preset)
		b.click("ctl-train")
		b.waitFor(`["done", "stopped", "diverged"].includes(document.getElementById("playground").dataset.state)`)
		if st := b.state("state"); st != "done" {
			t.Errorf("%s on the sample ended %s: %s", preset, st, b.text("run-error"))
		}
		// The run bar's validation read-out, as a student reads it.
		readout := b.text("run-val")
		val, err := strconv.ParseFloat(strings.TrimSuffix(readout, "%"), 64)
		if err != nil || val/100 < 0.25 {
			t.Errorf("%s on the sample: validation read-out %q, want at least 25%% (chance 10%%)", preset, readout)
		}
		if preset == "preset-report-best" {
			if got := b.text("run-epoch"); got != "92" {
				t.Errorf("%s: ends at epoch %s, want the report's 92", preset, got)
			}
		}
		t.Logf("%s: validation %s (best %s) after %s steps, epoch %s (%s)", preset, readout, b.state("bestVal"), b.state("iter"), b.text("run-epoch"), b.text("run-speed"))
		b.shot(strings.TrimPrefix(preset, "preset-"))
	}
}

// openFresh opens path as a new page load (a link with only another
// fragment would be a same-document navigation), and waits as
// openPlayground does.
func (b *browser) openFresh(path string) {
	b.t.Helper()
	b.open(path)
	b.reload()
	b.waitFor(playgroundReady)
}

// TestTruthViews: views never go stale and numbers stay readable: a
// diverged run's chart, the run bar's buttons in each state, a CIFAR net's
// templates after switching to the toy problem, and refused link values.
func TestTruthViews(t *testing.T) {
	b := newPlaygroundBrowser(t)

	// A refused value leaves the address bar; the page says why.
	b.openPlayground("/#hidden=abc&lr=2e-3") // the browser's first load
	if h := evaluate[string](b, `location.hash`); strings.Contains(h, "abc") || !strings.Contains(h, "lr=0.002") {
		t.Errorf("after a refused hidden=abc the address says %q", h)
	}
	if e := b.text("link-errors"); !strings.Contains(e, "hidden") {
		t.Errorf("link errors %q", e)
	}

	// Ready to step: nothing to stop. Step: Train stays Train and Stop
	// becomes possible.
	b.click("ctl-reset")
	b.waitFor(`document.getElementById("playground").dataset.state === "ready"`)
	if evaluate[bool](b, `!document.getElementById("ctl-stop").disabled`) {
		t.Error("Stop is enabled in Ready to step")
	}
	b.click("ctl-step")
	b.waitFor(`document.getElementById("playground").dataset.iter === "1"`)
	b.waitFor(`!!document.getElementById("ctl-train") && !document.getElementById("ctl-stop").disabled`)
	if got := b.text("ctl-train"); got != "Train" {
		t.Errorf("after Step the primary button reads %q, want Train", got)
	}
	b.shot("runbar")

	// Templates of this CIFAR net, then the toy problem: Train shows no
	// templates of the old net and the model status names no old file.
	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.state === "running" && document.querySelector("#weights-canvas.templates") !== null && !!document.getElementById("ctl-pause") && !document.getElementById("ctl-pause").disabled`)
	b.click("ctl-pause")
	b.waitFor(`document.getElementById("playground").dataset.state === "paused"`)
	b.run(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("set-data"); s.value = "toy"; s.dispatchEvent(new Event("change", {bubbles: true})) })()`))
	b.waitFor(`!!document.getElementById("ctl-train") && !document.getElementById("ctl-train").disabled`)
	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.state === "done" && document.getElementById("playground").dataset.data === "toy"`)
	if evaluate[bool](b, `document.querySelector("#weights-canvas.templates") !== null`) || strings.Contains(b.text("weights-caption"), "hidden units") {
		t.Errorf("after a toy run the weights panel still shows the old net: %q", b.text("weights-panel"))
	}
	b.shot("toy-after-cifar")

	// A diverged run: the loss chart's labels stay short, one message.
	b.openFresh("/#lr=1e6&opt=sgd&init=he&iters=40&train=1")
	b.waitFor(`["diverged", "done", "stopped"].includes(document.getElementById("playground").dataset.state)`)
	labels := evaluate[[]string](b, `[...document.querySelectorAll("#loss-chart .ytick")].map((e) => e.textContent)`)
	for _, l := range labels {
		if len(l) > 10 {
			t.Errorf("loss chart y label %q", l)
		}
	}
	if msg := b.text("run-error"); strings.Count(strings.ToLower(msg), "try a smaller") > 1 {
		t.Errorf("the divergence message repeats its advice: %q", msg)
	}
	t.Logf("diverged: state %s, labels %v, message %q, chart note %q", b.state("state"), labels, b.text("run-error"),
		evaluate[string](b, `(document.querySelector("#loss-chart .overflow") || {}).textContent || ""`))
	b.shot("diverged")
}
