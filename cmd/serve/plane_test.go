//go:build !js

package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/app/lesson"
)

// regionsPixelsJS counts the pixels of a canvas with the colour r, g, b.
const regionsPixelsJS = `(() => { const c = document.getElementById(%q); const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] === %d && d[i+1] === %d && d[i+2] === %d) n++; return n; })()`

// regionsTopShareJS is the share of a canvas's pixels in its k commonest
// colours.
const regionsTopShareJS = `(() => { const c = document.getElementById(%q); const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  const n = new Map(); for (let i = 0; i < d.length; i += 4) { const k = d[i] << 16 | d[i+1] << 8 | d[i+2]; n.set(k, (n.get(k) || 0) + 1); }
  return [...n.values()].sort((a, b) => b - a).slice(0, %d).reduce((a, b) => a + b, 0) / (d.length / 4); })()`

// TestLessonPlaneControls: the 2D playground's TF Playground controls.
// The speed control holds a run to its rate (an upper bound, which a
// loaded machine cannot break: it only makes the run slower), and "as
// fast as it can" finishes it; "show test data" off removes the test
// points' outlines from the regions; "discretize output" paints them in a
// few flat colours; TF Playground's 1.75-turn spiral is a dataset.
func TestLessonPlaneControls(t *testing.T) {
	b := newBrowser(t)
	b.open(lesson.PathPlane)
	b.waitFor(`document.getElementById("plane-stats").dataset.state === "ready" && +document.getElementById("plane-stats").dataset.testAcc >= 0`)

	setValue(b, "plane-speed", "5")
	clicked := time.Now()
	click(b, "plane-train")
	b.waitFor(`+document.getElementById("plane-stats").dataset.iter >= 10`)
	s := stats(b, "plane")
	// The worker cannot have trained longer than the time since the click
	// (however loaded the machine): at 5 steps a second, plus the first
	// step and a quarter second's burst, it took at most this many.
	since := time.Since(clicked).Seconds()
	if limit := 2 + 5*since; float64(s.Iter) > limit || s.State != "running" {
		t.Errorf("at 5 steps/s: %s, step %d %.2f s after the click (at most %.0f)", s.State, s.Iter, since, limit)
	}
	t.Logf("at 5 steps/s: step %d after %.2f s trained (page), %.2f s since the click", s.Iter, s.Seconds, since)
	b.screenshot("slow")
	setValue(b, "plane-speed", "0")
	b.waitFor(`document.getElementById("plane-stats").dataset.state === "done" && ` + fmt.Sprintf(lastStepJS, "plane"))
	t.Logf("as fast as it can: done, %v", stats(b, "plane"))

	ink := fmt.Sprintf(regionsPixelsJS, "plane-regions", 0x33, 0x33, 0x33)
	with := evaluate[int](b, ink)
	click(b, "plane-showtest")
	b.waitFor(ink + ` === 0`)
	click(b, "plane-showtest")
	b.waitFor(ink + ` > 0`)
	t.Logf("test outlines: %d pixels shown", with)

	// Discretized, every pixel away from the points is one of the
	// classes' colours: the share of the most common colours grows.
	top := fmt.Sprintf(regionsTopShareJS, "plane-regions", 3)
	shaded := evaluate[float64](b, top)
	click(b, "plane-discretize")
	b.waitFor(fmt.Sprintf(`%s > %g`, top, shaded))
	t.Logf("share of the regions in its 3 commonest colours: %.3f shaded, %.3f discretized", shaded, evaluate[float64](b, top))
	b.screenshot("discretized")

	if opts := evaluate[string](b, `[...document.getElementById("plane-data").options].map((o) => o.value).join(",")`); !strings.Contains(opts, "tfspiral") {
		t.Errorf("datasets %q: no TF Playground spiral", opts)
	}
	// Click a weight's line on the diagram: its editor opens; a new value
	// reaches the worker, and the net the page draws has it.
	b.waitFor(`(() => { const d = document.getElementById("plane-net").contentDocument;
	  return d !== null && d.querySelector("canvas") !== null; })()`)
	box := evaluate[struct{ X, Y, W, H float64 }](b, `(() => { const r = document.getElementById("plane-net").getBoundingClientRect();
	  return {X: r.x + 1, Y: r.y + 1, W: r.width - 2, H: r.height - 2}; })()`) // inside the 1px border
	lay := canvas.NewLayout([]int{2, 16, 16, 3}, int(box.W), int(box.H), 1)
	// A fifth of the way from hidden unit 3 of layer 1 towards layer 2:
	// on one of the lines of W2 that leave that unit (which one depends
	// on the canvas's exact size).
	x := box.X + lay.X[1] + (lay.X[2]-lay.X[1])/5
	y := box.Y + lay.Y[1][3] + (lay.Y[2][5]-lay.Y[1][3])/5
	const opened = `(() => { const e = document.getElementById("plane-weight-editor"); return !!e && e.dataset.layer === "1"; })()`
	// The canvas program may not listen yet: click again until it answers.
	for deadline := time.Now().Add(hangGuard); !evaluate[bool](b, opened); {
		if time.Now().After(deadline) {
			t.Fatalf("clicking the line of W2[3,5] opens no editor")
		}
		b.run(chromedp.MouseClickXY(x, y))
	}
	before := evaluate[string](b, `document.getElementById("plane-weight").value`)
	setValue(b, "plane-weight", "3.50")
	// The value shown is read from the net the worker exported after
	// the edit, and printed as the page prints weights: "3.5".
	b.waitFor(`document.getElementById("plane-weight").value === "3.5"`)
	t.Logf("edited: %s (was %s)", strings.SplitN(b.text("plane-weight-editor"), ":", 2)[0], before)
	b.screenshot("weight")

	setValue(b, "plane-data", "tfspiral")
	setValue(b, "plane-classes", "2")
	b.waitFor(`new URLSearchParams(location.search).get("data") === "tfspiral" && new URLSearchParams(location.search).get("classes") === "2"`)
	b.waitFor(`document.getElementById("plane-stats").dataset.state === "ready"`)
	b.screenshot("tfspiral")
}

