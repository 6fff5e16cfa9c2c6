package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/train"
)

func TestParseSpace(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		text string
		want string // the dimensions as key:values|... or an error substring
		ok   bool
	}{
		{"hidden=50,80;lr=1e-3,2e-3", "hidden:50|80 lr:1e-3|2e-3", true},
		{"hidden=50-70-50|100", "hidden:50,70,50|100", true},
		{"hidden=50-70,100", "hidden:50,70|100", true},
		{" opt = sgd, adam ; fliph=true,false ", "opt:sgd|adam fliph:true|false", true},
		{"lr=1e-4..1e-2:log;hidden=50..300;reg=0..0.5", "lr:0.0001..0.01:log hidden:50..300:int reg:0..0.5", true},
		{"# a comment\nhidden=10 # ten\n\nlr=0.1\n", "hidden:10 lr:0.1", true},
		{"", "no dimensions", false},
		{"hidden", "want key=values", false},
		{"colour=red", `unknown setting "colour"`, false},
		{"hidden=10;hidden=20", "hidden given twice", false},
		{"lr=abc", `invalid lr "abc"`, false},
		{"hidden=0,10", "hidden", false},
		{"lr=1..x", "range end", false},
		{"lr=0..1e-2:log", "log range must be positive", false},
		{"lr=1..0.1", "empty", false},
		{"lr=1e-4..1e-2:exp", "unknown scale", false},
		{"opt=sgd,rmsprop", "optimizer", false},
		{"batch=0..10", "batch", false},
	} {
		sp, err := parseSpace(test.text)
		if !test.ok {
			if err == nil || !strings.Contains(err.Error(), test.want) {
				t.Errorf("case %d: parseSpace(%q) = %v, want an error saying %q", i, test.text, err, test.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("case %d: parseSpace(%q): %v", i, test.text, err)
			continue
		}
		var parts []string
		for _, d := range sp {
			if d.values != nil {
				parts = append(parts, d.key+":"+strings.Join(d.values, "|"))
				continue
			}
			s := d.key + ":" + strconv.FormatFloat(d.lo, 'g', -1, 64) + ".." + strconv.FormatFloat(d.hi, 'g', -1, 64)
			if d.log {
				s += ":log"
			}
			if d.ints {
				s += ":int"
			}
			parts = append(parts, s)
		}
		if got := strings.Join(parts, " "); got != test.want {
			t.Errorf("case %d: parseSpace(%q) = %s, want %s", i, test.text, got, test.want)
		}
	}
}

func TestGrid(t *testing.T) {
	t.Parallel()
	sp, err := parseSpace("hidden=50,80;lr=1e-3,2e-3,3e-3")
	if err != nil {
		t.Fatal(err)
	}
	points, err := sp.grid(train.Default())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range points {
		got = append(got, pointText(c, sp.keys()))
	}
	want := []string{
		"hidden=50 lr=0.001", "hidden=50 lr=0.002", "hidden=50 lr=0.003",
		"hidden=80 lr=0.001", "hidden=80 lr=0.002", "hidden=80 lr=0.003",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("grid\n got %v\nwant %v", got, want)
	}
	if points[0].Batch != train.Default().Batch {
		t.Errorf("the base was not kept")
	}
	rsp, _ := parseSpace("lr=1e-4..1e-2:log")
	if _, err := rsp.grid(train.Default()); err == nil || !strings.Contains(err.Error(), "-random") {
		t.Errorf("a range in a grid: %v", err)
	}
	big, _ := parseSpace("hidden=1,2,3,4,5,6,7,8,9,10;lr=1,2,3,4,5,6,7,8,9,10;reg=1,2,3,4,5,6,7,8,9,10;batch=1,2,3,4,5,6,7,8,9,10,11")
	if _, err := big.grid(train.Default()); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("11,000 points: %v", err)
	}
}

