package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// files serves the files of a file system with content-hash ETags (so
// If-None-Match gives 304), Range requests (http.ServeContent) and, for a file
// that has a precompressed copy next to it (name.br, name.gz), the best
// encoding the client accepts.
type files struct {
	fsys  fs.FS
	stall time.Duration // see keepAlive
	// plain serves every file as it is, with no precompressed copies: a
	// dataset's .gz files (Fashion-MNIST's) are its format, not copies.
	plain bool

	mu    sync.Mutex
	etags map[string]etag // by file name
}

// etag is a file's ETag with the size and modification time it was
// computed for: a file on disk that changes gets a new one.
type etag struct {
	size int64
	mod  time.Time
	tag  string
}

func newFiles(fsys fs.FS) *files {
	return &files{fsys: fsys, stall: stallTimeout, etags: make(map[string]etag)}
}

// newPlainFiles is newFiles for a dataset's folder (see files.plain).
func newPlainFiles(fsys fs.FS) *files {
	f := newFiles(fsys)
	f.plain = true
	return f
}

// encodings are the precompressed copies the server looks for, best first.
var encodings = []struct {
	name string // the Content-Encoding token
	ext  string // the copy's suffix
}{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// isEncodedCopy reports whether name is a precompressed copy of another file.
func isEncodedCopy(name string) bool {
	for _, e := range encodings {
		if strings.HasSuffix(name, e.ext) {
			return true
		}
	}
	return false
}

// contentTypes fixes the types of the files the playground serves, so they
// do not depend on the host's mime.types (WebAssembly.instantiateStreaming
// refuses anything but application/wasm).
var contentTypes = map[string]string{
	".bin":         "application/octet-stream",
	".css":         "text/css; charset=utf-8",
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".md":          "text/markdown; charset=utf-8",
	".png":         "image/png",
	".svg":         "image/svg+xml",
	".txt":         "text/plain; charset=utf-8",
	".wasm":        "application/wasm",
	".webmanifest": "application/manifest+json",
}

// contentType returns the media type of a file from its name; it is never
// empty, so http.ServeContent never sniffs.
func contentType(name string) string {
	ext := path.Ext(name)
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// errNotFile is returned for a name that exists but is not a regular file.
var errNotFile = errors.New("not a regular file")

// serve writes the file name (a slash-separated path inside the file system)
// to w, honouring Range, If-None-Match and Accept-Encoding. It returns an
// error without writing anything when the file cannot be served: an error
// matching fs.ErrNotExist for a missing or invalid name, errNotFile for a
// directory, or the file system's error (for example a symlink that leads
// out of an os.Root). The caller writes the error response.
func (f *files) serve(w http.ResponseWriter, r *http.Request, name string) error {
	if !fs.ValidPath(name) || name == "." {
		return fs.ErrNotExist
	}
	if !f.plain && isEncodedCopy(name) {
		// The copies are served as encodings of their source only.
		return fs.ErrNotExist
	}
	orig, err := fs.Stat(f.fsys, name)
	if err != nil {
		return err
	}
	if !orig.Mode().IsRegular() {
		return errNotFile
	}

	served, encoding, hasCopies := f.pick(name, orig, r.Header.Get("Accept-Encoding"))
	if rng := r.Header.Get("Range"); rng != "" {
		// A multipart body of byte ranges cannot be one Content-Encoding:
		// several ranges come from the file itself.
		if strings.Contains(rng, ",") {
			served, encoding = name, ""
		}
		r = withRange(r, rng)
	}
	file, err := f.fsys.Open(served)
	if err != nil {
		return err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return err
	}
	tag, err := f.etag(served, info)
	if err != nil {
		return err
	}
	content, ok := file.(io.ReadSeeker)
	if !ok {
		return fmt.Errorf("%s: file system gives no io.Seeker", name)
	}

	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("ETag", tag)
	// The URLs carry no version, so browsers must revalidate: a 304 costs
	// one round trip, and a rebuilt file is never served stale.
	h.Set("Cache-Control", "no-cache")
	if hasCopies {
		h.Add("Vary", "Accept-Encoding")
	}
	// The encoding is set only on a response that sends the copy's bytes
	// (see encodedWriter). ServeContent then sets the Content-Length
	// itself: it leaves it out only when it sees a Content-Encoding.
	w = &encodedWriter{ResponseWriter: w, encoding: encoding}
	http.ServeContent(keepAlive(w, f.stall), r, name, info.ModTime(), content)
	return nil
}

// encodedWriter adds the Content-Encoding of a precompressed copy when the
// response carries its bytes (200, or 206 for one range of it), and not on
// a 304, 412, 416 or error, which have no body or a plain-text one.
type encodedWriter struct {
	http.ResponseWriter
	encoding    string
	wroteHeader bool
}

func (w *encodedWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		if w.encoding != "" && (code == http.StatusOK || code == http.StatusPartialContent) {
			w.Header().Set("Content-Encoding", w.encoding)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *encodedWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *encodedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// maxRanges is the most byte ranges a request may ask for. Browsers and
// download tools ask for one; thousands of tiny ranges would cost the
// server CPU per request for nothing. A request over it gets the whole
// file, as RFC 9110 (section 14.2) lets a server ignore Range.
const maxRanges = 16

// withRange returns r with its Range header cleaned for
// http.ServeContent: dropped if it asks for more than maxRanges ranges,
// and without the suffix ranges of length zero ("-0"), which no byte
// satisfies (RFC 9110, section 14.1.2) but ServeContent answers with
// an invalid Content-Range. If only those were asked, the range left
// ("bytes=0-", with If-Range "") is replaced by one past any end, which
// ServeContent refuses with 416 as it should.
func withRange(r *http.Request, rng string) *http.Request {
	unit, specs, ok := strings.Cut(rng, "=")
	if !ok || strings.TrimSpace(unit) != "bytes" {
		return r
	}
	parts := strings.Split(specs, ",")
	if len(parts) > maxRanges {
		r = r.Clone(r.Context())
		r.Header.Del("Range")
		return r
	}
	kept := parts[:0:0]
	for _, p := range parts {
		if start, end, ok := strings.Cut(strings.TrimSpace(p), "-"); ok && start == "" {
			if n, err := strconv.ParseInt(strings.TrimSpace(end), 10, 64); err == nil && n == 0 {
				continue
			}
		}
		kept = append(kept, p)
	}
	if len(kept) == len(parts) {
		return r
	}
	r = r.Clone(r.Context())
	if len(kept) == 0 {
		// Past any file's end: unsatisfiable, so 416 with "bytes */size".
		kept = []string{fmt.Sprintf("%d-", int64(1)<<62)}
	}
	r.Header.Set("Range", "bytes="+strings.Join(kept, ","))
	return r
}

// pick returns the file to send for name: a precompressed copy in the best
// encoding that the Accept-Encoding header allows, or name itself. A copy
// older than its source is skipped: it was left by an earlier build (this
// happens only with -dev; embedded files have no times).
func (f *files) pick(name string, orig fs.FileInfo, accept string) (served, encoding string, hasCopies bool) {
	served = name
	if f.plain {
		return served, "", false
	}
	for _, e := range encodings {
		c, err := fs.Stat(f.fsys, name+e.ext)
		if err != nil || !c.Mode().IsRegular() || c.ModTime().Before(orig.ModTime()) {
			continue
		}
		hasCopies = true
		if encoding == "" && accepts(accept, e.name) {
			served, encoding = name+e.ext, e.name
		}
	}
	return served, encoding, hasCopies
}

// accepts reports whether an Accept-Encoding header value allows the coding
// (RFC 9110, section 12.5.3): listed by name, or matched by "*", with a
// quality above zero.
func accepts(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		token, params, _ := strings.Cut(part, ";")
		token = strings.ToLower(strings.TrimSpace(token))
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		switch token {
		case coding:
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

// etag returns the ETag of the file name: a hash of its bytes, computed once
// per size and modification time.
func (f *files) etag(name string, info fs.FileInfo) (string, error) {
	f.mu.Lock()
	e, ok := f.etags[name]
	f.mu.Unlock()
	if ok && e.size == info.Size() && e.mod.Equal(info.ModTime()) {
		return e.tag, nil
	}
	file, err := f.fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer file.Close()
	h := sha256.New()
	if _, err := io.Copy(h, file); err != nil {
		return "", err
	}
	// 128 bits of SHA-256 are plenty to tell versions apart.
	tag := `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
	f.mu.Lock()
	f.etags[name] = etag{size: info.Size(), mod: info.ModTime(), tag: tag}
	f.mu.Unlock()
	return tag, nil
}

// version returns a hash of the names and contents of every file, skipping
// the precompressed copies (they follow their sources).
func (f *files) version() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(f.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() || isEncodedCopy(name) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		tag, err := f.etag(name, info)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %s\n", name, tag)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// stallTimeout is how long a response may go without progress: a client
// that has not taken any bytes for that long is cut off.
const stallTimeout = 30 * time.Second

// keepAlive returns w with a write deadline that moves stall (stallTimeout
// in the server) ahead at every write. The server's WriteTimeout bounds a whole response, which
// would cut a 30 MB CIFAR batch on a slow link (about 4 minutes at 1 Mbit/s);
// this deadline lets a slow but moving download finish and still drops a
// stalled one.
func keepAlive(w http.ResponseWriter, stall time.Duration) http.ResponseWriter {
	return &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), stall: stall}
}

type deadlineWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
}

func (w *deadlineWriter) Write(p []byte) (int, error) {
	// Recorders in tests do not support deadlines: nothing to extend then.
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.stall))
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *deadlineWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
