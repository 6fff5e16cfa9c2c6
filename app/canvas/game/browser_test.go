//go:build !js

package game

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/app/canvas/probe"
	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/internal/testenv"
	"github.com/backprop-playground/playground/internal/testenv/chromium"
)

// The canvas in a real browser: canvas.wasm (as `make wasm` builds it),
// served with canvas.html and the Go toolchain's wasm_exec.js from a
// loopback server, and shown in an iframe of a host page that plays the
// playground page's part, in a tab of the shared Chromium. Screenshots go to screenshots/TestCanvasInChromium-*.png at the
// module root.

const (
	frameW, frameH = 640, 400
	// hangGuard ends a test whose page stopped answering; it bounds no
	// figure (a slow, loaded machine only makes the test slower).
	hangGuard = 10 * time.Minute
)

// hostPage holds the canvas iframe at the top left of the viewport and
// keeps every message the canvas posts in window.received.
const hostPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>canvas host</title>
<style>body{margin:0;background:#ddd} iframe{position:absolute;left:0;top:0;width:640px;height:400px;border:0}</style>
</head><body>
<iframe id="c" src="/web/canvas.html"></iframe>
<script>
window.received = [];
const frame = document.getElementById("c");
addEventListener("message", (e) => {
  if (e.source === frame.contentWindow && e.origin === location.origin) window.received.push(JSON.parse(e.data));
});
window.send = (s) => frame.contentWindow.postMessage(s, location.origin);
</script></body></html>`

// site lays out the files the server would serve: /wasm_exec.js,
// /web/canvas.html with its scripts, /web/canvas.wasm and /host.html.
func site(t *testing.T, root string) string {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "web"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, testenv.Wasm(t, "canvas"), filepath.Join(dir, "web", "canvas.wasm"))
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js"))
	for _, name := range []string{"canvas.html", "canvas-inbox.js", "canvas.js"} {
		copyFile(t, filepath.Join(root, "web", "static", name), filepath.Join(dir, "web", name))
	}
	if err := os.WriteFile(filepath.Join(dir, "host.html"), []byte(hostPage), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func copyFile(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// spiralNet returns the diagram state of a 2-8-8-3 net trained a little on
// the 3-class spiral, for its first test point.
func spiralNet(t *testing.T) canvasmsg.Net {
	set, err := plane.Generate(plane.DefaultSpec())
	if err != nil {
		t.Fatal(err)
	}
	c := train.Config{Data: "spiral", Hidden: []int{8, 8}, Activation: "tanh", Init: "xavier", Optimizer: "adam",
		LR: 0.02, Schedule: "constant", Decay: 1, Batch: 32, Iters: 300, Sampling: "shuffle", Preprocess: "none", Seed: 1}
	src := rng.New(1)
	net, err := nn.New(c.Spec(2, 3), src)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := train.NewTrainer(c, net, set.TrainData(), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	for !tr.Done() {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	p := set.Test[0]
	n, err := probe.Sample(net, []float64{p.X, p.Y}, p.Class, 1)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMain(m *testing.M) {
	code := m.Run()
	chromium.Close()
	os.Exit(code)
}

func TestCanvasInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("builds canvas.wasm and starts Chromium")
	}
	root := testenv.ModuleRoot(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(site(t, root))))
	defer srv.Close()
	tab := chromium.Tab(t)
	ctx, cancel := context.WithTimeout(tab, hangGuard)
	defer cancel()
	do := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	// waitFor polls until the canvas has posted a message of the kind
	// since the one the last call returned, and returns the first such.
	seen := 0
	waitFor := func(kind canvasmsg.Kind) canvasmsg.Message {
		t.Helper()
		expr := fmt.Sprintf(`(() => {
  for (let i = %d; i < window.received.length; i++) {
    if (window.received[i].kind === %q) return JSON.stringify({at: i, msg: window.received[i]});
  }
  return false;
})()`, seen, kind)
		raw, err := chromedp.Run(ctx, chromedp.Poll[string](expr))
		if err != nil {
			t.Fatalf("waiting for a %s message: %v (received %s)", kind, err, eval(`JSON.stringify(window.received)`))
		}
		var found struct {
			At  int             `json:"at"`
			Msg json.RawMessage `json:"msg"`
		}
		if err := json.Unmarshal([]byte(raw), &found); err != nil {
			t.Fatal(err)
		}
		m, err := canvasmsg.Decode(string(found.Msg))
		if err != nil {
			t.Fatal(err)
		}
		seen = found.At + 1
		return m
	}
	send := func(m canvasmsg.Message) {
		t.Helper()
		s, err := canvasmsg.Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(s)
		do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`window.send(%s)`, js)))
	}
	// frames waits for n animation frames of the canvas page: ebiten
	// draws once per frame, so by then it has drawn the last message.
	frames := func(n int) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`new Promise((done) => {
  const w = document.getElementById("c").contentWindow;
  let left = %d;
  const tick = () => (--left <= 0 ? done(true) : w.requestAnimationFrame(tick));
  w.requestAnimationFrame(tick);
})`, n), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("waiting for %d frames: %v", n, err)
		}
	}
	shots := filepath.Join(root, "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	screenshot := func(name string) *image.RGBA {
		t.Helper()
		frames(10) // ebiten has drawn what it was sent
		b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(shots, "TestCanvasInChromium-"+name+".png")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", path)
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		rgba := image.NewRGBA(image.Rect(0, 0, frameW, frameH))
		for y := range frameH {
			for x := range frameW {
				rgba.Set(x, y, img.At(x, y))
			}
		}
		return rgba
	}
	// same compares the iframe's pixels with the scene drawn natively.
	same := func(what string, got *image.RGBA, scene *canvas.Scene) {
		t.Helper()
		want, _ := scene.Frame()
		bad := 0
		for i := range got.Pix {
			d := int(got.Pix[i]) - int(want.Pix[i])
			if d > 3 || d < -3 {
				bad++
			}
		}
		if bad > len(got.Pix)/100 {
			t.Errorf("%s: %d of %d channel values differ from the native drawing", what, bad, len(got.Pix))
		} else {
			t.Logf("%s: %d of %d channel values differ from the native drawing by more than 3", what, bad, len(got.Pix))
		}
	}

	start := time.Now()
	do(chromedp.EmulateViewport(frameW+40, frameH+40), chromedp.Navigate(srv.URL+"/host.html"))
	// Send the net as soon as canvas.html runs, before Go listens: the
	// message must wait in canvas.html's queue, not be lost.
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { try { return "canvasInbox" in document.getElementById("c").contentWindow } catch (e) { return false } })()`))
	if err != nil {
		t.Fatal(err)
	}
	net := spiralNet(t)
	send(canvasmsg.Message{Kind: canvasmsg.SetNet, Net: &net})
	waitFor(canvasmsg.Ready)
	t.Logf("canvas ready %v after navigation", time.Since(start).Round(time.Millisecond))

	scene := canvas.NewScene(frameW, frameH)
	scene.Handle(mustEncode(t, canvasmsg.Message{Kind: canvasmsg.SetNet, Net: &net}))
	same("net", screenshot("net"), scene)

	// Hover a hidden neuron: the page hears its value and gradient.
	target := canvasmsg.Neuron{Layer: 2, Index: 5}
	lay := scene.Layout()
	x, y := lay.X[target.Layer], lay.Y[target.Layer][target.Index]
	do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
	h := waitFor(canvasmsg.Hover)
	if h.Neuron == nil || *h.Neuron != target || h.Value == nil || *h.Value != net.Values[2][5] || h.Grad == nil || *h.Grad != net.Grads[2][5] {
		t.Errorf("hover = %+v, want neuron %v value %g grad %g", h, target, net.Values[2][5], net.Grads[2][5])
	}

	// Leave the iframe: the page hears that no neuron is under the pointer.
	do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, frameW+20, frameH+20))
	if h := waitFor(canvasmsg.Hover); h.Neuron == nil || !h.Neuron.IsNone() {
		t.Errorf("after leaving, hover = %+v, want no neuron", h)
	}
	do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
	waitFor(canvasmsg.Hover)

	// Click it: the canvas selects it and tells the page.
	do(chromedp.MouseClickXY(x, y))
	if c := waitFor(canvasmsg.Click); c.Neuron == nil || *c.Neuron != target {
		t.Errorf("click = %+v, want neuron %v", c, target)
	}
	scene.Pointer(x, y, true)
	scene.Press(x, y)
	same("selected", screenshot("selected"), scene)

	// Activations flowing forward, stopped half way.
	anim := canvasmsg.Anim{Phase: canvasmsg.PhaseForward, T: 0.5}
	send(canvasmsg.Message{Kind: canvasmsg.Animate, Anim: &anim})
	scene.Handle(mustEncode(t, canvasmsg.Message{Kind: canvasmsg.Animate, Anim: &anim}))
	same("forward", screenshot("forward"), scene)

	// Gradients flowing backward, playing in a loop.
	send(canvasmsg.Message{Kind: canvasmsg.Animate, Anim: &canvasmsg.Anim{Phase: canvasmsg.PhaseBackward, Seconds: 1.5, Loop: true}})
	a, b := screenshot("backward"), screenshot("backward-later")
	if bytes.Equal(a.Pix, b.Pix) {
		t.Error("a playing animation did not change the picture")
	}

	// A bad message is answered with an error, and the canvas goes on.
	do(chromedp.Evaluate[chromedp.Void](`window.send('{"kind":"select","neuron":{"layer":9,"index":0}}')`))
	if e := waitFor(canvasmsg.Error); !strings.Contains(e.Error, "no neuron") {
		t.Errorf("error = %q", e.Error)
	}
	do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, lay.X[0], lay.Y[0][0]))
	if h := waitFor(canvasmsg.Hover); h.Neuron == nil || *h.Neuron != (canvasmsg.Neuron{Layer: 0, Index: 0}) {
		t.Errorf("after an error, hover = %+v", h)
	}
}

func mustEncode(t *testing.T, m canvasmsg.Message) string {
	s, err := canvasmsg.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
