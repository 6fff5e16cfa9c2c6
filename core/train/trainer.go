package train

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/core/optim"
	"github.com/backprop-playground/playground/core/rng"
)

// Data is a labelled set that can form minibatches.
type Data interface {
	// Len returns the number of samples.
	Len() int
	// Dim returns the number of features of a sample.
	Dim() int
	// Batch fills row i of x (len(idx)×Dim) and labels[i] with sample idx[i].
	Batch(x *mat.Dense, labels []int, idx []int)
}

// Targets is Data with a real target per sample, which a regression
// network (nn.Spec.Regression) is trained on instead of labels.
type Targets interface {
	Data
	// BatchTargets fills row i of x and t[i] with sample idx[i].
	BatchTargets(x *mat.Dense, t []float64, idx []int)
}

// Matrix is Data held as a feature matrix and labels (or, for regression,
// real targets T), for small sets (the toy problem, 2D datasets, features
// already preprocessed).
type Matrix struct {
	X *mat.Dense
	Y []int
	T []float64 // the regression targets, or nil
}

var _ Targets = Matrix{}

// Len returns the number of rows of X.
func (m Matrix) Len() int { r, _ := m.X.Dims(); return r }

// Dim returns the number of columns of X.
func (m Matrix) Dim() int { _, c := m.X.Dims(); return c }

// Batch copies the chosen rows.
func (m Matrix) Batch(x *mat.Dense, labels []int, idx []int) {
	for i, j := range idx {
		copy(x.RawRowView(i), m.X.RawRowView(j))
		labels[i] = m.Y[j]
	}
}

// BatchTargets copies the chosen rows and their targets.
func (m Matrix) BatchTargets(x *mat.Dense, t []float64, idx []int) {
	for i, j := range idx {
		copy(x.RawRowView(i), m.X.RawRowView(j))
		t[i] = m.T[j]
	}
}

// DivergedError reports a loss or gradient that became NaN or infinite,
// or a loss that exploded: more than ExplodeFactor times the first step's.
type DivergedError struct {
	Iter     int     // the step at which it happened, from 0
	Quantity string  // "loss" or "gradient of W1", ...
	Value    float64 // the offending value
	First    float64 // the first step's loss, for an exploded loss; else 0
}

func (e *DivergedError) Error() string {
	// Numbers for reading (numfmt): "10,000 times", never "10000" or
	// "1e+04"; a diverged loss of 9.2e+302 keeps its exponent.
	if e.First > 0 {
		return fmt.Sprintf("training diverged at iteration %s: the loss is %s, over %s times the first step's %s (try a smaller learning rate)",
			numfmt.Int(e.Iter), numfmt.Float(e.Value, 3), numfmt.Float(ExplodeFactor, 3), numfmt.Float(e.First, 3))
	}
	return fmt.Sprintf("training diverged at iteration %s: %s is %s (try a smaller learning rate)", numfmt.Int(e.Iter), e.Quantity, numfmt.Float(e.Value, 3))
}

// ExplodeFactor is how far above the first step's loss a loss counts as
// diverged. Cross-entropy starts near ln(classes) and a working run only
// lowers it; a loss 10,000 times higher (lr=10 reaches 1e300 while still
// finite) is a run that no longer learns.
const ExplodeFactor = 1e4

// ErrDone is returned by Step after the last step.
var ErrDone = errors.New("train: run finished")

// Event describes one step.
type Event struct {
	Iter int     `json:"iter"` // the step just taken, from 0
	Loss float64 `json:"loss"` // the minibatch cost before the update
	LR   float64 `json:"lr"`   // the learning rate the update used

	// EpochEnd is true on the steps after which accuracies are measured.
	EpochEnd bool    `json:"epoch_end,omitempty"`
	Epoch    int     `json:"epoch,omitempty"`     // epochs ended so far
	TrainAcc float64 `json:"train_acc,omitempty"` // on the step's minibatch, as the notebook
	ValAcc   float64 `json:"val_acc,omitempty"`   // on the whole validation set, if any
	Best     bool    `json:"best,omitempty"`      // the best validation accuracy so far

	// Stop is non-empty on the last step: "done" or "early stopping".
	Stop string `json:"stop,omitempty"`
}

