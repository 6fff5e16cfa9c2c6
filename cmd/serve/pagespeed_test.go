//go:build bench && !js

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"
)

// pageSpeedTurn is how long each turn of TestPageSpeed watches a side;
// make bench-speed sets it (-args -pagespeed.turn=15s).
var pageSpeedTurn = flag.Duration("pagespeed.turn", 15*time.Second, "how long each turn of TestPageSpeed watches a side")

// pageSpeedConfig is the net both sides train: config A of bench/tfjs
// (3072-100-10, batch 200) in float32, on the committed sample, for
// longer than the test watches. The page completes it with its defaults
// (Best known's optimizer and data handling); the benchmark's worker gets
// the run the page's worker was started with (startWatch), so that both
// train the same run.
const pageSpeedConfig = "data=sample&hidden=100&batch=200&epochs=100000&seed=1&precision=f32"

// startWatch runs before the page's scripts: it keeps in
// window.__startConfig the config of the last start request the page
// sent a worker.
const startWatch = `(() => {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (m, ...rest) {
    try {
      const r = JSON.parse(m && m.text);
      if (r.kind === "start") window.__startConfig = r.config;
    } catch (_) {}
    return post.call(this, m, ...rest);
  };
})();`

// pageTurnJS watches the playground for %d ms while it trains: its speed
// read-out (#run-speed, sampled every 500 ms) and its iteration counter
// (data-iter), whose steps over the wall time are the page's actual
// speed.
const pageTurnJS = `new Promise((resolve) => {
  const pg = document.getElementById("playground");
  const t0 = performance.now(), i0 = +pg.dataset.iter, ms = %d;
  const reads = [];
  const tick = () => {
    const s = parseFloat(((document.getElementById("run-speed") || {}).textContent || "").replace(/,/g, ""));
    if (s > 0) reads.push(s);
    if (performance.now() - t0 < ms) { setTimeout(tick, 500); return; }
    resolve({ reads, steps: +pg.dataset.iter - i0, ms: performance.now() - t0 });
  };
  setTimeout(tick, 500);
})`

// pageTurn is what pageTurnJS resolves with.
type pageTurn struct {
	Reads []float64 `json:"reads"`
	Steps int       `json:"steps"`
	MS    float64   `json:"ms"`
	Busy  float64   `json:"-"` // the main thread's share of the turn in tasks
}

// mainThreadSeconds returns the seconds the page's main thread has spent
// in tasks (Chromium's Performance.getMetrics TaskDuration), enabling the
// metrics on the first call.
func (b *browser) mainThreadSeconds() float64 {
	b.t.Helper()
	var v float64
	b.run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, performance.Enable, performance.EnableParams{}); err != nil {
			return err
		}
		m, err := cdp.Call(ctx, tg, performance.GetMetrics, cdp.Empty{})
		if err != nil {
			return err
		}
		for _, x := range m.Metrics {
			if x.Name == "TaskDuration" {
				v = x.Value
			}
		}
		return nil
	}))
	return v
}

// TestPageSpeed is a measurement (make bench-speed; make test does not
// build it): in the playground's own page, the ms/step of the benchmark's
// worker step (bench/tfjs/turns.js: a bare training worker, as make bench
// times it) against the page's own ms/step read-out while the playground
// trains the same net (config A, float32, all threads), in alternating
// turns so that both share the machine's load, after a warm-up turn each.
// It logs each round's figures and ratio benchmark ÷ page (the page's
// speed as a share of the benchmark's: 1 is as fast; a round's two turns
// share the machine's load), the medians, and the page's actual ms/step
// (steps counted over wall time) beside its read-out. It
// fails only if a side took no step.
func TestPageSpeed(t *testing.T) {
	turns, err := os.ReadFile(filepath.Join("..", "..", "bench", "tfjs", "turns.js"))
	if err != nil {
		t.Fatal(err)
	}
	b := newPlaygroundBrowser(t)
	b.run(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: startWatch})
		return err
	}))
	b.openPlayground("/#" + pageSpeedConfig)
	evaluate[bool](b, string(turns)+"; true")
	threads := evaluate[int](b, `Math.min(navigator.hardwareConcurrency || 1, 8)`)

	load := loadAverage()
	turn := *pageSpeedTurn
	first := true
	page := func(d time.Duration) pageTurn {
		if first {
			b.click("ctl-train")
			first = false
		} else {
			b.click("ctl-resume")
		}
		b.waitFor(`document.getElementById("playground").dataset.state === "running"`)
		busy := b.mainThreadSeconds()
		r := evaluate[pageTurn](b, fmt.Sprintf(pageTurnJS, d.Milliseconds()))
		r.Busy = (b.mainThreadSeconds() - busy) * 1e3 / r.MS
		b.click("ctl-pause")
		b.waitFor(`document.getElementById("playground").dataset.state === "paused"`)
		return r
	}
	bench := func(d time.Duration) []float64 {
		return evaluate[[]float64](b, fmt.Sprintf(`__bench.turn(%g)`, d.Seconds()))
	}
	warm := min(turn, 5*time.Second)
	page(warm)
	config := evaluate[string](b, `window.__startConfig || ""`)
	if config == "" {
		t.Fatal("the page started no worker run")
	}
	evaluate[bool](b, fmt.Sprintf(`(window.__bench = trainingWorker("bench", %q, %d), true)`, config, threads))
	bench(warm)

	const rounds = 3
	var benchMs, readMs, actualMs, ratio, actualRatio []float64
	for r := range rounds {
		busy := b.mainThreadSeconds()
		start := time.Now()
		bt := bench(turn)
		benchBusy := (b.mainThreadSeconds() - busy) / time.Since(start).Seconds()
		pt := page(turn)
		if len(bt) == 0 || len(pt.Reads) == 0 || pt.Steps == 0 {
			t.Fatalf("round %d: no step (benchmark %d read-outs, page %d read-outs, %d steps)", r+1, len(bt), len(pt.Reads), pt.Steps)
		}
		benchMs, readMs = append(benchMs, median(bt)), append(readMs, median(pt.Reads))
		actualMs = append(actualMs, pt.MS/float64(pt.Steps))
		ratio, actualRatio = append(ratio, benchMs[r]/readMs[r]), append(actualRatio, benchMs[r]/actualMs[r])
		t.Logf("round %d: benchmark worker %.1f ms/step (main thread busy %.0f%%); page read-out %.1f ms/step (actual %.1f: %d steps in %.1f s; main thread busy %.0f%%): %.0f%%",
			r+1, benchMs[r], 100*benchBusy, readMs[r], actualMs[r], pt.Steps, pt.MS/1e3, 100*pt.Busy, 100*ratio[r])
	}
	t.Logf("the run: %s", config)
	t.Logf("page speed, config A (3072-100-10, batch 200, float32, %d threads), %d rounds of %v a side: benchmark %.1f ms/step, page read-out %.1f ms/step (actual %.1f); the page at %.0f%% of the benchmark's speed (median of the rounds' ratios; %.0f%% by its actual steps); load average %s before, %s after",
		threads, rounds, turn, median(benchMs), median(readMs), median(actualMs), 100*median(ratio), 100*median(actualRatio), load, loadAverage())
}
