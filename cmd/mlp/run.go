package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/backprop-playground/playground/assets"
	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// runOptions are the settings of one run beyond train.Config.
type runOptions struct {
	PCAFit int  // training images the PCA is fitted on
	Whiten bool // whiten the PCA components

	Save   string // best-by-validation checkpoint (f64), "" for none
	DType  string // dtype of Save: f64 (default) or f32
	Resume string // a state checkpoint to continue from, "" for none
	Note   string // recorded in the checkpoints

	// NoState skips the FILE.resume state files (a sweep restarts a run
	// from scratch instead).
	NoState bool

	// MaxParams bounds the network's parameters (checkSize); 0 means
	// defaultMaxParams.
	MaxParams int

	// EvalTest scores the final model on the test set (all of it and the
	// report's first 1,000).
	EvalTest bool
}

// statePath returns the file the state of a run saving its best model at
// save is kept in, to continue it with -resume.
func statePath(save string) string { return save + ".resume" }

// result is the summary of a run: what `mlp train -json` prints and a
// sweep's table holds.
type result struct {
	Config   train.Config `json:"config"`
	Query    string       `json:"query"`
	Params   int          `json:"params"`
	Iters    int          `json:"iters"`
	Epochs   int          `json:"epochs"`
	Stop     string       `json:"stop"`
	Seconds  float64      `json:"seconds"`
	MsIter   float64      `json:"ms_per_iter"`
	Loss     float64      `json:"final_loss"`
	TrainAcc float64      `json:"train_acc"`            // on the first 1,000 training images, after training
	ValAcc   float64      `json:"val_acc"`              // of the kept (best) model
	BestIter int          `json:"best_iter"`            // the step after which the kept model was taken
	TestAcc  float64      `json:"test_acc,omitempty"`   // all test images
	Test1k   float64      `json:"test1k_acc,omitempty"` // the report's first 1,000 test images
	NTest    int          `json:"test_images,omitempty"`
	// SampleTest is the accuracy on the committed sample's 250 test
	// images (runs on the full set only).
	SampleTest float64 `json:"sample_test_acc,omitempty"`
	Save       string  `json:"checkpoint,omitempty"`
	Error      string  `json:"error,omitempty"`

	History train.History `json:"-"`
	// TrainAcc1k is the accuracy on the first 1,000 training images
	// after each epoch (History.TrainAcc is the minibatch's, as the
	// report's notebook measured it).
	TrainAcc1k []float64 `json:"-"`
	EpochIters []int     `json:"-"`
	PerEpoch   float64   `json:"-"` // steps per epoch
}

// epochLine describes one epoch end to the user.
type epochLine struct {
	Epoch, Iter, Total int
	Loss, LR           float64
	Train, Val         float64
	Best               bool
	Elapsed            time.Duration
}

func (e epochLine) String() string {
	best := ""
	if e.Best {
		best = " *"
	}
	return fmt.Sprintf("epoch %3d  iter %6d/%d  loss %.4f  lr %.3g  train %.3f  val %.3f%s  (%s)",
		e.Epoch, e.Iter+1, e.Total, e.Loss, e.LR, e.Train, e.Val, best, e.Elapsed.Round(100*time.Millisecond))
}

// hooks lets a caller watch a run; nil functions are skipped.
type hooks struct {
	start func(total, done int)                        // before the first step
	step  func(ev train.Event, done int, loss float64) // after each step
	epoch func(epochLine)                              // after each epoch end
	note  func(string)                                 // a remark (loading, fitting, saving)
}