// TestLessonPlaneFeaturesRegression: TF Playground's input features and
// its regression task on /plane. Circles with x₁² and x₂² switched on
// build a 4-input net (the title says so, the link carries the features)
// that separates the rings; then "Plane (regression)" trains a one-output
// net on squared error whose test loss falls below 0.01, drawn on the
// diverging scale, with no classes or points by hand offered.
func TestLessonPlaneFeaturesRegression(t *testing.T) {
	b := newBrowser(t)
	b.open(lesson.PathPlane + "?data=circles&classes=2")
	b.waitFor(`document.getElementById("plane-stats").dataset.state === "ready"`)
	click(b, "plane-feature-xx")
	b.waitFor(`new URLSearchParams(location.search).get("features") === "x,y,xx"`)
	click(b, "plane-feature-yy")
	b.waitFor(`new URLSearchParams(location.search).get("features") === "x,y,xx,yy"`)
	b.waitFor(`document.querySelector("#plane-runner h2").textContent.includes("4-16-16-2") && document.getElementById("plane-stats").dataset.state === "ready"`)
	click(b, "plane-train")
	b.waitFor(`+document.getElementById("plane-stats").dataset.testAcc >= 0.95`)
	t.Logf("circles from x₁, x₂, x₁², x₂²: %+v", stats(b, "plane"))
	b.screenshot("features")

	setValue(b, "plane-data", "regplane")
	b.waitFor(`new URLSearchParams(location.search).get("data") === "regplane" && document.getElementById("plane-stats").dataset.state === "ready"`)
	if n := evaluate[int](b, `document.querySelectorAll("#plane-classes, #plane-addpoints").length`); n != 0 {
		t.Errorf("a regression dataset offers %d class controls", n)
	}
	b.waitFor(`document.querySelector("#plane-runner h2").textContent.includes("4-16-16-1")`)
	click(b, "plane-train")
	const loss = `+document.getElementById("plane-stats").dataset.testLoss`
	b.waitFor(loss + ` >= 0 && ` + loss + ` < 0.01`)
	t.Logf("plane (regression): test loss %.5f at step %d", evaluate[float64](b, loss), stats(b, "plane").Iter)
	if th := b.text("plane-stats"); !strings.Contains(th, "Test loss") || strings.Contains(th, "Test accuracy") {
		t.Errorf("regression stats read %q", th)
	}
	// The regions are the output on the diverging scale: both ends'
	// colours (faded as the regions are) appear.
	for _, v := range []float64{-1, 1} {
		c := canvas.Diverging(v)
		js := fmt.Sprintf(`(() => { const c = document.getElementById("plane-regions"); const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		  let n = 0; for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - %d) + Math.abs(d[i+1] - %d) + Math.abs(d[i+2] - %d) < 90 && (d[i] > d[i+2]) === %t) n++; return n; })()`,
			int(0.4*255+0.6*float64(c.R)), int(0.4*255+0.6*float64(c.G)), int(0.4*255+0.6*float64(c.B)), c.R > c.B)
		b.waitFor(js + ` > 500`)
	}
	b.screenshot("regression")
}
