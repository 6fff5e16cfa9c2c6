package gradcheck

import (
	"fmt"
	"math"
	"strings"

	"github.com/backprop-playground/playground/core/numfmt"
)

// The check a student runs on any network the page can build. The report's
// check (Central with h = 1e-5 and a bar of 1e-7) is right for its toy net
// but cries wolf elsewhere: with a 1e-4·randn init the scores are ~1e-8, so
// the loss moves under ±h by amounts at its rounding level, relative errors
// of tiny gradients are noise, and ±h crosses ReLU kinks. Check chooses,
// entry by entry, what float64 arithmetic can resolve:
//
//   - the step h is relative to the scale of the parameter (Block.Scale),
//     tried from large to small: the largest step whose stencil stays on one
//     smooth piece of the cost (Problem.Piece) and where the function is
//     smooth at that scale (the fourth-order and second-order estimates
//     agree) is used, because a larger step divides the rounding of the cost
//     by more;
//   - the estimate is the fourth-order stencil FivePoint, whose truncation
//     error is O(h⁴);
//   - an entry whose gradient is below the rounding floor of its estimate
//     (NoiseRatio) is skipped, not judged: both numbers are noise there;
//   - an entry whose every step crosses a kink is skipped and counted.
//
// Which entries are skipped depends only on cost evaluations, never on the
// analytic gradient under test, so a wrong backward cannot hide itself by
// being skipped. See cs231n, "Gradient checks" (kinks, step, relative
// error), and Fornberg (1988) for the stencil.

// Steps are the relative steps Check tries, largest first: h = step ·
// max(|x|, Block.Scale).
var Steps = []float64{1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6}

const (
	// Threshold is the bar on the relative error |a−n| / (|a|+|n|) of a
	// checked entry: cs231n's "usually okay", ten times above the worst
	// noise a checked entry can carry (NoiseRatio), far below the errors of
	// a wrong backward (a sign flip gives 1, a missing factor 2 gives 1/3).
	Threshold = 1e-4
	// NoiseRatio is the largest relative error the rounding of the cost may
	// contribute to a checked entry; entries with smaller gradients are
	// skipped as below the rounding floor.
	NoiseRatio = 1e-5
	// smoothTol is how far the fourth-order and the central estimate may
	// differ, relatively, for a step to count as small enough: their gap is
	// the central estimate's O(h²) error, and the fourth-order one's is of
	// the order of its square.
	smoothTol = 1e-5
	// roundingFactor times ε·|J| bounds the rounding error of one cost
	// evaluation: the cost is a mean of log-sum-exps plus a sum of squares.
	roundingFactor = 2
)

// Block is one named parameter of a Problem.
type Block struct {
	Name string
	// Data holds the values: Check perturbs one entry at a time and puts
	// it back bit for bit.
	Data []float64
	// Grad is the analytic gradient at Data, the one under test.
	Grad []float64
	// Scale is the size of change that matters for an entry of Data, from
	// which the steps are taken (relative to max(|x|, Scale)); 0 means the
	// root mean square of Data, or 1 if Data is all zero.
	Scale float64
	// Shape is the parameter's rows and columns, for display.
	Shape [2]int
}

// Problem is a cost of several parameter blocks and its analytic gradient.
type Problem struct {
	Blocks []Block
	// Cost evaluates the cost at the blocks' current Data, where only
	// Blocks[block] differs from the Data of the previous call with the
	// same block: an implementation may recompute only what that block
	// affects (a network, the layers from the block's on).
	Cost func(block int) float64
	// Piece, if not nil, identifies the smooth piece of a piecewise-smooth
	// cost on which the last Cost call was evaluated (for a ReLU network:
	// which ReLU inputs were positive). A stencil whose points lie on
	// different pieces straddles a kink, where finite differences measure
	// neither side's slope.
	Piece func() uint64
}

// Options chooses the entries.
type Options struct {
	// Entries is how many entries of each block to check; 0, or more than
	// a block has, checks every entry.
	Entries int
	// Pick returns a random index in [0, n) for sampling entries; it must
	// not be nil when Entries is below a block's size.
	Pick func(n int) int
}

// Outcome is what became of one entry.
type Outcome int

