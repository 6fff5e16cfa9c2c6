//go:build !js

package main

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/app/lesson"
)

// TestLessonStepsNextIteration: the step-through goes on past "update"
// into the next iteration, whose loss (the same data through the updated
// weights) is lower; and at phone width a matrix or formula too wide for
// the screen scrolls, with scroll shadows that say so.
func TestLessonStepsNextIteration(t *testing.T) {
	b := newBrowser(t)
	b.open(lesson.PathSteps)
	b.waitFor(`!!document.getElementById("steps-go-update")`)
	click(b, "steps-go-update")
	b.waitFor(`document.getElementById("steps").dataset.stage === "update"`)
	if got := b.text("steps-next"); got != "Next iteration ▶" {
		t.Errorf("at update, the next button reads %q", got)
	}
	loss := func() float64 {
		v, err := strconv.ParseFloat(evaluate[string](b, `document.getElementById("steps").dataset.loss`), 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	first := loss()
	click(b, "steps-next")
	b.waitFor(`document.getElementById("steps").dataset.iter === "1" && document.getElementById("steps").dataset.stage === "x"`)
	if second := loss(); !(second < first) {
		t.Errorf("iteration 2's loss %g is not below iteration 1's %g", second, first)
	} else {
		t.Logf("loss %g, then %g after one update", first, second)
	}

	b.run(chromedp.EmulateViewport(390, 844))
	click(b, "steps-go-update")
	b.waitFor(`document.getElementById("steps").dataset.stage === "update"`)
	wide := `[...document.querySelectorAll(".lesson figure.matrix, .lesson .formula")].filter((e) => e.scrollWidth > e.clientWidth + 1)`
	b.waitFor(wide + `.length > 0`)
	if n := evaluate[int](b, wide+`.filter((e) => !getComputedStyle(e).backgroundImage.includes("radial-gradient")).length`); n != 0 {
		t.Errorf("%d wide matrices or formulas scroll without a scroll shadow", n)
	}
	// The bar's buttons stay on the screen.
	if off := evaluate[[]string](b, `[...document.querySelectorAll(".steps-bar button")].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth).map((e) => e.id)`); len(off) > 0 {
		t.Errorf("at 390 px, buttons off the screen: %v", off)
	}
	b.screenshot("phone-update")
}
