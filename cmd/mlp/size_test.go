package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSizeLimit: a network no machine holds is refused before anything is
// allocated (before, each ended in "fatal error: out of memory"), with the
// parameter count and the memory it needs; -max-params raises the bound.
func TestSizeLimit(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"train", "-data", "sample", "-hidden", "65536,65536"}, // 4,497,080,330 parameters
		{"sweep", "-data", "sample", "-grid", "hidden=65536,65536", "-out", t.TempDir()},
	} {
		code, _, stderr := mlp(args...)
		if code == 0 || !strings.Contains(stderr, "parameters") || !strings.Contains(stderr, "GiB") || !strings.Contains(stderr, "-max-params") {
			t.Errorf("mlp %s: exit %d, %q; want a refusal naming the parameters, the memory and -max-params", strings.Join(args, " "), code, stderr)
		}
	}
	// 3072·50 + 50 + 50·10 + 10 = 154,160 parameters: counted as nn does.
	code, _, stderr := mlp("train", "-data", "sample", "-hidden", "50", "-max-params", "1000")
	if code == 0 || !strings.Contains(stderr, "154,160 parameters") {
		t.Errorf("-max-params 1000: exit %d, %q", code, stderr)
	}

	// A resume file whose settings ask for such a net: refused too.
	dir := t.TempDir()
	model := filepath.Join(dir, "m.bppmodel")
	sampleRun(t, "-hidden", "10", "-epochs", "1", "-save", model)
	st, err := readCheckpoint(statePath(model))
	if err != nil {
		t.Fatal(err)
	}
	st.Config.Hidden = []int{65536, 65536}
	crafted := filepath.Join(dir, "crafted.resume")
	if err := writeCheckpoint(crafted, st); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = mlp("train", "-data", "sample", "-resume", crafted)
	if code == 0 || !strings.Contains(stderr, "parameters") {
		t.Errorf("crafted resume: exit %d, %q", code, stderr)
	}
}