const (
	// Checked entries were compared with the analytic gradient.
	Checked Outcome = iota
	// Kink entries could not be probed without crossing a kink.
	Kink
	// Tiny entries have a gradient below the rounding floor of their estimate.
	Tiny
	// Rough entries were not smooth at any step that rounding allows.
	Rough
)

// Entry is the check of one entry of a block.
type Entry struct {
	Index     int     `json:"index"`
	Analytic  float64 `json:"analytic"`
	Numerical float64 `json:"numerical"` // NaN unless an estimate was made
	Step      float64 `json:"step"`      // the h used, 0 if none
	RelError  float64 `json:"rel_error"` // for Checked entries
	Outcome   Outcome `json:"outcome"`
}

// BlockResult is the check of one block.
type BlockResult struct {
	Name    string  `json:"name"`
	Shape   [2]int  `json:"shape"`
	Entries []Entry `json:"entries"`
	// Checked, Kinks, Tiny and Rough count the entries by outcome.
	Checked int `json:"checked"`
	Kinks   int `json:"kinks"`
	Tiny    int `json:"tiny"`
	Rough   int `json:"rough"`
	// Worst is the largest relative error of a checked entry (0 if none).
	Worst float64 `json:"worst"`
	// Pass is true when every checked entry is below Threshold.
	Pass bool `json:"pass"`
}

// Result is the check of a whole Problem.
type Result struct {
	Blocks    []BlockResult `json:"blocks"`
	Threshold float64       `json:"threshold"`
	// Totals over the blocks.
	Checked, Kinks, Tiny, Rough int
	Worst                       float64
	WorstBlock                  string
	// Pass is true when at least one entry was checked and every checked
	// entry is below Threshold.
	Pass bool `json:"pass"`
}

// Skipped returns the number of entries not compared.
func (r Result) Skipped() int { return r.Kinks + r.Tiny + r.Rough }

// Check compares p's analytic gradient with finite differences on the
// entries opt chooses. It restores every entry it perturbs, even if Cost
// panics.
func Check(p Problem, opt Options) Result {
	res := Result{Threshold: Threshold, Pass: true}
	for k, b := range p.Blocks {
		br := BlockResult{Name: b.Name, Shape: b.Shape, Pass: true}
		scale := b.Scale
		if scale <= 0 {
			scale = rms(b.Data)
		}
		if scale <= 0 || math.IsNaN(scale) || math.IsInf(scale, 0) {
			scale = 1
		}
		for _, i := range entries(len(b.Data), opt) {
			e := checkEntry(p, k, i, b.Grad[i], scale)
			switch e.Outcome {
			case Checked:
				br.Checked++
				if e.RelError > br.Worst || math.IsNaN(e.RelError) {
					br.Worst = e.RelError
				}
				if !(e.RelError < Threshold) {
					br.Pass = false
				}
			case Kink:
				br.Kinks++
			case Tiny:
				br.Tiny++
			case Rough:
				br.Rough++
			}
			br.Entries = append(br.Entries, e)
		}
		res.Checked += br.Checked
		res.Kinks += br.Kinks
		res.Tiny += br.Tiny
		res.Rough += br.Rough
		if br.Checked > 0 && (br.Worst > res.Worst || math.IsNaN(br.Worst) || res.WorstBlock == "") {
			res.Worst, res.WorstBlock = br.Worst, b.Name
		}
		res.Pass = res.Pass && br.Pass
		res.Blocks = append(res.Blocks, br)
	}
	res.Pass = res.Pass && res.Checked > 0
	return res
}

