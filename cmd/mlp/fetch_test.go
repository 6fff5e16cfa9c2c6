package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/internal/testenv"
)

// fakeSet returns small stand-ins for the seven files of the set: each
// .bin holds two valid records of random pixels.
func fakeSet(seed uint64) map[string][]byte {
	r := rand.New(rand.NewPCG(seed, 7))
	files := map[string][]byte{metaName: metaFile(cifarClasses)}
	for name := range cifarFiles {
		b := make([]byte, 2*cifar.RecordBytes)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		b[0], b[cifar.RecordBytes] = byte(r.IntN(10)), byte(r.IntN(10))
		files[name] = b
	}
	return files
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// tarGz packs files under cifar-10-batches-bin/ as the official archive
// does, with a readme entry to skip.
func tarGz(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	dir := &tar.Header{Name: "cifar-10-batches-bin/", Typeflag: tar.TypeDir, Mode: 0o755}
	if err := tw.WriteHeader(dir); err != nil {
		t.Fatal(err)
	}
	names := append([]string{"readme.html"}, sortedKeys(files)...)
	for _, name := range names {
		b, ok := files[name]
		if !ok {
			b = []byte("<html></html>")
		}
		if err := tw.WriteHeader(&tar.Header{Name: "cifar-10-batches-bin/" + name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(b)
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func sortedKeys(m map[string][]byte) []string {
	var out []string
	for k := range maps.Keys(m) {
		out = append(out, k)
	}
	for i := range out { // insertion sort keeps the helper dependency-free
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// testSpec returns a spec whose checksums are those of files and archive.
func testSpec(url string, files map[string][]byte, archive []byte) fetchSpec {
	sums := map[string]string{}
	for name := range cifarFiles {
		sums[name] = sha(files[name])
	}
	m := md5.Sum(archive)
	return fetchSpec{URL: url, MD5: hex.EncodeToString(m[:]), SHA256: sha(archive), Files: sums, Classes: cifarClasses,
		MaxFile: 1 << 20, MaxBytes: 1 << 22}
}

// leftovers lists the staging folders left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*partial*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestFetchDataset(t *testing.T) {
	t.Parallel()
	files := fakeSet(1)
	good := tarGz(t, files)
	missing := maps.Clone(files)
	delete(missing, "test_batch.bin")
	badMeta := maps.Clone(files)
	badMeta[metaName] = metaFile([]string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})
	for i, test := range []struct {
		name    string
		serve   []byte // the archive served; nil for a 404
		edit    func(*fetchSpec)
		want    string // "" for success, else a substring of the error
		isCheck bool   // the error is a *ChecksumError
	}{
		{"ok", good, nil, "", false},
		{"chunked", good, nil, "", false}, // no Content-Length
		{"wrong archive md5", good, func(s *fetchSpec) { s.MD5 = strings.Repeat("0", 32) }, "MD5", true},
		{"wrong archive sha256", good, func(s *fetchSpec) { s.SHA256 = strings.Repeat("1", 64) }, "SHA-256", true},
		{"wrong file checksum", good, func(s *fetchSpec) { s.Files["data_batch_2.bin"] = strings.Repeat("2", 64) }, "data_batch_2.bin", true},
		{"missing file", tarGz(t, missing), func(s *fetchSpec) { s.MD5, s.SHA256 = "", "" }, "no test_batch.bin", false},
		{"wrong class names", tarGz(t, badMeta), func(s *fetchSpec) { s.MD5, s.SHA256 = "", "" }, "class names", false},
		{"not found", nil, nil, "404", false},
		{"truncated archive", good[:len(good)/2], func(s *fetchSpec) { s.MD5, s.SHA256 = "", "" }, "unexpected EOF", false},
		{"not gzip", []byte("<html>moved</html>"), func(s *fetchSpec) { s.MD5, s.SHA256 = "", "" }, "gzip", false},
		{"too large", good, func(s *fetchSpec) { s.MaxBytes = 100 }, "more than", false},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if test.serve == nil {
					http.NotFound(w, r)
					return
				}
				if test.name != "chunked" {
					w.Header().Set("Content-Length", fmt.Sprint(len(test.serve)))
				}
				w.Write(test.serve)
			}))
			defer srv.Close()
			root := t.TempDir()
			out := filepath.Join(root, "data", "cifar-10")
			spec := testSpec(srv.URL+"/cifar-10-binary.tar.gz", files, good)
			spec.Client = srv.Client()
			var progress bytes.Buffer
			spec.Progress = &progress
			if test.edit != nil {
				test.edit(&spec)
			}
			err := fetchDataset(context.Background(), spec, out)
			if left := leftovers(t, filepath.Dir(out)); len(left) > 0 {
				t.Errorf("case %d: staging left behind: %v", i, left)
			}
			if test.want == "" {
				if err != nil {
					t.Fatalf("case %d: %v", i, err)
				}
				for name, b := range files {
					got, err := os.ReadFile(filepath.Join(out, name))
					if err != nil || !bytes.Equal(got, b) {
						t.Errorf("case %d: %s not installed (%v)", i, name, err)
					}
				}
				if entries, _ := os.ReadDir(out); len(entries) != len(files) {
					t.Errorf("case %d: %d files in %s, want %d", i, len(entries), out, len(files))
				}
				if !strings.Contains(progress.String(), "MB") {
					t.Errorf("case %d: no progress drawn: %q", i, progress.String())
				}
				// A second run finds the files and does nothing.
				spec.URL = srv.URL + "/gone"
				if err := fetchDataset(context.Background(), spec, out); err != nil {
					t.Errorf("case %d: second run: %v", i, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Fatalf("case %d: error %v, want one saying %q", i, err, test.want)
			}
			var ce *ChecksumError
			if errors.As(err, &ce) != test.isCheck {
				t.Errorf("case %d: %v: checksum error %v, want %v", i, err, !test.isCheck, test.isCheck)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("case %d: %s was created by a failed fetch", i, out)
			}
		})
	}
}

// TestFetchKeepsOldFiles checks that a failed fetch leaves an existing
// folder as it was.
func TestFetchKeepsOldFiles(t *testing.T) {
	t.Parallel()
	files := fakeSet(2)
	archive := tarGz(t, files)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(archive) }))
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "cifar-10")
	os.MkdirAll(out, 0o755)
	old := []byte("an old, partial file")
	os.WriteFile(filepath.Join(out, "data_batch_1.bin"), old, 0o644)
	spec := testSpec(srv.URL+"/x.tar.gz", files, archive)
	spec.Files["test_batch.bin"] = strings.Repeat("f", 64)
	if err := fetchDataset(context.Background(), spec, out); err == nil {
		t.Fatal("a wrong checksum was accepted")
	}
	if got, _ := os.ReadFile(filepath.Join(out, "data_batch_1.bin")); !bytes.Equal(got, old) {
		t.Errorf("the existing file was changed")
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("%d files in %s after a failed fetch, want the 1 that was there", len(entries), out)
	}
	if left := leftovers(t, filepath.Dir(out)); len(left) > 0 {
		t.Errorf("staging left behind: %v", left)
	}
}