// trainRun trains c on f and returns its summary and the kept network
// (the best by validation accuracy, if measured). The context stops it
// early between steps; the state is then saved (if opt.Save is set) and
// the error is the context's.
func trainRun(ctx context.Context, c train.Config, f *features, opt runOptions, h hooks) (*result, *model.Model, error) {
	if h.note == nil {
		h.note = func(string) {}
	}
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	aug := &cifar.Augment{FlipH: c.FlipH, FlipV: c.FlipV, Shift: c.Shift}
	if err := aug.Validate(); err != nil {
		return nil, nil, err
	}
	res := &result{Config: c, Query: c.Encode()}

	// Statistics: fitted on the training split, or those of the resumed run.
	var state *checkpoint.Checkpoint
	if opt.Resume != "" {
		var err error
		if state, err = readCheckpoint(opt.Resume); err != nil {
			return nil, nil, err
		}
		if state.Progress == nil {
			return nil, nil, fmt.Errorf("%s: not a resumable state (it has no progress; those are the %s files that -save writes)", opt.Resume, statePath("FILE"))
		}
	}
	var pre *cifar.Preprocess
	var pca *cifar.PCA
	pk := pcaKey{pre: c.Preprocess, k: c.PCA, fit: opt.PCAFit, whiten: opt.Whiten}
	var err error
	if state != nil {
		pre, pca = state.Preprocess, state.PCAModel()
		if pre == nil {
			pre = &cifar.Preprocess{Kind: cifar.KindNone}
		}
	} else {
		if pre, err = f.preprocess(c.Preprocess); err != nil {
			return nil, nil, err
		}
		if c.PCA > 0 {
			h.note(fmt.Sprintf("fitting a PCA of %d components on %d training images", c.PCA, min(opt.PCAFit, f.d.Train.Len())))
			if pca, err = f.fitPCA(pk); err != nil {
				return nil, nil, err
			}
		}
	}

	dim := cifar.ImageBytes
	if pca != nil {
		dim = pca.K()
	}
	// Checked before anything is allocated: the settings may ask for a
	// network no machine holds, and a resume file's settings may disagree
	// with the weights it stores.
	spec := c.Spec(dim, cifar.Classes)
	if state != nil && !sameSpec(state.Spec, spec) {
		return nil, nil, fmt.Errorf("%s holds a %v network, the settings make %v: give the run's settings (or none)", opt.Resume, state.Spec.Sizes(), spec.Sizes())
	}
	limit := opt.MaxParams
	if limit == 0 {
		limit = defaultMaxParams
	}
	if err := checkSize(c, limit); err != nil {
		return nil, nil, err
	}
	if pca != nil && state == nil {
		h.note("caching the PCA features of the training images")
	}
	images := model.Images{Train: f.d.Train, Val: f.d.Val, Classes: f.d.Classes, Pre: pre, PCA: pca, From: state,
		TrainData: func(aug *cifar.Augment, src *rng.RandomState) (train.Data, error) {
			if aug == nil {
				aug = &cifar.Augment{}
			}
			return f.trainData(pre, pca, pk, aug, src)
		}}
	if state != nil && opt.Save != "" && exists(opt.Save) {
		if b, err := readCheckpoint(opt.Save); err == nil && sameSpec(b.Spec, spec) {
			images.Best = b.Values[:2*(len(spec.Sizes())-1)] // W and b of each layer
		}
	}
	// The one way a run is made from settings (the worker's too): the
	// generator draws the weights, then every minibatch, flip, shift and
	// dropout mask, in the numpy script's order.
	_, tr, err := model.ImageRun(c, images)
	if err != nil {
		if state != nil {
			return nil, nil, fmt.Errorf("%s: %w", opt.Resume, err)
		}
		return nil, nil, err
	}
	res.Params = tr.Net.Spec.NumParams()
	valData, err := cifar.NewData(f.d.Val, pre, nil, nil, pca)
	if err != nil {
		return nil, nil, err
	}
	fit := f.d.Train.Slice(0, min(1000, f.d.Train.Len()))
	fitData, err := cifar.NewData(fit, pre, nil, nil, pca)
	if err != nil {
		return nil, nil, err
	}
	if state != nil {
		res.TrainAcc1k = floatsMetric(state.Metrics, "train1k_", state.Progress.Epoch)
		res.EpochIters = intsMetric(state.Metrics, "epoch_iter_", state.Progress.Epoch)
		h.note(fmt.Sprintf("resuming %s at step %d of %d (epoch %d, best val %.3f)", opt.Resume, tr.Iter(), tr.Total(), state.Progress.Epoch, tr.BestValAcc()))
	}

	header := func(kind string) checkpoint.Header {
		return checkpoint.Header{Config: c, Preprocess: pre, Classes: f.d.Classes, Note: opt.Note + kind, Metrics: map[string]float64{}}
	}
	save := func(path, dtype string, hd checkpoint.Header, n *nn.Network) error {
		ck, err := checkpoint.New(n, hd, dtype, pca)
		if err != nil {
			return err
		}
		return writeCheckpoint(path, ck)
	}
	saveState := func() error {
		if opt.Save == "" || opt.NoState {
			return nil
		}
		hd := header(" (state of the run, for -resume)")
		p := tr.Progress()
		hd.Progress = &p
		for i, v := range res.TrainAcc1k {
			hd.Metrics[fmt.Sprintf("train1k_%d", i)] = v
		}
		for i, v := range res.EpochIters {
			hd.Metrics[fmt.Sprintf("epoch_iter_%d", i)] = float64(v)
		}
		ck, err := checkpoint.New(tr.Net, hd, "f64", pca)
		if err != nil {
			return err
		}
		// The optimizer's moments, so that -resume continues the run
		// as it was (not with momentum or Adam restarting from zero).
		if err := ck.SetOptimizer(tr.OptimizerState()); err != nil {
			return err
		}
		return writeCheckpoint(statePath(opt.Save), ck)
	}

	start := time.Now()
	startIter := tr.Iter()
	if h.start != nil {
		h.start(tr.Total(), tr.Iter())
	}
	var last train.Event
	for !tr.Done() {
		if err := ctx.Err(); err != nil {
			if serr := saveState(); serr != nil {
				return nil, nil, errors.Join(err, serr)
			}
			if opt.Save != "" && !opt.NoState {
				h.note(fmt.Sprintf("stopped at step %d; continue with -resume %s", tr.Iter(), statePath(opt.Save)))
			}
			return nil, nil, err
		}
		ev, err := tr.Step()
		if err != nil {
			res.Error = err.Error()
			res.Stop = "diverged"
			break
		}
		last = ev
		if h.step != nil {
			h.step(ev, tr.Iter(), ev.Loss)
		}
		if ev.EpochEnd {
			acc := train.Accuracy(tr.Net, fitData, 1000)
			res.TrainAcc1k = append(res.TrainAcc1k, acc)
			res.EpochIters = append(res.EpochIters, ev.Iter)
			if h.epoch != nil {
				h.epoch(epochLine{Epoch: ev.Epoch, Iter: ev.Iter, Total: tr.Total(), Loss: ev.Loss, LR: ev.LR,
					Train: acc, Val: ev.ValAcc, Best: ev.Best, Elapsed: time.Since(start)})
			}
			if ev.Best && opt.Save != "" {
				hd := header("")
				hd.Metrics["val_acc"] = ev.ValAcc
				hd.Metrics["iter"] = float64(ev.Iter)
				if err := save(opt.Save, opt.DType, hd, tr.Net); err != nil {
					return nil, nil, err
				}
			}
			if err := saveState(); err != nil {
				return nil, nil, err
			}
		}
	}
	res.Seconds = time.Since(start).Seconds()
	if n := tr.Iter() - startIter; n > 0 {
		res.MsIter = 1000 * res.Seconds / float64(n)
	}
	res.Iters, res.History, res.PerEpoch = tr.Iter(), tr.History, tr.PerEpoch()
	res.Epochs = len(tr.History.TrainAcc)
	if res.Stop == "" {
		res.Stop = last.Stop
	}
	if n := len(tr.History.Loss); n > 0 {
		res.Loss = tr.History.Loss[n-1]
	}
	// The last step need not end an epoch (the report's 1000 iterations
	// end 19 steps after one): its model competes with the best one.
	res.ValAcc, res.BestIter = tr.BestValAcc(), -1
	for i, v := range tr.History.ValAcc {
		if v == res.ValAcc && i < len(res.EpochIters) {
			res.BestIter = res.EpochIters[i]
			break
		}
	}
	if !last.EpochEnd && res.Error == "" && tr.Iter() > 0 {
		if final := train.Accuracy(tr.Net, valData, 1000); final >= res.ValAcc {
			res.ValAcc, res.BestIter = final, tr.Iter()-1
		}
	}
	if res.BestIter != tr.Iter()-1 {
		tr.RestoreBest()
	}
	if res.ValAcc < 0 { // no validation images
		res.ValAcc = 0
	}
	res.TrainAcc = train.Accuracy(tr.Net, fitData, 1000)
	if opt.EvalTest && f.d.Test.Len() > 0 {
		testData, err := cifar.NewData(f.d.Test, pre, nil, nil, pca)
		if err != nil {
			return nil, nil, err
		}
		res.TestAcc = train.Accuracy(tr.Net, testData, 1000)
		res.NTest = f.d.Test.Len()
		rep, _ := cifar.NewData(f.d.ReportTest(), pre, nil, nil, pca)
		res.Test1k = train.Accuracy(tr.Net, rep, 1000)
	}
	hd := header("")
	for k, v := range map[string]float64{"val_acc": res.ValAcc, "train_acc": res.TrainAcc,
		"iters": float64(res.Iters), "seconds": res.Seconds} {
		hd.Metrics[k] = v
	}
	if res.BestIter >= 0 { // -1: no epoch ended before the run stopped (e.g. it diverged)
		hd.Metrics["iter"] = float64(res.BestIter)
	}
	if res.NTest > 0 {
		hd.Metrics["test_acc"], hd.Metrics["test1k_acc"], hd.Metrics["test_images"] = res.TestAcc, res.Test1k, float64(res.NTest)
	}
	ck, err := checkpoint.New(tr.Net, hd, dtypeOr(opt.DType), pca)
	if err != nil {
		return nil, nil, err
	}
	if c.Data != sampleName {
		// The committed sample's test images (those the browser has),
		// scored by the weights as saved (f32 rounding included), so that a
		// checkpoint can be checked without the full set.
		if acc, err := sampleAccuracy(ck, pre, pca); err == nil {
			res.SampleTest = acc
			ck.Metrics["sample_test_acc"] = acc
		}
	}
	if opt.Save != "" {
		if err := writeCheckpoint(opt.Save, ck); err != nil {
			return nil, nil, err
		}
		if err := saveState(); err != nil {
			return nil, nil, err
		}
		res.Save = opt.Save
	}
	return res, &model.Model{Net: tr.Net, Pre: pre, PCA: pca, Classes: ck.Classes, Config: ck.Config, Metrics: ck.Metrics}, nil
}

