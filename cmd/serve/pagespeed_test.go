//go:build bench && !js

package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// pageSpeedTurn is how long each turn of TestPageSpeed watches a side;
// make bench-speed sets it (-args -pagespeed.turn=15s).
var pageSpeedTurn = flag.Duration("pagespeed.turn", 15*time.Second, "how long each turn of TestPageSpeed watches a side")

// pageSpeedConfig is the net both sides train: config A of bench/tfjs
// (3072-100-10, batch 200) in float32, on the committed sample.
const pageSpeedConfig = "data=sample&hidden=100&batch=200&iters=10000000&seed=1&precision=f32"

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
	b.openPlayground("/#" + pageSpeedConfig)
	evaluate[bool](b, string(turns)+"; true")
	threads := evaluate[int](b, `Math.min(navigator.hardwareConcurrency || 1, 8)`)
	evaluate[bool](b, fmt.Sprintf(`(window.__bench = trainingWorker("bench", %q, %d), true)`, pageSpeedConfig, threads))

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
		r := evaluate[pageTurn](b, fmt.Sprintf(pageTurnJS, d.Milliseconds()))
		b.click("ctl-pause")
		b.waitFor(`document.getElementById("playground").dataset.state === "paused"`)
		return r
	}
	bench := func(d time.Duration) []float64 {
		return evaluate[[]float64](b, fmt.Sprintf(`__bench.turn(%g)`, d.Seconds()))
	}
	warm := min(turn, 5*time.Second)
	page(warm)
	bench(warm)

	const rounds = 3
	var benchMs, readMs, actualMs, ratio, actualRatio []float64
	for r := range rounds {
		bt := bench(turn)
		pt := page(turn)
		if len(bt) == 0 || len(pt.Reads) == 0 || pt.Steps == 0 {
			t.Fatalf("round %d: no step (benchmark %d read-outs, page %d read-outs, %d steps)", r+1, len(bt), len(pt.Reads), pt.Steps)
		}
		benchMs, readMs = append(benchMs, median(bt)), append(readMs, median(pt.Reads))
		actualMs = append(actualMs, pt.MS/float64(pt.Steps))
		ratio, actualRatio = append(ratio, benchMs[r]/readMs[r]), append(actualRatio, benchMs[r]/actualMs[r])
		t.Logf("round %d: benchmark worker %.1f ms/step; page read-out %.1f ms/step (actual %.1f: %d steps in %.1f s): %.0f%%",
			r+1, benchMs[r], readMs[r], actualMs[r], pt.Steps, pt.MS/1e3, 100*ratio[r])
	}
	t.Logf("page speed, config A (3072-100-10, batch 200, float32, %d threads), %d rounds of %v a side: benchmark %.1f ms/step, page read-out %.1f ms/step (actual %.1f); the page at %.0f%% of the benchmark's speed (median of the rounds' ratios; %.0f%% by its actual steps); load average %s before, %s after",
		threads, rounds, turn, median(benchMs), median(readMs), median(actualMs), 100*median(ratio), 100*median(actualRatio), load, loadAverage())
}