func TestCopyDataset(t *testing.T) {
	t.Parallel()
	files := fakeSet(3)
	for i, test := range []struct {
		name string
		edit func(dir string, s *fetchSpec)
		want string
	}{
		{"ok", nil, ""},
		{"missing", func(dir string, s *fetchSpec) { os.Remove(filepath.Join(dir, "data_batch_4.bin")) }, "data_batch_4.bin"},
		{"damaged", func(dir string, s *fetchSpec) {
			os.WriteFile(filepath.Join(dir, "test_batch.bin"), []byte("damaged"), 0o644)
		}, "test_batch.bin: SHA-256"},
		{"official meta with a trailing blank line", func(dir string, s *fetchSpec) {
			os.WriteFile(filepath.Join(dir, metaName), append(metaFile(cifarClasses), '\n'), 0o644)
		}, ""},
		{"wrong order of classes", func(dir string, s *fetchSpec) {
			c := append([]string(nil), cifarClasses...)
			c[0], c[1] = c[1], c[0]
			os.WriteFile(filepath.Join(dir, metaName), metaFile(c), 0o644)
		}, "class names"},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			from := t.TempDir()
			for name, b := range files {
				os.WriteFile(filepath.Join(from, name), b, 0o644)
			}
			spec := testSpec("", files, nil)
			if test.edit != nil {
				test.edit(from, &spec)
			}
			out := filepath.Join(t.TempDir(), "cifar-10")
			err := copyDataset(spec, from, out)
			if left := leftovers(t, filepath.Dir(out)); len(left) > 0 {
				t.Errorf("case %d: staging left behind: %v", i, left)
			}
			if test.want == "" {
				if err != nil {
					t.Fatalf("case %d: %v", i, err)
				}
				if err := verifyDir(spec, out); err != nil {
					t.Errorf("case %d: installed files do not verify: %v", i, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Fatalf("case %d: error %v, want one saying %q", i, err, test.want)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("case %d: %s was created by a failed copy", i, out)
			}
		})
	}
}

func TestDataCommandErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// An archive that is not the official one: the published MD5 rejects it.
	fake := tarGz(t, fakeSet(4))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(fake) }))
	defer srv.Close()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	for i, test := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"data", "-from", file, "-out", filepath.Join(dir, "out")}, 2, "not a folder"},
		{[]string{"data", "-from", filepath.Join(dir, "nope"), "-out", filepath.Join(dir, "out")}, 1, "no such file"},
		{[]string{"data", "-from", dir, "-out", filepath.Join(dir, "out")}, 1, "data_batch_1.bin"},
		{[]string{"data", "extra"}, 2, "unexpected argument"},
		{[]string{"data", "-url", srv.URL + "/cifar-10-binary.tar.gz", "-out", filepath.Join(dir, "dl")}, 1, "MD5"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(test.args, &stdout, &stderr)
		if code != test.code || !strings.Contains(stderr.String(), test.want) {
			t.Errorf("case %d: mlp %v: exit %d, stderr %q; want exit %d saying %q", i, test.args, code, stderr.String(), test.code, test.want)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 1 { // only "file"
		t.Errorf("failed commands left %v", left)
	}
}

// TestOfficialChecksums compares the built-in sums with the list in the
// shared copy's README (skipped without it), which was checked against the
// published per-file sums.
func TestOfficialChecksums(t *testing.T) {
	t.Parallel()
	readme := filepath.Join(testenv.CIFAR10Dir(t), "README.md")
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Skipf("no %s: %v", readme, err)
	}
	listed := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && len(f[0]) == 64 && strings.HasSuffix(f[1], ".bin") {
			listed[f[1]] = f[0]
		}
	}
	if !maps.Equal(listed, cifarFiles) {
		t.Errorf("%s lists\n%v\nthe command checks\n%v", readme, listed, cifarFiles)
	}
	if cifarMD5 != "c32a1d4ab5d03f1284b67883e8d87530" {
		t.Errorf("archive MD5 %s differs from the one on the dataset page", cifarMD5)
	}
}

// metaFile returns the content of a batches.meta.txt for classes.
func metaFile(classes []string) []byte {
	var b bytes.Buffer
	for _, c := range classes {
		b.WriteString(c + "\n")
	}
	return b.Bytes()
}
