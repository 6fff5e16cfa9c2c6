//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/app"
	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/lesson"
	"github.com/backprop-playground/playground/msg"
	"github.com/backprop-playground/playground/web"
)

// sitePrefix is where TestStaticSite serves the static copy: a sub-path,
// as GitHub Pages serves a repository's site.
const sitePrefix = "/playground/"

// writeTestSite writes a static copy for sitePrefix as `serve -site DIR
// -base /playground/` does, and returns its folder.
func writeTestSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"-site", dir, "-base", sitePrefix}, &stdout, t.Output()); err != nil {
		t.Fatalf("serve -site: %v", err)
	}
	t.Logf("%s", strings.TrimSpace(stdout.String()))
	return dir
}

// fileOf returns the file of a static copy that a host serves at the
// site-rooted path p: a page's folder index, or the file itself.
func fileOf(p string) string {
	if p == "/" || strings.HasSuffix(p, "/") || slices.Contains(app.Paths(), p) {
		return filepath.FromSlash(strings.TrimPrefix(strings.TrimSuffix(p, "/")+"/index.html", "/"))
	}
	return filepath.FromSlash(strings.TrimPrefix(p, "/"))
}

// TestStaticSiteFiles checks the static copy's files: every page, go-app's
// scripts, the web files, the sample and the pretrained model are there;
// every address in the pages and in go-app's scripts is under the base;
// /data/info offers the sample and says why there is no full CIFAR-10.
func TestStaticSiteFiles(t *testing.T) {
	t.Parallel()
	dir := writeTestSite(t)
	want := []string{"index.html", "app.js", "app-worker.js", "wasm_exec.js", "manifest.webmanifest", "app.css",
		"web/app.wasm", "web/worker.wasm", "web/canvas.wasm", "web/worker.js", "web/kernels.js", "web/canvas.html",
		"data/info", "data/sample/train.bin", "data/sample/val.bin", "data/sample/test.bin", "data/sample/batches.meta.txt",
		"data/digits/train-images-idx3-ubyte", "data/fashion-sample/test-labels-idx1-ubyte",
		"data/pretrained.bppmodel", "data/pretrained-digits.npz"}
	var pages []string
	for _, p := range app.Paths() {
		pages = append(pages, fileOf(p))
	}
	want = append(want, pages...)
	for _, name := range want {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v (size %v); want a file", name, err, fi)
		}
	}
	for _, name := range []string{"web/app.wasm.br", "web/app.wasm.gz"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s is in the copy: a plain host serves the raw wasm (it compresses itself or not at all)", name)
		}
	}

	// Every site-rooted address in the pages and scripts is under the base.
	attr := regexp.MustCompile(`(?:href|src|content)="(/[^"]*)"`)
	for _, name := range pages {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range attr.FindAllStringSubmatch(string(b), -1) {
			n++
			if !strings.HasPrefix(m[1], sitePrefix) {
				t.Errorf("%s: %s escapes the base %s", name, m[0], sitePrefix)
			}
		}
		if n < 10 {
			t.Errorf("%s: %d addresses, want the page's links, scripts and styles", name, n)
		}
	}
	appJS, _ := os.ReadFile(filepath.Join(dir, "app.js"))
	for _, s := range []string{`"GOAPP_ROOT_PREFIX":"/playground/"`, `"GOAPP_STATIC_RESOURCES_URL":"/playground/web"`,
		`"/playground/web/app.wasm"`, `"/playground/app-worker.js"`} {
		if !bytes.Contains(appJS, []byte(s)) {
			t.Errorf("app.js lacks %s", s)
		}
	}
	sw, _ := os.ReadFile(filepath.Join(dir, "app-worker.js"))
	m := regexp.MustCompile(`resourcesToCache = (\[.*?\]);`).FindSubmatch(sw)
	var cached []string
	if m == nil || json.Unmarshal(m[1], &cached) != nil || len(cached) == 0 {
		t.Fatalf("app-worker.js has no list of resources to cache:\n%.600s", sw)
	}
	for _, u := range cached {
		if !strings.HasPrefix(u, sitePrefix) {
			t.Errorf("the service worker caches %s, outside the base", u)
		}
		if _, err := os.Stat(filepath.Join(dir, fileOf("/"+strings.TrimPrefix(u, sitePrefix)))); err != nil {
			t.Errorf("the service worker caches %s, which the copy lacks: %v", u, err)
		}
	}

	// data/info: every embedded folder, with its files at their addresses
	// under the base, then the full sets, unavailable, saying why.
	var got info
	b, _ := os.ReadFile(filepath.Join(dir, "data", "info"))
	var names []string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("data/info: %v\n%s", err, b)
	}
	for _, ds := range got.Datasets {
		names = append(names, ds.Name)
	}
	var wantNames []string
	for _, f := range embeddedData() {
		wantNames = append(wantNames, f.Name)
	}
	wantNames = append(wantNames, datasetCIFAR, datasetFashion)
	if !slices.Equal(names, wantNames) {
		t.Fatalf("data/info lists %v, want %v", names, wantNames)
	}
	for _, ds := range got.Datasets[:len(wantNames)-2] {
		if !ds.Available || len(ds.Files) == 0 {
			t.Errorf("data/info: %s %+v, want available", ds.Name, ds)
		}
		for _, f := range ds.Files {
			fi, err := os.Stat(filepath.Join(dir, fileOf("/"+strings.TrimPrefix(f.URL, sitePrefix))))
			if !strings.HasPrefix(f.URL, sitePrefix+"data/"+ds.Name+"/") || err != nil || fi.Size() != f.Size {
				t.Errorf("data/info: %s: %+v: not the copy's file under the base (%v)", ds.Name, f, err)
			}
		}
	}
	for _, ds := range got.Datasets[len(wantNames)-2:] {
		if ds.Available || !strings.Contains(ds.Reason, "static copy") || !strings.Contains(ds.Hint, "make run") {
			t.Errorf("data/info: %s %+v, want unavailable because the copy is static, with a hint", ds.Name, ds)
		}
	}

	// The folder must be new or empty: old files would stay.
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"-site", dir}, &stderr, &stderr); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("serve -site into the written folder again: error %v, want one saying it is not empty", err)
	}
}

