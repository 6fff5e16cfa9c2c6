package lesson

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/core/gradcheck"
	"github.com/backprop-playground/playground/core/nn"
)

// builder turns the values of one pass into Stages. The report numbers
// the layers from 1 with the input as a₁ = X: dense layer k (from 0)
// reads a_{k+1} with W_{k+1}, b_{k+1} and writes z_{k+2}, which the
// network canvas shows as its layer k+1.
type builder struct {
	p      *Pass
	x      *mat.Dense
	y      []int
	zs, as []*mat.Dense
	masks  []*mat.Dense
	probs  *mat.Dense
	dzs    []*mat.Dense
	das    []*mat.Dense
	grads  [][]float64 // W1, b1, W2, b2, ... analytic
	checks []nn.GradCheck
	numDZ  [][]float64
	numDA  [][]float64
	// The page's gradient check of each: W1, b1, ... and ∂J/∂z, ∂J/∂a.
	verdict  []gradcheck.BlockResult
	vDZ, vDA []gradcheck.BlockResult
}

// Matrices by role. Names follow the report: X, Wk, bk, zk, ak, P, and
// dWk, dbk, dzk, dak for ∂J/∂·.
func (b *builder) input(k int) Matrix { // a_{k+1}, the input of dense k
	if k == 0 {
		return newMatrix("X", mi("X"), "the inputs: one row per sample", b.x, sample, units(0))
	}
	return newMatrix(name("a", k+1), sym("a", k+1), fmt.Sprintf("activations of hidden layer %d", k), b.as[k-1], sample, units(k))
}

func (b *builder) weight(k int) Matrix {
	d := b.p.Sizes
	return newMatrix(name("W", k+1), sym("W", k+1), fmt.Sprintf("weights %d→%d: one column per unit", d[k], d[k+1]),
		mat.NewDense(d[k], d[k+1], clone(b.p.before[2*k])), units(k), units(k+1))
}

func (b *builder) bias(k int) Matrix {
	return rowMatrix(name("b", k+1), sym("b", k+1), "biases", b.p.before[2*k+1], units(k+1))
}

func (b *builder) z(k int) Matrix { // z_{k+2}, the output of dense k
	caption := fmt.Sprintf("pre-activations of hidden layer %d", k+1)
	if k == len(b.zs)-1 {
		caption = "scores: one row per sample, one column per class"
	}
	return newMatrix(name("z", k+2), sym("z", k+2), caption, b.zs[k], sample, units(k+1))
}

func (b *builder) delta() Matrix {
	n, c := b.probs.Dims()
	d := mat.NewDense(n, c, nil)
	for i, label := range b.y {
		d.Set(i, label, 1)
	}
	return newMatrix("Delta", mi("Δ"), "the labels, one-hot", d, sample, units(len(b.p.Sizes)-1))
}

func (b *builder) probsM() Matrix {
	return newMatrix("P", mi("P"), "class probabilities", b.probs, sample, units(len(b.p.Sizes)-1))
}

func name(s string, n int) string { return s + strconv.Itoa(n) }

// gradMatrix returns an analytic gradient named "d"+of.Name.
func gradMatrix(of Matrix, data []float64, caption string) Matrix {
	m := of
	m.Name, m.Sym, m.Caption = "d"+of.Name, dJ(of.Sym), caption
	m.Data = clone(data)
	return m
}

// check pairs an analytic gradient with its numerical estimate and the
// page's verdict on it.
func check(analytic Matrix, numerical []float64, verdict gradcheck.BlockResult) Check {
	n := analytic
	n.Name, n.Caption = analytic.Name+"-num", "numerical estimate: (J(v+h) − J(v−h)) / 2h, h = 1e-5"
	n.Data = clone(numerical)
	abs := 0.0
	for i, a := range analytic.Data {
		abs = math.Max(abs, math.Abs(a-numerical[i]))
	}
	return Check{Analytic: analytic.Name, Numerical: n, RelError: gradcheck.RelError(analytic.Data, numerical), AbsError: abs, Verdict: verdict}
}

