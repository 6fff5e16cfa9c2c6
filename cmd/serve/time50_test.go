//go:build bench && !js

package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backprop-playground/playground/internal/testenv"
)

// TestTimeTo50 is a measurement, not a check of speed (make bench runs it
// with -tags bench; make test does not build it): the wall time from
// pressing Train with the "Fastest to 50%" preset on the full CIFAR-10
// (served by -data from $CIFAR10_DIR) to a finished run, its download
// included, and the run's accuracy on all 10,000 test images. It logs both
// and the time of each epoch's end; it fails only if the page did not
// finish or the test accuracy is below 50% (the preset's promise).
func TestTimeTo50(t *testing.T) {
	dir := testenv.CIFAR10Dir(t)
	b := newPlaygroundBrowser(t, "-data", dir)
	b.openPlayground("/", "")
	b.waitFor(`!document.querySelector("#set-data option[value=cifar]").disabled`)
	b.click("preset-fastest-50")
	b.waitFor(`location.hash.includes("data=cifar")`)
	b.waitFor(`!!document.getElementById("ctl-train") && !document.getElementById("ctl-train").disabled`)
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
	t.Logf("Fastest to 50%% on the full CIFAR-10 in the browser: downloaded in %.1f s, trained by %.1f s, test accuracy %.1f%% on 10,000 images at %.1f s after Train (speed read-out %q)",
		loaded.Seconds(), trained.Seconds(), v, total.Seconds(), b.text("run-speed"))
	if v < 50 {
		t.Errorf("test accuracy %.1f%%, below the preset's 50%%", v)
	}
	b.shot("done")
}
