//go:build !js

// The test that runs on the host: the committed module is its source
// assembled. The js/wasm tests (simd_js_test.go) run under node in make
// test-wasm, beside the core tests.

package simd

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestAssembled checks that the committed gemm.wasm is gemm.wat assembled,
// when wat2wasm (Debian's wabt) is installed: edit gemm.wat, then run
// wat2wasm gemm.wat -o gemm.wasm in this folder.
func TestAssembled(t *testing.T) {
	wat2wasm, err := exec.LookPath("wat2wasm")
	if err != nil {
		t.Skip("no wat2wasm (apt-get install wabt)")
	}
	out := filepath.Join(t.TempDir(), "gemm.wasm")
	if b, err := exec.Command(wat2wasm, "gemm.wat", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("gemm.wasm")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("gemm.wasm (%d bytes) is not gemm.wat assembled (%d bytes): run wat2wasm gemm.wat -o gemm.wasm", len(got), len(want))
	}
	t.Logf("gemm.wasm: %d bytes, as wat2wasm assembles gemm.wat", len(got))
}
