//go:build !js

package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Browser tests of finding one's way (issue 11): the one navigation header
// (lesson.Masthead) on every page, the share link's Copy button and the
// playground's order on a phone. They share one browser.

// sitePages are the four pages in the header's order.
var sitePages = []string{"/", "/steps", "/plane", "/classroom"}

// TestReachNavigation walks every page from / by clicking the header's
// links with the mouse, at desktop width and at a phone's 390 px: each
// page has the header with all four links, the current one (and only it)
// marked aria-current="page", and the header fits the screen.
func TestReachNavigation(t *testing.T) {
	b := newPlaygroundBrowser(t)
	for _, vp := range []struct {
		name string
		w, h int64
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		b.run(chromedp.EmulateViewport(vp.w, vp.h))
		b.open("/")
		check := func(path string) {
			t.Helper()
			b.waitFor(fmt.Sprintf(`location.pathname === %q && !!document.querySelector("header.masthead nav.site-nav")`, path))
			links := evaluate[[]string](b, `[...document.querySelectorAll("header.masthead nav.site-nav a")].map((a) => new URL(a.href).pathname)`)
			if strings.Join(links, " ") != strings.Join(sitePages, " ") {
				t.Errorf("%s %s: header links %v, want %v", vp.name, path, links, sitePages)
			}
			current := evaluate[[]string](b, `[...document.querySelectorAll('nav.site-nav a[aria-current="page"]')].map((a) => new URL(a.href).pathname)`)
			if len(current) != 1 || current[0] != path {
				t.Errorf("%s %s: marked current %v, want just %s", vp.name, path, current, path)
			}
			if n := evaluate[int](b, `document.querySelectorAll("header.masthead").length`); n != 1 {
				t.Errorf("%s %s: %d headers, want one", vp.name, path, n)
			}
			// Every link lies inside the screen and is big enough to tap.
			bad := evaluate[[]string](b, `[...document.querySelectorAll("nav.site-nav a")].filter((a) => {
			  const r = a.getBoundingClientRect();
			  return r.left < 0 || r.right > document.documentElement.clientWidth + 1 || r.height < 20 })
			  .map((a) => a.textContent)`)
			if len(bad) > 0 {
				t.Errorf("%s %s: links off screen or too small to tap: %v", vp.name, path, bad)
			}
			if w := evaluate[float64](b, `document.documentElement.scrollWidth`); w > float64(vp.w)+1 {
				t.Errorf("%s %s: page is %g px wide on a %d px screen", vp.name, path, w, vp.w)
			}
		}
		check("/")
		b.shot(vp.name + "-playground")
		// From /, each other page and back home through the header, so
		// that every page is reached by a click from the one before.
		for _, path := range append(sitePages[1:], "/") {
			b.run(chromedp.Click(chromedp.CSS(fmt.Sprintf(`nav.site-nav a[href=%q]`, path))))
			check(path)
			b.shot(vp.name + strings.ReplaceAll(path, "/", "-"))
		}
	}
}

// TestReachPhoneOrder opens / at 390 px: the setup (step 1) comes before
// the live views and the classifier, as the three steps read.
func TestReachPhoneOrder(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.run(chromedp.EmulateViewport(390, 844))
	b.openPlayground("/")
	tops := evaluate[map[string]float64](b, `Object.fromEntries(["setup", "loss-panel", "classify"].map(
	  (id) => [id, document.getElementById(id) ? document.getElementById(id).getBoundingClientRect().top + scrollY : -1]))`)
	if tops["setup"] < 0 || tops["loss-panel"] < 0 || tops["classify"] < 0 {
		t.Fatalf("missing panels: %v", tops)
	}
	if !(tops["setup"] < tops["loss-panel"] && tops["loss-panel"] < tops["classify"]) {
		t.Errorf("on a phone the setup is at %g px, the loss at %g px, classify at %g px: want setup first", tops["setup"], tops["loss-panel"], tops["classify"])
	}
	b.shot("phone")
}