// entries returns the indices to check in a block of n: all of them, or
// opt.Entries distinct random ones in increasing order.
func entries(n int, opt Options) []int {
	if opt.Entries <= 0 || opt.Entries >= n {
		return seq(n)
	}
	seen := make(map[int]bool, opt.Entries)
	var idx []int
	for tries := 0; len(idx) < opt.Entries && tries < 20*opt.Entries; tries++ {
		i := opt.Pick(n)
		if i >= 0 && i < n && !seen[i] {
			seen[i] = true
			idx = append(idx, i)
		}
	}
	return idx
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// checkEntry probes entry i of data with the steps of Steps in turn.
func checkEntry(p Problem, block, i int, analytic, scale float64) (e Entry) {
	e = Entry{Index: i, Analytic: analytic, Numerical: math.NaN(), Outcome: Rough}
	data := p.Blocks[block].Data
	x0 := data[i]
	defer func() { data[i] = x0 }()
	at := func(v float64) (float64, uint64) {
		data[i] = v
		f := p.Cost(block)
		var piece uint64
		if p.Piece != nil {
			piece = p.Piece()
		}
		return f, piece
	}
	f0, piece0 := at(x0)
	base := max(math.Abs(x0), scale)
	kinked := false
	for _, s := range Steps {
		h := s * base
		// Steps below the spacing of floats near x0 measure nothing.
		if x0+h == x0 || x0-h == x0 {
			break
		}
		fp1, q1 := at(x0 + h)
		fm1, q2 := at(x0 - h)
		fp2, q3 := at(x0 + 2*h)
		fm2, q4 := at(x0 - 2*h)
		if p.Piece != nil && (q1 != piece0 || q2 != piece0 || q3 != piece0 || q4 != piece0) {
			kinked = true
			continue
		}
		five := (fm2 - 8*fm1 + 8*fp1 - fp2) / (12 * h)
		central := (fp1 - fm1) / (2 * h)
		big := max(math.Abs(f0), math.Abs(fp1), math.Abs(fm1), math.Abs(fp2), math.Abs(fm2))
		// The rounding error of the estimate: each evaluation is off by up
		// to roundingFactor·ε·|J|, and the stencil's weights sum to 1.5/h.
		noise := 1.5 * roundingFactor * eps * big / h
		if math.Abs(five-central) > smoothTol*math.Abs(five)+4*noise {
			continue // not smooth at this scale: try a smaller step
		}
		e.Numerical, e.Step = five, h
		if max(math.Abs(five), math.Abs(analytic)) < noise/NoiseRatio {
			e.Outcome = Tiny
			return e
		}
		e.Outcome = Checked
		e.RelError = math.Abs(analytic-five) / (math.Abs(analytic) + math.Abs(five))
		if math.IsNaN(analytic) || math.IsInf(analytic, 0) {
			e.RelError = math.Inf(1)
		}
		return e
	}
	if kinked && e.Step == 0 {
		e.Outcome = Kink
	}
	return e
}

// eps is the float64 machine epsilon, 2⁻⁵².
const eps = 0x1p-52

func rms(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s / float64(len(v)))
}

// Summary says the verdict in a sentence for a student, e.g. "Backprop
// agrees with finite differences (80 entries, worst 3.1e-09); 4 entries
// skipped because a ReLU input crossed 0 within the step."
func (r Result) Summary() string {
	var b strings.Builder
	switch {
	case r.Checked == 0:
		b.WriteString("No entry could be checked")
	case r.Pass:
		fmt.Fprintf(&b, "Backprop agrees with finite differences (%s, worst relative error %s)",
			numfmt.Plural(r.Checked, "entry", "entries"), numfmt.Error(r.Worst))
	default:
		fmt.Fprintf(&b, "Backprop disagrees with finite differences: the worst relative error is %s in %s, above %s (%s checked)",
			numfmt.Error(r.Worst), r.WorstBlock, numfmt.Error(r.Threshold), numfmt.Plural(r.Checked, "entry", "entries"))
	}
	var why []string
	reason := func(n int, text string) {
		if n > 0 {
			why = append(why, fmt.Sprintf("%s %s", numfmt.Int(n), text))
		}
	}
	reason(r.Tiny, "with a gradient too small for float64 differences to resolve")
	reason(r.Kinks, "where every step crosses a ReLU kink (an input at 0)")
	reason(r.Rough, "where the loss is not smooth at any usable step")
	switch {
	case len(why) == 1:
		// "14 entries skipped: 14 with a gradient …" reads twice: say it once.
		_, text, _ := strings.Cut(why[0], " ")
		fmt.Fprintf(&b, "; %s skipped, %s", numfmt.Plural(r.Skipped(), "entry", "entries"), text)
	case len(why) > 1:
		fmt.Fprintf(&b, "; %s skipped: %s", numfmt.Plural(r.Skipped(), "entry", "entries"), strings.Join(why, ", "))
	}
	b.WriteString(".")
	return b.String()
}
