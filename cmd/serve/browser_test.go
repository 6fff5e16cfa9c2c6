//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/backprop-playground/playground/internal/testenv"
	"github.com/backprop-playground/playground/internal/testenv/chromium"
	"github.com/backprop-playground/playground/web"
)

// End-to-end tests in headless Chromium (chromedp does not build for js,
// hence the constraint: `GOOS=js go vet ./...` must pass). Each test gets its own server (the
// real one: run with the embedded web files and sample, on a free loopback
// port) and its own tab of one shared Chromium, in a browser context of its
// own, so no storage or service-worker cache leaks from one test to the
// next. The tests run in parallel, two tabs at a time.
//
// A test that uses newBrowser:
//
//	b := newBrowser(t)              // server + Chromium; cleaned up at the end
//	tti := b.open("/?lr=abc")       // navigate, wait until app.wasm runs
//	b.run(chromedp.WaitVisible(chromedp.CSS("#playground")))
//	n := evaluate[int](b, `document.querySelectorAll(".panel").length`)
//	b.screenshot("after-train")     // screenshots/<Test>-after-train.png
//
// At the end of every test the helper saves screenshots/<Test>.png and fails
// the test if the page logged a console error or threw an exception (see
// allowConsole).

// Viewport of the screenshots. EmulateViewport gives exact sizes (a window
// size loses ~143 px to the browser's chrome).
const (
	viewportWidth  = 1280
	viewportHeight = 800
)

// hangGuard bounds each browser action and each wait of a test. It is no
// speed requirement (tests measure and log, they do not time): it only
// turns a page that never answers into a failure with the console, long
// before the package's -timeout, however loaded the machine is.
const hangGuard = 5 * time.Minute

// browser is one Chromium tab on a playground server running in this
// process.
type browser struct {
	t   *testing.T
	ctx context.Context // the tab; actions take a timeout derived from it
	url string          // the server, "http://127.0.0.1:port" (no slash)

	stopOnce   sync.Once
	stopServer func() error

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	allowed []string
	log     []string // the server's log lines (requests: "msg=http … path=…")
}

// TestMain ends the browser the tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	chromium.Close()
	os.Exit(code)
}

// newBrowser starts the playground server (run with -addr 127.0.0.1:0 and
// the extra flags args, e.g. "-data", dir) and opens a tab of the shared
// headless Chromium in a browser context of its own (chromium.Tab). The
// test runs in parallel with the other browser tests (chromium.Tabs at a
// time). It fails the test (never skips) when Chromium or the embedded
// app.wasm is missing. Everything stops when the test ends.
func newBrowser(t *testing.T, args ...string) *browser {
	t.Helper()
	return newTab(t, func(b *browser) { b.startServer(args) })
}

// newTab is newBrowser with another server: start starts it, sets b.url
// and b.stopServer and logs its requests in b.log (TestStaticSite serves
// a static copy with a plain file server).
func newTab(t *testing.T, start func(*browser)) *browser {
	t.Helper()
	t.Parallel()
	if _, err := fs.Stat(web.FS(), "app.wasm"); err != nil {
		t.Fatal("app.wasm is not embedded in this test binary: run `make wasm` before `go test` (`make test` does)")
	}
	tab := chromium.Tab(t)
	b := &browser{t: t, ctx: tab}
	start(b)

	messages := chromedp.Console(tab)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	b.run(
		chromedp.EmulateViewport(viewportWidth, viewportHeight),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument,
				page.AddScriptToEvaluateOnNewDocumentParams{Source: loaderWatch})
			return err
		}),
	)
	// Cleanups run last-registered first: screenshot and console check
	// while the tab is still open.
	t.Cleanup(b.finish)
	return b
}

// loaderWatch runs before the page's scripts and records in
// window.__loaderGone the time (ms since navigation start) at which go-app
// removed its loader, which it does once app.wasm runs.
const loaderWatch = `(() => {
  let seen = false;
  new MutationObserver((_, observer) => {
    if (document.getElementById("app-wasm-loader")) {
      seen = true;
    } else if (seen) {
      window.__loaderGone = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
})();`

