package lesson

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/core/gradcheck"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/optim"
	"github.com/backprop-playground/playground/core/rng"
)

// Phases of the step-through.
const (
	Forward  = "forward"
	Backward = "backward"
)

// Pass is one forward and backward pass of a Setup through the engine
// (core/nn), cut into the stages the step-through shows.
type Pass struct {
	Setup  Setup   // Setup.Iter steps were taken before this pass
	Sizes  []int   // layer widths, input to output
	Labels []int   // y
	Loss   float64 // J, with the L2 penalty
	Stages []Stage

	// For the network canvas, one row per sample: the values of each
	// layer (X, the hidden activations, P) and their gradients (∂J/∂X,
	// then ∂J/∂z of each hidden and output layer).
	values, grads []*mat.Dense
	// The weights and biases before and after the update.
	before, after [][]float64
}

// Stage is one step of the walk: a formula, the matrices it reads
// (Inputs) and writes (Outputs), and for a gradient the numerical
// estimate beside the analytic one (Checks).
type Stage struct {
	Key     string // stable and unique in a Pass: "x", "z2", "dW1", "update"
	Phase   string // Forward or Backward
	Title   string
	Formula string // a MathML <math> block
	Text    string // what the stage does, in words
	Inputs  []Matrix
	Outputs []Matrix
	Checks  []Check
	// Anim is where the network canvas shows the flow at this stage.
	Anim canvasmsg.Anim

	links []link
}

// Check compares one analytic gradient of a stage's Outputs with central
// differences of the loss (the report's h = 1e-5, shown entry by entry) and
// carries the page's verdict on it (core/gradcheck, as the playground's
// panel): the report's relative error of 1e-7 cannot be reached by entries
// too small for h = 1e-5, or across a ReLU kink, and the verdict skips
// and counts those instead of failing them.
type Check struct {
	Analytic  string // the name of the analytic matrix among Outputs
	Numerical Matrix // named Analytic + "-num"
	// RelError is the report's max |a-n| / max(1e-8, |a|+|n|) against
	// the central differences shown.
	RelError float64
	// AbsError is max |a-n| against the same.
	AbsError float64
	// Verdict is the page's check of every entry.
	Verdict gradcheck.BlockResult
}

// Pass returns whether the page's check passes: every entry it could
// judge agrees, and it could judge at least one.
func (c Check) Pass() bool { return c.Verdict.Pass && c.Verdict.Checked > 0 }

// Skipped returns the number of entries the check could not judge.
func (c Check) Skipped() int { return c.Verdict.Kinks + c.Verdict.Tiny + c.Verdict.Rough }

// Matrices returns every matrix the stage shows: inputs, outputs, then
// the numerical estimates.
func (s *Stage) Matrices() []Matrix {
	ms := append(append([]Matrix(nil), s.Inputs...), s.Outputs...)
	for _, c := range s.Checks {
		ms = append(ms, c.Numerical)
	}
	return ms
}

// Matrix returns the stage's matrix with the given name.
func (s *Stage) Matrix(name string) (Matrix, bool) {
	for _, m := range s.Matrices() {
		if m.Name == name {
			return m, true
		}
	}
	return Matrix{}, false
}