// TestStaticSite serves the static copy with a plain file server under
// /playground/ (http.FileServer, no COOP/COEP or any other header of
// ours) and uses it in Chromium: the playground loads, says that training
// runs on one thread, trains on the sample until a validation accuracy
// shows, classifies a picture with the trained and the pretrained model;
// the step-through renders (reached by a link and loaded directly), the
// 2D playground trains, a ready classroom scenario opens; and after the
// server is gone a reload starts from the service worker's cache. No
// request leaves the prefix and none fails; the console stays clean. The
// grayscale samples load too, and the setup says why the full sets are
// not there.
func TestStaticSite(t *testing.T) {
	dir := writeTestSite(t)
	var mu sync.Mutex
	var requests []string // "GET /path status"
	b := newTab(t, func(b *browser) {
		files := http.StripPrefix(strings.TrimSuffix(sitePrefix, "/"), http.FileServer(http.Dir(dir)))
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &recorder{ResponseWriter: w, status: http.StatusOK}
			if strings.HasPrefix(r.URL.Path, sitePrefix) {
				files.ServeHTTP(rec, r)
			} else {
				http.NotFound(rec, r)
			}
			mu.Lock()
			requests = append(requests, fmt.Sprintf("%s %s %d", r.Method, r.URL.Path, rec.status))
			mu.Unlock()
		}))
		b.url = srv.URL
		b.stopServer = func() error { srv.Close(); return nil }
		t.Cleanup(b.stop)
	})

	tti := b.openPlayground(sitePrefix + "#hidden=32&epochs=6&batch=100")
	b.run(chromedp.WaitVisible(chromedp.CSS("#playground")))
	if evaluate[bool](b, `self.crossOriginIsolated`) {
		t.Fatal("the page is cross-origin isolated behind a plain file server")
	}
	cores := evaluate[int](b, `navigator.hardwareConcurrency`)
	note := b.text(lesson.IDThreadNote)
	if cores >= 2 && !strings.Contains(note, "one thread") {
		t.Errorf("on %d cores without cross-origin isolation the page says %q; want it to say training runs on one thread", cores, note)
	}
	if !evaluate[bool](b, `document.querySelector("#set-data option[value=cifar]").disabled`) {
		t.Error("the static copy offers the full CIFAR-10")
	}

	start := time.Now()
	b.trainBriefly()
	toStop := time.Since(start)
	val := evaluate[float64](b, `Number(document.getElementById("playground").dataset.bestVal)`)
	if !(val > 0.1) {
		t.Errorf("best validation accuracy %.3f after 3 epochs on the sample; want above chance (0.1)", val)
	}
	speed := b.text("run-speed")
	kernel := evaluate[string](b, `document.getElementById("run-speed").title`)

	b.upload("classify-file", writePNG(t, 120, 90))
	p := b.waitProbs(nil)
	b.click("classify-use-pretrained")
	b.waitFor(`document.querySelectorAll("#classify-probs li").length === 10 || !!document.getElementById("classify-error")`)
	if e := b.text("classify-error"); e != "" {
		t.Errorf("pretrained model: %q", e)
	}
	q := b.waitProbs(p)
	b.shot("playground")

	// The masthead's link to the step-through (go-app navigates in the
	// page), then the page loaded from the host (which redirects
	// /playground/steps to the folder /playground/steps/).
	b.run(chromedp.Click(chromedp.CSS(fmt.Sprintf(`nav.site-nav a[href=%q]`, sitePrefix+"steps"))))
	b.waitFor(`location.pathname === "/playground/steps" && document.querySelector("#steps[data-stages]") !== null`)
	b.open(sitePrefix + "steps")
	b.waitFor(`document.querySelector("#steps[data-stages]") !== null`)
	if path := evaluate[string](b, `location.pathname`); path != "/playground/steps/" {
		t.Errorf("loaded /playground/steps at %s, want the folder /playground/steps/", path)
	}
	click(b, "steps-next")
	b.waitFor(`document.getElementById("steps").dataset.stage === "z2"`)
	b.waitFor(`!!document.getElementById("net-frame") && document.getElementById("net-frame").contentDocument?.querySelector("canvas") !== null`)

	b.open(sitePrefix + "plane")
	b.waitFor(`document.getElementById("plane-stats").dataset.state === "ready"`)
	click(b, "plane-train")
	b.waitFor(`+document.getElementById("plane-stats").dataset.iter >= 300`)
	plane := stats(b, "plane")

	key := classroom.ReadyKeys()[0]
	b.open(sitePrefix + "classroom")
	b.waitFor(fmt.Sprintf(`!!document.getElementById("ready-%s")`, key))
	click(b, "ready-"+key)
	b.waitFor(fmt.Sprintf(`location.pathname === "/playground/classroom" && location.search === "?scenario=%s" && !!document.getElementById("scenario-title")`, key))
	b.waitFor(`(document.getElementById("plane-stats") || {dataset: {}}).dataset.state === "ready" || document.querySelector("#steps[data-stages]") !== null`)
	title := b.text("scenario-title")

	// The full CIFAR-10 is not there, and the setup says why.
	b.open(sitePrefix + "#data=cifar")
	b.waitFor(`(document.getElementById("data-info") || {}).textContent?.startsWith("Not available: this is a static copy")`)
	why := b.text("data-info")

	// The grayscale samples load from the copy too, with the first Step.
	for _, set := range []string{msg.DataDigits, msg.DataFashionSample} {
		b.open(sitePrefix + "#data=" + set)
		b.reload() // the same page with another fragment: load it afresh
		b.waitFor(playgroundReady + ` && (() => { const e = document.getElementById("ctl-step"); if (!e || e.disabled) return false; e.click(); return true })()`)
		b.waitFor(fmt.Sprintf(`document.getElementById("playground").dataset.data === %q`, set))
	}

	// What a host without isolation costs: the same float32 run of a big
	// net (3072-512-10, batch 256) here on one thread, then in this tab
	// on serve's isolated page on the kernel threads (one run at a time).
	const bigRun = "#hidden=512&batch=256&precision=f32&epochs=0&iters=100000"
	one, oneKernel := b.stepTime(b.url + sitePrefix + bigRun)
	isolated := newTestServer(t, web.FS(), "")
	many, manyKernel := b.stepTime(isolated.URL + "/" + bigRun)

	// Offline: once the service worker has cached the app shell, the
	// server goes away and a reload still starts the playground.
	b.open(sitePrefix)
	b.waitFor(`(async () => {
	  await navigator.serviceWorker.ready;
	  for (const url of ["/playground/", "/playground/web/app.wasm", "/playground/wasm_exec.js", "/playground/app.js", "/playground/web/app.css"]) {
	    if (!(await caches.match(url))) return false;
	  }
	  return navigator.serviceWorker.controller !== null;
	})()`)
	mu.Lock()
	online := len(requests)
	mu.Unlock()
	offline := b.reloadOffline()
	b.waitFor(`document.getElementById("playground").dataset.worker === "true"`)

	mu.Lock()
	defer mu.Unlock()
	var failed []string
	for _, r := range requests {
		f := strings.Fields(r)
		if !strings.HasPrefix(f[1], sitePrefix) {
			t.Errorf("a request left the prefix %s: %s", sitePrefix, r)
		}
		// The host's redirects of a folder without its final slash
		// (/playground/steps → /playground/steps/) are expected.
		if f[2] != "200" && f[2] != "301" && f[2] != "304" {
			failed = append(failed, r)
		}
	}
	if len(failed) > 0 {
		t.Errorf("%d requests failed:\n%s", len(failed), strings.Join(failed, "\n"))
	}
	t.Logf("static copy under %s: interactive after %v; trained 3+ epochs in %v (best validation accuracy %.1f%%, speed %s; %s; %d cores: %q); "+
		"classified: trained net %v, pretrained %v; /plane: step %d, test accuracy %.3f; classroom %q opened; "+
		"full CIFAR-10: %q; %d requests online, all under the prefix; offline reload interactive after %v; "+
		"3072-512-10 float32 at batch 256: %.1f ms/step here (%s), %.1f ms/step on serve's isolated page (%s): %.2fx",
		sitePrefix, tti.Round(time.Millisecond), toStop.Round(time.Millisecond), 100*val, speed, kernel, cores, note,
		top(p), top(q), plane.Iter, plane.TestAcc, title, why, online, offline.Round(time.Millisecond),
		one, oneKernel, many, manyKernel, one/many)
}