// History is the record of a run.
type History struct {
	Loss     []float64 `json:"loss"`
	TrainAcc []float64 `json:"train_acc"`
	ValAcc   []float64 `json:"val_acc"`
}

// Trainer trains a network one step at a time.
type Trainer struct {
	Net     *nn.Network
	Opt     optim.Optimizer
	Config  Config
	History History

	train, val Data
	src        *rng.RandomState

	iter, total, epoch int
	lr                 float64
	perEpoch           float64 // max(N/batch, 1), a real number
	notebook           bool    // epochs by the notebook's it % per_epoch == 0 (see epochEnd)
	order              []int   // the current shuffled pass, for Sampling "shuffle"
	x                  *mat.Dense
	y, idx, pred       []int
	targets            Targets   // train, for a regression network; else nil
	t                  []float64 // the minibatch's targets, for regression

	bestVal   float64
	best      [][]float64
	sinceBest int
	stopped   string
}

// NewTrainer returns a Trainer for net on train (and val, which may be nil)
// with c's optimizer, schedule and sampling, drawing batches from src. It
// returns c.Validate's error, or an error if the data does not fit net.
func NewTrainer(c Config, net *nn.Network, train, val Data, src *rng.RandomState) (*Trainer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if train == nil || train.Len() == 0 {
		return nil, errors.New("train: no training data")
	}
	if train.Dim() != net.Spec.Inputs {
		return nil, fmt.Errorf("train: data has %d features, network wants %d", train.Dim(), net.Spec.Inputs)
	}
	if val != nil && val.Len() > 0 && val.Dim() != net.Spec.Inputs {
		return nil, fmt.Errorf("train: validation data has %d features, network wants %d", val.Dim(), net.Spec.Inputs)
	}
	var targets Targets
	if net.Spec.Regression() {
		var ok bool
		targets, ok = train.(Targets)
		if m, isMatrix := train.(Matrix); isMatrix && len(m.T) != m.Len() {
			ok = false
		}
		if !ok {
			return nil, errors.New("train: a regression network needs a real target for every training sample")
		}
		if val != nil && val.Len() > 0 {
			return nil, errors.New("train: a regression run measures no validation accuracy: give no validation set")
		}
	}
	opt, err := optim.New(c.Optimizer, optim.Settings{Momentum: c.Momentum})
	if err != nil {
		return nil, err
	}
	t := &Trainer{Net: net, Opt: opt, Config: c, train: train, val: val, src: src, lr: c.LR, bestVal: -1, targets: targets}
	n := train.Len()
	t.perEpoch = math.Max(float64(n)/float64(c.Batch), 1)
	t.notebook = Samplings[c.Sampling].Replacement && (n%c.Batch == 0 || n < c.Batch)
	t.total = c.Iters
	if c.Epochs > 0 {
		t.total = int(math.Ceil(float64(c.Epochs) * t.perEpoch))
	}
	if t.total > MaxIters {
		return nil, &nn.ConfigError{Field: "epochs", Value: c.Epochs, Reason: fmt.Sprintf("would take more than %d iterations", MaxIters)}
	}
	return t, nil
}

// Total returns the number of steps the run will take unless stopped early.
func (t *Trainer) Total() int { return t.total }

// Iter returns the number of steps taken.
func (t *Trainer) Iter() int { return t.iter }

// PerEpoch returns the number of steps per epoch, N/batch (at least 1), a
// real number when batch does not divide N.
func (t *Trainer) PerEpoch() float64 { return t.perEpoch }

// Done reports whether the run has finished.
func (t *Trainer) Done() bool { return t.stopped != "" || t.iter >= t.total }

// LiveFields are the settings of a Config that may change between steps
// of a run (SetLive): the learning rate and the L2 strength. The others
// shape the network, the optimizer's state or the schedule's bookkeeping.
var LiveFields = []string{"lr", "reg"}