func dtypeOr(d string) string {
	if d == "" {
		return "f64"
	}
	return d
}

func sameSpec(a, b nn.Spec) bool {
	return fmt.Sprint(a.Sizes()) == fmt.Sprint(b.Sizes()) && a.Activation == b.Activation && a.Dropout == b.Dropout
}

func floatsMetric(m map[string]float64, prefix string, n int) []float64 {
	var out []float64
	for i := 0; i < n; i++ {
		v, ok := m[fmt.Sprintf("%s%d", prefix, i)]
		if !ok {
			break
		}
		out = append(out, v)
	}
	return out
}

func intsMetric(m map[string]float64, prefix string, n int) []int {
	var out []int
	for _, v := range floatsMetric(m, prefix, n) {
		out = append(out, int(v))
	}
	return out
}

// readCheckpoint loads a checkpoint file, naming it in errors.
func readCheckpoint(path string) (*checkpoint.Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := checkpoint.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// writeCheckpoint writes c to path atomically: to a temporary file in the
// same folder, renamed over path, so an interrupted run never leaves a
// half-written model.
func writeCheckpoint(path string, c *checkpoint.Checkpoint) error {
	b, err := c.Marshal()
	if err != nil {
		return err
	}
	return writeFileAtomic(path, b)
}

func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	// CreateTemp makes the file private (0600); a model or a table is not.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// describe returns a short text of a config's network, e.g.
// "3072-100-10 relu he adam".
func describe(s nn.Spec) string {
	parts := make([]string, len(s.Sizes()))
	for i, v := range s.Sizes() {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, "-")
}

// mkdirFor creates the folder that path will be written to.
func mkdirFor(path string) error { return os.MkdirAll(filepath.Dir(path), 0o755) }

// sampleAccuracy scores the checkpoint's weights on the committed sample's
// test split.
func sampleAccuracy(ck *checkpoint.Checkpoint, pre *cifar.Preprocess, pca *cifar.PCA) (float64, error) {
	s, err := cifar.LoadFS(assets.SampleFS(), cifar.LoadOptions{})
	if err != nil {
		return 0, err
	}
	net, err := ck.Network(nil)
	if err != nil {
		return 0, err
	}
	d, err := cifar.NewData(s.Test, pre, nil, nil, pca)
	if err != nil {
		return 0, err
	}
	return train.Accuracy(net, d, 1000), nil
}