// stepTime opens the playground at url (its link sets up a long run),
// trains until the run bar's speed (the run's time per step over its last
// 3 s of wall time) has settled after 40 steps, stops, and returns that
// speed in ms and the worker's sentence on its matrix products.
func (b *browser) stepTime(url string) (ms float64, kernel string) {
	b.t.Helper()
	b.run(chromedp.Navigate(url), chromedp.WaitNotPresent(chromedp.CSS("#app-wasm-loader")))
	// Train starts the worker and loads the sample; it waits while a
	// kept run reopens.
	b.waitFor(playgroundReady + ` && (() => { const e = document.getElementById("ctl-train"); if (!e || e.disabled) return false; e.click(); return true })()`)
	b.waitFor(`document.getElementById("playground").dataset.state === "running" || !!document.getElementById("discard-go")`)
	if evaluate[bool](b, `!!document.getElementById("discard-go")`) {
		b.click("discard-go") // the model trained before is kept in this browser
	}
	b.waitFor(`Number(document.getElementById("playground").dataset.iter) >= 40`)
	speed := b.text("run-speed")
	kernel = evaluate[string](b, `document.getElementById("run-speed").title`)
	b.click("ctl-stop")
	b.waitFor(`document.getElementById("playground").dataset.state === "stopped"`)
	if _, err := fmt.Sscanf(strings.ReplaceAll(speed, ",", ""), "%g ms/step", &ms); err != nil {
		b.t.Fatalf("speed %q: %v", speed, err)
	}
	return ms, kernel
}