// startServer runs the server as main does and waits for its URL.
func (b *browser) startServer(args []string) {
	t := b.t
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	stdout := writerFunc(func(p []byte) (int, error) {
		if u := urlPattern.Find(p); u != nil {
			select {
			case urls <- string(u):
			default:
			}
		}
		return len(p), nil
	})
	stderr := writerFunc(func(p []byte) (int, error) {
		b.mu.Lock()
		b.log = append(b.log, strings.Split(strings.TrimRight(string(p), "\n"), "\n")...)
		b.mu.Unlock()
		return t.Output().Write(p)
	})
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), stdout, stderr)
	}()
	b.stopServer = func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(hangGuard):
			return fmt.Errorf("the server did not stop within %v", hangGuard)
		}
	}
	t.Cleanup(func() { b.stop() })
	select {
	case b.url = <-urls:
	case err := <-done:
		t.Fatalf("the server stopped at start: %v", err)
	case <-time.After(hangGuard):
		t.Fatalf("the server printed no URL within %v", hangGuard)
	}
}

// stop shuts the server down gracefully (the browser stays), and fails the
// test if run returns an error.
func (b *browser) stop() {
	b.stopOnce.Do(func() {
		if err := b.stopServer(); err != nil {
			b.t.Errorf("server: %v", err)
		}
	})
}

// run runs the actions in order, with hangGuard for all of them, and
// fails the test at the first error.
func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, hangGuard)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v%s", err, b.consoleReport())
	}
}

// evaluate returns the value of the JavaScript expression, awaiting it if
// it is a promise.
func evaluate[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, hangGuard)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v%s", expr, err, b.consoleReport())
	}
	return v
}

// waitFor evaluates the JavaScript expression (a boolean, or a promise of
// one) every 100 ms until it is true; errors while the page navigates (a
// reload) count as false. It fails the test only after hangGuard: a
// condition that never comes true, not a slow one.
func (b *browser) waitFor(expr string) {
	b.t.Helper()
	deadline := time.Now().Add(hangGuard)
	var lastErr error
	for {
		ctx, cancel := context.WithTimeout(b.ctx, hangGuard)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return
		}
		lastErr = err
		if time.Now().After(deadline) {
			b.t.Fatalf("waited %v for %s (last error: %v)%s", hangGuard, expr, lastErr, b.consoleReport())
		}
		select { // the polling interval
		case <-time.After(100 * time.Millisecond):
		case <-b.ctx.Done():
			b.t.Fatalf("the tab closed while waiting for %s", expr)
		}
	}
}

// open navigates to path (e.g. "/" or "/?lr=abc") and waits until go-app's
// loader is gone, that is until app.wasm runs. It returns the time from
// navigation start to that moment.
func (b *browser) open(path string) time.Duration {
	b.t.Helper()
	b.run(
		chromedp.Navigate(b.url+path),
		chromedp.WaitNotPresent(chromedp.CSS("#app-wasm-loader")),
	)
	ms := evaluate[float64](b, `window.__loaderGone || performance.now()`)
	return time.Duration(ms * float64(time.Millisecond))
}

// reload reloads the page and waits as open does.
func (b *browser) reload() time.Duration {
	b.t.Helper()
	b.run(chromedp.Reload(), chromedp.WaitNotPresent(chromedp.CSS("#app-wasm-loader")))
	ms := evaluate[float64](b, `window.__loaderGone || performance.now()`)
	return time.Duration(ms * float64(time.Millisecond))
}

// screenshot saves a full-page PNG as screenshots/<Test>-<name>.png at the
// root of the module (screenshots/<Test>.png if name is empty) and returns
// its path.
func (b *browser) screenshot(name string) string {
	b.t.Helper()
	dir := filepath.Join(testenv.ModuleRoot(b.t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	file := strings.NewReplacer("/", "-", " ", "_").Replace(b.t.Name())
	if name != "" {
		file += "-" + name
	}
	path := filepath.Join(dir, file+".png")
	ctx, cancel := context.WithTimeout(b.ctx, hangGuard)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", path, err)
		return path
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Error(err)
	}
	return path
}

// serverLog returns the server's log lines so far that contain substr
// (e.g. "path=/data/cifar/": the requests for the full CIFAR-10's files).
func (b *browser) serverLog(substr string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var lines []string
	for _, l := range b.log {
		if strings.Contains(l, substr) {
			lines = append(lines, l)
		}
	}
	return lines
}

// allowConsole lets console errors that contain substr pass (for a test
// that provokes one on purpose).
func (b *browser) allowConsole(substr string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allowed = append(b.allowed, substr)
}

// consoleErrors returns the console errors and uncaught exceptions so far,
// without the allowed ones.
func (b *browser) consoleErrors() []chromedp.ConsoleMessage {
	b.mu.Lock()
	defer b.mu.Unlock()
	var errs []chromedp.ConsoleMessage
next:
	for _, m := range b.console {
		if m.Type != chromedp.ConsoleError && !m.IsException() {
			continue
		}
		for _, a := range b.allowed {
			if strings.Contains(m.Text, a) {
				continue next
			}
		}
		errs = append(errs, m)
	}
	return errs
}

// consoleReport formats the whole console for a failure message.
func (b *browser) consoleReport() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) == 0 {
		return ""
	}
	var s strings.Builder
	s.WriteString("\nconsole:")
	for _, m := range b.console {
		fmt.Fprintf(&s, "\n  %s (%s:%d)", m, m.URL, m.Line)
	}
	return s.String()
}

