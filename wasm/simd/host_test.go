//go:build !js

// The tests that run on the host: the committed module is its source
// assembled, and web/static/kernels.js's threads (under node) give the
// one thread's results. The js/wasm tests (simd_js_test.go) run under node in make
// test-wasm, beside the core tests.

package simd

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAssembled checks that the committed gemm.wasm and sgemm.wasm are
// gemm.wat and sgemm.wat assembled, when wat2wasm (Debian's wabt) is
// installed: edit the .wat, then run wat2wasm NAME.wat -o NAME.wasm in
// this folder.
func TestAssembled(t *testing.T) {
	wat2wasm, err := exec.LookPath("wat2wasm")
	if err != nil {
		t.Skip("no wat2wasm (apt-get install wabt)")
	}
	for _, name := range []string{"gemm", "sgemm"} {
		t.Run(name, func(t *testing.T) { assembled(t, wat2wasm, name) })
	}
	t.Run("sgemm_shared", func(t *testing.T) { assembledShared(t, wat2wasm) })
}

// sharedImport is sgemm.wat's memory import and sharedMemory what
// sgemm_shared.wasm imports instead: a shared memory (of up to 1 GB),
// which the kernel threads of web/static/kernels.js run over.
const (
	sharedImport = `(import "go" "mem" (memory 0))`
	sharedMemory = `(import "go" "mem" (memory 1 16384 shared))`
)

// assembledShared checks that sgemm_shared.wasm is sgemm.wat with a shared
// memory, assembled with threads on:
//
//	sed 's/(memory 0))/(memory 1 16384 shared))/' sgemm.wat > /tmp/s.wat
//	wat2wasm --enable-threads /tmp/s.wat -o sgemm_shared.wasm
func assembledShared(t *testing.T, wat2wasm string) {
	src, err := os.ReadFile("sgemm.wat")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(src), sharedImport) != 1 {
		t.Fatalf("sgemm.wat does not import its memory as %s", sharedImport)
	}
	wat := filepath.Join(t.TempDir(), "sgemm_shared.wat")
	if err := os.WriteFile(wat, []byte(strings.Replace(string(src), sharedImport, sharedMemory, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "sgemm_shared.wasm")
	if b, err := exec.Command(wat2wasm, "--enable-threads", wat, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("sgemm_shared.wasm")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("sgemm_shared.wasm is not sgemm.wat with a shared memory, assembled (see assembledShared)")
	}
}

func assembled(t *testing.T, wat2wasm, name string) {
	out := filepath.Join(t.TempDir(), name+".wasm")
	if b, err := exec.Command(wat2wasm, name+".wat", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(name + ".wasm")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%[1]s.wasm (%[2]d bytes) is not %[1]s.wat assembled (%[3]d bytes): run wat2wasm %[1]s.wat -o %[1]s.wasm", name, len(got), len(want))
	}
	t.Logf("%s.wasm: %d bytes, as wat2wasm assembles %s.wat", name, len(got), name)
}

// TestPool runs web/static/kernels.js's kernel threads under node
// (testdata/pool.js, worker_threads standing in for Web Workers) over
// sgemm_shared.wasm: on 2, 3 and 4 threads, config A's and B's products
// and random ragged shapes must give C bit for bit as sgemm.wasm on one
// thread called in Sgemm's panels. It logs the GFLOP/s of config A's and
// B's products on one thread and on two (copies included), measured, not
// asserted.
func TestPool(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node")
	}
	out, err := exec.Command(node, filepath.Join("testdata", "pool.js"), filepath.Join("..", "..", "web", "static", "kernels.js"),
		"sgemm.wasm", "sgemm_shared.wasm").CombinedOutput()
	if err != nil {
		t.Fatalf("node testdata/pool.js: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out))
}