// Compute runs st through the engine and returns its stages. The forward
// values and the parameter gradients are the engine's own (nn.Network's
// CostGrad, whose layers keep their inputs and outputs); ∂J/∂a and ∂J/∂z
// of the hidden layers are what the same layers' Backward returns; the
// numerical gradients are central differences of the engine's loss; the
// update is the optimizer's Step.
func Compute(st Setup) (*Pass, error) {
	if err := st.Validate(); err != nil {
		return nil, err
	}
	net, err := nn.New(st.Spec, rng.New(st.Seed))
	if err != nil {
		return nil, err
	}
	x, y := st.Args.Data()
	reg := st.Args.Reg
	p := &Pass{Setup: st, Sizes: st.Spec.Sizes(), Labels: y}
	// The optimizer of the whole run: the steps before this pass, then
	// this pass's update, with its state (momentum, Adam's moments)
	// carried on as training carries it.
	opt, err := optim.New(st.Optimizer, optim.Settings{Momentum: st.Momentum})
	if err != nil {
		return nil, err
	}
	for range st.Iter {
		net.ZeroGrad()
		net.CostGrad(x, y, reg)
		opt.Step(net.Params(), st.LR)
	}
	dense := net.Dense()
	L := len(dense)
	for _, d := range dense {
		p.before = append(p.before, clone(d.W.Data()), clone(d.B.Data()))
	}

	// The forward and backward pass, as training runs it.
	net.ZeroGrad()
	p.Loss = net.CostGrad(x, y, reg)
	var zs, as []*mat.Dense // zs[k]: output of dense k; as[k]: activation k's output
	var acts []*nn.Activation
	for _, l := range net.Layers {
		switch l := l.(type) {
		case *nn.Dense:
			zs = append(zs, mat.DenseCopyOf(l.Output()))
		case *nn.Activation:
			as = append(as, mat.DenseCopyOf(l.Output()))
			acts = append(acts, l)
		}
	}
	probs := mat.DenseCopyOf(net.Loss.Probs)
	grads := make([][]float64, 0, 2*L)
	for _, q := range net.Params() {
		grads = append(grads, clone(q.GradData()))
	}

	// ∂J/∂a and ∂J/∂z between the layers: the layers' Backward again, on
	// the state the pass left (it adds the parameter gradients a second
	// time, so they are put back afterwards).
	dzs := make([]*mat.Dense, L) // dzs[k]: ∂J/∂(output of dense k)
	das := make([]*mat.Dense, L) // das[k]: ∂J/∂(input of dense k), k >= 1
	dzs[L-1] = mat.DenseCopyOf(net.Loss.DZ)
	d, k := net.Loss.DZ, L-1
	for i := len(net.Layers) - 1; i >= 0; i-- {
		out := net.Layers[i].Backward(d)
		if out == nil {
			break
		}
		d = mat.DenseCopyOf(out)
		switch net.Layers[i].(type) {
		case *nn.Dense:
			das[k] = d
		case *nn.Activation:
			k--
			dzs[k] = d
		}
	}
	for i, q := range net.Params() {
		copy(q.GradData(), grads[i])
	}

	// The masks f'(z) of the hidden layers, with the engine's derivative.
	masks := make([]*mat.Dense, len(acts))
	for k, a := range acts {
		z, out := zs[k], as[k]
		r, c := z.Dims()
		masks[k] = mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				masks[k].Set(i, j, a.DF(z.At(i, j), out.At(i, j)))
			}
		}
	}

	// Numerical gradients: of the parameters by nn.CheckGradients (which
	// leaves the analytic gradients in place), of the activations by
	// perturbing a layer's input and running the rest of the net.
	checks := net.CheckGradients(x, y, reg, gradcheck.Central(gradcheck.ReportStep))
	layerOf := map[any]int{} // the index in net.Layers of each layer
	for i, l := range net.Layers {
		layerOf[l] = i
	}
	numeric := func(from int, v *mat.Dense) []float64 {
		r, c := v.Dims()
		return gradcheck.Gradient(nil, func(vals []float64) float64 {
			out := mat.NewDense(r, c, vals)
			for _, l := range net.Layers[from:] {
				out = l.Forward(out, false)
			}
			return net.Loss.Forward(out, y) + net.Penalty(reg)
		}, clone(v.RawMatrix().Data), gradcheck.Central(gradcheck.ReportStep))
	}
	numDZ := make([][]float64, L)
	numDA := make([][]float64, L)
	numDZ[L-1] = numeric(len(net.Layers), zs[L-1])
	for k := 1; k < L; k++ {
		numDA[k] = numeric(layerOf[dense[k]], as[k-1])
		numDZ[k-1] = numeric(layerOf[acts[k-1]], zs[k-1])
	}
	// The verdicts: the page's gradient check (core/gradcheck, the same
	// as the playground's), on every entry, beside the report's central
	// differences shown in the matrices.
	verdict := net.Check(x, y, reg, gradcheck.Options{})
	for i, q := range net.Params() { // the update below uses the pass's gradients
		copy(q.GradData(), grads[i])
	}
	inputCheck := func(from int, v, grad *mat.Dense) gradcheck.BlockResult {
		return net.CheckInput(from, mat.DenseCopyOf(v), grad.RawMatrix().Data, y, reg).Blocks[0]
	}
	vDZ := make([]gradcheck.BlockResult, L)
	vDA := make([]gradcheck.BlockResult, L)
	vDZ[L-1] = inputCheck(len(net.Layers), zs[L-1], dzs[L-1])
	for k := 1; k < L; k++ {
		vDA[k] = inputCheck(layerOf[dense[k]], as[k-1], das[k])
		vDZ[k-1] = inputCheck(layerOf[acts[k-1]], zs[k-1], dzs[k-1])
	}

	// The update, by the optimizer, from the analytic gradients.
	opt.Step(net.Params(), st.LR)
	for _, q := range net.Params() {
		p.after = append(p.after, clone(q.Data()))
	}

	// Rows for the canvas.
	p.values = append(append([]*mat.Dense{x}, as...), probs)
	var dx mat.Dense
	dx.Mul(dzs[0], mat.NewDense(st.Spec.Inputs, p.Sizes[1], p.before[0]).T()) // ∂J/∂X = dz₂ W₁ᵀ
	p.grads = append([]*mat.Dense{&dx}, dzs...)

	b := &builder{p: p, x: x, y: y, zs: zs, as: as, masks: masks, probs: probs, dzs: dzs, das: das,
		grads: grads, checks: checks, numDZ: numDZ, numDA: numDA, verdict: verdict.Blocks, vDZ: vDZ, vDA: vDA}
	p.Stages = b.stages()
	return p, nil
}

