package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/backprop-playground/playground/app"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

// config is what newSite needs.
type config struct {
	Web      fs.FS        // the static files served under /web/ (web.FS() or the -dev folder)
	Data     []dataFolder // the embedded datasets, each served under /data/<name>/ (embeddedData())
	DataDirs []string     // the -data folders: the full CIFAR-10 and/or Fashion-MNIST
	Logger   *slog.Logger

	// Base is the path the pages are served under, which starts and ends
	// with "/": "/" for the server; for a static copy (-site, -base) the
	// folder of the host it will be served from, e.g. "/playground/".
	// The handler's routes stay rooted at "/" (the copy is written from
	// them); Base is in every address the pages and scripts use
	// (webResolver). Empty means "/".
	Base string
}

// site is the playground's HTTP handler. Its routes:
//
//	GET /web/{path...}        static files (app.wasm precompressed, ETags, Range)
//	GET /data/info            which datasets are available, with file sizes (JSON)
//	GET /data/sample/{file}   the embedded sample (train.bin, val.bin, test.bin, …);
//	                          each folder of embeddedData under /data/<name>/:
//	GET /data/digits/{file}   the embedded digits sample (IDX files)
//	GET /data/fashion-sample/{file}  the embedded Fashion-MNIST sample
//	GET /data/cifar/{file}    the full CIFAR-10 from -data DIR (Range requests)
//	GET /data/fashion/{file}  the full Fashion-MNIST from -data DIR
//	GET /data/pretrained.bppmodel  the embedded pretrained model
//	GET /data/pretrained-digits.npz  the embedded digits model
//	GET /favicon.ico          a redirect to the icon (browsers ask for it on
//	                          documents that are not pages, e.g. a file under /web/)
//	GET /                     go-app: the pages of app.Routes (404 for other
//	                          paths), /app.js, /wasm_exec.js, /app-worker.js,
//	                          /manifest.webmanifest, /app.css
type site struct {
	web    *files
	data   *data
	pages  *pages
	logger *slog.Logger
	base   string // config.Base, cleaned
	http.Handler
}

// newSite builds the handler. It registers the UI's routes with go-app.
func newSite(c config) (*site, error) {
	base, err := cleanBase(c.Base)
	if err != nil {
		return nil, err
	}
	d, err := newData(c.Data, c.DataDirs, c.Logger)
	if err != nil {
		return nil, err
	}
	s := &site{web: newFiles(c.Web), data: d, logger: c.Logger, base: base}
	if _, err := fs.Stat(c.Web, "app.wasm"); err != nil {
		c.Logger.Warn("app.wasm is missing from the web files: run `make wasm` (the page cannot start without it)")
	}

	app.Routes()
	s.pages = &pages{web: s.web, data: d.embedded, base: base}
	if _, err := s.pages.handler(); err != nil {
		d.Close()
		return nil, err
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /web/{path...}", s.serveWeb)
	mux.HandleFunc("GET "+dataInfoURL, d.serveInfo)
	for _, e := range d.embedded {
		mux.HandleFunc("GET /data/"+e.name+"/{file}", d.serveEmbedded(e))
	}
	for _, set := range d.full {
		mux.HandleFunc("GET /data/"+set.name+"/{file}", d.serveFull(set))
	}
	for _, m := range pretrainedModels {
		mux.HandleFunc("GET "+m.url, m.serve)
	}
	mux.Handle("GET /favicon.ico", http.RedirectHandler("/web/icon.svg", http.StatusMovedPermanently))
	mux.HandleFunc("GET /data/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no such data: %s %s (see /data/info)", r.Method, r.URL.Path))
	})
	mux.Handle("GET /", s.pages)
	s.Handler = s.logRequests(mux)
	return s, nil
}

// Close releases the -data folder.
func (s *site) Close() error { return s.data.Close() }

// serveWeb serves GET /web/{path...}.
func (s *site) serveWeb(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("path")
	if err := s.web.serve(w, r, name); err != nil {
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, errNotFile) {
			s.logger.Warn("serving a web file failed", "file", name, "err", err)
		}
		http.NotFound(w, r)
	}
}

// pages serves go-app's pages and scripts. Its version is a hash of the web
// files, the embedded datasets and the pretrained models, so a rebuilt
// app.wasm or a new sample gets a new page ETag and a new service-worker
// cache (whose files, kept once used, would otherwise stay the old ones).
// With -dev the files can change while the server runs: each request
// checks the hash (cheap: hashes are cached per file size and time) and
// builds a new go-app handler when it changed.
type pages struct {
	web  *files
	data []embedded
	base string // where the pages are served (config.Base)

	mu      sync.Mutex
	version string
	h       *goapp.Handler
}

func (p *pages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, err := p.handler()
	if err != nil {
		http.Error(w, "reading the web files failed", http.StatusInternalServerError)
		return
	}
	// go-app answers /robots.txt, /sitemap.xml and /ads.txt, also under
	// its version prefix (/<version>/robots.txt), by fetching them from
	// the URL it builds from the request's Host header: a request to any
	// host the client names. The playground has none of them.
	path := strings.TrimPrefix(r.URL.Path, "/"+h.Version)
	if !strings.HasPrefix(path, "/") {
		path = r.URL.Path
	}
	if proxied[path] {
		http.NotFound(w, r)
		return
	}
	h.ServeHTTP(&charsetWriter{ResponseWriter: w}, r)
}

// proxied are the paths go-app proxies (its Handler.initProxyResources).
var proxied = map[string]bool{"/robots.txt": true, "/sitemap.xml": true, "/ads.txt": true}

