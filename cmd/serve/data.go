package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/backprop-playground/playground/assets"
)

// Dataset names, as /data/info reports them and as URLs use them.
const (
	datasetSample        = "sample"         // the committed CIFAR-10 sample, always served
	datasetCIFAR         = "cifar"          // the full CIFAR-10, served from -data DIR
	datasetDigits        = "digits"         // the committed digits sample, always served
	datasetFashionSample = "fashion-sample" // the committed Fashion-MNIST sample, always served
	datasetFashion       = "fashion"        // the full Fashion-MNIST, served from -data DIR
)

// fashionFiles are Fashion-MNIST's four files as Zalando and Debian's
// dataset-fashion-mnist ship them, the only names /data/fashion/ serves.
var fashionFiles = []string{
	"train-images-idx3-ubyte.gz",
	"train-labels-idx1-ubyte.gz",
	"t10k-images-idx3-ubyte.gz",
	"t10k-labels-idx1-ubyte.gz",
}

// dataFolder is an embedded dataset: its files are served under
// /data/<Name>/ and a static copy of the site (-site) holds them there.
type dataFolder struct {
	Name string // as /data/info reports it, and its folder under /data/
	FS   fs.FS
}

// embeddedData is the one list of the embedded datasets, the CIFAR-10
// sample first: the server's /data/ routes, /data/info, the service
// worker's cache and a static copy's data folders all come from it. A new
// folder is one line.
func embeddedData() []dataFolder {
	return []dataFolder{
		{datasetSample, assets.SampleFS()},
		{datasetDigits, assets.DigitsFS()},
		{datasetFashionSample, assets.FashionFS()},
	}
}

// embedded is an embedded dataset folder, served under /data/<name>/.
type embedded struct {
	name  string
	files *files
}

// url returns the site-rooted path of the folder's file name.
func (e embedded) url(name string) string { return "/data/" + e.name + "/" + name }

// names returns the regular files at the root of the folder: what is
// served, listed in /data/info and copied to a static site.
func (e embedded) names() []string {
	entries, err := fs.ReadDir(e.files.fsys, ".")
	if err != nil {
		// The folders are embedded: this is a build bug, not bad input.
		panic("serve: reading the embedded " + e.name + ": " + err.Error())
	}
	var names []string
	for _, entry := range entries {
		if entry.Type().IsRegular() {
			names = append(names, entry.Name())
		}
	}
	return names
}

// fullSet is a full dataset served from a -data folder through an
// os.Root, which refuses any path (including a symlink) that leads
// outside the folder. root is nil when no -data folder holds it.
type fullSet struct {
	name  string   // datasetCIFAR or datasetFashion
	title string   // "the full CIFAR-10"
	names []string // the only files it serves
	root  *os.Root
	files *files
}

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

// data serves the datasets: each embedded folder under /data/<name>/, the
// full CIFAR-10 and Fashion-MNIST from -data folders under /data/cifar/
// and /data/fashion/, and /data/info.
type data struct {
	embedded []embedded
	sample   *files // the CIFAR-10 sample, embedded[0]

	full   []*fullSet // CIFAR-10, then Fashion-MNIST
	logger *slog.Logger
}

// newData serves the embedded folders (the CIFAR-10 sample first) and
// opens the -data folders dirs, each holding CIFAR-10 or Fashion-MNIST
// (told apart by Fashion-MNIST's train-images-idx3-ubyte.gz; a folder
// with neither counts as an incomplete CIFAR-10). A folder that does not
// exist is an error, and so are two folders of one set; a folder that
// lacks some files is not (it is reported by /data/info and logged).
func newData(folders []dataFolder, dirs []string, logger *slog.Logger) (*data, error) {
	if len(folders) == 0 || folders[0].Name != datasetSample {
		// newSite's callers pass embeddedData(): a wiring bug.
		panic("serve: the embedded datasets must start with the CIFAR-10 sample")
	}
	d := &data{logger: logger, full: []*fullSet{
		{name: datasetCIFAR, title: "the full CIFAR-10", names: cifarFiles},
		{name: datasetFashion, title: "the full Fashion-MNIST", names: fashionFiles},
	}}
	for _, f := range folders {
		d.embedded = append(d.embedded, embedded{f.Name, newFiles(f.FS)})
	}
	d.sample = d.embedded[0].files
	for _, dir := range dirs {
		root, err := os.OpenRoot(dir)
		if err != nil {
			d.Close()
			return nil, fmt.Errorf("-data: %w", err)
		}
		set := d.full[0]
		if _, err := root.Stat(fashionFiles[0]); err == nil {
			set = d.full[1]
		}
		if set.root != nil {
			root.Close()
			d.Close()
			return nil, fmt.Errorf("-data: %s and another folder both hold %s", dir, set.title)
		}
		set.root, set.files = root, newPlainFiles(root.FS())
		if ci := d.fullInfo(set); !ci.Available {
			logger.Warn("a -data folder is incomplete: "+set.title+" is not offered", "dir", dir, "why", ci.Reason)
		}
	}
	return d, nil
}

