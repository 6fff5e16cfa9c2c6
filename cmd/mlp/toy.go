package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/gradcheck"
	"github.com/backprop-playground/playground/core/toy"
)

// reportScores is the report's Figure 1 (the notebook's correct_scores),
// printed to 8 digits; reportLoss is its correct loss.
var reportScores = []float64{
	0.3644621, 0.22911264, 0.40642526,
	0.47590629, 0.17217039, 0.35192332,
	0.43035767, 0.26164229, 0.30800004,
	0.41583127, 0.2983228, 0.28584593,
	0.36328815, 0.32279939, 0.31391246,
}

const reportLoss = 1.30378789133

// toyResult has the keys of ../shared/reference/toy_reference.py's JSON.
type toyResult struct {
	Args    toy.Args           `json:"args"`
	X       [][]float64        `json:"X"`
	Y       []int              `json:"y"`
	Init    map[string]any     `json:"init"`
	Scores  [][]float64        `json:"scores"`
	Loss    float64            `json:"loss"`
	Grads   map[string]any     `json:"grads"`
	Errs    map[string]float64 `json:"gradcheck_max_rel_error"`
	History []float64          `json:"train_loss_history"`
}

func runToy(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("toy", stderr)
	a := toy.Report()
	seedModel, seedData := uint(a.SeedModel), uint(a.SeedData)
	fs.UintVar(&seedModel, "seed-model", seedModel, "numpy seed of the weights (and of the training batches)")
	fs.UintVar(&seedData, "seed-data", seedData, "numpy seed of the data")
	fs.IntVar(&a.Inputs, "inputs", a.Inputs, "number of data points")
	fs.IntVar(&a.InputSize, "input-size", a.InputSize, "features per point")
	fs.IntVar(&a.Hidden, "hidden", a.Hidden, "hidden units")
	fs.IntVar(&a.Classes, "classes", a.Classes, "classes")
	fs.Float64Var(&a.Std, "std", a.Std, "weights are std·randn")
	fs.Float64Var(&a.Reg, "reg", a.Reg, "L2 strength of the loss and gradient check")
	asJSON := fs.Bool("json", false, "print the reference script's JSON instead of the report")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if seedModel > math.MaxUint32 || seedData > math.MaxUint32 {
		return usageError{fmt.Errorf("seeds must be from 0 to %d", uint32(math.MaxUint32))}
	}
	a.SeedModel, a.SeedData = uint32(seedModel), uint32(seedData)
	if err := a.Validate(); err != nil {
		return usageError{err}
	}

	net, _, err := a.Model()
	if err != nil {
		return err
	}
	res := toyResult{Args: a, Init: map[string]any{}, Grads: map[string]any{}, Errs: map[string]float64{}}
	for _, p := range net.Params() {
		res.Init[p.Name] = jsonParam(p.Name, p.Value)
	}
	x, y := a.Data()
	res.X, res.Y = rows(x), y
	res.Scores = rows(net.Probs(x))
	res.Loss = net.Cost(x, y, a.Reg)
	checks := net.CheckGradients(x, y, a.Reg, gradcheck.Central(gradcheck.ReportStep))
	for _, c := range checks {
		res.Grads[c.Name] = jsonParam(c.Name, net.Param(c.Name).Grad)
		res.Errs[c.Name] = c.RelError
	}
	if res.History, err = a.Train(); err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		return enc.Encode(res)
	}

	w := &errWriter{w: stdout}
	w.printf("Toy model: %d-%d-%d ReLU net, %d inputs, weights %g·randn (numpy seeds: model %d, data %d)\n\n",
		a.InputSize, a.Hidden, a.Classes, a.Inputs, a.Std, a.SeedModel, a.SeedData)
	w.printf("Your scores:\n%s\n\n", formatMatrix(res.Scores))
	isReport := a == toy.Report()
	if isReport {
		w.printf("Correct scores (the report's Figure 1):\n%s\n\n", formatMatrix(chunk(reportScores, 3)))
		w.printf("Difference between your scores and correct scores:\n%.2g\n\n", sumAbsDiff(res.Scores, reportScores))
	}
	w.printf("Loss (reg %g): %.11f\n", a.Reg, res.Loss)
	if isReport {
		w.printf("Difference between your loss and correct loss:\n%.2g\n", math.Abs(res.Loss-reportLoss))
	}
	w.printf("\nGradient check (central differences, h = %g, max relative error):\n", gradcheck.ReportStep)
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	fmt.Fprintln(tw, "  param\tmax relative error\t< 1e-8")
	for _, name := range []string{"W2", "b2", "W1", "b1"} { // the report's order
		verdict := "pass"
		if !(res.Errs[name] < 1e-8) {
			verdict = "FAIL"
		}
		fmt.Fprintf(tw, "  %s\t%.2e\t%s\n", name, res.Errs[name], verdict)
	}
	tw.Flush()
	final := res.History[len(res.History)-1]
	c := toy.TrainConfig()
	w.printf("\nToy training (SGD, lr %g, reg %g, %d iterations, batch %d with replacement, decay %g per epoch):\n",
		c.LR, c.Reg, c.Iters, c.Batch, c.Decay)
	w.printf("Final training loss: %.17g\n", final)
	return w.err
}

// jsonParam returns a bias as a vector and a weight matrix as rows, as
// numpy's tolist() does.
func jsonParam(name string, m *mat.Dense) any {
	if strings.HasPrefix(name, "b") {
		return append([]float64(nil), m.RawMatrix().Data...)
	}
	return rows(m)
}

func rows(m *mat.Dense) [][]float64 {
	r, _ := m.Dims()
	out := make([][]float64, r)
	for i := range r {
		out[i] = append([]float64(nil), m.RawRowView(i)...)
	}
	return out
}

func chunk(v []float64, n int) [][]float64 {
	var out [][]float64
	for i := 0; i < len(v); i += n {
		out = append(out, v[i:i+n])
	}
	return out
}

func sumAbsDiff(a [][]float64, b []float64) float64 {
	s, k := 0.0, 0
	for _, r := range a {
		for _, v := range r {
			s += math.Abs(v - b[k])
			k++
		}
	}
	return s
}

// formatMatrix prints m like numpy: [[a b c]\n [d e f]].
func formatMatrix(m [][]float64) string {
	var b strings.Builder
	b.WriteString("[")
	for i, r := range m {
		if i > 0 {
			b.WriteString("\n ")
		}
		b.WriteString("[")
		for j, v := range r {
			if j > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%.8f", v)
		}
		b.WriteString("]")
	}
	b.WriteString("]")
	return b.String()
}

// errWriter keeps the first write error, so that output code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
