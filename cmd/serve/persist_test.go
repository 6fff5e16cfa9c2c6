//go:build !js

package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// longRun is a run that is still going when the test reloads: long
// enough that no machine ends it first (at 1,000 steps, an idle machine
// ended it before the second reload, which then found a finished model):
// 2,000 epochs of the sample's 2,500 images, 50 a step.
const (
	longIters = 100000
	longRun   = "/#hidden=32&epochs=2000&batch=50"
)

// num returns a numeric data attribute of #playground.
func (b *browser) num(key string) float64 {
	b.t.Helper()
	v, err := strconv.ParseFloat(b.state(key), 64)
	if err != nil {
		b.t.Fatalf("data-%s: %v", key, err)
	}
	return v
}

// lastLoss returns the loss chart's last smoothed loss.
func (b *browser) lastLoss() float64 {
	b.t.Helper()
	return evaluate[float64](b, `Number(document.getElementById("loss-chart").dataset.last)`)
}

// reloadMidRun reloads a running page once wait holds, and checks that
// the page restores the run paused at the step it had kept, says so and
// offers Resume, that Resume continues from that step, and that the loss
// continues where it was. It returns the restored step.
func (b *browser) reloadMidRun(wait string) int {
	b.t.Helper()
	b.waitFor(wait)
	kept := int(b.num("keptIter"))
	before := b.lastLoss()
	b.reload()
	b.waitFor(`!!document.getElementById("restored") && document.getElementById("playground").dataset.state === "paused"`)
	got := int(b.num("iter"))
	if got < kept || got <= 0 {
		b.t.Errorf("restored at step %d, want the kept step %d or later (> 0)", got, kept)
	}
	want := fmt.Sprintf("Restored your run: step %s of %s, paused. Resume continues it.", formatInt(got), formatInt(longIters))
	if s := evaluate[string](b, `document.querySelector("#restored span").textContent`); s != want {
		b.t.Errorf("notice %q, want %q", s, want)
	}
	if s := b.text("run-iter"); !strings.HasPrefix(s, formatInt(got)+" / ") {
		b.t.Errorf("run bar iteration %q, want step %d", s, got)
	}
	if p := evaluate[float64](b, `Number(document.getElementById("loss-chart").dataset.points)`); p == 0 {
		b.t.Error("the loss chart is empty after the reload")
	}
	restoredLoss := b.lastLoss()
	b.click("ctl-resume")
	b.waitFor(`document.getElementById("playground").dataset.state === "running"`)
	b.waitFor(fmt.Sprintf(`Number(document.getElementById("playground").dataset.iter) >= %d`, got+100))
	after := b.lastLoss()
	b.t.Logf("kept step %d, restored at %d; loss %.3f before the reload, %.3f restored, %.3f 100 steps after Resume", kept, got, before, restoredLoss, after)
	if after > before+0.15 || (before < 2.1 && after > 2.2) {
		b.t.Errorf("the loss after Resume is %.3f, before the reload %.3f: it did not continue where it was", after, before)
	}
	return got
}