// charsetWriter names UTF-8 on the text types go-app sends without a
// charset ("text/html" for the pages, "text/css" for app.css): without
// it a browser guesses.
type charsetWriter struct {
	http.ResponseWriter
	wroteHeader bool
}

func (w *charsetWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		switch t := w.Header().Get("Content-Type"); t {
		case "text/html", "text/css", "text/javascript", "application/javascript":
			w.Header().Set("Content-Type", t+"; charset=utf-8")
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *charsetWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *charsetWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// handler returns the go-app handler for the current version of the files.
func (p *pages) handler() (*goapp.Handler, error) {
	wv, err := p.web.version()
	if err != nil {
		return nil, fmt.Errorf("hashing the web files: %w", err)
	}
	dh := sha256.New()
	for _, f := range p.data {
		dv, err := f.files.version()
		if err != nil {
			return nil, fmt.Errorf("hashing the %s: %w", f.name, err)
		}
		fmt.Fprintln(dh, f.name, dv)
	}
	for _, m := range pretrainedModels {
		fmt.Fprintln(dh, m.url, m.etag)
	}
	v := wv + hex.EncodeToString(dh.Sum(nil))[:4]

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.h == nil || v != p.version {
		p.h, p.version = p.newHandler(v), v
	}
	return p.h, nil
}

// newHandler completes app.Handler with what the server knows.
func (p *pages) newHandler(version string) *goapp.Handler {
	h := app.Handler(version)
	h.Resources = webResolver{base: p.base}
	// What the service worker precaches and what it keeps once used is
	// app.Handler's (app/offline.go): the app shell at install, every
	// other file under /web/ and /data/ when first used.
	// The loading bar divides the bytes received (decompressed) by this;
	// the Content-Length of a brotli response would give 500%.
	if fi, err := fs.Stat(p.web.fsys, "app.wasm"); err == nil {
		h.WasmContentLength = strconv.FormatInt(fi.Size(), 10)
	}
	return h
}

// webResolver tells go-app that static files are under /web/ on this server.
// go-app's own LocalDir serves them from the working directory (and with a
// non-empty folder it breaks app.js in v10.1.11); the server serves /web/
// itself, from the embedded files or the -dev folder.
//
// It also puts the site's base before every site-rooted path ("/web/app.wasm"
// becomes "/playground/web/app.wasm" under base /playground/): go-app
// resolves with it the page's links, scripts and styles, app.js's wasm and
// service worker, the worker's cache list and the manifest, and hands the
// base to the page as GOAPP_ROOT_PREFIX (Resolve("/")), from which its
// router strips it and app/base builds the addresses go-app does not
// resolve. go-app's PrefixedLocation would do the same but resolve "/" to
// "/playground" without the final slash: a static host redirects that to
// "/playground/", which the service worker's cache would then miss.
type webResolver struct {
	base string // starts and ends with "/"; "" means "/"
}

func (r webResolver) Resolve(location string) string {
	base := r.base
	if base == "" {
		base = "/"
	}
	switch {
	case location == "" || location == "/":
		return base
	case strings.HasPrefix(location, "/") && !strings.HasPrefix(location, "//"):
		return base + location[1:]
	}
	return location // a remote or relative address
}

// cleanBase checks a -base path and returns it with one "/" at each end
// ("" and "/" are the root).
func cleanBase(b string) (string, error) {
	if b == "" || b == "/" {
		return "/", nil
	}
	if !strings.HasPrefix(b, "/") || strings.ContainsAny(b, "?#%\\ ") || strings.Contains(b, "//") {
		return "", fmt.Errorf("-base %q: want an absolute path such as /playground/ (no query, escapes or spaces)", b)
	}
	for _, seg := range strings.Split(strings.Trim(b, "/"), "/") {
		if seg == "." || seg == ".." {
			return "", fmt.Errorf("-base %q: want a path without . or .. segments", b)
		}
	}
	return "/" + strings.Trim(b, "/") + "/", nil
}

// securityHeaders go on every response.
//
// The Content-Security-Policy allows what the pages do and nothing else:
// scripts and everything they load from this server only (app.js,
// wasm_exec.js, worker.js, canvas.js; no inline script anywhere), wasm
// compiled from bytes ('wasm-unsafe-eval': app.wasm, the worker's wasm and
// its SIMD kernel), inline styles (go-app writes style attributes, e.g. a
// bar's width), images from data: and blob: URLs (a picked picture, a
// download link), the canvas iframe from this origin, and framing by this
// origin only (frame-ancestors: the canvas page is framed by the
// playground; no other site may frame either).
//
// Cross-origin isolation (COOP same-origin + COEP require-corp, with CORP
// same-origin on every response so the pages' own resources pass COEP)
// makes SharedArrayBuffer available to the training worker; every
// resource is same-origin, so nothing else is affected.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; frame-src 'self'; " +
		"frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'",
	"Referrer-Policy":              "same-origin",
	"Permissions-Policy":           "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
	"X-Content-Type-Options":       "nosniff",
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Embedder-Policy": "require-corp",
	"Cross-Origin-Resource-Policy": "same-origin",
}

// logRequests logs one line per request and sets headers common to all.
func (s *site) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		for k, v := range securityHeaders {
			w.Header().Set(k, v)
		}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("dur", time.Since(start)),
			slog.String("remote", r.RemoteAddr),
		}
		if v := r.Header.Get("Range"); v != "" {
			attrs = append(attrs, slog.String("range", v))
		}
		if v := rec.Header().Get("Content-Encoding"); v != "" {
			attrs = append(attrs, slog.String("encoding", v))
		}
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "http", attrs...)
	})
}

// recorder notes the status and size of a response for the log.
type recorder struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wroteHeader = true
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
