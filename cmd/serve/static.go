package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/backprop-playground/playground/app"
)

// A static copy of the site (serve -site DIR [-base /playground/]): the
// files a plain host (GitHub Pages, S3, python3 -m http.server) serves so
// that the playground runs in the visitor's browser with no server of
// ours. It is written from the very handler serve runs, request by
// request, so the pages, go-app's scripts and the service worker's cache
// list are the server's; only /data/info is a file (the server computes
// it) and it offers the embedded datasets and no full set (CIFAR-10,
// Fashion-MNIST), saying why.
//
// Layout of DIR, served at the base:
//
//	index.html                   the playground (/), prerendered
//	steps/index.html, …          every other page of app.Paths, as a folder's index: every static
//	                             host serves it at /steps/ and redirects /steps there
//	app.js, app-worker.js, wasm_exec.js, manifest.webmanifest, app.css   go-app's
//	web/…                        the web files (app.wasm, worker.wasm, canvas.wasm raw: hosts compress)
//	data/info                    the list of datasets (JSON)
//	data/<name>/…                each embedded dataset (embeddedData: sample, digits, fashion-sample)
//	data/pretrained.bppmodel, data/pretrained-digits.npz   the pretrained models

// goappFiles are the files go-app's handler generates (the list of
// go-app's own GenerateStaticWebsite, v10.1.11 static.go).
var goappFiles = []string{"/app.js", "/app-worker.js", "/wasm_exec.js", "/manifest.webmanifest", "/app.css"}

// siteFile is one file of a static copy: the site-rooted path the handler
// answers and the file it goes to, relative to the copy's folder.
type siteFile struct {
	path, file string
}

// siteFiles lists the files of a static copy of s, except data/info.
func (s *site) siteFiles() []siteFile {
	var files []siteFile
	add := func(path string) { files = append(files, siteFile{path, strings.TrimPrefix(path, "/")}) }
	for _, p := range app.Paths() {
		files = append(files, siteFile{p, strings.TrimPrefix(strings.TrimSuffix(p, "/")+"/index.html", "/")})
	}
	for _, p := range goappFiles {
		add(p)
	}
	for _, u := range fileURLs(s.web.fsys, "/web/") {
		add(u)
	}
	for _, e := range s.data.embedded {
		for _, name := range e.names() {
			add(e.url(name))
		}
	}
	for _, m := range pretrainedModels {
		add(m.url)
	}
	return files
}

// fileURLs lists the URLs of the regular files at the root of fsys, without
// the precompressed copies.
func fileURLs(fsys fs.FS, prefix string) []string {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil
	}
	var urls []string
	for _, e := range entries {
		if e.Type().IsRegular() && !isEncodedCopy(e.Name()) {
			urls = append(urls, prefix+e.Name())
		}
	}
	return urls
}

// writeStatic writes a static copy of s into dir, which must be empty or
// not exist, and returns how many files and bytes it wrote. Every file but
// data/info is the handler's answer to a GET of its path (without
// Accept-Encoding: the raw bytes), which must be 200.
func (s *site) writeStatic(dir string) (files int, bytes int64, err error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return 0, 0, fmt.Errorf("-site %s: the folder is not empty (remove it first: old files would stay)", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, 0, fmt.Errorf("-site: %w", err)
	}
	write := func(file string, b []byte) error {
		path := filepath.Join(dir, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("-site: %w", err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return fmt.Errorf("-site: %w", err)
		}
		files++
		bytes += int64(len(b))
		return nil
	}
	for _, f := range s.siteFiles() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, f.path, nil))
		if w.Code != http.StatusOK {
			return files, bytes, fmt.Errorf("-site: GET %s answered %d: %.200s", f.path, w.Code, w.Body)
		}
		if err := write(f.file, w.Body.Bytes()); err != nil {
			return files, bytes, err
		}
	}
	var full []datasetInfo
	for _, set := range s.data.full {
		full = append(full, set.staticInfo())
	}
	err = write(strings.TrimPrefix(dataInfoURL, "/"), s.data.info(s.base, full))
	return files, bytes, err
}

// dataInfoURL is the list of datasets (see data.serveInfo).
const dataInfoURL = "/data/info"