// TestReachCopyLink presses the share link's Copy button: the whole
// address with these settings lands on the clipboard and the button says
// "Copied". Then, with both ways of copying refused, the link is shown
// selected for copying by hand.
func TestReachCopyLink(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground("/#hidden=64&lr=0.002")
	want := evaluate[string](b, `location.origin + location.pathname + document.getElementById("share-link").getAttribute("href")`)
	if !strings.Contains(want, "hidden=64") {
		t.Fatalf("share link %q does not hold the settings", want)
	}
	// Record what the page copies, whichever way it copies: a headless
	// browser without focus may refuse navigator.clipboard.
	evaluate[bool](b, `(() => {
	  window.__copied = [];
	  const write = navigator.clipboard && navigator.clipboard.writeText.bind(navigator.clipboard);
	  if (write) navigator.clipboard.writeText = (s) => { window.__copied.push(s); return write(s).catch(() => {}) };
	  const exec = document.execCommand.bind(document);
	  document.execCommand = (c) => { if (c === "copy") window.__copied.push(document.activeElement.value); return exec(c) };
	  return true })()`)
	b.run(chromedp.Click(chromedp.CSS("#share-copy")))
	b.waitFor(`(document.getElementById("share-copy").dataset.state || "") !== ""`)
	if s := evaluate[string](b, `document.getElementById("share-copy").dataset.state || ""`); s != "copied" {
		t.Errorf("copy state %q, want copied", s)
	}
	if txt := b.text("share-copy"); txt != "Copied" {
		t.Errorf("button says %q, want Copied", txt)
	}
	if got := evaluate[[]string](b, `window.__copied`); len(got) == 0 || got[0] != want {
		t.Errorf("copied %q, want %q", got, want)
	}
	b.shot("copied")
	// The state goes back after a few seconds.
	b.waitFor(`(document.getElementById("share-copy").dataset.state || "") === ""`)

	evaluate[bool](b, `(() => {
	  if (navigator.clipboard) navigator.clipboard.writeText = () => Promise.reject(new Error("denied"));
	  document.execCommand = () => false;
	  return true })()`)
	b.run(chromedp.Click(chromedp.CSS("#share-copy")))
	b.waitFor(`document.getElementById("share-copy").dataset.state === "failed" && !!document.getElementById("share-url")`)
	if v := evaluate[string](b, `document.getElementById("share-url").value`); v != want {
		t.Errorf("fallback shows %q, want %q", v, want)
	}
	b.waitFor(`document.activeElement && document.activeElement.id === "share-url"`)
	b.shot("failed")
}

// TestReachNPZ exports a briefly trained model with "Export .npz", has
// numpy open the download (np.load: W1, b1, W2, b2, the preprocessing and
// the class names), then resets the net and loads the .npz back with
// "Load model…": the classifier gives the probabilities of before.
func TestReachNPZ(t *testing.T) {
	b := newPlaygroundBrowser(t)
	dir := b.downloads()
	b.openPlayground(smallRun)
	b.trainBriefly()
	b.upload("classify-file", writePNG(t, 64, 64))
	before := b.waitProbs(nil)

	b.click("model-export-npz")
	file := waitFile(t, filepath.Join(dir, "*.npz"))
	if s := b.text("model-status"); !strings.Contains(s, "np.load") {
		t.Errorf("status %q", s)
	}
	out, err := exec.Command("/usr/bin/python3", "-c", `import sys, numpy as np
f = np.load(sys.argv[1]); print(" ".join(sorted(f.keys())), f["W1"].shape[0], len(f["classes"]))`, file).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy cannot open the export: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); !strings.HasPrefix(got, "W1 W2 activation b1 b2 classes mean") || !strings.HasSuffix(got, " 3072 10") {
		t.Errorf("numpy sees %q", got)
	}

	b.click("ctl-reset") // a fresh net predicts something else
	fresh := b.waitProbs(before)
	b.upload("model-load", file)
	b.waitFor(`document.getElementById("model-status").textContent.startsWith("Loaded")`)
	after := b.waitProbs(fresh)
	if !sameProbs(before, after) {
		t.Errorf("after exporting and importing the .npz the model predicts\n%v\nbefore\n%v", after, before)
	}
	b.shot("imported")
}
