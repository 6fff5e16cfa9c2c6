//go:build !js

// Command native compares one training step on the command line, in one
// run: the Go engine (cmd/mlp's BenchmarkStep, configs A and B, float64
// and float32) on its default pure-Go products (gonum's assembly) and
// built with -tags openblas (OpenBLAS through gonum's cgo binding), against
// numpy float32 on OpenBLAS (step.py), and prints the ratios. It needs
// Debian's libopenblas-dev (make bench installs it) and runs numpy with
// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so that OpenBLAS picks its
// kernel for this CPU; it prints the kernel numpy ran.
//
// Usage, from the repository root: go run ./bench/native [-benchtime 3s] [-python /usr/bin/python3]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

func main() {
	benchtime := flag.String("benchtime", "3s", "go test -benchtime of each Go benchmark")
	python := flag.String("python", "/usr/bin/python3", "the Python with numpy")
	flag.Parse()
	if err := run(*benchtime, *python); err != nil {
		fmt.Fprintln(os.Stderr, "native:", err)
		os.Exit(1)
	}
}

var benchLine = regexp.MustCompile(`^BenchmarkStep/([AB])/(f32|f64)-\d+\s.*?([\d.]+) ms/step`)

// goSteps runs cmd/mlp's BenchmarkStep with the build tags and returns
// ms/step by "A/f32" and so on.
func goSteps(benchtime string, tags string) (map[string]float64, error) {
	args := []string{"test", "-run", "^$", "-bench", "^BenchmarkStep$", "-benchtime", benchtime}
	env := os.Environ()
	if tags != "" {
		args = append(args, "-tags", tags)
		env = append(env, "CGO_ENABLED=1", "CGO_LDFLAGS=-lopenblas")
	}
	cmd := exec.Command("go", append(args, "./cmd/mlp")...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	res := map[string]float64{}
	for _, line := range strings.Split(string(out), "\n") {
		if m := benchLine.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseFloat(m[3], 64)
			res[m[1]+"/"+m[2]] = v
		}
	}
	if len(res) != 4 {
		return nil, fmt.Errorf("go test printed %d of 4 steps:\n%s", len(res), out)
	}
	return res, nil
}

func run(benchtime, python string) error {
	pure, err := goSteps(benchtime, "")
	if err != nil {
		return err
	}
	blas, err := goSteps(benchtime, "openblas")
	if err != nil {
		return err
	}
	// numpy with OpenBLAS choosing its own kernel for this CPU.
	cmd := exec.Command(python, "bench/native/step.py", "--seconds", "3")
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") && !strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("step.py: %v\n%s", err, stderr.Bytes())
	}
	var np struct {
		A, B      float64
		Numpy     string   `json:"numpy"`
		Libraries []string `json:"blas_libraries"`
		Config    string   `json:"openblas_config"`
		Threads   int      `json:"openblas_threads"`
	}
	if err := json.Unmarshal(out, &np); err != nil {
		return fmt.Errorf("step.py printed %q: %v", out, err)
	}
	fmt.Printf("native, one step (ms), configs A (3072-100-10, batch 200) and B (3072-512-10, batch 256):\n")
	fmt.Printf("numpy %s float32 on %s, %d threads (%s)\n", np.Numpy, np.Config, np.Threads, strings.Join(np.Libraries, ", "))
	fmt.Printf("  %-34s %9s %9s\n", "", "A", "B")
	row := func(name string, a, b float64) { fmt.Printf("  %-34s %9.2f %9.2f\n", name, a, b) }
	row("numpy f32 + OpenBLAS", np.A, np.B)
	row("Go f64, gonum (pure Go, default)", pure["A/f64"], pure["B/f64"])
	row("Go f32, gonum (pure Go, default)", pure["A/f32"], pure["B/f32"])
	row("Go f64, OpenBLAS (-tags openblas)", blas["A/f64"], blas["B/f64"])
	row("Go f32, OpenBLAS (-tags openblas)", blas["A/f32"], blas["B/f32"])
	fmt.Printf("  Go f32 OpenBLAS / numpy:  A %.2f, B %.2f (target <= 1.5)\n", blas["A/f32"]/np.A, blas["B/f32"]/np.B)
	fmt.Printf("  Go f32 pure Go / numpy:   A %.2f, B %.2f\n", pure["A/f32"]/np.A, pure["B/f32"]/np.B)
	return nil
}