// sameLinks links each cell of out to the same cell of each input, and a
// gradient to its numerical estimate.
func sameLinks(out Matrix, ins ...string) []link {
	var ls []link
	for _, in := range ins {
		ls = append(ls, link{out: out.Name, in: in, outRows: out.Rows, outCols: out.Cols, cells: cellsSame(out.Cols)})
	}
	return ls
}

func checkLinks(cs []Check) []link {
	var ls []link
	for _, c := range cs {
		n := c.Numerical
		ls = append(ls, link{out: n.Name, in: c.Analytic, outRows: n.Rows, outCols: n.Cols, cells: cellsSame(n.Cols)})
	}
	return ls
}

// t returns the canvas position of layer l (0 input, L output) during a
// forward flow, and during a backward one.
func (b *builder) tForward(l float64) float64 { return clamp01(l / float64(len(b.p.Sizes)-1)) }
func (b *builder) tBackward(l float64) float64 {
	L := float64(len(b.p.Sizes) - 1)
	return clamp01((L - l) / L)
}

func clamp01(v float64) float64 { return max(0, min(1, v)) }

func fwd(t float64) canvasmsg.Anim { return canvasmsg.Anim{Phase: canvasmsg.PhaseForward, T: t} }
func bwd(t float64) canvasmsg.Anim { return canvasmsg.Anim{Phase: canvasmsg.PhaseBackward, T: t} }