func TestRandom(t *testing.T) {
	t.Parallel()
	sp, err := parseSpace("lr=1e-4..1e-2:log;hidden=50..300;reg=0..0.5;opt=sgd,adam")
	if err != nil {
		t.Fatal(err)
	}
	a, err := sp.random(train.Default(), 200, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := sp.random(train.Default(), 200, 7)
	c, _ := sp.random(train.Default(), 200, 8)
	if !reflect.DeepEqual(a, b) || reflect.DeepEqual(a, c) {
		t.Fatalf("draws are not fixed by the seed")
	}
	low, opts := 0, map[string]int{}
	for i, p := range a {
		if p.LR < 1e-4 || p.LR > 1e-2 || p.Hidden[0] < 50 || p.Hidden[0] > 300 || p.Reg < 0 || p.Reg > 0.5 {
			t.Fatalf("point %d out of the space: %s", i, p.Encode())
		}
		if p.LR < 1e-3 {
			low++
		}
		opts[p.Optimizer]++
	}
	// Log-uniform: half the draws below the geometric middle 1e-3 (200
	// draws: 5 standard deviations is ±35).
	if low < 65 || low > 135 {
		t.Errorf("%d of 200 log-uniform draws below 1e-3, want about 100", low)
	}
	if opts["sgd"] < 65 || opts["adam"] < 65 {
		t.Errorf("choices drawn %v", opts)
	}
	if _, err := sp.random(train.Default(), 0, 1); err == nil {
		t.Error("0 points accepted")
	}
}

func TestSweepFlagErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i, test := range []struct {
		args []string
		want string
	}{
		{nil, "give one of"},
		{[]string{"-grid", "hidden=5", "-space", "lr=1..2"}, "give one of"},
		{[]string{"-grid", "hidden=5", "-random", "3"}, "-random N"},
		{[]string{"-space", "lr=1..2"}, "needs -random"},
		{[]string{"-grid", "lr=1e-3..1e-2"}, "ranges need -random"},
		{[]string{"-grid", "hidden=5", "-workers", "0"}, "-workers"},
		{[]string{"-grid", "hidden=5", "-random", "-2"}, "-random"},
		{[]string{"-grid", "hidden=5;colour=red"}, "colour"},
		{[]string{"-space-file", filepath.Join(dir, "missing.txt")}, "no such file"},
		{[]string{"-grid", "hidden=5", "-lr", "0"}, "lr"},
		{[]string{"-grid", "hidden=5", "-promote", "2"}, "-promote-set"},
		{[]string{"-grid", "hidden=5", "-promote", "1", "-promote-set", "epochs=x"}, "epochs"},
	} {
		code, _, stderr := mlp(append([]string{"sweep", "-data", "sample", "-out", dir}, test.args...)...)
		if code == 0 || !strings.Contains(stderr, test.want) {
			t.Errorf("case %d: mlp sweep %v: exit %d, %q; want an error saying %q", i, test.args, code, stderr, test.want)
		}
	}
}

func TestSweepSample(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	space := filepath.Join(out, "space.txt")
	os.WriteFile(space, []byte("# two sizes, two rates\nhidden=8,16\nlr=1e-3,1e-2\n"), 0o644)
	args := []string{"sweep", "-data", "sample", "-out", out, "-space-file", space, "-init", "he", "-opt", "adam",
		"-epochs", "1", "-sampling", "shuffle", "-pre", "channel", "-reg", "1e-3", "-promote", "1", "-promote-set", "epochs=2"}
	code, stdout, stderr := mlp(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "rank  hidden  lr") || !strings.Contains(stdout, "epochs  iters  val acc") || !strings.Contains(stdout, "promoting the best 1 with epochs=2") {
		t.Errorf("no ranked table in\n%s", stdout)
	}
	f, err := os.Open(filepath.Join(out, "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 6 { // a header, 4 runs and the promoted one
		t.Fatalf("results.csv: %d rows, %v", len(rows), err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	prev := 2.0
	for _, r := range rows[1:] {
		v, _ := strconv.ParseFloat(r[col["val_acc"]], 64)
		if v > prev {
			t.Errorf("results.csv is not ranked by val_acc: %v", rows)
		}
		prev = v
	}
	var js []result
	b, _ := os.ReadFile(filepath.Join(out, "results.json"))
	if err := json.Unmarshal(b, &js); err != nil || len(js) != 5 {
		t.Fatalf("results.json: %d results, %v", len(js), err)
	}
	if runs, _ := filepath.Glob(filepath.Join(out, "runs", "*.bppmodel")); len(runs) != 5 {
		t.Errorf("%d run checkpoints, want 5", len(runs))
	}
	epochs := map[int]int{}
	for _, r := range js {
		epochs[r.Epochs]++
	}
	if epochs[1] != 4 || epochs[2] != 1 {
		t.Errorf("runs by epochs %v, want 4 of 1 and the promoted one of 2", epochs)
	}
	// Again: every run is in the journal, nothing is trained.
	code, stdout, stderr = mlp(args...)
	if code != 0 || !strings.Contains(stdout, "4 already done") || !strings.Contains(stdout, "1 already done") {
		t.Errorf("second sweep: exit %d\n%s%s", code, stdout, stderr)
	}
}
