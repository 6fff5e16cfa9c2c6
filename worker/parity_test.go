package worker

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/backprop-playground/playground/msg"
)

// parityConfig is the training that runs natively and in wasm: 50 steps
// of a 3072-50-10 net on the sample, with momentum, flips and two epoch
// ends.
const parityConfig = "data=sample&hidden=50&batch=100&iters=50&lr=1e-3&opt=momentum&std=1e-3&reg=0.01&seed=11&fliph=true"

// parityResult is what the two sides compare.
type parityResult struct {
	GOOS, BLAS string
	Losses     []float64
	TrainAcc   []float64
	ValAcc     []float64
	TestAcc    float64
	Guesses    [][]int     // top-3 classes of the first test images
	Probs      [][]float64 // and their probabilities
}

func parityRun(t testing.TB) parityResult {
	s, rec := newSession(t)
	ev := do(t, s, rec, msg.Request{Kind: msg.Start, Config: parityConfig})
	ev = append(ev, runAll(t, s, rec)...)
	r := parityResult{GOOS: runtime.GOOS, BLAS: fmt.Sprintf("%T", blas64.Implementation()), Losses: losses(t, ev)}
	for _, e := range endsOf(ev) {
		r.TrainAcc = append(r.TrainAcc, e.TrainAcc)
		r.ValAcc = append(r.ValAcc, e.ValAcc)
	}
	res := do(t, s, rec, msg.Request{Kind: msg.Evaluate, Count: 10})[0]
	r.TestAcc = res.TestAcc
	for _, g := range res.Guesses {
		r.Guesses = append(r.Guesses, g.Top)
		r.Probs = append(r.Probs, g.Probs)
	}
	return r
}

// TestParityRecord is the wasm side of TestParity: it writes its result
// to $PARITY_OUT.
func TestParityRecord(t *testing.T) {
	out := os.Getenv("PARITY_OUT")
	if out == "" {
		t.Skip("run by TestParity")
	}
	b, err := json.Marshal(parityRun(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestParity runs the same small training natively (gonum's assembly) and
// as wasm under node (core/kernel, as in the worker) and compares: the
// products add in different orders and math.Exp differs in the last bit,
// so the losses agree to rounding, and the accuracies exactly.
func TestParity(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the wasm test binary")
	}
	if runtime.GOOS == "js" {
		t.Skip("the native side starts the wasm side")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node to run wasm")
	}
	t.Parallel()
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "wasm.json")
	cmd := exec.Command("go", "test", "-count=1", "-run", "^TestParityRecord$",
		"-exec", filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec"), ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "PARITY_OUT="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wasm side: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var wasm parityResult
	if err := json.Unmarshal(b, &wasm); err != nil {
		t.Fatal(err)
	}
	native := parityRun(t)
	if wasm.GOOS != "js" || !strings.Contains(wasm.BLAS, "kernel") {
		t.Fatalf("the wasm side ran on %s with %s, want js with the kernel", wasm.GOOS, wasm.BLAS)
	}
	t.Logf("native: %s, %s; wasm: %s, %s", native.GOOS, native.BLAS, wasm.GOOS, wasm.BLAS)
	if len(native.Losses) != 50 || len(wasm.Losses) != len(native.Losses) {
		t.Fatalf("%d native losses, %d wasm", len(native.Losses), len(wasm.Losses))
	}
	worst, same := 0.0, 0
	for i, n := range native.Losses {
		w := wasm.Losses[i]
		if n == w {
			same++
		}
		worst = math.Max(worst, math.Abs(n-w)/math.Abs(n))
	}
	t.Logf("losses: %d of %d identical, largest relative difference %.3g", same, len(native.Losses), worst)
	if !(worst < 1e-9) {
		t.Errorf("losses differ by %.3g relative, want < 1e-9:\n native %v\n   wasm %v", worst, native.Losses, wasm.Losses)
	}
	if fmt.Sprint(native.TrainAcc, native.ValAcc, native.TestAcc, native.Guesses) != fmt.Sprint(wasm.TrainAcc, wasm.ValAcc, wasm.TestAcc, wasm.Guesses) {
		t.Errorf("accuracies or guesses differ:\n native %v %v %v %v\n   wasm %v %v %v %v",
			native.TrainAcc, native.ValAcc, native.TestAcc, native.Guesses, wasm.TrainAcc, wasm.ValAcc, wasm.TestAcc, wasm.Guesses)
	}
	for i := range native.Probs {
		for j, p := range native.Probs[i] {
			if d := math.Abs(p - wasm.Probs[i][j]); d > 1e-9 {
				t.Errorf("test image %d, guess %d: probability %v natively, %v in wasm", i, j, p, wasm.Probs[i][j])
			}
		}
	}
	t.Logf("accuracies: train %v, val %v, test %v", native.TrainAcc, native.ValAcc, native.TestAcc)
}
