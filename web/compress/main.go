// Command compress writes a brotli (.br) and a gzip (.gz) copy next to each
// file it is given, at the best compression of each format, for the server
// to send to browsers that accept them (web assembly shrinks about 5x).
//
// A copy whose decompressed bytes already equal the file is left alone, so
// running it after a rebuild that changed nothing costs a decompression, not
// a minute of brotli.
//
// Usage (the Makefile's wasm target runs it):
//
//	go run ./web/compress web/static/app.wasm web/static/worker.wasm
package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// brotliWindow is log2 of brotli's window: 24 (16 MiB), the largest that
// browsers accept. Against the default 22 it made canvas.wasm (10.4 MB) 1.6%
// smaller, app.wasm and worker.wasm within 0.1%, for ~20% more time.
const brotliWindow = 24

// format is one precompressed encoding.
type format struct {
	ext    string
	writer func(io.Writer) io.WriteCloser
	reader func(io.Reader) (io.Reader, error)
}

var formats = []format{
	{
		ext: ".br",
		writer: func(w io.Writer) io.WriteCloser {
			return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: brotliWindow})
		},
		reader: func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
	},
	{
		ext: ".gz",
		writer: func(w io.Writer) io.WriteCloser {
			zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
			if err != nil {
				// Only an invalid level fails, and this one is a constant.
				panic("compress: " + err.Error())
			}
			return zw
		},
		reader: func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	},
}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: compress FILE...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	// Brotli at its best quality takes 5-9 s per MB: compress the files in
	// parallel and print their lines in order.
	names := flag.Args()
	lines := make([]bytes.Buffer, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { errs[i] = compress(name, &lines[i]) })
	}
	wg.Wait()
	for i := range names {
		os.Stdout.Write(lines[i].Bytes())
	}
	if err := errors.Join(errs...); err != nil {
		fmt.Fprintln(os.Stderr, "compress:", err)
		os.Exit(1)
	}
}

// compress writes name.br and name.gz unless they are up to date, and
// prints one line with the three sizes to w.
func compress(name string, w io.Writer) error {
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%-28s %9d raw", filepath.Base(name), len(raw))
	for _, f := range formats {
		out := name + f.ext
		size, fresh, err := upToDate(out, raw, f)
		if err != nil {
			return err
		}
		if !fresh {
			size, err = write(out, raw, f)
			if err != nil {
				return err
			}
		}
		fmt.Fprintf(w, " %9d %s (%4.1f%%)", size, f.ext[1:], 100*float64(size)/float64(max(1, len(raw))))
	}
	fmt.Fprintln(w)
	return nil
}

// upToDate reports whether the file out exists and decompresses to raw.
func upToDate(out string, raw []byte, f format) (size int64, fresh bool, err error) {
	b, err := os.ReadFile(out)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	r, err := f.reader(bytes.NewReader(b))
	if err != nil {
		return 0, false, nil // corrupt: rewrite it
	}
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, raw) {
		return 0, false, nil
	}
	// The server ignores a copy older than its source (a stale copy left by
	// an earlier build), so mark this one as current.
	now := time.Now()
	if err := os.Chtimes(out, now, now); err != nil {
		return 0, false, err
	}
	return int64(len(b)), true, nil
}

// write compresses raw into out through a temporary file, so that a reader
// never sees half a file.
func write(out string, raw []byte, f format) (int64, error) {
	var b bytes.Buffer
	zw := f.writer(&b)
	if _, err := zw.Write(raw); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	return int64(b.Len()), nil
}
