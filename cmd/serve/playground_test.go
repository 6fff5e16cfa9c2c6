//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/internal/testenv"
)

// End-to-end tests of the playground page (app/playground.go) in headless
// Chromium, on the helper of browser_test.go. The page's element ids are
// documented in docs/ui-ids.md; #playground carries the worker's state in
// data attributes (data-state, data-iter, data-epochs, data-best-val,
// data-worker, data-data). Every test saves screenshots under
// screenshots/ (and browser_test.go's helper one more at the end).
//
// Runs train small networks so that the whole file takes a few minutes on
// a loaded two-core machine. The spec's time limits (validation above 20%
// within a minute of pressing Train, UI events handled within 100 ms during
// a run) are measured and logged (go test -v -run TestPlayground
// ./cmd/serve/), not asserted: on a loaded machine a timed assertion fails
// for reasons the page cannot help.

// shot scrolls to the top (the run bar sticks to the top of the window,
// so a full-page screenshot of a scrolled page shows it in the middle)
// and saves a screenshot.
func (b *browser) shot(name string) {
	b.t.Helper()
	b.run(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	b.screenshot(name)
}

// newPlaygroundBrowser is newBrowser, and scrolls back to the top before
// the helper's last screenshot.
func newPlaygroundBrowser(t *testing.T, args ...string) *browser {
	b := newBrowser(t, args...)
	t.Cleanup(func() { // runs before newBrowser's (last registered, first run)
		ctx, cancel := context.WithTimeout(b.ctx, hangGuard)
		defer cancel()
		_ = chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	})
	return b
}

// openPlayground opens path and waits until the page runs (its controls
// answer). The worker starts, and the data loads, with the first action
// that needs them (Train, Step, the gradient check, a model file), or at
// once for a link that trains by itself.
func (b *browser) openPlayground(path string) time.Duration {
	b.t.Helper()
	tti := b.open(path)
	b.waitFor(playgroundReady)
	return tti
}

// playgroundReady is true once app.wasm has mounted the playground.
const playgroundReady = `document.getElementById("playground")?.dataset.ready === "true"`

// click clicks the element with the id, as a script would (the element
// need not be in view), once it is there and enabled: a control may wait
// for the worker a moment after the page is ready (a kept model being
// restored, worker.wasm arriving).
func (b *browser) click(id string) {
	b.t.Helper()
	b.waitFor(fmt.Sprintf(`(() => { const e = document.getElementById(%q); if (!e || e.disabled) return false; e.click(); return true })()`, id))
}

// state returns a data attribute of #playground.
func (b *browser) state(key string) string {
	b.t.Helper()
	return evaluate[string](b, fmt.Sprintf(`document.getElementById("playground").dataset[%q] || ""`, key))
}

// text returns the text of the element with the id, or "" if it is missing.
func (b *browser) text(id string) string {
	b.t.Helper()
	return evaluate[string](b, fmt.Sprintf(`(document.getElementById(%q) || {}).textContent || ""`, id))
}

// downloads returns a new folder that the downloads of b's browser
// context (and of no other test's) go to.
func (b *browser) downloads() string {
	b.t.Helper()
	dir := b.t.TempDir()
	ctx, cancel := context.WithTimeout(b.ctx, hangGuard)
	defer cancel()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
		BrowserContextID: chromedp.FromContext(b.ctx).BrowserContextID}); err != nil {
		b.t.Fatal(err)
	}
	return dir
}

// upload sets the file of an <input type=file>, which fires its change.
func (b *browser) upload(id, path string) {
	b.t.Helper()
	b.run(chromedp.SetUploadFiles(chromedp.CSS("#"+id), []string{path}))
}

// probs returns the classifier's class probabilities, by class.
func (b *browser) probs() map[string]float64 {
	b.t.Helper()
	return evaluate[map[string]float64](b, `Object.fromEntries([...document.querySelectorAll("#classify-probs li")].map(
	  (li) => [li.id.replace("classify-prob-", ""), Number(li.dataset.value)]))`)
}