// top returns the most probable class of p and its probability.
func top(p map[string]float64) string {
	best := ""
	for k, v := range p {
		if best == "" || v > p[best] {
			best = k
		}
	}
	return fmt.Sprintf("%s %.2f", best, p[best])
}

// TestSiteFlags: -base goes with -site only, -site not with -data, and a
// -base that is no plain absolute path is refused, naming the flag.
func TestSiteFlags(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		args []string
		want string
	}{
		{[]string{"-base", "/playground/"}, "-base applies to -site only"},
		{[]string{"-site", t.TempDir(), "-data", t.TempDir()}, "-data cannot go with -site"},
		{[]string{"-site", t.TempDir(), "-base", "playground/"}, `-base "playground/": want an absolute path`},
		{[]string{"-site", t.TempDir(), "-base", "/a/../b/"}, "without . or .."},
		{[]string{"-site", t.TempDir(), "-base", "/a b/"}, "want an absolute path"},
		{[]string{"-site", t.TempDir(), "-base", "/a?x/"}, "want an absolute path"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), test.args, &out, &out)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%d: serve %q: error %v, want one with %q", i, test.args, err, test.want)
		}
	}
}

func TestCleanBase(t *testing.T) {
	t.Parallel()
	for i, test := range []struct{ in, want string }{
		{"", "/"}, {"/", "/"}, {"/playground", "/playground/"}, {"/playground/", "/playground/"}, {"/a/b", "/a/b/"},
	} {
		if got, err := cleanBase(test.in); err != nil || got != test.want {
			t.Errorf("%d: cleanBase(%q) = %q, %v; want %q", i, test.in, got, err, test.want)
		}
	}
	r := webResolver{base: "/playground/"}
	for i, test := range []struct{ in, want string }{
		{"", "/playground/"}, {"/", "/playground/"}, {"/web/app.wasm", "/playground/web/app.wasm"},
		{"/steps?x=1", "/playground/steps?x=1"}, {"https://example.com/x", "https://example.com/x"},
		{"//cdn.example/x", "//cdn.example/x"}, {"web/x", "web/x"},
	} {
		if got := r.Resolve(test.in); got != test.want {
			t.Errorf("%d: Resolve(%q) = %q, want %q", i, test.in, got, test.want)
		}
	}
	if got := (webResolver{}).Resolve("/web/x"); got != "/web/x" {
		t.Errorf("the root resolver gives %q for /web/x", got)
	}
}
