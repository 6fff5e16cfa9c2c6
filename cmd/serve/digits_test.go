//go:build !js

package main

import (
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/mnist"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// stroke drags the mouse along the polyline pts on the drawing pad
// (coordinates as fractions of its width and height), ten moves a segment:
// a pen stroke, with the pointer events a person's mouse makes.
func (b *browser) stroke(pts [][2]float64) {
	b.t.Helper()
	b.run(chromedp.Evaluate[chromedp.Void](`document.getElementById("classify-pad").scrollIntoView({block: "center"})`))
	r := evaluate[map[string]float64](b, `(() => { const r = document.getElementById("classify-pad").getBoundingClientRect();
	  return {x: r.left, y: r.top, w: r.width, h: r.height} })()`)
	at := func(p [2]float64) (float64, float64) { return r["x"] + p[0]*r["w"], r["y"] + p[1]*r["h"] }
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	x, y := at(pts[0])
	actions := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x, y, held, chromedp.ClickCount(1))}
	for i := 1; i < len(pts); i++ {
		ax, ay := at(pts[i-1])
		bx, by := at(pts[i])
		for k := 1; k <= 10; k++ {
			f := float64(k) / 10
			actions = append(actions, chromedp.MouseEvent(chromedp.MouseMoved, ax+f*(bx-ax), ay+f*(by-ay), held))
		}
	}
	x, y = at(pts[len(pts)-1])
	actions = append(actions, chromedp.MouseEvent(chromedp.MouseReleased, x, y, held, chromedp.ClickCount(1)))
	b.run(actions...)
}

// Digits as one pen stroke each, the way a person draws them.
var (
	drawnThree = [][2]float64{{0.3, 0.22}, {0.45, 0.15}, {0.62, 0.17}, {0.7, 0.28}, {0.65, 0.4}, {0.5, 0.47}, {0.66, 0.55},
		{0.72, 0.68}, {0.65, 0.8}, {0.48, 0.86}, {0.3, 0.8}}
	drawnSeven = [][2]float64{{0.27, 0.2}, {0.5, 0.19}, {0.73, 0.2}, {0.6, 0.45}, {0.5, 0.65}, {0.44, 0.85}}
)

// TestDigitsDraw opens the playground on the digits, draws a 3 and a 7
// with the mouse, and has the shipped digits model read them; the panel
// shows the 28×28 image the net sees. Then a short run on the digits
// shows 28×28 gray templates and test images, and the confusion matrix
// names the digits.
func TestDigitsDraw(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground("/#data=digits&hidden=64&opt=adam&lr=0.001&pre=channel&init=he&epochs=3&batch=50")
	if m := evaluate[string](b, `document.getElementById("classify").dataset.mode`); m != "digits" {
		t.Fatalf("classify panel mode %q, want digits", m)
	}
	b.waitFor(`document.getElementById("classify-pad").dataset.mode === "gray"`)
	b.click("classify-use-pretrained")
	var old map[string]float64
	for _, c := range []struct {
		digit string
		pts   [][2]float64
	}{{"3", drawnThree}, {"7", drawnSeven}} {
		b.click("classify-clear")
		b.stroke(c.pts)
		p := b.waitProbs(old)
		old = p
		top := b.text("classify-top")
		t.Logf("drew a %s: %s; p(%s) = %.3f", c.digit, strings.TrimSpace(top), c.digit, p[c.digit])
		if got := evaluate[string](b, `document.getElementById("classify-top").dataset.class`); got != c.digit {
			b.screenshot("drew-" + c.digit)
			t.Errorf("drew a %s, the pretrained model read %q (%v)", c.digit, got, p)
		}
		// The preview is the 28×28 the net reads: light strokes on black.
		if w := evaluate[int](b, `document.getElementById("classify-input").width`); w != 28 {
			t.Errorf("the preview is %d pixels wide, want 28", w)
		}
		if !strings.Contains(b.text("classify"), "28 × 28 pixels") {
			t.Error("the panel does not say the net reads 28 × 28 pixels")
		}
	}
	b.shot("drawn-seven")

	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
	b.waitFor(`document.getElementById("results-confusion") !== null`)
	// 64 templates of 28×28 in a grid with 2-pixel gaps; test images 28×28.
	w := evaluate[int](b, `document.getElementById("weights-canvas").width`)
	if w%30 != 28 {
		t.Errorf("the templates canvas is %d wide: not a grid of 28-pixel tiles with 2-pixel gaps", w)
	}
	if w := evaluate[int](b, `document.getElementById("results-img-0").width`); w != 28 {
		t.Errorf("a test image is %d pixels wide, want 28", w)
	}
	conf := b.text("results-confusion")
	for _, d := range []string{"0", "5", "9"} {
		if !strings.Contains(conf, d) {
			t.Errorf("the confusion matrix does not name digit %s", d)
		}
	}
	acc := b.text("results-test-acc")
	t.Logf("digits sample, 64 hidden, 3 epochs: test accuracy %s", acc)
	if !strings.HasSuffix(strings.TrimSpace(acc), "%") {
		t.Errorf("test accuracy %q", acc)
	}
	b.shot("trained")
}