func formatInt(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestPlaygroundReloadResumesRun starts training on the sample and
// reloads mid-run twice: (a) right after the run's first save, long before
// the first periodic one, and (b) after a periodic save, when the loss has
// fallen well below the untrained net's ln 10 ≈ 2.3. Each time the page
// offers Resume at the kept step, Resume continues from it, and the loss
// continues where it was.
func TestPlaygroundReloadResumesRun(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground(longRun)
	b.click("ctl-train")
	// (a) The first save comes with the first steps.
	b.reloadMidRun(`Number(document.getElementById("playground").dataset.keeps) >= 1 && Number(document.getElementById("playground").dataset.keptIter) > 0`)
	b.shot("resumed-early")
	// (b) Later, after periodic saves, with a trained net.
	at := b.num("iter")
	b.reloadMidRun(fmt.Sprintf(`(() => { const d = document.getElementById("playground").dataset;
	  return Number(d.keeps) >= 3 && Number(d.keptIter) > %d && Number(document.getElementById("loss-chart").dataset.last) < 2.1 })()`, int(at)+200))
	b.shot("resumed-late")
}

// TestPlaygroundKeptModels: a model saved to a file and evaluated is
// restored after a reload with its file named and its results shown; a
// second run is listed beside it; opening the first while the second's
// last steps are kept nowhere asks first, and Discard opens it with its
// settings and charts.
func TestPlaygroundKeptModels(t *testing.T) {
	b := newPlaygroundBrowser(t)
	dir := b.downloads()
	b.openPlayground(smallRun)
	b.trainBriefly()
	b.waitFor(`!!document.getElementById("results-test-acc")`)
	acc := b.text("results-test-acc")
	b.click("model-save")
	waitFile(t, filepath.Join(dir, "*.bppmodel"))
	// The kept record names the file, and is written.
	b.waitFor(`!!document.querySelector("#kept-runs li[data-current=true][data-file$='.bppmodel']") && document.getElementById("playground").dataset.storing === "false"`)

	// Issue 12: a reload restores the whole view of the model.
	b.reload()
	b.waitFor(`!!document.getElementById("restored") && document.getElementById("playground").dataset.state === "ready"`)
	if s := b.text("model-status"); !strings.HasPrefix(s, "Saved as backprop-sample-") || strings.Contains(s, "not saved yet") {
		t.Errorf("model status after the reload %q, want the saved file named", s)
	}
	b.waitFor(`!!document.getElementById("results-test-acc")`)
	if got := b.text("results-test-acc"); got != acc {
		t.Errorf("results after the reload %q, before %q", got, acc)
	}
	b.shot("restored")

	// A second model, on other settings: both are listed.
	b.run(chromedp.SetValue(chromedp.CSS("#set-hidden"), "48"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("set-hidden").dispatchEvent(new Event("change"))`))
	b.run(chromedp.SetValue(chromedp.CSS("#set-epochs"), "400"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("set-epochs").dispatchEvent(new Event("change"))`))
	b.click("ctl-train")
	if evaluate[bool](b, `!!document.getElementById("discard-ask")`) {
		t.Error("asked before replacing a model that is kept")
	}
	b.waitFor(`document.querySelectorAll("#kept-runs li").length === 2 && document.getElementById("playground").dataset.state === "running"`)
	first := evaluate[string](b, `document.querySelector("#kept-runs li[data-current=false]").dataset.id`)
	names := b.text("kept-runs")
	if !strings.Contains(names, "32 hidden") || !strings.Contains(names, "48 hidden") {
		t.Errorf("the list %q does not name both models by their shape", names)
	}

	// Opening the first while the second runs would lose its last steps.
	b.run(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector("#kept-runs li[data-id='%s'] .kept-open").click()`, first)))
	b.waitFor(`!!document.getElementById("discard-ask")`)
	if s := b.text("discard-ask"); !strings.Contains(s, "48 hidden") || !strings.Contains(s, "Discard it?") {
		t.Errorf("question %q", s)
	}
	b.shot("ask")
	b.click("discard-go")
	b.waitFor(fmt.Sprintf(`!!document.querySelector("#kept-runs li[data-id='%s'][data-current=true]") && document.getElementById("playground").dataset.state === "ready"`, first))
	if v := evaluate[string](b, `document.getElementById("set-hidden").value`); v != "32" {
		t.Errorf("hidden %q after opening the first model, want 32", v)
	}
	if p := evaluate[float64](b, `Number(document.getElementById("loss-chart").dataset.points)`); p == 0 {
		t.Error("the first model's loss chart is empty")
	}
	if s := evaluate[string](b, `document.querySelector("#restored span").textContent`); !strings.HasPrefix(s, "Opened CIFAR-10 sample, 32 hidden") {
		t.Errorf("notice %q", s)
	}
	b.shot("opened")
}

// TestPlaygroundKeptLegacy: the one model an older page kept (keys
// "model" and "run") is reopened after the update, moved into the list of
// kept models, and its old keys are deleted.
func TestPlaygroundKeptLegacy(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground(smallRun)
	b.trainBriefly()
	// The checkpoint of this model, written as the old page did: from a
	// page of the same origin without the app, so that no save of the
	// playground (it saves on pagehide too) can land after the old keys.
	// A transaction opened after the page left runs after any it began.
	b.waitFor(`document.getElementById("playground").dataset.storing === "false" && document.querySelectorAll("#kept-runs li").length === 1`)
	id := evaluate[string](b, `document.querySelector("#kept-runs li").dataset.id`)
	b.run(chromedp.Navigate(b.url + "/web/icon.svg"))
	ok := evaluate[bool](b, fmt.Sprintf(`new Promise((done) => {
	  const open = indexedDB.open("backprop-playground", 1);
	  open.onsuccess = () => {
	    const db = open.result, st = db.transaction("kv", "readwrite").objectStore("kv");
	    const get = st.get("model/" + %q);
	    get.onsuccess = () => {
	      if (!get.result) { done(false); return; }
	      st.clear();
	      st.put(get.result, "model");
	      st.put(new TextEncoder().encode(JSON.stringify({saved: "2026-01-02T03:04:05Z", config: "data=sample&hidden=32", iter: 7, iters: 9, epoch: 1, state: "stopped",
	        history: {beta: 0.9, stride: 1, iters: [0, 1], raw: [2.3, 2.2], smooth: [2.3, 2.25], epochs: []}})), "run");
	      st.transaction.oncomplete = () => { db.close(); done(true) };
	    };
	  };
	  open.onerror = () => done(false);
	})`, id))
	if !ok {
		t.Fatal("could not write the old keys")
	}
	b.open(smallRun)
	b.waitFor(`!!document.getElementById("restored") && document.querySelectorAll("#kept-runs li").length === 1 && document.getElementById("playground").dataset.storing === "false" && Number(document.getElementById("playground").dataset.keeps) >= 1`)
	if s := evaluate[string](b, `document.querySelector("#restored span").textContent`); !strings.Contains(s, "(kept Jan 2, 03:04)") {
		t.Errorf("notice %q, want the old record's time", s)
	}
	left := evaluate[int](b, `new Promise((done) => {
	  const open = indexedDB.open("backprop-playground", 1);
	  open.onsuccess = () => {
	    const st = open.result.transaction("kv").objectStore("kv"), r = st.count(IDBKeyRange.only("model"));
	    const r2 = st.count(IDBKeyRange.only("run"));
	    r2.onsuccess = () => done(r.result + r2.result);
	  };
	})`)
	if left != 0 {
		t.Errorf("%d old keys left after the move", left)
	}
}
