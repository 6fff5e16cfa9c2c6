//go:build !js

package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/app/lesson"
)

// responsiveWindow is how long each of TestResponsiveness's windows
// watches the page; make bench runs it with a longer one
// (-args -responsive.window=20s).
var responsiveWindow = flag.Duration("responsive.window", 4*time.Second, "how long TestResponsiveness watches each phase")

// responsiveJS installs window.__resp, the page-side instruments of
// TestResponsiveness:
//
//   - a PerformanceObserver of "longtask" entries (main-thread tasks over
//     50 ms); busy(from, to) is their total time within [from, to];
//   - arm(id, cond): a promise of the milliseconds from a real click on
//     #id (the event's timestamp, taken when the browser received the
//     input, so queueing behind a busy main thread counts) until a DOM
//     mutation after which cond() holds: click-to-DOM (clickAt is the
//     last click's timestamp);
//   - frames(ms): a promise of the animation frames per second and the
//     lateness of a 100 ms timer chain (mean and largest, in ms) over ms.
const responsiveJS = `window.__resp = window.__resp || (() => {
  const r = { long: [] };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) r.long.push([e.startTime, e.duration]); }).observe({ type: "longtask" });
  r.busy = (from, to) => {
    let s = 0;
    for (const [t, d] of r.long) { const a = Math.max(t, from), b = Math.min(t + d, to); if (b > a) s += b - a; }
    return s;
  };
  r.arm = (id, cond) => new Promise((resolve) => {
    let ts = -1;
    const done = () => {
      if (ts < 0 || !cond()) return;
      mo.disconnect();
      document.removeEventListener("click", onClick, true);
      resolve(performance.now() - ts);
    };
    const onClick = (e) => { if (e.target.closest && e.target.closest("#" + id)) { ts = r.clickAt = e.timeStamp; done(); } };
    const mo = new MutationObserver(done);
    mo.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
    document.addEventListener("click", onClick, true);
  });
  r.frames = (ms) => new Promise((resolve) => {
    const t0 = performance.now();
    let frames = 0, lateSum = 0, lateMax = 0, ticks = 0, due = t0 + 100;
    const frame = () => { frames++; if (performance.now() - t0 < ms) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    const tick = () => {
      const now = performance.now(), late = Math.max(0, now - due);
      lateSum += late; lateMax = Math.max(lateMax, late); ticks++;
      if (now - t0 < ms) { due = now + 100; setTimeout(tick, 100); return; }
      resolve({ fps: frames * 1000 / (now - t0), lagMean: lateSum / ticks, lagMax: lateMax });
    };
    setTimeout(tick, 100);
  });
  return r;
})(); true`

// workerWatch runs before the page's scripts: it records in
// window.__stateAt the time (performance.now()) at which each worker's
// last state event reached the page, by kind ("paused", ...), so that a
// Pause latency splits into the worker's answer and the page's drawing.
const workerWatch = `(() => {
  const W = window.Worker;
  if (!W) return;
  window.__stateAt = {};
  window.Worker = function (...args) {
    const w = new W(...args);
    w.addEventListener("message", (e) => {
      const text = e.data && e.data.text;
      if (typeof text === "string" && text.includes('"kind":"state"')) {
        try { window.__stateAt[JSON.parse(text).state] = performance.now(); } catch (_) {}
      }
    });
    return w;
  };
  window.Worker.prototype = W.prototype;
})();`

// frameStats is what __resp.frames resolves with.
type frameStats struct {
	FPS     float64 `json:"fps"`
	LagMean float64 `json:"lagMean"`
	LagMax  float64 `json:"lagMax"`
}

// clickToDOM clicks #id with the mouse (chromedp scrolls it into view)
// and returns the milliseconds until cond (a JavaScript expression) holds
// after a DOM change.
func (b *browser) clickToDOM(id, cond string) float64 {
	b.t.Helper()
	evaluate[bool](b, fmt.Sprintf(`(window.__armed = __resp.arm(%q, () => %s), true)`, id, cond))
	b.run(chromedp.Click(chromedp.CSS("#" + id)))
	return evaluate[float64](b, `window.__armed`)
}

// longTaskShare watches the page for d and returns the share of that time
// the main thread spent in long tasks.
func (b *browser) longTaskShare(d time.Duration) float64 {
	b.t.Helper()
	from := evaluate[float64](b, `performance.now()`)
	time.Sleep(d) // a measurement window, not a wait for a condition
	to := evaluate[float64](b, `performance.now()`)
	return evaluate[float64](b, fmt.Sprintf(`__resp.busy(%f, %f)`, from, to)) / (to - from)
}

// p90 returns the 90th percentile of ms (nearest rank).
func p90(ms []float64) float64 {
	s := slices.Sorted(slices.Values(ms))
	return s[(len(s)*9+9)/10-1]
}

// toggleClicks clicks the setup's vertical-flip switch n times (n even:
// the settings end as they began, so Resume stays Resume) and returns
// each click's click-to-DOM time: until the share link, which the page
// re-renders from the settings, changes.
func (b *browser) toggleClicks(n int) []float64 {
	b.t.Helper()
	const link = `document.getElementById("share-link").getAttribute("href")`
	var ms []float64
	for range n {
		before := evaluate[string](b, link)
		ms = append(ms, b.clickToDOM("set-flipv", fmt.Sprintf(`%s !== %q`, link, before)))
	}
	return ms
}

