//go:build !js

// Command native compares one training step on the command line, in one
// run: the Go engine (cmd/mlp's BenchmarkStep, configs A and B, float64
// and float32) in its default pure-Go build (float32 on core/kernel's
// Packed32, float64 on gonum's assembly) and built with -tags openblas
// (OpenBLAS through gonum's cgo binding), against numpy float32 on
// OpenBLAS (step.py), and prints the ratios.
//
// Every side runs on the same number of threads (-threads, all CPUs by
// default): GOMAXPROCS and -test.cpu for Go, OPENBLAS_NUM_THREADS for
// OpenBLAS in both processes. numpy runs with OPENBLAS_CORETYPE and
// OPENBLAS_L2_SIZE unset, so that OpenBLAS picks its kernel for this CPU,
// and the kernel it ran is printed. The machine may be shared, so the
// three are measured -rounds times, one after the other in each round, and
// each figure is printed as the minimum and the median of its rounds; the
// ratios are of the medians (and of the minima). It needs Debian's
// libopenblas-dev (make bench-native installs it) and a C compiler.
//
// Usage, from the repository root:
//
//	go run ./bench/native [-threads N] [-rounds 3] [-benchtime 2s] [-python /usr/bin/python3]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	benchtime := flag.String("benchtime", "2s", "go test -benchtime of each Go benchmark, and numpy's seconds per config, per round")
	python := flag.String("python", "/usr/bin/python3", "the Python with numpy")
	threads := flag.Int("threads", runtime.NumCPU(), "threads of every side (GOMAXPROCS, OPENBLAS_NUM_THREADS)")
	rounds := flag.Int("rounds", 3, "measurements of each figure")
	flag.Parse()
	if *threads < 1 || *rounds < 1 {
		fmt.Fprintln(os.Stderr, "native: -threads and -rounds must be at least 1")
		os.Exit(2)
	}
	if err := run(*benchtime, *python, *threads, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "native:", err)
		os.Exit(1)
	}
}

var benchLine = regexp.MustCompile(`^BenchmarkStep/([AB])/(f32|f64)(?:-\d+)?\s.*?([\d.]+) ms/step`)

// buildTest compiles cmd/mlp's tests with the build tags into dir.
func buildTest(dir, tags string) (string, error) {
	bin := filepath.Join(dir, "mlp"+strings.ReplaceAll(tags, ",", "_")+".test")
	args := []string{"test", "-c", "-o", bin}
	env := os.Environ()
	if tags != "" {
		args = append(args, "-tags", tags)
		env = append(env, "CGO_ENABLED=1", "CGO_LDFLAGS=-lopenblas")
	}
	cmd := exec.Command("go", append(args, "./cmd/mlp")...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin, nil
}

// withThreads is the environment with every side's thread count set to
// threads.
func withThreads(threads int) []string {
	t := strconv.Itoa(threads)
	return append(os.Environ(), "GOMAXPROCS="+t, "OPENBLAS_NUM_THREADS="+t)
}

// goSteps runs BenchmarkStep of a test binary once and adds its ms/step
// to res by "A/f32" and so on.
func goSteps(bin, benchtime string, threads int, res map[string][]float64) error {
	cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", "^BenchmarkStep$", "-test.benchtime", benchtime,
		"-test.cpu", strconv.Itoa(threads))
	cmd.Dir = "cmd/mlp"
	cmd.Env = withThreads(threads)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", bin, err, out)
	}
	n := 0
	for _, line := range strings.Split(string(out), "\n") {
		if m := benchLine.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseFloat(m[3], 64)
			res[m[1]+"/"+m[2]] = append(res[m[1]+"/"+m[2]], v)
			n++
		}
	}
	if n != 4 {
		return fmt.Errorf("%s printed %d of 4 steps:\n%s", bin, n, out)
	}
	return nil
}

// numpyInfo is what step.py prints.
type numpyInfo struct {
	A, B      []float64
	Numpy     string   `json:"numpy"`
	Libraries []string `json:"blas_libraries"`
	Config    string   `json:"openblas_config"`
	Core      string   `json:"openblas_core"`
	Threads   int      `json:"openblas_threads"`
}

