// Package testenv is what the tests of this module share: where the numpy
// reference and the full CIFAR-10 live, the numpy toy reference decoded
// once, and the wasm binaries `make wasm` built. It is for tests only
// (internal/, imported from _test.go files) and builds for js/wasm too, so
// the core tests use it under node as well. The headless browser the
// browser tests share is in the subpackage chromium (chromedp does not
// build for js).
//
// The paths follow the Makefile: $REFERENCE_DIR and $CIFAR10_DIR, which
// `make test` sets, else ../shared/reference and ../shared/cifar-10 next
// to the repository.
package testenv

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// ModuleRoot returns the folder that holds go.mod, found from the test's
// working directory (its package folder, also under node).
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testenv: no go.mod above the test's folder")
		}
		dir = parent
	}
}

// dir returns $env, else ../shared/<name> next to the repository.
func dir(t testing.TB, env, name string) string {
	t.Helper()
	if d := os.Getenv(env); d != "" {
		return d
	}
	return filepath.Join(ModuleRoot(t), "..", "shared", name)
}

// ReferenceDir returns the folder of the numpy reference scripts and their
// outputs. The reference is part of every run: a missing folder fails the
// test when it is used.
func ReferenceDir(t testing.TB) string {
	t.Helper()
	return dir(t, "REFERENCE_DIR", "reference")
}

// CIFAR10Dir returns the folder of the full CIFAR-10 binary set. When
// $CIFAR10_DIR names it (make test does), a folder without the set fails
// the test; without it, a missing ../shared/cifar-10 skips the test, so a
// plain `go test` on a machine without the 180 MB set still runs the rest.
func CIFAR10Dir(t testing.TB) string {
	t.Helper()
	d := dir(t, "CIFAR10_DIR", "cifar-10")
	_, err := os.Stat(filepath.Join(d, "data_batch_1.bin"))
	switch {
	case err == nil:
		return d
	case os.Getenv("CIFAR10_DIR") != "":
		t.Fatalf("$CIFAR10_DIR=%s holds no CIFAR-10 binary set: %v", d, err)
	case errors.Is(err, fs.ErrNotExist):
		t.Skipf("no full CIFAR-10 in %s (set CIFAR10_DIR, or run make data)", d)
	default:
		t.Fatal(err)
	}
	return ""
}

// Toy is toy_reference.json, which ../shared/reference/toy_reference.py
// writes: the report's toy net (Questions 1-2) computed by numpy. The
// weights and gradients are matrices (W1, W2) or vectors (b1, b2); Flat
// gives them as one row-major slice.
type Toy struct {
	Args    map[string]json.Number `json:"args"`
	X       [][]float64            `json:"X"`
	Y       []int                  `json:"y"`
	Init    map[string]any         `json:"init"`
	Scores  [][]float64            `json:"scores"`
	Loss    float64                `json:"loss"`
	Grads   map[string]any         `json:"grads"`
	Errs    map[string]float64     `json:"gradcheck_max_rel_error"`
	History []float64              `json:"train_loss_history"`

	// Raw is the whole JSON document, for tests that compare every value.
	Raw map[string]any `json:"-"`
}

var toy struct {
	once sync.Once
	toy  *Toy
	err  error
}

// ToyReference returns toy_reference.json, decoded once per test binary.
// The caller must not modify it.
func ToyReference(t testing.TB) *Toy {
	t.Helper()
	path := filepath.Join(ReferenceDir(t), "toy_reference.json")
	toy.once.Do(func() {
		b, err := os.ReadFile(path)
		if err != nil {
			toy.err = err
			return
		}
		var r Toy
		if err := json.Unmarshal(b, &r); err != nil {
			toy.err = err
			return
		}
		toy.err = json.Unmarshal(b, &r.Raw)
		toy.toy = &r
	})
	if toy.err != nil {
		t.Fatalf("the numpy reference %s: %v (set REFERENCE_DIR to ../shared/reference)", path, toy.err)
	}
	return toy.toy
}

// Flat returns a decoded JSON number, vector or matrix as one row-major
// slice.
func Flat(v any) []float64 {
	switch v := v.(type) {
	case float64:
		return []float64{v}
	case []any:
		var out []float64
		for _, e := range v {
			out = append(out, Flat(e)...)
		}
		return out
	case [][]float64:
		var out []float64
		for _, r := range v {
			out = append(out, r...)
		}
		return out
	}
	panic("testenv.Flat: not a JSON number, vector or matrix")
}

// Wasm returns the path of web/static/<name>.wasm, which `make wasm`
// builds (make test builds it before the tests). Tests load it instead of
// building their own copy. It fails the test if the file is missing; the
// os.Stat also tells go test's cache to rerun the test when it changes.
func Wasm(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(ModuleRoot(t), "web", "static", name+".wasm")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s.wasm is not built: run `make wasm` before `go test` (`make test` does): %v", name, err)
	}
	return path
}

// FSFetcher is a worker.Fetcher over file systems, for the tests:
// a URL is read from the FS whose key is the longest prefix of the URL, at
// the rest of the URL's path. For example
//
//	testenv.FSFetcher{"/data/sample/": assets.SampleFS()}
//
// serves "/data/sample/train.bin" as "train.bin" of the sample.
type FSFetcher map[string]fs.FS

// Fetch reads the file url names; see FSFetcher.
func (f FSFetcher) Fetch(url string, progress func(done, total int64)) ([]byte, error) {
	best := ""
	for prefix := range f {
		if strings.HasPrefix(url, prefix) && len(prefix) > len(best) {
			best = prefix
		}
	}
	if best == "" {
		return nil, fmt.Errorf("fetch %s: %w", url, fs.ErrNotExist)
	}
	name := path.Clean(strings.TrimPrefix(url, best))
	b, err := fs.ReadFile(f[best], name)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	if progress != nil {
		progress(int64(len(b)), int64(len(b)))
	}
	return b, nil
}
