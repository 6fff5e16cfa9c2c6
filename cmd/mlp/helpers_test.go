package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// dataDirForTest returns the full CIFAR-10 folder: $CIFAR10_DIR, or the
// shared copy next to the repository. It may not exist; callers skip.
func dataDirForTest(t testing.TB) string {
	t.Helper()
	if dir := os.Getenv("CIFAR10_DIR"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..", "..", "shared", "cifar-10")
}

// fullDataDir returns the full set's folder or skips the test.
func fullDataDir(t testing.TB) string {
	t.Helper()
	dir := dataDirForTest(t)
	if _, err := os.Stat(filepath.Join(dir, "data_batch_1.bin")); err != nil {
		t.Skipf("no full CIFAR-10 in %s (set CIFAR10_DIR or run make data): %v", dir, err)
	}
	return dir
}

// mlp runs the command line and returns its exit code and outputs.
func mlp(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}