// Close closes the -data folders.
func (d *data) Close() error {
	var err error
	for _, set := range d.full {
		if set.root != nil {
			err = errors.Join(err, set.root.Close())
			set.root = nil
		}
	}
	return err
}

// serveEmbedded returns the handler of GET /data/<e.name>/{file}.
func (d *data) serveEmbedded(e embedded) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		if strings.Contains(name, "/") {
			// An encoded slash (%2F) puts a path in one segment: never one of ours.
			writeError(w, http.StatusNotFound, fmt.Sprintf("the %s sample has no file %q", e.name, name))
			return
		}
		if err := e.files.serve(w, r, name); err != nil {
			writeError(w, http.StatusNotFound, fmt.Sprintf("the %s sample has no file %q", e.name, name))
		}
	}
}

// serveFull returns the handler of GET /data/<set.name>/{file}: one of
// set.names from its -data folder.
func (d *data) serveFull(set *fullSet) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		if set.files == nil {
			writeError(w, http.StatusServiceUnavailable,
				fmt.Sprintf("%s is not available: the server was started without -data DIR for it (a folder with %s)", set.title, strings.Join(set.names, ", ")))
			return
		}
		if !slices.Contains(set.names, name) {
			writeError(w, http.StatusNotFound,
				fmt.Sprintf("%s has no file %q: the files are %s", strings.TrimPrefix(set.title, "the full "), name, strings.Join(set.names, ", ")))
			return
		}
		err := set.files.serve(w, r, name)
		switch {
		case err == nil:
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, errNotFile):
			writeError(w, http.StatusNotFound,
				fmt.Sprintf("the server's -data folder has no %s: %s is incomplete", name, set.title))
		default:
			// os.Root refuses a symlink that leads out of the folder.
			d.logger.Warn("refused a file of a -data folder", "file", name, "err", err)
			writeError(w, http.StatusForbidden,
				fmt.Sprintf("%s in the server's -data folder cannot be served (it may be a link to outside the folder)", name))
		}
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
	Name      string     `json:"name"`      // datasetSample, datasetCIFAR, …
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
	var full []datasetInfo
	for _, set := range d.full {
		full = append(full, d.fullInfo(set))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if _, err := w.Write(d.info("/", full)); err != nil {
		d.logger.Warn("writing /data/info failed", "err", err)
	}
}

// info returns the body of /data/info: the embedded folders, with their
// files' addresses under base (the site's: "/" for the server), then full
// (what the -data folders offer, or why a static copy has none).
func (d *data) info(base string, full []datasetInfo) []byte {
	var body info
	for _, e := range d.embedded {
		body.Datasets = append(body.Datasets, embeddedInfo(e, base))
	}
	body.Datasets = append(body.Datasets, full...)
	b, err := json.MarshalIndent(body, "", "  ")
	if err != nil {
		// Plain structs of strings and numbers: a bug, not bad input.
		panic("serve: encoding /data/info: " + err.Error())
	}
	return append(b, '\n')
}

// embeddedInfo describes an embedded folder in /data/info, on a site
// served under base.
func embeddedInfo(e embedded, base string) datasetInfo {
	ds := datasetInfo{Name: e.name, Available: true}
	for _, name := range e.names() {
		fi, err := fs.Stat(e.files.fsys, name)
		if err != nil {
			continue
		}
		ds.Files = append(ds.Files, fileInfo{Name: name, URL: base + e.url(name)[1:], Size: fi.Size()})
		ds.Size += fi.Size()
	}
	return ds
}

// serverHint is what the page suggests when the server lacks a full set.
const serverHint = "Get the data with `make data`, then restart the server with it (`make run` does)."

// staticInfo is what a static copy's /data/info says of a full set: a
// plain host has no -data folder to stream it from.
func (set *fullSet) staticInfo() datasetInfo {
	name := strings.TrimPrefix(set.title, "the full ")
	return datasetInfo{Name: set.name, Files: []fileInfo{}, Missing: set.names,
		Reason: "this is a static copy of the playground, which holds only the samples",
		Hint:   "The full " + name + " needs the playground's own server: `make data`, then `make run`."}
}

func (d *data) fullInfo(set *fullSet) datasetInfo {
	ds := datasetInfo{Name: set.name, Files: []fileInfo{}}
	if set.files == nil {
		ds.Reason = "the server was started without -data DIR"
		ds.Missing, ds.Hint = set.names, serverHint
		return ds
	}
	for _, name := range set.names {
		fi, err := fs.Stat(set.files.fsys, name)
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
		ds.Files = append(ds.Files, fileInfo{Name: name, URL: "/data/" + set.name + "/" + name, Size: fi.Size()})
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
