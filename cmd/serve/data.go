package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/backprop-playground/playground/assets"
)

// Dataset names, as /data/info reports them and as URLs use them.
const (
	datasetSample = "sample" // the committed sample, always served
	datasetCIFAR  = "cifar"  // the full CIFAR-10, served from -data DIR
)

// cifarFiles are the files of the CIFAR-10 binary version (as in
// cifar-10-batches-bin), the only names /data/cifar/ serves.
var cifarFiles = []string{
	"data_batch_1.bin",
	"data_batch_2.bin",
	"data_batch_3.bin",
	"data_batch_4.bin",
	"data_batch_5.bin",
	"test_batch.bin",
	"batches.meta.txt",
}

func isCIFARFile(name string) bool {
	for _, f := range cifarFiles {
		if name == f {
			return true
		}
	}
	return false
}

// dataFolder is an embedded dataset: its files are served under
// /data/<Name>/ and a static site (-site) holds a copy of them there.
type dataFolder struct {
	Name string // as /data/info reports it, and its folder under /data/
	FS   fs.FS
}

// embeddedData is the one list of the embedded datasets: the server's
// /data/ routes, /data/info, the service worker's cache and a static
// site's data folders all come from it. A new folder is one line.
func embeddedData() []dataFolder {
	return []dataFolder{
		{datasetSample, assets.SampleFS()},
	}
}

// folder is an embedded dataset being served.
type folder struct {
	name  string
	files *files
}

// url returns the site-rooted path of the folder's file name.
func (f folder) url(name string) string { return "/data/" + f.name + "/" + name }

// data serves the datasets: each embedded folder under /data/<name>/, the
// full CIFAR-10 from the -data folder under /data/cifar/, and /data/info.
type data struct {
	folders []folder

	// cifar serves the -data folder through an os.Root, which refuses any
	// path (including a symlink) that leads outside the folder. It is nil
	// without -data.
	cifar     *files
	cifarRoot *os.Root

	logger *slog.Logger
}

// newData opens the -data folder dir (none if dir is empty). A folder that
// does not exist is an error; a folder that lacks some files is not (it is
// reported by /data/info and logged).
func newData(embedded []dataFolder, dir string, logger *slog.Logger) (*data, error) {
	d := &data{logger: logger}
	for _, e := range embedded {
		d.folders = append(d.folders, folder{name: e.Name, files: newFiles(e.FS)})
	}
	if dir == "" {
		return d, nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("-data: %w", err)
	}
	d.cifarRoot = root
	d.cifar = newFiles(root.FS())
	if ci := d.cifarInfo(); !ci.Available {
		logger.Warn("the -data folder is incomplete: full CIFAR-10 is not offered", "dir", dir, "why", ci.Reason)
	}
	return d, nil
}

// Close closes the -data folder.
func (d *data) Close() error {
	if d.cifarRoot == nil {
		return nil
	}
	return d.cifarRoot.Close()
}

// serveFolder returns the handler of GET /data/<name>/{file} for f.
func serveFolder(f folder) http.HandlerFunc {
	what := "the " + f.name
	if f.name != datasetSample {
		what += " sample"
	}
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		if strings.Contains(name, "/") {
			// An encoded slash (%2F) puts a path in one segment: never one of ours.
			writeError(w, http.StatusNotFound, fmt.Sprintf("%s has no file %q", what, name))
			return
		}
		if err := f.files.serve(w, r, name); err != nil {
			writeError(w, http.StatusNotFound, fmt.Sprintf("%s has no file %q", what, name))
		}
	}
}

// serveCIFAR serves GET /data/cifar/{file}: one of cifarFiles from the
// -data folder.
func (d *data) serveCIFAR(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if d.cifar == nil {
		writeError(w, http.StatusServiceUnavailable,
			"the full CIFAR-10 is not available: the server was started without -data DIR "+
				"(a folder with data_batch_1.bin … data_batch_5.bin, test_batch.bin and batches.meta.txt)")
		return
	}
	if !isCIFARFile(name) {
		writeError(w, http.StatusNotFound,
			fmt.Sprintf("CIFAR-10 has no file %q: the files are %s", name, strings.Join(cifarFiles, ", ")))
		return
	}
	err := d.cifar.serve(w, r, name)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, errNotFile):
		writeError(w, http.StatusNotFound,
			fmt.Sprintf("the server's -data folder has no %s: the full CIFAR-10 is incomplete", name))
	default:
		// os.Root refuses a symlink that leads out of the folder.
		d.logger.Warn("refused a file of the -data folder", "file", name, "err", err)
		writeError(w, http.StatusForbidden,
			fmt.Sprintf("%s in the server's -data folder cannot be served (it may be a link to outside the folder)", name))
	}
}

// fileInfo describes one file of a dataset in /data/info.
type fileInfo struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Size int64  `json:"size"`
}