// finish saves the test's screenshot and fails it on console errors.
func (b *browser) finish() {
	b.screenshot("")
	for _, m := range b.consoleErrors() {
		b.t.Errorf("console %s (%s:%d)", m, m.URL, m.Line)
	}
}

// wasmTiming is what the browser's resource timing says about app.wasm.
type wasmTiming struct {
	Encoded  float64 `json:"encoded"`  // bytes on the wire
	Decoded  float64 `json:"decoded"`  // bytes after Content-Encoding
	Duration float64 `json:"duration"` // ms from request to last byte
}

const wasmTimingJS = `(() => {
  const e = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/web/app.wasm"));
  return e ? { encoded: e.encodedBodySize, decoded: e.decodedBodySize, duration: e.duration } : null;
})()`

// TestBrowserLoads opens the playground: the prerendered page arrives,
// app.wasm starts (go-app removes its loader), the placeholder is visible
// and the console stays clean.
func TestBrowserLoads(t *testing.T) {
	b := newBrowser(t)
	tti := b.open("/")
	b.run(chromedp.WaitVisible(chromedp.CSS("#playground")))

	if title := evaluate[string](b, `document.title`); title != "Backprop Playground" {
		t.Errorf("title %q, want Backprop Playground", title)
	}
	if h1 := evaluate[string](b, `document.querySelector("h1").textContent`); h1 != "Backprop Playground" {
		t.Errorf("h1 %q, want Backprop Playground", h1)
	}
	// The stylesheet applied: the page background is the CSS variable's.
	if bg := evaluate[string](b, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(245, 247, 250)" {
		t.Errorf("body background %s, want rgb(245, 247, 250) from /web/app.css", bg)
	}
	// go-app's Go code runs in the page (it defines goappNav's real handler).
	if ok := evaluate[bool](b, `typeof Go === "function" && document.getElementById("app-wasm-loader") === null`); !ok {
		t.Error("wasm_exec.js did not load or the loader is still there")
	}

	w := evaluate[*wasmTiming](b, wasmTimingJS)
	if w == nil {
		t.Fatal("no resource timing for /web/app.wasm")
	}
	if w.Encoded <= 0 || w.Encoded*3 > w.Decoded {
		t.Errorf("app.wasm: %.0f bytes on the wire for %.0f decoded; want brotli (about 5x smaller)", w.Encoded, w.Decoded)
	}
	// The 3 s budget of the spec is a speed target: it is reported (go test
	// -v -run TestBrowserLoads ./cmd/serve/), not asserted, since a timed
	// assertion fails on a loaded machine for reasons the page cannot help.
	t.Logf("time to interactive (navigation start → loader gone): %v (budget 3 s); app.wasm %.0f bytes on the wire, %.0f decoded, fetched in %.0f ms",
		tti.Round(time.Millisecond), w.Encoded, w.Decoded, w.Duration)
}

// TestBrowserBadQuery opens the playground with a bad URL value: the page
// must still load (the UI reports the error; it never breaks the page).
func TestBrowserBadQuery(t *testing.T) {
	b := newBrowser(t)
	b.open("/?lr=abc")
	b.run(chromedp.WaitVisible(chromedp.CSS("#playground")))
	if loc := evaluate[string](b, `location.search`); loc != "?lr=abc" {
		t.Errorf("location.search %q, want ?lr=abc", loc)
	}
}