// numpySteps runs one round of step.py with OpenBLAS choosing its own
// kernel for this CPU.
func numpySteps(python string, seconds float64, threads int) (numpyInfo, error) {
	var np numpyInfo
	cmd := exec.Command(python, "bench/native/step.py", "--seconds", strconv.FormatFloat(seconds, 'f', -1, 64))
	var env []string
	for _, kv := range withThreads(threads) {
		if !strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") && !strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return np, fmt.Errorf("step.py: %v\n%s", err, stderr.Bytes())
	}
	if err := json.Unmarshal(out, &np); err != nil || len(np.A) != 1 || len(np.B) != 1 {
		return np, fmt.Errorf("step.py printed %q: %v", out, err)
	}
	return np, nil
}

// minMedian returns the minimum and the median of v.
func minMedian(v []float64) (lo, med float64) {
	s := slices.Sorted(slices.Values(v))
	if len(s)%2 == 1 {
		return s[0], s[len(s)/2]
	}
	return s[0], (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func run(benchtime, python string, threads, rounds int) error {
	seconds := 2.0 // numpy's time per config when -benchtime is a count
	if d, err := time.ParseDuration(benchtime); err == nil {
		seconds = d.Seconds()
	}
	dir, err := os.MkdirTemp("", "bench-native")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	pureBin, err := buildTest(dir, "")
	if err != nil {
		return err
	}
	blasBin, err := buildTest(dir, "openblas")
	if err != nil {
		return err
	}
	pure, blas := map[string][]float64{}, map[string][]float64{}
	var np numpyInfo
	var npA, npB []float64
	for range rounds {
		if err := goSteps(pureBin, benchtime, threads, pure); err != nil {
			return err
		}
		if err := goSteps(blasBin, benchtime, threads, blas); err != nil {
			return err
		}
		if np, err = numpySteps(python, seconds, threads); err != nil {
			return err
		}
		npA, npB = append(npA, np.A[0]), append(npB, np.B[0])
	}
	fmt.Printf("native, one step (ms), configs A (3072-100-10, batch 200) and B (3072-512-10, batch 256),\n")
	fmt.Printf("%d threads on every side (GOMAXPROCS, OPENBLAS_NUM_THREADS), min / median of %d rounds:\n", threads, rounds)
	fmt.Printf("numpy %s float32 on %s, kernel (core) %s, %d threads (%s)\n", np.Numpy, np.Config, np.Core, np.Threads, strings.Join(np.Libraries, ", "))
	if np.Threads != threads {
		fmt.Printf("warning: OpenBLAS in numpy ran %d threads, not %d\n", np.Threads, threads)
	}
	fmt.Printf("  %-44s %17s %17s\n", "", "A", "B")
	row := func(name string, a, b []float64) {
		aLo, aMed := minMedian(a)
		bLo, bMed := minMedian(b)
		fmt.Printf("  %-44s %7.2f / %7.2f %7.2f / %7.2f\n", name, aLo, aMed, bLo, bMed)
	}
	row("numpy f32 + OpenBLAS", npA, npB)
	row("Go f64, gonum (pure Go, default)", pure["A/f64"], pure["B/f64"])
	row("Go f32, kernel.Packed32 (pure Go, default)", pure["A/f32"], pure["B/f32"])
	row("Go f64, OpenBLAS (-tags openblas)", blas["A/f64"], blas["B/f64"])
	row("Go f32, OpenBLAS (-tags openblas)", blas["A/f32"], blas["B/f32"])
	ratio := func(name string, goA, goB []float64) {
		gaLo, gaMed := minMedian(goA)
		gbLo, gbMed := minMedian(goB)
		naLo, naMed := minMedian(npA)
		nbLo, nbMed := minMedian(npB)
		fmt.Printf("  %-26s A %.2f (min %.2f), B %.2f (min %.2f)  (target <= 1.5)\n", name, gaMed/naMed, gaLo/naLo, gbMed/nbMed, gbLo/nbLo)
	}
	ratio("Go f32 pure Go / numpy:", pure["A/f32"], pure["B/f32"])
	ratio("Go f32 OpenBLAS / numpy:", blas["A/f32"], blas["B/f32"])
	return nil
}