// datasetInfo describes one dataset in /data/info.
type datasetInfo struct {
	Name      string     `json:"name"`      // datasetSample or datasetCIFAR
	Available bool       `json:"available"` // all its files can be fetched
	Reason    string     `json:"reason,omitempty"`
	Hint      string     `json:"hint,omitempty"` // what to do about it: a sentence for the page
	Size      int64      `json:"size"`           // bytes of Files together
	Files     []fileInfo `json:"files"`          // the files present
	Missing   []string   `json:"missing,omitempty"`
	Refused   []string   `json:"refused,omitempty"` // present but not served, each with why
}

// info is the body of /data/info.
type info struct {
	Datasets []datasetInfo `json:"datasets"`
}

// serveInfo serves GET /data/info: which datasets the server offers, with
// their files and sizes. It looks at the -data folder on each request, so
// files added while the server runs show up.
func (d *data) serveInfo(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if _, err := w.Write(d.info("/", d.cifarInfo())); err != nil {
		d.logger.Warn("writing /data/info failed", "err", err)
	}
}

// info returns the body of /data/info: the embedded folders, with their
// files' addresses under base (the site's: "/" for the server), then cifar
// (what the server's -data folder offers, or why a static site has none).
func (d *data) info(base string, cifar datasetInfo) []byte {
	body := info{}
	for _, f := range d.folders {
		body.Datasets = append(body.Datasets, f.info(base))
	}
	body.Datasets = append(body.Datasets, cifar)
	b, err := json.MarshalIndent(body, "", "  ")
	if err != nil {
		// Plain structs of strings and numbers: a bug, not bad input.
		panic("serve: encoding /data/info: " + err.Error())
	}
	return append(b, '\n')
}

// info describes an embedded folder in /data/info, on a site served
// under base.
func (f folder) info(base string) datasetInfo {
	ds := datasetInfo{Name: f.name, Available: true}
	for _, name := range f.names() {
		fi, err := fs.Stat(f.files.fsys, name)
		if err != nil {
			continue
		}
		ds.Files = append(ds.Files, fileInfo{Name: name, URL: base + f.url(name)[1:], Size: fi.Size()})
		ds.Size += fi.Size()
	}
	return ds
}

// names returns the regular files at the root of the folder, without
// precompressed copies: what is served, cached and copied to a static site.
func (f folder) names() []string {
	entries, err := fs.ReadDir(f.files.fsys, ".")
	if err != nil {
		// The folders are embedded: this is a build bug, not bad input.
		panic("serve: reading the embedded " + f.name + ": " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && !isEncodedCopy(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names
}

// serverHint is what the page suggests when the server lacks the full
// CIFAR-10.
const serverHint = "Get the data with `make data`, then restart the server with it (`make run` does)."

// staticCIFARInfo is what a static site's /data/info says of the full
// CIFAR-10: a plain host has no -data folder to stream it from.
func staticCIFARInfo() datasetInfo {
	return datasetInfo{Name: datasetCIFAR, Files: []fileInfo{}, Missing: cifarFiles,
		Reason: "this is a static copy of the playground, which holds only the sample",
		Hint:   "The full CIFAR-10 (184 MB) needs the playground's own server: `make data`, then `make run`."}
}

func (d *data) cifarInfo() datasetInfo {
	ds := datasetInfo{Name: datasetCIFAR, Files: []fileInfo{}}
	if d.cifar == nil {
		ds.Reason = "the server was started without -data DIR"
		ds.Missing, ds.Hint = cifarFiles, serverHint
		return ds
	}
	for _, name := range cifarFiles {
		fi, err := fs.Stat(d.cifar.fsys, name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			ds.Missing = append(ds.Missing, name)
			continue
		case err != nil:
			// os.Root refuses a symlink that leads out of the folder.
			ds.Refused = append(ds.Refused, name+" (a link to outside the folder, which the server does not follow)")
			continue
		case !fi.Mode().IsRegular():
			ds.Refused = append(ds.Refused, name+" (not a regular file)")
			continue
		}
		ds.Files = append(ds.Files, fileInfo{Name: name, URL: "/data/cifar/" + name, Size: fi.Size()})
		ds.Size += fi.Size()
	}
	ds.Available = len(ds.Missing) == 0 && len(ds.Refused) == 0
	if !ds.Available {
		ds.Hint = serverHint
	}
	var why []string
	if len(ds.Missing) > 0 {
		why = append(why, "lacks "+strings.Join(ds.Missing, ", "))
	}
	if len(ds.Refused) > 0 {
		why = append(why, "has files it cannot serve: "+strings.Join(ds.Refused, ", "))
	}
	if !ds.Available {
		ds.Reason = "the server's -data folder " + strings.Join(why, "; ")
	}
	return ds
}

// apiError is the body of every error under /data/.
type apiError struct {
	Error string `json:"error"`
}

// writeError writes a JSON error with the status code.
func writeError(w http.ResponseWriter, code int, msg string) {
	h := w.Header()
	h.Del("Content-Encoding")
	h.Del("ETag")
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(apiError{Error: msg})
}