// SetLive changes the run's learning rate and L2 strength from c, which
// must differ from the run's Config in LiveFields only. A new lr rescales
// the schedule: the next step uses c.LR times the decay so far, as if the
// run had started with it. It returns an error, changing nothing, if
// another setting differs or a value is not valid.
func (t *Trainer) SetLive(c Config) error {
	want := t.Config
	want.LR, want.Reg = c.LR, c.Reg
	if want.Encode() != c.Encode() {
		return errors.New("train: only the learning rate and the L2 strength can change during a run")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	t.lr *= c.LR / t.Config.LR
	t.Config = c
	return nil
}

// Step takes one step: a minibatch, a forward and backward pass, an update.
// It returns ErrDone after the last step and a *DivergedError, leaving the
// parameters as they were before the step, if the loss or a gradient is not
// finite.
func (t *Trainer) Step() (Event, error) {
	if t.Done() {
		return Event{}, ErrDone
	}
	c := t.Config
	if t.x == nil {
		t.x = mat.NewDense(c.Batch, t.train.Dim(), nil)
		t.y, t.idx = make([]int, c.Batch), make([]int, c.Batch)
		t.t = make([]float64, c.Batch)
	}
	t.sample()
	t.Net.ZeroGrad()
	var loss float64
	if t.targets != nil {
		t.targets.BatchTargets(t.x, t.t, t.idx)
		loss = t.Net.CostGradValues(t.x, t.t, c.Reg)
	} else {
		t.train.Batch(t.x, t.y, t.idx)
		loss = t.Net.CostGrad(t.x, t.y, c.Reg)
	}
	if err := t.checkFinite(loss); err != nil {
		t.stopped = "diverged"
		return Event{}, err
	}
	ev := Event{Iter: t.iter, Loss: loss, LR: t.lr}
	t.Opt.Step(t.Net.Params(), t.lr)
	t.History.Loss = append(t.History.Loss, loss)

	end, real := t.epochEnd()
	if end {
		if real {
			t.epoch++
		}
		ev.EpochEnd, ev.Epoch = true, t.epoch
		if t.targets == nil { // a regression net has no accuracy
			ev.TrainAcc = t.batchAccuracy()
			t.History.TrainAcc = append(t.History.TrainAcc, ev.TrainAcc)
		}
		if t.val != nil && t.val.Len() > 0 {
			ev.ValAcc = Accuracy(t.Net, t.val, 1000)
			t.History.ValAcc = append(t.History.ValAcc, ev.ValAcc)
			if ev.ValAcc > t.bestVal {
				t.bestVal, ev.Best, t.sinceBest = ev.ValAcc, true, 0
				t.best = snapshot(t.Net, t.best)
			} else if t.sinceBest++; c.Patience > 0 && t.sinceBest >= c.Patience {
				t.stopped = "early stopping"
			}
		}
	}
	t.iter++
	t.schedule(real)
	if t.Done() {
		ev.Stop = t.stopped
		if ev.Stop == "" {
			ev.Stop = "done"
		}
	}
	return ev, nil
}

// sample fills t.idx with the next minibatch's sample indices.
func (t *Trainer) sample() {
	Samplings[t.Config.Sampling].Draw(t)
}

// drawChoice draws the minibatch with replacement (np.random.choice).
func (t *Trainer) drawChoice() { t.src.ChoiceInto(t.idx, t.train.Len()) }

// drawShuffled takes the minibatch from shuffled passes over the set.
func (t *Trainer) drawShuffled() {
	n := t.train.Len()
	// Shuffled passes without replacement; the last batch of a pass is
	// completed from the start of the next pass, so every batch is full.
	for i := range t.idx {
		if len(t.order) == 0 {
			t.order = t.src.Permutation(n)
		}
		t.idx[i], t.order = t.order[0], t.order[1:]
	}
}

// epochEnd reports whether the step t.iter ends an epoch, and whether it
// is a real epoch's end (the learning rate decays) or only the run's last
// step (accuracies are measured, no decay).
//
// Where the notebook's rule is right it is kept, so that the report's runs
// match numpy step for step: with minibatches drawn with replacement and a
// whole number N/batch of steps per epoch, `it % (N/batch) == 0` (after
// the first step, then every N/batch). Elsewhere that rule is wrong: with a
// real N/batch (2,500 images in batches of 64 is 39.06 steps) it fires
// only at step 0, so a run has one accuracy point (of a net trained one
// step), no decay and no early stopping. There an epoch ends on the step
// whose images bring the count seen to a multiple of N, which is exactly
// the end of a shuffled pass, and the last step measures accuracies too.
func (t *Trainer) epochEnd() (end, real bool) {
	if t.notebook {
		e := math.Mod(float64(t.iter), t.perEpoch) == 0 // Python's it % per_epoch == 0
		return e, e
	}
	n, b := t.train.Len(), t.Config.Batch
	real = (t.iter+1)*b/n > t.iter*b/n
	return real || t.iter+1 == t.total, real
}

// schedule sets the learning rate for step t.iter.
func (t *Trainer) schedule(epochEnd bool) {
	t.lr = Schedules[t.Config.Schedule].Rate(t.Config, t.lr, t.iter, t.total, epochEnd)
}

func (t *Trainer) checkFinite(loss float64) error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	if bad(loss) {
		return &DivergedError{Iter: t.iter, Quantity: "loss", Value: loss}
	}
	first := loss
	if len(t.History.Loss) > 0 {
		first = t.History.Loss[0]
	}
	if first > 0 && loss > ExplodeFactor*max(first, 1) {
		return &DivergedError{Iter: t.iter, Quantity: "loss", Value: loss, First: first}
	}
	for _, p := range t.Net.Params() {
		if grad := p.GradData(); !kernel.AllFinite(grad) {
			for _, g := range grad {
				if bad(g) {
					return &DivergedError{Iter: t.iter, Quantity: "gradient of " + p.Name, Value: g}
				}
			}
		}
	}
	return nil
}

