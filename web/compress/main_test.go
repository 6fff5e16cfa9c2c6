package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompress(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "app.wasm")
	raw := bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 some code "), 1000)
	if err := os.WriteFile(name, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := compress(name, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "app.wasm") {
		t.Errorf("the report %q does not name the file", out.String())
	}
	for _, f := range formats {
		b, err := os.ReadFile(name + f.ext)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) >= len(raw)/5 {
			t.Errorf("%s: %d bytes for %d, want much smaller", f.ext, len(b), len(raw))
		}
		r, err := f.reader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("%s does not decode to the file: %v", f.ext, err)
		}
		if _, fresh, err := upToDate(name+f.ext, raw, f); !fresh || err != nil {
			t.Errorf("%s: up to date %t (%v), want true", f.ext, fresh, err)
		}
		if _, fresh, _ := upToDate(name+f.ext, append(raw, 'x'), f); fresh {
			t.Errorf("%s: up to date for changed bytes", f.ext)
		}
	}

	// A corrupt copy is rewritten.
	if err := os.WriteFile(name+".br", []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := compress(name, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, fresh, _ := upToDate(name+".br", raw, formats[0]); !fresh {
		t.Error("a corrupt .br was not rewritten")
	}
}