func clone(v []float64) []float64 { return append([]float64(nil), v...) }

// Stage returns the stage with the given key.
func (p *Pass) Stage(key string) (*Stage, bool) {
	for i := range p.Stages {
		if p.Stages[i].Key == key {
			return &p.Stages[i], true
		}
	}
	return nil, false
}

// Index returns the position of the stage with the given key, or -1.
func (p *Pass) Index(key string) int {
	for i := range p.Stages {
		if p.Stages[i].Key == key {
			return i
		}
	}
	return -1
}

// Net returns the network canvas's picture of sample i at stage s: the
// weights (updated ones from the update stage on), sample i's values and
// gradients, and the stage's animation.
func (p *Pass) Net(i, s int) canvasmsg.Net {
	params := p.before
	if s >= 0 && s < len(p.Stages) && p.Stages[s].Key == "update" {
		params = p.after
	}
	n := canvasmsg.Net{Sizes: append([]int(nil), p.Sizes...)}
	for k := 0; k+1 < len(params); k += 2 {
		n.Weights = append(n.Weights, clone(params[k]))
		n.Biases = append(n.Biases, clone(params[k+1]))
	}
	for _, v := range p.values {
		n.Values = append(n.Values, clone(v.RawRowView(i)))
	}
	for _, g := range p.grads {
		n.Grads = append(n.Grads, clone(g.RawRowView(i)))
	}
	return n
}

// Samples returns the number of samples (rows of X).
func (p *Pass) Samples() int { return len(p.Labels) }

// Feeds returns the cells of the stage's matrices that are linked to cell
// k of the matrix named name: for an output, the input cells it is
// computed from; for an input, the output cells it feeds; for an analytic
// gradient and its numerical estimate, the same cell of the other. The
// result maps a matrix's name to its cells' flat indices.
func (s *Stage) Feeds(name string, k int) map[string]map[int]bool {
	out := map[string]map[int]bool{}
	add := func(m string, cells []int) {
		if out[m] == nil {
			out[m] = map[int]bool{}
		}
		for _, c := range cells {
			out[m][c] = true
		}
	}
	for _, l := range s.links {
		if l.out == name {
			add(l.in, l.cells(k/l.outCols, k%l.outCols))
			continue
		}
		if l.in != name {
			continue
		}
		for c := range l.outRows * l.outCols {
			for _, in := range l.cells(c/l.outCols, c%l.outCols) {
				if in == k {
					add(l.out, []int{c})
					break
				}
			}
		}
	}
	return out
}

// link says which cells of matrix in feed cell (i, j) of matrix out.
type link struct {
	out, in          string
	outRows, outCols int
	cells            func(i, j int) []int
}

// The shapes of links, by the operation they describe.
func cellsRow(row func(i, j int) int, cols int) func(i, j int) []int {
	return func(i, j int) []int {
		r := row(i, j)
		c := make([]int, cols)
		for q := range c {
			c[q] = r*cols + q
		}
		return c
	}
}

func cellsCol(col func(i, j int) int, rows, cols int) func(i, j int) []int {
	return func(i, j int) []int {
		k := col(i, j)
		c := make([]int, rows)
		for q := range c {
			c[q] = q*cols + k
		}
		return c
	}
}

func cellsSame(cols int) func(i, j int) []int {
	return func(i, j int) []int { return []int{i*cols + j} }
}

func firstIdx(i, _ int) int  { return i }
func secondIdx(_, j int) int { return j }

// String describes a pass, e.g. "4-10-3 relu on 5 samples, 15 stages".
func (p *Pass) String() string {
	return fmt.Sprintf("%v %s on %d samples, %d stages", p.Sizes, p.Setup.Spec.Activation, p.Samples(), len(p.Stages))
}
