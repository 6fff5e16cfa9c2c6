package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/internal/testenv"
)

// python is Debian's python3 with numpy (.ci/run installs python3-numpy).
const python = "/usr/bin/python3"

// numpyToy runs the reference script with args and decodes its JSON.
func numpyToy(t *testing.T, args ...string) map[string]any {
	t.Helper()
	script := filepath.Join(testenv.ReferenceDir(t), "toy_reference.py")
	out, err := exec.Command(python, append([]string{script}, args...)...).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("%s %s %v: %v\n%s(needs python3-numpy: apt-get install -y python3-numpy)", python, script, args, err, stderr)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func goToy(t *testing.T, args ...string) map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{"toy", "-json"}, args...), &stdout, &stderr); code != 0 {
		t.Fatalf("mlp toy -json %v: exit %d\n%s", args, code, stderr.String())
	}
	var m map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// compare walks two decoded JSON values and reports the largest absolute
// difference of their numbers, or an error where their shapes differ.
func compare(path string, a, b any) (float64, error) {
	switch a := a.(type) {
	case float64:
		bf, ok := b.(float64)
		if !ok {
			return 0, fmt.Errorf("%s: %v vs %v", path, a, b)
		}
		return math.Abs(a - bf), nil
	case []any:
		bs, ok := b.([]any)
		if !ok || len(bs) != len(a) {
			return 0, fmt.Errorf("%s: length or type differs", path)
		}
		worst := 0.0
		for i := range a {
			d, err := compare(fmt.Sprintf("%s[%d]", path, i), a[i], bs[i])
			if err != nil {
				return 0, err
			}
			worst = math.Max(worst, d)
		}
		return worst, nil
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(bm) != len(a) {
			return 0, fmt.Errorf("%s: keys differ", path)
		}
		worst := 0.0
		for k := range a {
			d, err := compare(path+"."+k, a[k], bm[k])
			if err != nil {
				return 0, err
			}
			worst = math.Max(worst, d)
		}
		return worst, nil
	}
	return 0, fmt.Errorf("%s: unexpected %T", path, a)
}

// tolerances are the issue's: init, X, scores, grads and history within
// 1e-9, the loss within 1e-10.
var tolerances = map[string]float64{"init": 1e-9, "X": 1e-9, "y": 0, "scores": 1e-9, "grads": 1e-9, "loss": 1e-10, "train_loss_history": 1e-9}

func checkAgainst(t *testing.T, name string, got, want map[string]any) {
	t.Helper()
	for key, tol := range tolerances {
		d, err := compare(key, got[key], want[key])
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if d > tol {
			t.Errorf("%s: %s differs from numpy by %g > %g", name, key, d, tol)
		}
	}
	// The gradient-check errors are rounding noise (of order eps/h divided
	// by the smallest gradient entry), so they cannot agree digit for digit
	// with numpy's; each must be below 1e-7 or within 10x of numpy's (a
	// backprop bug gives errors near 1).
	errs, _ := got["gradcheck_max_rel_error"].(map[string]any)
	wantErrs, _ := want["gradcheck_max_rel_error"].(map[string]any)
	if len(errs) != 4 || len(wantErrs) != 4 {
		t.Errorf("%s: gradcheck_max_rel_error = %v, numpy %v", name, errs, wantErrs)
	}
	for k, v := range errs {
		e, _ := v.(float64)
		w, _ := wantErrs[k].(float64)
		if !(e < math.Max(1e-7, 10*w)) {
			t.Errorf("%s: gradient check %s = %g, numpy %g", name, k, e, w)
		}
	}
}

// TestToyMatchesCommittedReference compares with the committed
// toy_reference.json, the report's numbers.
func TestToyMatchesCommittedReference(t *testing.T) {
	t.Parallel()
	want := testenv.ToyReference(t).Raw
	got := goToy(t)
	checkAgainst(t, "report", got, want)
	for k, v := range got["gradcheck_max_rel_error"].(map[string]any) {
		if !(v.(float64) < 1e-8) {
			t.Errorf("report gradient check %s = %v, want < 1e-8", k, v)
		}
	}
	hist := got["train_loss_history"].([]any)
	if last := hist[len(hist)-1].(float64); math.Abs(last-0.017149607938732093) > 1e-9 {
		t.Errorf("final loss %.17g", last)
	}
}

// TestToyMatchesNumpy runs the numpy script itself on other seeds, sizes,
// class counts, std and reg, and compares every number.
func TestToyMatchesNumpy(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--seed-model", "3", "--seed-data", "7"},
		{"--seed-model", "42", "--seed-data", "0", "--inputs", "8", "--input-size", "6", "--hidden", "12", "--classes", "4"},
		{"--seed-model", "1", "--seed-data", "2", "--inputs", "20", "--input-size", "3", "--hidden", "5", "--classes", "5", "--std", "0.05", "--reg", "0.1"},
		{"--seed-model", "12345", "--seed-data", "4294967295", "--inputs", "7", "--input-size", "10", "--hidden", "30", "--classes", "2", "--std", "0.2", "--reg", "0"},
		{"--inputs", "5", "--input-size", "4", "--hidden", "10", "--classes", "3", "--reg", "0.5"},
	} {
		name := strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkAgainst(t, name, goToy(t, args...), numpyToy(t, args...))
		})
	}
}

func TestToyPlainOutput(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"toy"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"[[0.36446210 0.22911264 0.40642526]",
		"Difference between your scores and correct scores:",
		"Loss (reg 0.05): 1.30378789133",
		"W2", "b2", "W1", "b1", "pass",
		"Final training loss: 0.0171496079387",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "FAIL") {
		t.Errorf("a gradient check failed:\n%s", out)
	}
}

func TestToyBadFlags(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		args []string
		want string
	}{
		{[]string{"toy", "--hidden", "0"}, "hidden"},
		{[]string{"toy", "--classes", "1"}, "classes"},
		{[]string{"toy", "--std", "NaN"}, "std"},
		{[]string{"toy", "--inputs", "-1"}, "inputs"},
		{[]string{"toy", "--reg", "-1"}, "reg"},
		{[]string{"toy", "--seed-model", "4294967296"}, "seed"},
		{[]string{"toy", "--bogus"}, "bogus"},
		{[]string{"toy", "extra"}, "extra"},
		{[]string{"frobnicate"}, "unknown command"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(test.args, &stdout, &stderr); code != 2 {
			t.Errorf("case %d: %v: exit %d, want 2", i, test.args, code)
		}
		if !strings.Contains(stderr.String(), test.want) {
			t.Errorf("case %d: %v: stderr %q lacks %q", i, test.args, stderr.String(), test.want)
		}
	}
}