func (b *builder) stages() []Stage {
	L := len(b.zs) // dense layers
	act := b.p.Setup.Spec.Activation
	N := len(b.y)
	var st []Stage

	// Forward.
	x, delta := b.input(0), b.delta()
	ys := make([]string, len(b.y))
	for i, v := range b.y {
		ys[i] = strconv.Itoa(v)
	}
	st = append(st, Stage{Key: "x", Phase: Forward, Title: "The data",
		Formula: mathML(true, mi("X"), mo("∈"), sup(mi("ℝ"), mrow(mi("N"), mo("×"), mi("D"))), mo(","),
			mspace(), sub(mi("Δ"), mrow(mi("i"), mo(","), mi("c"))), mo("="), mn("1"), mtext(" if "),
			sub(mi("y"), mi("i")), mo("="), mi("c"), mtext(", else "), mn("0")),
		Text: fmt.Sprintf("%d samples of %d features, one per row of X, with labels y = [%s]. "+
			"Δ writes the labels one-hot: row i has a 1 in the column of sample i's class. "+
			"Select a cell of any matrix to see what it is computed from.", N, b.p.Sizes[0], strings.Join(ys, " ")),
		Outputs: []Matrix{x, delta}, Anim: fwd(0)})
	for k := range L {
		in, w, bias, z := b.input(k), b.weight(k), b.bias(k), b.z(k)
		text := fmt.Sprintf("Each row of %s is one sample, each column of %s one unit's weights: entry (i, j) of %s "+
			"is the dot product of row i with column j, plus unit j's bias. One matrix product does all samples at once.",
			in.Name, w.Name, z.Name)
		if k == L-1 {
			text = fmt.Sprintf("The output layer: the same product gives each sample a score per class. "+
				"Row i of %s holds sample i's %d scores, not yet probabilities.", z.Name, z.Cols)
		}
		st = append(st, Stage{Key: z.Name, Phase: Forward, Title: fmt.Sprintf("Layer %d: the affine map", k+1),
			Formula: mathML(true, z.Sym, mo("="), in.Sym, w.Sym, mo("+"), bias.Sym),
			Text:    text, Inputs: []Matrix{in, w, bias}, Outputs: []Matrix{z},
			Anim: fwd(b.tForward(float64(k+1) - 0.35)),
			links: []link{
				{out: z.Name, in: in.Name, outRows: z.Rows, outCols: z.Cols, cells: cellsRow(firstIdx, in.Cols)},
				{out: z.Name, in: w.Name, outRows: z.Rows, outCols: z.Cols, cells: cellsCol(secondIdx, w.Rows, w.Cols)},
				{out: z.Name, in: bias.Name, outRows: z.Rows, outCols: z.Cols, cells: cellsCol(secondIdx, 1, bias.Cols)},
			}})
		if k == L-1 {
			break
		}
		a := b.input(k + 1)
		st = append(st, Stage{Key: a.Name, Phase: Forward, Title: fmt.Sprintf("Layer %d: the %s", k+1, actTitle(act)),
			Formula: mathML(true, a.Sym, mo("="), actFormula(act, z.Sym)),
			Text:    actText(act, z.Name, a.Name), Inputs: []Matrix{z}, Outputs: []Matrix{a},
			Anim: fwd(b.tForward(float64(k + 1))), links: sameLinks(a, z.Name)})
	}
	zL, P := b.z(L-1), b.probsM()
	st = append(st, Stage{Key: "softmax", Phase: Forward, Title: "Softmax: scores to probabilities",
		Formula: mathML(true, sub(mi("P"), mrow(mi("i"), mi("j"))), mo("="),
			frac(sup(mi("e"), sub(zL.Sym, mrow(mi("i"), mi("j")))), mrow(sum("k"), sup(mi("e"), sub(zL.Sym, mrow(mi("i"), mi("k"))))))),
		Text: fmt.Sprintf("Each row of scores becomes a probability distribution: exponentiate, then divide by the row's sum. "+
			"Every entry of row i depends on the whole row of %s (the engine subtracts the row's maximum first, which changes nothing but avoids overflow).", zL.Name),
		Inputs: []Matrix{zL}, Outputs: []Matrix{P}, Anim: fwd(1),
		links: []link{{out: "P", in: zL.Name, outRows: P.Rows, outCols: P.Cols, cells: cellsRow(firstIdx, zL.Cols)}}})

	// The loss: −log of each sample's probability of its label, then the
	// mean plus the L2 penalty.
	perSample := mat.NewDense(N, 1, nil)
	dataLoss := 0.0
	for i, label := range b.y {
		v := -logOf(b.probs.At(i, label))
		perSample.Set(i, 0, v)
		dataLoss += v / float64(N)
	}
	losses := newMatrix("loss", mrow(mo("−"), mi("log"), sub(mi("P"), mrow(mi("i"), mo(","), sub(mi("y"), mi("i"))))),
		"each sample's cross-entropy", perSample, sample, one)
	J := newMatrix("J", mi("J"), "the loss", mat.NewDense(1, 1, []float64{b.p.Loss}), one, one)
	var wsum []string
	for k := range L {
		if k > 0 {
			wsum = append(wsum, mo("+"))
		}
		wsum = append(wsum, sup(mrow(mo("‖"), sym("W", k+1), mo("‖")), mn("2")))
	}
	reg := b.p.Setup.Args.Reg
	st = append(st, Stage{Key: "loss", Phase: Forward, Title: "The loss",
		Formula: mathML(true, mi("J"), mo("="), mo("−"), frac(mn("1"), mi("N")), sum("i"), mi("log"),
			sub(mi("P"), mrow(mi("i"), mo(","), sub(mi("y"), mi("i")))), mo("+"), mi("reg"), mo("·"), paren(wsum...)),
		Text: fmt.Sprintf("Cross-entropy: the mean over the %d samples of −log(probability of the true class) is %s; "+
			"the L2 penalty reg · Σ‖W‖² with reg = %g adds %s (no ½, as the report). J = %s. "+
			"At chance every probability is 1/%d and the data loss is log %d = %.4f.",
			N, FormatFull(dataLoss), reg, FormatFull(b.p.Loss-dataLoss), FormatFull(b.p.Loss), P.Cols, P.Cols, logOf(float64(P.Cols))),
		Inputs: []Matrix{P, delta}, Outputs: []Matrix{losses, J}, Anim: fwd(1),
		links: []link{
			{out: "loss", in: "P", outRows: N, outCols: 1, cells: func(i, _ int) []int { return []int{i*P.Cols + b.y[i]} }},
			{out: "loss", in: "Delta", outRows: N, outCols: 1, cells: func(i, _ int) []int { return []int{i*P.Cols + b.y[i]} }},
			{out: "J", in: "loss", outRows: 1, outCols: 1, cells: cellsCol(secondIdx, N, 1)},
		}})

	// Backward.
	dzL := gradMatrix(zL, b.dzs[L-1].RawMatrix().Data, "how the loss changes with each score")
	cs := []Check{check(dzL, b.numDZ[L-1], b.vDZ[L-1])}
	st = append(st, Stage{Key: dzL.Name, Phase: Backward, Title: "Backward: the gradient of the scores",
		Formula: mathML(true, dzL.Sym, mo("="), frac(paren(mi("P"), mo("−"), mi("Δ")), mi("N"))),
		Text: "Softmax and cross-entropy together have the simplest gradient: the probabilities minus the one-hot labels, " +
			"divided by N because J is a mean. It pushes the true class's score up and every other score down, " +
			"in proportion to how wrong the net is.",
		Inputs: []Matrix{P, delta}, Outputs: []Matrix{dzL}, Checks: cs, Anim: bwd(0),
		links: append(sameLinks(dzL, "P", "Delta"), checkLinks(cs)...)})
	dz := dzL
	for k := L - 1; k >= 0; k-- {
		in, w, bias := b.input(k), b.weight(k), b.bias(k)
		dW := gradMatrix(w, b.grads[2*k], "one entry per weight")
		db := gradMatrix(bias, b.grads[2*k+1], "one entry per bias")
		cw := []Check{check(dW, b.checks[2*k].Numerical, b.verdict[2*k])}
		cb := []Check{check(db, b.checks[2*k+1].Numerical, b.verdict[2*k+1])}
		regText := ""
		formula := []string{dW.Sym, mo("="), subsup(mi(in.Name[:1]), mn(strconv.Itoa(k+1)), mi("T")), dz.Sym}
		if k == 0 {
			formula = []string{dW.Sym, mo("="), sup(mi("X"), mi("T")), dz.Sym}
		}
		if reg != 0 {
			formula = append(formula, mo("+"), mn("2"), mo("·"), mi("reg"), mo("·"), w.Sym)
			regText = fmt.Sprintf(" The penalty adds 2 · reg · %s.", w.Name)
		}
		t := b.tBackward(float64(k) + 0.5)
		st = append(st, Stage{Key: dW.Name, Phase: Backward, Title: fmt.Sprintf("Layer %d: the weights' gradient", k+1),
			Formula: mathML(true, formula...),
			Text: fmt.Sprintf("Weight (p, j) multiplied input p into unit j for every sample, so its gradient sums, over the samples, "+
				"input p times unit j's gradient: column p of %s against column j of %s.%s", in.Name, dz.Name, regText),
			Inputs: []Matrix{in, dz, w}, Outputs: []Matrix{dW}, Checks: cw, Anim: bwd(t),
			links: append([]link{
				{out: dW.Name, in: in.Name, outRows: dW.Rows, outCols: dW.Cols, cells: cellsCol(firstIdx, in.Rows, in.Cols)},
				{out: dW.Name, in: dz.Name, outRows: dW.Rows, outCols: dW.Cols, cells: cellsCol(secondIdx, dz.Rows, dz.Cols)},
				{out: dW.Name, in: w.Name, outRows: dW.Rows, outCols: dW.Cols, cells: cellsSame(w.Cols)},
			}, checkLinks(cw)...)})
		st = append(st, Stage{Key: db.Name, Phase: Backward, Title: fmt.Sprintf("Layer %d: the biases' gradient", k+1),
			Formula: mathML(true, db.Sym, mo("="), sum("i"), sub(paren(dz.Sym), mi("i"))),
			Text:    fmt.Sprintf("A bias is added to every sample's row, so its gradient is the sum of column j of %s over the samples.", dz.Name),
			Inputs:  []Matrix{dz}, Outputs: []Matrix{db}, Checks: cb, Anim: bwd(t),
			links: append([]link{{out: db.Name, in: dz.Name, outRows: 1, outCols: db.Cols, cells: cellsCol(secondIdx, dz.Rows, dz.Cols)}},
				checkLinks(cb)...)})
		if k == 0 {
			break
		}
		da := gradMatrix(in, b.das[k].RawMatrix().Data, "how the loss changes with each activation")
		ca := []Check{check(da, b.numDA[k], b.vDA[k])}
		st = append(st, Stage{Key: da.Name, Phase: Backward, Title: fmt.Sprintf("Back into hidden layer %d", k),
			Formula: mathML(true, da.Sym, mo("="), dz.Sym, subsup(mi("W"), mn(strconv.Itoa(k+1)), mi("T"))),
			Text: fmt.Sprintf("Activation (i, p) fed every unit of the next layer through row p of %s, so its gradient "+
				"collects those units' gradients weighted by the same weights: row i of %s times row p of %s.", w.Name, dz.Name, w.Name),
			Inputs: []Matrix{dz, w}, Outputs: []Matrix{da}, Checks: ca, Anim: bwd(b.tBackward(float64(k) + 0.1)),
			links: append([]link{
				{out: da.Name, in: dz.Name, outRows: da.Rows, outCols: da.Cols, cells: cellsRow(firstIdx, dz.Cols)},
				{out: da.Name, in: w.Name, outRows: da.Rows, outCols: da.Cols, cells: cellsRow(secondIdx, w.Cols)},
			}, checkLinks(ca)...)})
		z := b.z(k - 1)
		mask := newMatrix(name("mask", k+1), maskSym(act, z.Sym), maskCaption(act), b.masks[k-1], sample, units(k))
		st = append(st, Stage{Key: mask.Name, Phase: Backward, Title: fmt.Sprintf("Layer %d: %s", k, maskTitle(act)),
			Formula: mathML(true, maskSym(act, z.Sym), mo("="), maskFormula(act, z.Sym, in.Sym)),
			Text:    maskText(act, z.Name), Inputs: []Matrix{z}, Outputs: []Matrix{mask}, Anim: bwd(b.tBackward(float64(k))),
			links: sameLinks(mask, z.Name)})
		dzk := gradMatrix(z, b.dzs[k-1].RawMatrix().Data, "how the loss changes with each pre-activation")
		cz := []Check{check(dzk, b.numDZ[k-1], b.vDZ[k-1])}
		st = append(st, Stage{Key: dzk.Name, Phase: Backward, Title: fmt.Sprintf("Layer %d: through the %s", k, actTitle(act)),
			Formula: mathML(true, dzk.Sym, mo("="), da.Sym, mo("⊙"), maskSym(act, z.Sym)),
			Text: fmt.Sprintf("The chain rule, entry by entry: the gradient arriving at each activation times the activation's "+
				"local slope. %s", maskPassText(act)),
			Inputs: []Matrix{da, mask}, Outputs: []Matrix{dzk}, Checks: cz, Anim: bwd(b.tBackward(float64(k))),
			links: append(sameLinks(dzk, da.Name, mask.Name), checkLinks(cz)...)})
		dz = dzk
	}

	// The update.
	var ins, outs []Matrix
	var links []link
	var rows []string
	for k := range L {
		w, bias := b.weight(k), b.bias(k)
		dW, db := gradMatrix(w, b.grads[2*k], "gradient"), gradMatrix(bias, b.grads[2*k+1], "gradient")
		nw, nb := w, bias
		nw.Name, nw.Caption, nw.Data = w.Name+"-new", "after the step", clone(b.p.after[2*k])
		nb.Name, nb.Caption, nb.Data = bias.Name+"-new", "after the step", clone(b.p.after[2*k+1])
		ins = append(ins, w, dW, bias, db)
		outs = append(outs, nw, nb)
		links = append(links, sameLinks(nw, w.Name, dW.Name)...)
		links = append(links, sameLinks(nb, bias.Name, db.Name)...)
		if k == 0 {
			rows = append(rows, updateFormula(b.p.Setup, w.Sym, dW.Sym))
		}
	}
	st = append(st, Stage{Key: "update", Phase: Backward, Title: "The update",
		Formula: mathML(true, rows...),
		Text:    updateText(b.p.Setup),
		Inputs:  ins, Outputs: outs, Anim: canvasmsg.Anim{Phase: canvasmsg.PhaseNone, T: 1}, links: links})
	return st
}

func mspace() string { return `<mspace width="1em"></mspace>` }