// TestDigitLesson opens the classroom's digits lesson by clicking it, as
// a student would: the playground shows the lesson's text and takes its
// settings (16 hidden units on the digits), a change of setting keeps the
// lesson in the address, and the run reads most test digits.
func TestDigitLesson(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.open("/classroom")
	b.waitFor(`document.getElementById("ready-digit-templates") !== null`)
	b.click("ready-digit-templates")
	b.waitFor(`document.getElementById("lesson-title") !== null`)
	b.waitFor(playgroundReady)
	if title := b.text("lesson-title"); !strings.Contains(title, "handwritten digits") {
		t.Errorf("lesson title %q", title)
	}
	if v := evaluate[string](b, `document.getElementById("set-hidden").value`); v != "16" {
		t.Errorf("hidden %q, want the lesson's 16", v)
	}
	setValue(b, "set-seed", "2")
	b.waitFor(`location.hash.includes("seed=2")`)
	if h := evaluate[string](b, `location.hash`); !strings.HasPrefix(h, "#lesson=digit-templates&") {
		t.Errorf("after a change the address is %q: the lesson left it", h)
	}
	b.shot("lesson")
	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
	b.waitFor(`document.getElementById("results-test-acc") !== null`)
	acc := b.num("bestVal")
	t.Logf("the digits lesson (16 hidden units, 15 epochs): best validation %.3f, test %s", acc, b.text("results-test-acc"))
	if acc < 0.75 {
		t.Errorf("best validation accuracy %.3f, want ≥ 0.75", acc)
	}
	// 16 templates of 28×28 with 2-pixel gaps: cols × rows tiles, the
	// last row not empty.
	w := evaluate[int](b, `document.getElementById("weights-canvas").width`)
	h := evaluate[int](b, `document.getElementById("weights-canvas").height`)
	if cols, rows := (w+2)/30, (h+2)/30; w%30 != 28 || h%30 != 28 || cols*rows < 16 || cols*(rows-1) >= 16 {
		t.Errorf("templates canvas %d×%d: not 16 tiles of 28 pixels", w, h)
	}
	b.shot("lesson-trained")
}

// TestFashion trains on the Fashion-MNIST sample and on the full
// Fashion-MNIST served by -data (Debian's dataset-fashion-mnist, which
// .ci/run installs), from the setup's menu: the confusion matrix names
// the clothes, and the full run scores all 10,000 test images.
func TestFashion(t *testing.T) {
	b := newPlaygroundBrowser(t, "-data", mnist.FashionDir)
	const net = "hidden=64&opt=adam&lr=0.001&pre=channel&init=he&batch=100"
	b.openPlayground("/#data=fashion-sample&epochs=4&" + net)
	b.click("ctl-train")
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
	b.waitFor(`document.getElementById("results-confusion") !== null`)
	if conf := b.text("results-confusion"); !strings.Contains(conf, "Sneaker") || !strings.Contains(conf, "Ankle boot") {
		t.Errorf("the confusion matrix does not name the clothes: %q", conf)
	}
	t.Logf("Fashion-MNIST sample, 4 epochs: test accuracy %s", b.text("results-test-acc"))

	// The full set, chosen in the menu (offered: the server has it).
	b.waitFor(`!document.querySelector("#set-data option[value=fashion]").disabled`)
	setValue(b, "set-data", "fashion")
	b.waitFor(`location.hash.includes("data=fashion%3A") || location.hash.includes("data=fashion:")`)
	setValue(b, "set-epochs", "1")
	b.click("ctl-train")
	// The sample's run is "done" and its results are shown until the
	// worker answers: wait for the new run, on the full set, to be done.
	b.waitFor(`document.getElementById("playground").dataset.data.startsWith("fashion:")`)
	b.waitFor(`document.getElementById("playground").dataset.state === "done"`)
	b.waitFor(`document.getElementById("results-test-acc") !== null`)
	summary := b.text("results")
	t.Logf("full Fashion-MNIST (%s), 1 epoch: %s", b.state("data"), b.text("results-test-acc"))
	if !strings.Contains(summary, "10,000 test images") {
		t.Errorf("the results do not score the 10,000 test images: %q", summary)
	}
	if len(b.serverLog("path=/data/fashion/train-images-idx3-ubyte.gz status=200")) == 0 {
		t.Error("the page did not fetch the full Fashion-MNIST from /data/fashion/")
	}
	b.shot("full")
}
