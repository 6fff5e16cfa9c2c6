//go:build !js

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/internal/testenv"
	"github.com/backprop-playground/playground/msg"
)

// logLine is one line of testdata/harness.js.
type logLine struct {
	T       int64      `json:"t"`
	Event   *msg.Event `json:"event"`
	Sent    string     `json:"sent"`
	StopMS  *int64     `json:"stop_ms"`
	Done    bool       `json:"done"`
	Console string     `json:"console"`
}

// TestWorkerInNode runs web/static/worker.wasm (which make wasm builds
// before the tests), through the real
// web/static/worker.js, in node with a browser-like worker global
// (testdata/harness.js): the SIMD kernel is installed, messages sent
// before Go listens are queued, data is fetched in chunks, a run is
// stopped mid-way, and predict, export, import, gradcheck and bad
// messages are answered.
func TestWorkerInNode(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("no node, which runs the core tests under wasm too (make test-wasm)")
	}
	t.Parallel()
	wasm := testenv.Wasm(t, "worker")
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	wasmExec := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")
	sample, _ := filepath.Abs(filepath.Join("..", "..", "assets", "cifar-sample"))
	workerJS, _ := filepath.Abs(filepath.Join("..", "..", "web", "static", "worker.js"))
	cmd := exec.Command("node", filepath.Join("testdata", "harness.js"), wasm, wasmExec, sample, workerJS)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("harness: %v\n%s\n%s", err, out, stderr.Bytes())
	}

	var events []msg.Event
	var stopMS int64 = -1
	done := false
	var consoleLines []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l logLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		switch {
		case l.Event != nil:
			events = append(events, *l.Event)
		case l.StopMS != nil:
			stopMS = *l.StopMS
		case l.Done:
			done = true
		case l.Console != "":
			consoleLines = append(consoleLines, l.Console)
		}
	}
	if !done {
		t.Fatalf("the scenario did not finish:\n%s", out)
	}
	// node has wasm SIMD: the worker multiplies on the SIMD kernel
	// (harness.js asks for it with kernel=simd). It is not cross-origin
	// isolated: one thread, and the ready event says why.
	if !slices.ContainsFunc(consoleLines, func(l string) bool {
		return strings.HasPrefix(l, "worker: matrix products on the simd kernel;")
	}) {
		t.Errorf("console %q: want the simd kernel", consoleLines)
	}
	if events[0].Kind != msg.Ready {
		t.Errorf("first event %s, want ready", events[0].Kind)
	}
	if !strings.Contains(events[0].Text, "one thread") {
		t.Errorf("ready event's text %q: want one thread (no cross-origin isolation in node)", events[0].Text)
	}
	// The requests sent before Go listened were answered, in order.
	var seq []string
	for _, e := range events {
		if e.ID != 0 && e.Kind != msg.Loading {
			s := string(e.Kind)
			if e.Kind == msg.StateEvent {
				s += ":" + e.State
			}
			if len(seq) == 0 || seq[len(seq)-1] != s {
				seq = append(seq, s)
			}
		}
	}
	want := "loaded state:running weights state:stopped weights prediction model state:ready weights gradcheck error"
	if got := strings.Join(seq, " "); got != want {
		t.Errorf("answers:\n got %s\nwant %s", got, want)
	}
	loading := 0
	for _, e := range events {
		if e.Kind == msg.Loading {
			loading++
		}
		if e.Kind == msg.Error && e.ID == 8 && (e.Err.Kind != msg.FailUnavailable || !strings.Contains(e.Err.Message, "pretrained model is not available")) {
			t.Errorf("pretrained error: %+v", e.Err)
		}
	}
	if loading < 2 {
		t.Errorf("%d loading events, want progress while fetching", loading)
	}
	// Training yields: a stop is seen within a tick or two (120 ms each).
	// The time is logged, not asserted (a loaded machine delays it);
	// asserted is that the stop was answered while the run went on.
	t.Logf("stop answered after %d ms", stopMS)
	if stopMS < 0 {
		t.Error("the stop was not answered")
	}
	var errs []string
	for _, e := range events {
		if e.Kind == msg.Error {
			if e.Err.Kind != msg.FailProtocol && e.ID != 8 {
				t.Errorf("error %+v: want a protocol failure", e.Err)
			}
			errs = append(errs, e.Err.Message)
		}
	}
	if len(errs) != 3 || !strings.Contains(errs[0], "msg: bad request") || !strings.Contains(errs[2], "must be an object {text, parts}") {
		t.Errorf("errors %q: want a bad request, no pretrained model and a non-string message", errs)
	}
}