// pauseLatency clicks Pause and returns the milliseconds until the page
// shows the run paused (the worker's answer, applied), and until the
// worker's state event arrived (workerWatch).
func (b *browser) pauseLatency() (shown, answered float64) {
	b.t.Helper()
	shown = b.clickToDOM("ctl-pause", `document.getElementById("playground").dataset.state === "paused"`)
	return shown, evaluate[float64](b, `window.__stateAt.paused - __resp.clickAt`)
}

// TestResponsiveness measures how light the pages stay while they train
// (issue 10), idle and during a run, and logs the figures; it asserts
// only that the page answered. On / with the sample: the click-to-DOM
// time of a setup switch (p90 of 10 clicks), the share of the time the
// main thread spent in long tasks, and the Pause latency (click → the
// page's data-state "paused") at the default batch of 100 and at batch
// 1000; on /plane while training: animation frames a second and the
// lateness of a 100 ms timer. make bench runs it with 20 s windows.
func TestResponsiveness(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: workerWatch})
		return err
	}))
	w := *responsiveWindow
	b.openPlayground("/#epochs=1000")
	evaluate[bool](b, responsiveJS)
	const running = `document.getElementById("playground").dataset.state === "running" && document.getElementById("ctl-pause") !== null`

	idleShare := b.longTaskShare(w)
	idle := b.toggleClicks(10)
	t.Logf("/ idle: click-to-DOM p90 %.0f ms (max %.0f), long tasks %.1f%% of %v",
		p90(idle), slices.Max(idle), 100*idleShare, w)

	b.click("ctl-train")
	b.waitFor(running + ` && +document.getElementById("playground").dataset.iter >= 5`)
	busyShare := b.longTaskShare(w)
	busy := b.toggleClicks(10)
	pause, answer := b.pauseLatency()
	t.Logf("/ training (sample, batch 100, %s): click-to-DOM p90 %.0f ms (max %.0f), long tasks %.1f%% of %v, pause %.0f ms (the worker's answer after %.0f)",
		b.text("run-speed"), p90(busy), slices.Max(busy), 100*busyShare, w, pause, answer)

	// Batch 1000: a step takes ten times as long as at 100. A new run
	// (the last one is kept in this browser: Train asks nothing).
	b.click("ctl-stop")
	b.waitFor(`document.getElementById("playground").dataset.state === "stopped"`)
	setValue(b, "set-batch", "1000")
	b.waitFor(`location.hash.includes("batch=1000")`)
	b.click("ctl-train")
	if evaluate[bool](b, `!!document.getElementById("discard-ask")`) {
		b.click("discard-go")
	}
	var pauses, answers []float64
	for range 5 {
		b.waitFor(running)
		at := b.num("iter")
		b.waitFor(fmt.Sprintf(`+document.getElementById("playground").dataset.iter >= %d`, int(at)+2))
		shown, answered := b.pauseLatency()
		pauses, answers = append(pauses, shown), append(answers, answered)
		b.click("ctl-resume")
	}
	b.waitFor(running)
	bigShare := b.longTaskShare(w)
	big := b.toggleClicks(10)
	t.Logf("/ training (sample, batch 1000, %s): pause p90 %.0f ms (%.0f; the worker's answers after %.0f ms), click-to-DOM p90 %.0f ms, long tasks %.1f%% of %v",
		b.text("run-speed"), p90(pauses), pauses, answers, p90(big), 100*bigShare, w)
	b.click("ctl-stop")
	b.waitFor(`document.getElementById("playground").dataset.state === "stopped"`)

	// /plane: a run long enough to outlast the window.
	b.open(lesson.PathPlane + "?iters=1000000")
	b.waitFor(`document.getElementById("plane-stats").dataset.state === "ready"`)
	evaluate[bool](b, responsiveJS)
	ms := w.Milliseconds()
	still := evaluate[frameStats](b, fmt.Sprintf(`__resp.frames(%d)`, ms))
	t.Logf("/plane idle: %.0f fps, a 100 ms timer late by %.0f ms on average (max %.0f)", still.FPS, still.LagMean, still.LagMax)
	click(b, "plane-train")
	b.waitFor(`document.getElementById("plane-stats").dataset.state === "running" && +document.getElementById("plane-stats").dataset.iter > 0`)
	from := evaluate[float64](b, `performance.now()`)
	moving := evaluate[frameStats](b, fmt.Sprintf(`__resp.frames(%d)`, ms))
	to := evaluate[float64](b, `performance.now()`)
	share := evaluate[float64](b, fmt.Sprintf(`__resp.busy(%f, %f)`, from, to)) / (to - from)
	t.Logf("/plane training (step %d): %.0f fps, a 100 ms timer late by %.0f ms on average (max %.0f), long tasks %.1f%% of %v",
		stats(b, "plane").Iter, moving.FPS, moving.LagMean, moving.LagMax, 100*share, w)
	click(b, "plane-train") // pause
	b.waitFor(`document.getElementById("plane-stats").dataset.state === "paused"`)
}
