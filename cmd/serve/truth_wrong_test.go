//go:build !js

package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/internal/testenv"
)

// TestTruthClassifyNoStaleState: during a slow decode the panel says it
// is reading and the old picture and answer are gone; after a failed
// upload only the error shows, never the previous picture, its name or
// its probabilities. The decode is held back by the test (the page's
// createImageBitmap waits for a promise the test resolves), so the
// intermediate state is seen for certain, not by luck of timing.
func TestTruthClassifyNoStaleState(t *testing.T) {
	b := newPlaygroundBrowser(t)
	b.openPlayground(smallRun)
	b.trainBriefly()
	b.upload("classify-file", writePNG(t, 40, 40))
	b.waitProbs(nil)
	if src := b.text("classify"); !strings.Contains(src, ".png, 32 × 32 pixels") {
		t.Fatalf("the first picture is not shown: %q", src)
	}

	// Hold the next decode.
	b.run(chromedp.Evaluate[chromedp.Void](`(() => {
	  const real = window.createImageBitmap;
	  window.createImageBitmap = (f) => {
	    window.createImageBitmap = real; // once
	    return new Promise((resolve, reject) => { window.releaseDecode = () => real(f).then(resolve, reject); });
	  };
	})()`))
	b.upload("classify-file", writePNG(t, 60, 30))
	b.waitFor(`typeof window.releaseDecode === "function"`)
	// The decode cannot end before the test releases it: the page must
	// come to show that it is reading, with no old answer, meanwhile.
	b.waitFor(`document.getElementById("classify-input").textContent === "Reading the picture…" &&
	  !document.getElementById("classify-top") && document.getElementById("classify-probs").textContent.includes("Classifying…")`)
	b.run(chromedp.Evaluate[chromedp.Void](`window.releaseDecode()`))
	b.waitProbs(nil)

	// A failed upload: its error alone.
	b.upload("classify-file", writeFile(t, "broken.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)))
	b.waitFor(`(document.getElementById("classify-error") || {}).textContent?.includes("broken.png")`)
	panel := b.text("classify")
	if strings.Contains(panel, ".png, 32 × 32 pixels") || evaluate[bool](b, `!!document.getElementById("classify-top") || !!document.querySelector("#classify .input-box")`) {
		t.Errorf("after a failed upload the panel still shows the previous picture or answer: %q", panel)
	}
	if got := b.text("classify-input"); !strings.HasPrefix(got, "Nothing yet") {
		t.Errorf("after a failed upload the input box shows %q", got)
	}
	b.shot("failed-upload")
}

// TestTruthLinkIsState: a link's cifar:123 trains on 123 images and the
// form says 123 (not the first size offered); after a change in the form
// the fragment is exactly the page's state, with the 123 kept.
func TestTruthLinkIsState(t *testing.T) {
	dir := testenv.CIFAR10Dir(t)
	b := newPlaygroundBrowser(t, "-data", dir)
	b.open("/#data=cifar:123&hidden=16")
	// The data info speaks of the size once the server said it has the set.
	b.waitFor(playgroundReady + ` && !!document.getElementById("set-cifar-size") && !document.getElementById("data-info").textContent.startsWith("Asking")`)
	if v := evaluate[string](b, `document.getElementById("set-cifar-size").value`); v != "123" {
		t.Errorf("the size select shows %q for cifar:123", v)
	}
	if info := b.text("data-info"); !strings.Contains(info, "123") {
		t.Errorf("data info %q does not say 123", info)
	}
	b.run(chromedp.Evaluate[chromedp.Void](`(() => { const e = document.getElementById("set-lr"); e.value = "0.003"; e.dispatchEvent(new Event("change", {bubbles: true})); })()`))
	b.waitFor(`location.hash.includes("lr=0.003")`)
	hash := evaluate[string](b, `location.hash`)
	if !strings.Contains(hash, "data=cifar%3A123") && !strings.Contains(hash, "data=cifar:123") {
		t.Errorf("after a change the fragment %q lost cifar:123", hash)
	}
	if !strings.Contains(hash, "hidden=16") {
		t.Errorf("after a change the fragment %q lost hidden=16", hash)
	}
}