// waitProbs waits for the probabilities of the ten classes, different from
// old (if not nil), and returns them.
func (b *browser) waitProbs(old map[string]float64) map[string]float64 {
	b.t.Helper()
	old1, _ := json.Marshal(old)
	b.waitFor(fmt.Sprintf(`(() => { const old = %s;
	  const li = [...document.querySelectorAll("#classify-probs li")];
	  return li.length === 10 && (old === null || li.some((e) => old[e.id.replace("classify-prob-", "")] !== Number(e.dataset.value))) })()`, old1))
	p := b.probs()
	sum := 0.0
	for _, v := range p {
		sum += v
	}
	if len(p) != 10 || math.Abs(sum-1) > 1e-6 {
		b.t.Fatalf("probabilities %v sum to %g; want ten that sum to 1 (error %q)", p, sum, b.text("classify-error"))
	}
	return p
}

func sameProbs(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// writePNG writes a w×h picture (a red disc on a blue sky over green grass)
// and returns its path.
func writePNG(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{110, 170, 230, 255}
			if y > h*2/3 {
				c = color.NRGBA{60, 150, 60, 255}
			}
			if dx, dy := x-w/2, y-h/2; dx*dx+dy*dy < (h/5)*(h/5) {
				c = color.NRGBA{210, 40, 40, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "picture.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeFile writes b to a file named name in a temporary folder.
func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// draw drags the mouse across the drawing pad: a few strokes.
func (b *browser) draw() {
	b.t.Helper()
	b.run(chromedp.Evaluate[chromedp.Void](`document.getElementById("classify-pad").scrollIntoView({block: "center"})`))
	r := evaluate[map[string]float64](b, `(() => { const r = document.getElementById("classify-pad").getBoundingClientRect();
	  return {x: r.left, y: r.top, w: r.width, h: r.height} })()`)
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	x0, y0, w, h := r["x"], r["y"], r["w"], r["h"]
	for _, stroke := range [][2][2]float64{{{0.2, 0.3}, {0.8, 0.35}}, {{0.5, 0.2}, {0.5, 0.8}}, {{0.25, 0.7}, {0.75, 0.65}}} {
		ax, ay := x0+stroke[0][0]*w, y0+stroke[0][1]*h
		bx, by := x0+stroke[1][0]*w, y0+stroke[1][1]*h
		actions := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, ax, ay, held, chromedp.ClickCount(1))}
		for i := 1; i <= 10; i++ {
			f := float64(i) / 10
			actions = append(actions, chromedp.MouseEvent(chromedp.MouseMoved, ax+f*(bx-ax), ay+f*(by-ay), held))
		}
		actions = append(actions, chromedp.MouseEvent(chromedp.MouseReleased, bx, by, held, chromedp.ClickCount(1)))
		b.run(actions...)
	}
}

// trainBriefly trains a small net on the sample for a few epochs and
// stops, so that there is a model.
func (b *browser) trainBriefly() {
	b.t.Helper()
	b.click("ctl-train")
	b.waitFor(`Number(document.getElementById("playground").dataset.epochs) >= 3`)
	b.click("ctl-stop")
	b.waitFor(`document.getElementById("playground").dataset.state === "stopped"`)
}

// smallRun is a link to a quick run: enough to beat chance, little CPU.
const smallRun = "/#hidden=32&epochs=6&batch=100"

// TestPlaygroundTrain presses Train on a fresh page: nothing of the
// worker or the sample was fetched before; Train starts the worker and
// loads the sample (both shown), the loss falls, the validation accuracy
// passes 20% within a minute of the press (logged, the downloads
// included), the charts show values on hover, the templates appear, and
// the run ends with results on the test images.
func TestPlaygroundTrain(t *testing.T) {
	b := newPlaygroundBrowser(t)
	tti := b.openPlayground("/")
	b.waitFor(`document.getElementById("run-state").textContent === "Ready"`)
	if !evaluate[bool](b, `document.querySelector("#set-data option[value=cifar]").disabled`) {
		t.Error("the full CIFAR-10 is offered by a server without -data")
	}
	if got := append(b.serverLog("path=/web/worker"), b.serverLog("path=/data/sample/")...); len(got) > 0 {
		t.Errorf("fetched before Train: %q", got)
	}
	if info := b.text("data-info"); !strings.Contains(info, "Downloaded when you first train") {
		t.Errorf("the sample's info %q does not say when it downloads", info)
	}
	b.shot("ready")

	start := time.Now()
	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.data === "sample"`)
	ready := time.Since(start)
	b.waitFor(`Number(document.getElementById("playground").dataset.bestVal) > 0.2`)
	toVal := time.Since(start)
	b.waitFor(`Number(document.getElementById("playground").dataset.epochs) >= 5`)
	first := evaluate[float64](b, `Number(document.getElementById("loss-chart").dataset.first)`)
	last := evaluate[float64](b, `Number(document.getElementById("loss-chart").dataset.last)`)
	if !(last < 0.9*first) {
		t.Errorf("smoothed loss from %g to %g: not falling", first, last)
	}
	if evaluate[int](b, `document.querySelectorAll("#loss-chart svg .hz").length`) < 10 {
		t.Error("the loss chart has no hover zones")
	}
	if !evaluate[bool](b, `(() => { const c = document.getElementById("weights-canvas"); return c.tagName === "CANVAS" && c.width > 32 })()`) {
		t.Error("no weight templates")
	}

	// Hover the middle of the loss chart: its tooltip appears.
	b.run(chromedp.Evaluate[chromedp.Void](`document.getElementById("loss-chart").scrollIntoView({block: "center"})`))
	r := evaluate[map[string]float64](b, `(() => { const r = document.querySelector("#loss-chart svg").getBoundingClientRect();
	  return {x: r.left + r.width / 2, y: r.top + r.height / 2} })()`)
	b.run(chromedp.MouseEvent(chromedp.MouseMoved, r["x"], r["y"]))
	b.screenshot("training") // where the pointer is: the tooltip shows
	tip := evaluate[string](b, `(() => { const z = [...document.querySelectorAll("#loss-chart .hz")].find((z) => z.matches(":hover"));
	  return z && getComputedStyle(z.querySelector(".tip")).visibility === "visible" ? z.querySelector(".tip").textContent : "" })()`)
	if !strings.Contains(tip, "loss:") || !strings.Contains(tip, "smoothed:") {
		t.Errorf("hovering the loss chart shows %q, want the step's loss and smoothed loss", tip)
	}

	speed, rate := b.text("run-speed"), b.text("run-rate")
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
	b.waitFor(`!!document.getElementById("results-test-acc")`)
	acc := evaluate[float64](b, `Number(document.getElementById("results-test-acc").dataset.acc)`)
	if acc <= 0.15 {
		t.Errorf("test accuracy %.3f after the default run, want well above chance (0.1)", acc)
	}
	if n := evaluate[int](b, `document.querySelectorAll("#results-confusion tbody tr").length`); n != 10 {
		t.Errorf("confusion matrix has %d rows, want 10", n)
	}
	if n := evaluate[int](b, `document.querySelectorAll("#results-guesses figure").length`); n == 0 {
		t.Error("no test images with guesses")
	}
	b.shot("done")
	t.Logf("interactive after %v; Train → worker and sample loaded in %v, → validation > 20%% in %v; speed %s (%s); test accuracy %.1f%% after %s steps",
		tti.Round(time.Millisecond), ready.Round(time.Millisecond), toVal.Round(time.Millisecond), speed, rate, 100*acc, b.state("iter"))
}

// TestPlaygroundGradCheckToy checks the toy net's gradients from the page:
// every parameter's error is below the report's 1e-7.
func TestPlaygroundGradCheckToy(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground("/#data=toy")
	b.click("gradcheck-run")
	b.waitFor(`!!document.getElementById("gradcheck-table")`)
	rows := evaluate[[]map[string]string](b, `[...document.querySelectorAll("#gradcheck-table tbody tr")].map((r) => ({id: r.id, error: r.dataset.error, pass: r.dataset.pass}))`)
	var names []string
	for _, r := range rows {
		var e float64
		if _, err := fmt.Sscan(r["error"], &e); err != nil || !(e < 1e-7) || r["pass"] != "true" {
			t.Errorf("%s: relative error %s, pass %s; want below 1e-7", r["id"], r["error"], r["pass"])
		}
		names = append(names, strings.TrimPrefix(r["id"], "gradcheck-row-"))
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"W1", "W2", "b1", "b2"}) {
		t.Errorf("checked %v, want W1, W2, b1, b2", names)
	}
	if s := b.text("gradcheck-summary"); !strings.HasPrefix(s, "Backprop agrees with finite differences") {
		t.Errorf("summary %q", s)
	}
	b.shot("table")
}

// TestPlaygroundClassify classifies an uploaded PNG and a drawing with a
// briefly trained model: the 32×32 input appears and the ten
// probabilities sum to 1.
func TestPlaygroundClassify(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground(smallRun)
	b.trainBriefly()

	b.upload("classify-file", writePNG(t, 120, 90))
	p := b.waitProbs(nil)
	if !evaluate[bool](b, `(() => { const c = document.getElementById("classify-input"); return c.tagName === "CANVAS" && c.width === 32 && c.height === 32 })()`) {
		t.Error("the 32×32 input is not shown")
	}
	if s := b.text("classify-top"); !strings.Contains(s, "Looks like a") {
		t.Errorf("verdict %q", s)
	}
	if src := evaluate[string](b, `document.querySelector(".input-box .source").textContent`); !strings.Contains(src, "picture.png") {
		t.Errorf("source %q, want the file's name", src)
	}
	b.shot("upload")

	b.draw()
	b.waitFor(`(document.querySelector(".input-box .source") || {}).textContent?.startsWith("your drawing")`)
	q := b.waitProbs(p)

	// Drag and drop: a GIF made by the page's canvas, dropped on the pad.
	b.run(chromedp.Evaluate[chromedp.Void](`(async () => {
	  const c = document.createElement("canvas"); c.width = 50; c.height = 30;
	  const g = c.getContext("2d"); g.fillStyle = "#3a9d3a"; g.fillRect(0, 0, 50, 30); g.fillStyle = "#d62728"; g.fillRect(20, 5, 10, 20);
	  const blob = await new Promise((r) => c.toBlob(r, "image/png"));
	  const dt = new DataTransfer(); dt.items.add(new File([blob], "dropped.png", { type: "image/png" }));
	  const zone = document.getElementById("classify-drop");
	  zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
	  zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
	})()`, chromedp.EvalAwaitPromise))
	b.waitFor(`(document.querySelector(".input-box .source") || {}).textContent?.startsWith("dropped.png")`)
	b.waitProbs(q)
	t.Logf("upload: %v\ndrawing: %v", p, q)
	b.shot("drawing")

	// The pretrained model (served from assets/pretrained) answers.
	b.click("classify-use-pretrained")
	b.waitFor(`document.querySelectorAll("#classify-probs li").length === 10 || !!document.getElementById("classify-error")`)
	if e := b.text("classify-error"); e != "" {
		t.Errorf("pretrained model: %q", e)
	}
	b.shot("pretrained")
}

// TestPlaygroundSaveLoad saves a model to a file, builds a fresh net (other
// predictions), loads the file back: the predictions are identical.
func TestPlaygroundSaveLoad(t *testing.T) {
	b := newPlaygroundBrowser(t)
	dir := b.downloads()
	b.openPlayground(smallRun)
	b.trainBriefly()
	b.upload("classify-file", writePNG(t, 64, 64))
	before := b.waitProbs(nil)

	b.click("model-save")
	// The download is complete when Chromium renames it to its final name.
	file := waitFile(t, filepath.Join(dir, "*.bppmodel"))
	if s := b.text("model-status"); !strings.Contains(s, "Saved") {
		t.Errorf("status %q", s)
	}

	b.click("ctl-reset") // a fresh net predicts something else
	fresh := b.waitProbs(before)
	b.upload("model-load", file)
	b.waitFor(`document.getElementById("model-status").textContent.startsWith("Loaded")`)
	after := b.waitProbs(fresh)
	if !sameProbs(before, after) {
		t.Errorf("after saving and loading the model predicts\n%v\nbefore\n%v", after, before)
	}
	b.shot("loaded")
}

// TestPlaygroundReloadKeepsModel trains, reloads the page, and finds the
// same model (same predictions), its charts and its settings again.
func TestPlaygroundReloadKeepsModel(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground(smallRun)
	b.trainBriefly()
	b.waitFor(`document.getElementById("model-status").textContent.startsWith("Kept in this browser")`)
	pic := writePNG(t, 80, 80)
	b.upload("classify-file", pic)
	before := b.waitProbs(nil)
	points := b.text("loss-chart")

	b.reload()
	b.waitFor(`!!document.getElementById("restored")`)
	b.waitFor(`document.getElementById("playground").dataset.state === "ready"`)
	if evaluate[string](b, `document.getElementById("loss-chart").dataset.points`) == "0" {
		t.Errorf("the loss chart is empty after the reload (before: %.60q)", points)
	}
	if v := evaluate[string](b, `document.getElementById("set-hidden").value`); v != "32" {
		t.Errorf("hidden %q after the reload, want 32", v)
	}
	b.upload("classify-file", pic)
	after := b.waitProbs(nil)
	if !sameProbs(before, after) {
		t.Errorf("after the reload the model predicts\n%v\nbefore\n%v", after, before)
	}
	b.shot("reloaded")
}

// TestPlaygroundBadInput uploads files that are not pictures and a corrupt
// model: each is an error on the page, and the page keeps working.
func TestPlaygroundBadInput(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground(smallRun)
	b.trainBriefly()

	b.upload("classify-file", writeFile(t, "notes.png", []byte("these are not the pixels you are looking for")))
	b.waitFor(`!!document.getElementById("classify-error")`)
	if e := b.text("classify-error"); !strings.Contains(e, "notes.png is not a PNG, JPEG or GIF") {
		t.Errorf("error %q", e)
	}
	b.shot("not-an-image")
	// The right signature but no image after it.
	b.upload("classify-file", writeFile(t, "broken.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)))
	b.waitFor(`(document.getElementById("classify-error") || {}).textContent?.includes("broken.png")`)
	if e := b.text("classify-error"); !strings.Contains(e, "cannot decode broken.png") {
		t.Errorf("error %q", e)
	}
	// A good picture still works.
	b.upload("classify-file", writePNG(t, 40, 40))
	b.waitProbs(nil)

	// A corrupt model file: an error, and the model stays.
	b.upload("model-load", writeFile(t, "junk.bppmodel", bytes.Repeat([]byte("junk"), 100)))
	b.waitFor(`!!document.getElementById("model-error")`)
	if e := b.text("model-error"); !strings.Contains(e, "junk.bppmodel is not a model the playground can load") {
		t.Errorf("model error %q", e)
	}
	if s := b.state("state"); s != "stopped" {
		t.Errorf("state %q after a bad model file, want stopped (the model stays)", s)
	}
	b.click("ctl-train")
	b.waitFor(`Number(document.getElementById("playground").dataset.iter) > 0 && document.getElementById("playground").dataset.state !== "stopped"`)
	b.shot("errors")
}

// TestPlaygroundBadLink opens a link with a bad value: the page names the
// field, uses the default for it and the rest of the link, and trains.
func TestPlaygroundBadLink(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground("/#lr=abc&hidden=48&epochs=2&train=1")
	b.waitFor(`!!document.getElementById("link-errors")`)
	if f := evaluate[[]string](b, `[...document.querySelectorAll("#link-errors li")].map((li) => li.dataset.field)`); !slices.Contains(f, "lr") {
		t.Errorf("link errors name %v, want lr", f)
	}
	if e := b.text("link-errors"); !strings.Contains(e, `"abc"`) {
		t.Errorf("link errors %q do not quote the value", e)
	}
	if v := evaluate[string](b, `document.getElementById("set-lr").value`); v != "0.001" {
		t.Errorf("lr field %q, want the default 0.001", v)
	}
	if v := evaluate[string](b, `document.getElementById("set-hidden").value`); v != "48" {
		t.Errorf("hidden field %q, want 48 from the link", v)
	}
	if s := b.state("state"); s != "idle" {
		t.Errorf("state %q: a link with errors must not start training by itself", s)
	}
	// A bad value typed into a field is refused the same way.
	b.run(chromedp.SetValue(chromedp.CSS("#set-batch"), "lots"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("set-batch").dispatchEvent(new Event("change"))`))
	b.waitFor(`!!document.getElementById("err-batch")`)
	b.shot("errors")
	b.run(chromedp.SetValue(chromedp.CSS("#set-batch"), "100"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("set-batch").dispatchEvent(new Event("change"))`))
	b.waitFor(`!document.getElementById("err-batch")`)

	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
	if !strings.Contains(evaluate[string](b, `location.hash`), "hidden=48") {
		t.Error("the link lost hidden=48")
	}
}

// TestPlaygroundResponsive measures, during a run, how long the page takes
// to handle UI events: timer ticks, and clicks on controls until the page
// shows their effect. Training runs in the worker, so both should stay
// under the spec's 100 ms; the figures are logged (go test -v -run
// TestPlaygroundResponsive ./cmd/serve/), since on a loaded machine the OS
// delays events for reasons the page cannot help. Asserted: the page
// answered every click while the run went on.
func TestPlaygroundResponsive(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground("/#epochs=50")
	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.state === "running" && Number(document.getElementById("playground").dataset.iter) > 20`)

	// Timer ticks: every 20 ms for 5 s, the delay past the due time.
	lags := evaluate[[]float64](b, `new Promise((done) => {
	  const lags = []; let due = performance.now() + 20;
	  const tick = () => { const now = performance.now(); lags.push(now - due); due = now + 20;
	    if (lags.length < 250) setTimeout(tick, 20); else done(lags) };
	  setTimeout(tick, 20) })`)

	// Clicks on palette swatches (re-rendered by Go) and on a checkbox of
	// the setup: from the click to the DOM change.
	clicks := evaluate[[]float64](b, `(async () => {
	  const out = [];
	  const once = (el, click) => new Promise((done) => {
	    const t0 = performance.now();
	    // A click the page never answers: after 30 s (a hang guard, far
	    // beyond any load) it counts as unanswered, -1.
	    const timer = setTimeout(() => { obs.disconnect(); done(-1) }, 30000);
	    const obs = new MutationObserver(() => { clearTimeout(timer); obs.disconnect(); done(performance.now() - t0) });
	    obs.observe(el, { attributes: true, subtree: true, childList: true });
	    click();
	  });
	  for (let i = 1; i <= 12; i++) { // swatch 0 is chosen at first: start at 1
	    const sw = document.getElementById("classify-color-" + (i % 12));
	    out.push(await once(sw.parentElement, () => sw.click()));
	    await new Promise((r) => setTimeout(r, 150));
	  }
	  for (let i = 0; i < 4; i++) {
	    const box = document.getElementById("set-flipv");
	    out.push(await once(document.getElementById("setup"), () => box.click()));
	    await new Promise((r) => setTimeout(r, 150));
	  }
	  return out })()`)
	if s := b.state("state"); s != "running" {
		t.Errorf("state %q: the run should still be going", s)
	}
	if len(lags) != 250 || len(clicks) != 16 {
		t.Fatalf("%d timer ticks and %d clicks measured, want 250 and 16", len(lags), len(clicks))
	}
	slices.Sort(lags)
	slices.Sort(clicks)
	unanswered := sort.SearchFloat64s(clicks, 0) // the -1s
	if unanswered > 0 {
		t.Errorf("%d of %d clicks changed nothing on the page during a run", unanswered, len(clicks))
	}
	if unanswered == len(clicks) {
		return
	}
	clicks = clicks[unanswered:]
	p90 := func(v []float64) float64 { return v[len(v)*9/10] }
	t.Logf("during a run: timer lag median %.1f ms, 90th percentile %.1f ms, max %.1f ms; click to DOM median %.1f ms, 90th percentile %.1f ms, max %.1f ms",
		lags[len(lags)/2], p90(lags), lags[len(lags)-1], clicks[len(clicks)/2], p90(clicks), clicks[len(clicks)-1])
	b.shot("running")
}

// TestPlaygroundAutostart opens a link with train=1: the page trains by
// itself once the data is loaded (here the toy problem's 100 steps).
func TestPlaygroundAutostart(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground("/#data=toy&train=1")
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
	if n := b.state("iter"); n != "100" {
		t.Errorf("%s steps, want the toy run's 100", n)
	}
	if e := b.text("link-errors"); e != "" {
		t.Errorf("link errors %q", e)
	}
	if w := b.text("weights-canvas"); !strings.Contains(w, "4 numbers") {
		t.Errorf("weights panel %q: want the toy problem's explanation", w)
	}
	b.shot("done")
}

// TestPlaygroundFullCIFAR trains on the first 1,000 images of the full
// CIFAR-10, which the server offers with -data; the page downloads them
// with a progress bar. It needs the full set (testenv.CIFAR10Dir).
func TestPlaygroundFullCIFAR(t *testing.T) {
	dir := testenv.CIFAR10Dir(t)
	b := newPlaygroundBrowser(t, "-data", dir)
	b.open("/#data=cifar:1000&hidden=16&epochs=2&train=1")
	// A download the link asks for: the page asks first (TestPlaygroundAskFullDownload).
	b.waitFor(`!!document.getElementById("data-ask")`)
	if got := b.serverLog("path=/data/cifar/"); len(got) > 0 {
		t.Errorf("the full CIFAR-10 was requested before the user said yes: %q", got)
	}
	if a := b.text("data-ask"); !strings.Contains(a, "This link trains on 1,000 training images of the full CIFAR-10") {
		t.Errorf("the question %q", a)
	}
	b.shot("asked")
	b.click("data-ask-yes")
	b.waitFor(`!!document.getElementById("data-progress") || document.getElementById("playground").dataset.data === "cifar:1000"`)
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
	if d := b.state("data"); d != "cifar:1000" {
		t.Errorf("data %q, want cifar:1000", d)
	}
	if v := evaluate[string](b, `document.getElementById("set-cifar-size").value`); v != "1000" {
		t.Errorf("size %q, want 1000", v)
	}
	if info := b.text("data-info"); !strings.Contains(info, "1,000 training, 1,000 validation and 10,000 test images") {
		t.Errorf("data info %q", info)
	}
	b.shot("done")
}

// TestPlaygroundNarrow lays the page out on a phone-sized screen: one
// column, nothing wider than the screen.
func TestPlaygroundNarrow(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	b.openPlayground("/")
	overflow := evaluate[[]string](b, `[...document.querySelectorAll("#playground *")].filter((e) => {
	  const r = e.getBoundingClientRect(); return r.width > 0 && r.right > document.documentElement.clientWidth + 1
	}).map((e) => e.id || e.tagName.toLowerCase() + "." + e.className).slice(0, 10)`)
	if len(overflow) > 0 {
		t.Errorf("elements wider than the screen: %v", overflow)
	}
	if w := evaluate[float64](b, `document.documentElement.scrollWidth`); w > 391 {
		t.Errorf("page scrolls sideways: %g px wide", w)
	}
	b.shot("phone")
}

// waitFile waits until a file matches the glob pattern (a download that
// Chromium has finished and renamed) and returns its path.
func waitFile(t *testing.T, pattern string) string {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		if m, _ := filepath.Glob(pattern); len(m) > 0 {
			return m[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no file %s after %v", pattern, hangGuard)
		}
		time.Sleep(100 * time.Millisecond) // the polling interval
	}
}