func (t *Trainer) batchAccuracy() float64 {
	t.pred = t.Net.Predict(t.pred, t.x)
	ok := 0
	for i, p := range t.pred {
		if p == t.y[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(t.y))
}

// BestValAcc returns the best validation accuracy seen at an epoch end, or
// -1 if none was measured.
func (t *Trainer) BestValAcc() float64 { return t.bestVal }

// RestoreBest puts back the parameters of the epoch with the best
// validation accuracy (a no-op if none was measured), as a run with early
// stopping keeps its best model.
func (t *Trainer) RestoreBest() {
	if t.best == nil {
		return
	}
	for i, p := range t.Net.Params() {
		copy(p.Data(), t.best[i])
	}
}

func snapshot(n *nn.Network, dst [][]float64) [][]float64 {
	ps := n.Params()
	if dst == nil {
		dst = make([][]float64, len(ps))
	}
	for i, p := range ps {
		dst[i] = append(dst[i][:0], p.Data()...)
	}
	return dst
}

// Accuracy returns the fraction of d that net classifies correctly,
// evaluating batch samples at a time (dropout off).
func Accuracy(net *nn.Network, d Data, batch int) float64 {
	n := d.Len()
	if n == 0 {
		return 0
	}
	batch = min(batch, n)
	x := mat.NewDense(batch, d.Dim(), nil)
	y, idx, pred := make([]int, batch), make([]int, batch), make([]int, batch)
	ok := 0
	for lo := 0; lo < n; lo += batch {
		m := min(batch, n-lo)
		for i := range m {
			idx[i] = lo + i
		}
		xs := x.Slice(0, m, 0, d.Dim()).(*mat.Dense)
		d.Batch(xs, y[:m], idx[:m])
		net.Predict(pred[:m], xs)
		for i := range m {
			if pred[i] == y[i] {
				ok++
			}
		}
	}
	return float64(ok) / float64(n)
}

// Progress is the state of a run besides its weights, its optimizer's
// moments and its random generator: what a checkpoint keeps so that a long
// run can be continued (see Resume).
type Progress struct {
	Iter      int     `json:"iter"`       // steps taken
	Epoch     int     `json:"epoch"`      // epochs ended
	LR        float64 `json:"lr"`         // the learning rate of the next step
	BestVal   float64 `json:"best_val"`   // the best validation accuracy, -1 if none
	SinceBest int     `json:"since_best"` // epochs ended since the best
	History   History `json:"history"`
}

// Progress returns the run's progress.
func (t *Trainer) Progress() Progress {
	h := History{
		Loss:     append([]float64(nil), t.History.Loss...),
		TrainAcc: append([]float64(nil), t.History.TrainAcc...),
		ValAcc:   append([]float64(nil), t.History.ValAcc...),
	}
	return Progress{Iter: t.iter, Epoch: t.epoch, LR: t.lr, BestVal: t.bestVal, SinceBest: t.sinceBest, History: h}
}

// Resume continues a run from p, taken by Progress from a run of the same
// Config: the next Step is step p.Iter with learning rate p.LR. best holds
// the parameters of the best epoch (in Params order, as RestoreBest puts
// them back), or is nil if they are lost, in which case the best is
// measured afresh. opt is the optimizer's memory (OptimizerState) at that
// step; if nil, the moments start again from zero. The network's weights
// are the caller's to restore, and the minibatches are drawn from the
// Trainer's source as it stands (reseed it, e.g. with ResumeSeed, for a
// reproducible continuation). With opt, a resumed run on a source seeded
// as the uninterrupted run's was at that step takes the same steps bit for
// bit (sampling "choice"; a shuffled pass starts afresh). Resume must be
// called before the first Step; it returns an error, changing nothing, if
// p or opt does not fit the run.
func (t *Trainer) Resume(p Progress, best [][]float64, opt *optim.State) error {
	if t.iter != 0 || t.x != nil {
		return errors.New("train: resume after the first step")
	}
	if p.Iter < 0 || p.Iter > t.total || p.Epoch < 0 || p.SinceBest < 0 {
		return fmt.Errorf("train: resume at step %d (epoch %d) of a %d-step run", p.Iter, p.Epoch, t.total)
	}
	if math.IsNaN(p.LR) || math.IsInf(p.LR, 0) || p.LR < 0 {
		return fmt.Errorf("train: resume with learning rate %g", p.LR)
	}
	if len(p.History.Loss) > p.Iter {
		return fmt.Errorf("train: resume at step %d with %d losses recorded", p.Iter, len(p.History.Loss))
	}
	var restored optim.Optimizer
	if opt != nil {
		// Into a new optimizer first: a state that does not fit changes nothing.
		probe, err := optim.New(t.Config.Optimizer, optim.Settings{Momentum: t.Config.Momentum})
		if err != nil {
			return err
		}
		if err := optim.Restore(probe, t.Net.Params(), *opt); err != nil {
			return fmt.Errorf("train: resume: %w", err)
		}
		restored = probe
	}
	if best != nil {
		ps := t.Net.Params()
		if len(best) != len(ps) {
			return fmt.Errorf("train: resume with %d best parameters for %d", len(best), len(ps))
		}
		for i, v := range best {
			if len(v) != len(ps[i].Data()) {
				return fmt.Errorf("train: resume: best %s has %d values, want %d", ps[i].Name, len(v), len(ps[i].Data()))
			}
		}
		t.best = make([][]float64, 0, len(best))
		for _, v := range best {
			t.best = append(t.best, append([]float64(nil), v...))
		}
		t.bestVal = p.BestVal
	} else {
		t.bestVal = -1
	}
	if restored != nil {
		t.Opt = restored
	}
	t.iter, t.epoch, t.lr, t.sinceBest = p.Iter, p.Epoch, p.LR, p.SinceBest
	t.History = History{
		Loss:     append([]float64(nil), p.History.Loss...),
		TrainAcc: append([]float64(nil), p.History.TrainAcc...),
		ValAcc:   append([]float64(nil), p.History.ValAcc...),
	}
	if c := t.Config; c.Patience > 0 && t.sinceBest >= c.Patience {
		t.stopped = "early stopping"
	}
	return nil
}

// OptimizerState returns a copy of the optimizer's memory (its moments),
// which Resume takes to continue the run exactly.
func (t *Trainer) OptimizerState() optim.State { return optim.StateOf(t.Opt, t.Net.Params()) }

// ResumeSeed returns the seed of the minibatch stream of a run with seed
// continued at step iter: the generator's own state is not saved, so a
// resumed run draws a fresh stream, the same for every resume at iter.
func ResumeSeed(seed uint32, iter int) uint32 {
	h := fnv.New32a()
	fmt.Fprintf(h, "%d/%d", seed, iter)
	return h.Sum32()
}