// TestBrowserOffline visits once and trains on the sample, stops the
// server and reloads: the playground starts from the service worker's
// cache alone, and trains on the sample again. At install the service
// worker caches the app shell only; the worker's files and the sample
// are cached when Train first uses them (app/offline.go).
func TestBrowserOffline(t *testing.T) {
	b := newBrowser(t)
	b.open("/")
	b.waitFor(cachedAll([]string{"/", "/web/app.wasm", "/wasm_exec.js", "/app.js", "/web/app.css", "/web/icon.svg"}) +
		` && navigator.serviceWorker.controller !== null`)
	used := []string{"/web/worker.js", "/web/worker.wasm", "/web/kernels.js", "/data/sample/train.bin", "/data/sample/val.bin", "/data/sample/test.bin"}
	if evaluate[bool](b, cachedAny(used)) {
		t.Errorf("before Train, one of %v is cached: the first visit downloaded it", used)
	}

	b.run(chromedp.Evaluate[chromedp.Void](`document.getElementById("ctl-train").click()`))
	b.waitFor(`Number(document.getElementById("playground").dataset.epochs) >= 1`)
	b.run(chromedp.Evaluate[chromedp.Void](`document.getElementById("ctl-stop").click()`))
	b.waitFor(`document.getElementById("playground").dataset.state === "stopped"`)
	b.waitFor(cachedAll(used))
	if evaluate[bool](b, cachedAny([]string{"/data/info"})) {
		t.Error("/data/info is cached: it answers for the server of the moment")
	}

	tti := b.reloadOffline()
	t.Logf("offline reload: interactive after %v", tti.Round(time.Millisecond))
	// The reload reopens the kept run (the worker starts from the
	// cache), and its primary control trains on the sample, which
	// loads from the cache.
	b.waitFor(`document.getElementById("playground").dataset.worker === "true" && Number(document.getElementById("playground").dataset.iter) > 0`)
	iter := evaluate[int](b, `Number(document.getElementById("playground").dataset.iter)`)
	b.waitFor(`(() => { const e = document.querySelector("#ctl-train, #ctl-resume"); if (!e || e.disabled) return false; e.click(); return true })()`)
	b.waitFor(fmt.Sprintf(`document.getElementById("playground").dataset.data === "sample" && Number(document.getElementById("playground").dataset.iter) > %d`, iter))
}

// cachedAll is a JavaScript condition: every URL is in the service
// worker's cache.
func cachedAll(urls []string) string {
	return fmt.Sprintf(`(async () => { for (const u of %s) { if (!(await caches.match(u))) return false; } return true; })()`, jsList(urls))
}

// cachedAny is a JavaScript condition: one of the URLs is in the cache.
func cachedAny(urls []string) string {
	return fmt.Sprintf(`(async () => { for (const u of %s) { if (await caches.match(u)) return true; } return false; })()`, jsList(urls))
}

func jsList(s []string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowserUpdate checks that a rebuild is never used stale: after a
// first visit (the service worker caches the app), a web file changes on
// disk (-dev); the next visit starts from the cache, finds the new version
// and reloads into it.
func TestBrowserUpdate(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"app.wasm", "app.wasm.br", "app.wasm.gz", "app.css", "lesson.css", "icon.svg", "icon-192.png", "icon-512.png"} {
		b, err := fs.ReadFile(web.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t, "-dev", dir)
	b.open("/")
	const background = `getComputedStyle(document.body).backgroundColor`
	if bg := evaluate[string](b, background); bg != "rgb(245, 247, 250)" {
		t.Fatalf("body background %s before the change", bg)
	}
	b.waitFor(`navigator.serviceWorker.controller !== null`)

	css, err := os.ReadFile(filepath.Join(dir, "app.css"))
	if err != nil {
		t.Fatal(err)
	}
	css = append(css, "\nbody { background: rgb(1, 2, 3); }\n"...)
	if err := os.WriteFile(filepath.Join(dir, "app.css"), css, 0o644); err != nil {
		t.Fatal(err)
	}
	// Reload without waiting for the loader: the page reloads itself again
	// as soon as the new version is installed.
	evaluate[chromedp.Void](b, `location.reload()`)
	b.waitFor(`document.getElementById("app-wasm-loader") === null && ` + background + ` === "rgb(1, 2, 3)"`)
}

// reloadOffline stops the server and reloads the page from the service
// worker's cache, waiting until the playground shows; it returns the time
// to interactive. Offline, the browser's update check of the service
// worker fails, and so does the page's fetch of /data/info (never cached:
// it depends on -data; the page shows the full sets as unavailable): those
// console errors are expected.
func (b *browser) reloadOffline() time.Duration {
	b.t.Helper()
	b.stop()
	b.allowConsole("ERR_CONNECTION_REFUSED")
	b.allowConsole("Failed to fetch")
	b.allowConsole("net::ERR_FAILED")
	tti := b.reload()
	b.run(chromedp.WaitVisible(chromedp.CSS("#playground")))
	return tti
}
