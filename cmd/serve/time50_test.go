//go:build bench && !js

package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backprop-playground/playground/internal/testenv"
)

// epochWatchJS records in window.__epochEnds, every 50 ms, the time
// (performance.now()) at which the page first showed each new count of
// epochs (data-epochs) and the validation accuracy it showed then.
const epochWatchJS = `(() => {
  window.__epochEnds = [];
  const pg = document.getElementById("playground");
  let seen = +pg.dataset.epochs || 0;
  window.__epochWatch = setInterval(() => {
    const n = +pg.dataset.epochs || 0;
    if (n > seen) {
      seen = n;
      window.__epochEnds.push({ epoch: n, at: performance.now(), val: (document.getElementById("run-val") || {}).textContent || "" });
    }
  }, 50);
  return performance.now();
})()`

// epochEnd is an entry of window.__epochEnds.
type epochEnd struct {
	Epoch int     `json:"epoch"`
	At    float64 `json:"at"`
	Val   string  `json:"val"`
}

// TestTimeTo50 is a measurement, not a check of speed (make bench-time50
// runs it with -tags bench; make test does not build it): the wall time
// from pressing Train with the "Fastest to 50%" preset on the full
// CIFAR-10 (served by -data from $CIFAR10_DIR) to the page's first
// evaluation on all 10,000 test images, the dataset's download included
// (and the training worker's start: it starts with Train). The page
// evaluates on the test images once, when the run ends (the preset's
// cosine schedule makes its last model its best, so an evaluation before
// the end would only cost time); the test logs when the download ended,
// each epoch ended (with its validation accuracy) and the run ended, and
// the test accuracy with its time. It fails only if the page did not
// finish or the test accuracy is below 50% (the preset's promise).
func TestTimeTo50(t *testing.T) {
	dir := testenv.CIFAR10Dir(t)
	b := newPlaygroundBrowser(t, "-data", dir)
	b.openPlayground("/")
	b.waitFor(`!document.querySelector("#set-data option[value=cifar]").disabled`)
	b.click("preset-fastest-50")
	b.waitFor(`location.hash.includes("data=cifar")`)
	b.waitFor(`!!document.getElementById("ctl-train") && !document.getElementById("ctl-train").disabled`)
	load := loadAverage()
	t0 := evaluate[float64](b, epochWatchJS)
	start := time.Now()
	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.data === "cifar:49000"`)
	loaded := time.Since(start)
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
	trained := time.Since(start)
	b.waitFor(`document.getElementById("results-test-acc") !== null`)
	total := time.Since(start)
	acc := strings.TrimSuffix(strings.TrimSpace(b.text("results-test-acc")), "%")
	v, err := strconv.ParseFloat(acc, 64)
	if err != nil {
		t.Fatalf("test accuracy %q: %v", b.text("results-test-acc"), err)
	}
	var epochs []string
	for _, e := range evaluate[[]epochEnd](b, `(clearInterval(window.__epochWatch), window.__epochEnds)`) {
		epochs = append(epochs, fmt.Sprintf("%d at %.1f s (validation %s)", e.Epoch, (e.At-t0)/1e3, e.Val))
	}
	t.Logf("Fastest to 50%% on the full CIFAR-10 in the browser: %.1f%% on the 10,000 test images at %.1f s after Train (downloaded by %.1f s; epochs %s; run done at %.1f s, evaluated %.1f s later; speed read-out %q; load average %s before, %s after)",
		v, total.Seconds(), loaded.Seconds(), strings.Join(epochs, ", "), trained.Seconds(), (total - trained).Seconds(), b.text("run-speed"), load, loadAverage())
	if v < 50 {
		t.Errorf("test accuracy %.1f%%, below the preset's 50%%", v)
	}
	b.shot("done")
}
