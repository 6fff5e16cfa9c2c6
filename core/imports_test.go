//go:build !js

// The import check runs go list, which wasm (node) cannot exec.

package core_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var banned = []string{"syscall/js", "github.com/maxence-charriere/go-app", "github.com/hajimehoshi/ebiten", "net/http", "log/slog"}

// TestCoreImports keeps the engine free of UI, browser, server and logging
// packages: core/ must build and test the same on the host, under node and
// in a Web Worker.
func TestCoreImports(t *testing.T) {
	t.Parallel()
	touchSources(t)
	// Natively: everything core/ depends on, transitively.
	check(t, "native deps", nil, "-deps", "./...")
	// For js/wasm the standard library itself uses syscall/js, so check what
	// core/ imports directly and every non-standard dependency.
	js := []string{"GOOS=js", "GOARCH=wasm"}
	check(t, "wasm imports", js, "-f", `{{join .Imports "\n"}}`, "./...")
	check(t, "wasm deps", js, "-deps", "-f", `{{if not .Standard}}{{.ImportPath}}{{end}}`, "./...")
}

func check(t *testing.T, what string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", args, err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 {
		t.Fatalf("%s: go list printed nothing", what)
	}
	for _, dep := range deps {
		for _, b := range banned {
			if dep == b || strings.HasPrefix(dep, b+"/") {
				t.Errorf("%s: core/ imports %s", what, dep)
			}
		}
	}
}

// touchSources reads every Go file under core/, so that go test's cache
// (which cannot see what "go list" reads) reruns this test when one changes.
func touchSources(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(path) == ".go" {
			_, err = os.ReadFile(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
