//go:build !js

// Package chromium gives browser tests one headless Chromium per test
// binary and each test a tab of its own in its own browser context (an
// incognito-like profile: its own cookies, storage, IndexedDB, service
// workers and caches), so tests share the browser's start-up and memory
// but none of their state. At most Tabs tabs run at once; a test that asks
// for one more waits for a free one. chromedp does not build for js, hence
// its own package beside testenv.
//
// A package's TestMain calls Close after m.Run, so that the browser ends
// with the tests:
//
//	func TestMain(m *testing.M) { code := m.Run(); chromium.Close(); os.Exit(code) }
package chromium

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// Path is Debian's chromium, which .ci/run installs; $CHROMIUM names
// another binary.
func Path() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// Tabs is how many tabs run at once: on a two-core machine more tabs only
// make each slower (each page runs wasm and a training worker).
const Tabs = 2

var shared struct {
	once    sync.Once
	browser context.Context // the first tab, which owns the browser
	cancel  func()
	profile string
	err     error
	tabs    chan struct{}
}

// start runs Chromium once, with a fresh profile folder.
func start() {
	shared.tabs = make(chan struct{}, Tabs)
	profile, err := os.MkdirTemp("", "playground-chromium-")
	if err != nil {
		shared.err = err
		return
	}
	shared.profile = profile
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Path()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Pages in background tabs keep their timers at full speed.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	shared.browser = browser
	shared.cancel = func() { cancelBrowser(); cancelAlloc() }
	// The first action starts the browser; it carries no timeout, which
	// would end the browser with it.
	shared.err = chromedp.Do(browser)
}

// Tab returns a new tab in a new browser context of the shared browser,
// closed (with its browser context) when the test ends. It fails the test,
// never skips it, when Chromium is missing or does not start.
func Tab(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(Path()); err != nil {
		t.Fatalf("browser tests need Chromium at %s (Debian: apt-get install chromium; .ci/run installs it; "+
			"$CHROMIUM names another binary): %v", Path(), err)
	}
	shared.once.Do(start)
	if shared.err != nil {
		t.Fatalf("starting %s: %v", Path(), shared.err)
	}
	shared.tabs <- struct{}{}
	tab, cancel := chromedp.NewContext(shared.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(func() {
		cancel()
		<-shared.tabs
	})
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tab
}

// Close ends the shared browser, if it started, and removes its profile.
func Close() {
	if shared.cancel != nil {
		shared.cancel()
	}
	if shared.profile != "" {
		os.RemoveAll(shared.profile)
	}
}
