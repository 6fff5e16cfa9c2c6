//go:build !js

// The tests that run on the host: the committed module is its source
// assembled, and the js/wasm tests pass under node.

package simd

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// TestInNode runs this package's js/wasm tests (simd_js_test.go: the
// kernel against Block's definition and core/kernel's checks against
// gonum with the kernel installed) under node, so that the native go test
// of make test covers them too.
func TestInNode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the wasm test binary")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node to run wasm")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "-exec",
		filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec"), ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test under node: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out))
}
