package worker

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	coremodel "github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// Evaluation sizes.
const (
	defaultGuesses = 24  // test images sent by Evaluate when Count is 0
	maxGuesses     = 200 // and at most
	evalBatch      = 250 // images per forward pass
)

// core returns m as the engine's model type, which evaluates it as mlp
// eval does.
func (m *model) core() *coremodel.Model {
	return &coremodel.Model{Net: m.net, Pre: m.pre, PCA: m.pca, Classes: m.classes, Config: m.cfg, Metrics: m.metrics}
}

// takesImages reports whether m reads images of a known shape.
func (m *model) takesImages() bool { return m.core().TakesImages() }

// shape returns the shape of the images m reads (its input size's; see
// cifar.ShapeOf), if it reads images.
func (m *model) shape() (cifar.Shape, bool) {
	if !m.takesImages() {
		return cifar.Shape{}, false
	}
	n := m.net.Spec.Inputs
	if m.pca != nil {
		n = len(m.pca.Mean)
	}
	return cifar.ShapeOf(n)
}

// imagesName says what images of shape sh are, for messages.
func imagesName(sh cifar.Shape) string {
	if sh.Norm() == cifar.Gray28 {
		return "28×28 grayscale images"
	}
	return "32×32 colour images"
}

// features returns the network's inputs for the images idx of set: a
// len(idx)×Inputs matrix.
func (m *model) features(set *cifar.Set, idx []int) *mat.Dense {
	x := set.Batch(nil, nil, idx, m.pre, nil, nil)
	if m.pca == nil {
		return x
	}
	y := mat.NewDense(len(idx), m.pca.K(), nil)
	m.pca.Transform(y, x)
	return y
}

// probs returns the class probabilities of the images idx of set, one row
// each, in a matrix the caller owns.
func (m *model) probs(set *cifar.Set, idx []int) *mat.Dense {
	return mat.DenseCopyOf(m.net.Probs(m.features(set, idx)))
}

// predict classifies one image: 3072 bytes (32×32, the R, G and B
// planes) for CIFAR-10's models or 784 (28×28 gray, prepared as MNIST's
// digits were: see core/mnist.Prepare) for the digits'. With pretrained,
// the shipped model of that shape answers.
func (s *Session) predict(id int, img []byte, pretrained bool) error {
	shape, ok := cifar.ShapeOf(len(img))
	if !ok {
		return fmt.Errorf("the image has %d bytes, want %d (32×32 pixels: the R, G and B planes) or %d (28×28 gray pixels)", len(img), cifar.RGB32.Bytes(), cifar.Gray28.Bytes())
	}
	m := s.model
	if pretrained {
		var err error
		if m, err = s.loadPretrained(shape); err != nil {
			return err
		}
	}
	if m == nil {
		return errors.New("no model yet: start a run, import a model or use the pretrained one")
	}
	if got, ok := m.shape(); !ok || got != shape {
		if !ok {
			return fmt.Errorf("the current model reads %d features, not images: train on images or use the pretrained model", m.net.Spec.Inputs)
		}
		return fmt.Errorf("the current model reads %s, and this picture was prepared as one of %s: train on such images or use the pretrained model", imagesName(got), imagesName(shape))
	}
	names, err := classNames(m)
	if err != nil {
		return err
	}
	p := m.probs(&cifar.Set{Pixels: img, Labels: []uint8{0}, Shape: shape}, []int{0})
	s.emit(msg.Event{ID: id, Kind: msg.Prediction, Probs: p.RawRowView(0), Classes: names})
	return nil
}

// classNames returns the names of m's classes, for a model that reads
// images: the names its file lists; for a file that lists none, CIFAR-10's
// when the model has CIFAR-10's ten outputs (a net of 3,072 pixels in and
// ten classes out is a CIFAR-10 classifier, and the playground, mlp and
// the notebook all write CIFAR-10's labels in its order). A model without
// names and with another number of classes is refused rather than shown
// as "class 7" or "7": a student who draws a cat and reads "looks like
// class 7 (31%)" learns nothing about the picture and may take the
// number for one of CIFAR-10's labels (7 is horse there); the refusal
// says why there is no answer and what would give one.
func classNames(m *model) ([]string, error) {
	n := m.net.Spec.Classes
	switch {
	case len(m.classes) == n:
		return slices.Clone(m.classes), nil
	case n == cifar.Classes:
		return cifar.ClassNames(), nil
	}
	return nil, fmt.Errorf("the current model has %s classes but its file does not name them, so its guesses would be bare numbers that say nothing about the picture: "+
		"load a model file that lists its class names, train one here, or use the pretrained model", numfmt.Int(n))
}

// loadPretrained fetches the pretrained model of images of shape sh once:
// CIFAR-10's (PretrainedURL) or the digits' (PretrainedDigitsURL).
func (s *Session) loadPretrained(sh cifar.Shape) (*model, error) {
	sh = sh.Norm()
	if m := s.pretrained[sh]; m != nil {
		return m, nil
	}
	url := PretrainedURL
	if sh == cifar.Gray28 {
		url = PretrainedDigitsURL
	}
	b, err := s.fetch.Fetch(url, nil)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &msg.Failure{Kind: msg.FailUnavailable, Message: "the pretrained model is not available: the server has no " + url}
	}
	if err != nil {
		return nil, fmt.Errorf("the pretrained model: %w", err)
	}
	m, _, err := modelOf(b)
	if err != nil {
		return nil, fmt.Errorf("the pretrained model: %w", err)
	}
	if got, ok := m.shape(); !ok || got != sh {
		return nil, fmt.Errorf("the pretrained model at %s reads %d features, not %s", url, m.net.Spec.Inputs, imagesName(sh))
	}
	if s.pretrained == nil {
		s.pretrained = map[cifar.Shape]*model{}
	}
	s.pretrained[sh] = m
	return m, nil
}

// modelOf reads a model file: a checkpoint (also returned), or a
// notebook's .npz (coremodel.IsNPZ; the checkpoint is nil).
func modelOf(b []byte) (*model, *checkpoint.Checkpoint, error) {
	if coremodel.IsNPZ(b) {
		cm, err := coremodel.ReadNPZ(b)
		if err != nil {
			return nil, nil, err
		}
		if n := cm.Net.Spec.NumParams(); n > MaxParams {
			return nil, nil, fmt.Errorf("the model has %d parameters, more than the browser's limit of %d", n, MaxParams)
		}
		// The file says nothing of the data it was trained on: its settings
		// name the sample of its images' shape, which the page has without
		// a download.
		cfg := cm.Config
		cfg.Data = msg.DataSample
		if cm.Net.Spec.Inputs == cifar.Gray28.Bytes() {
			cfg.Data = msg.DataDigits
		}
		return &model{net: cm.Net, pre: cm.Pre, classes: cm.Classes, cfg: cfg, metrics: map[string]float64{}}, nil, nil
	}
	c, err := checkpoint.Unmarshal(b)
	if err != nil {
		return nil, nil, err
	}
	if n := c.Spec.NumParams(); n > MaxParams {
		return nil, nil, fmt.Errorf("the model has %s parameters, more than the browser's limit of %s", numfmt.Int(n), numfmt.Int(MaxParams))
	}
	cm, err := coremodel.FromCheckpoint(c)
	if err != nil {
		return nil, nil, err
	}
	return &model{net: cm.Net, pre: cm.Pre, pca: cm.PCA, classes: cm.Classes, cfg: cm.Config, metrics: cm.Metrics}, c, nil
}

// export sends the current model as a file in format (msg.Format*).
func (s *Session) export(id int, format string) error {
	if s.model == nil {
		return errNoModel
	}
	if format == msg.FormatNPZ {
		var buf bytes.Buffer
		if err := s.model.core().WriteNPZ(&buf); err != nil {
			return err
		}
		s.emit(msg.Event{ID: id, Kind: msg.Model, Checkpoint: buf.Bytes(), Format: msg.FormatNPZ})
		return nil
	}
	if format != "" && format != msg.FormatCheckpoint && format != msg.FormatState {
		return fmt.Errorf("unknown model format %q (want %s, %s or %s)", format, msg.FormatCheckpoint, msg.FormatState, msg.FormatNPZ)
	}
	c, err := checkpointOf(s.model)
	if err != nil {
		return err
	}
	if format == msg.FormatState && s.run != nil && !s.run.Done() {
		// The run goes with the model: where it stands and the
		// optimizer's moments, so that an import continues it.
		p := s.run.Progress()
		c.Progress = &p
		if err := c.SetOptimizer(s.run.OptimizerState()); err != nil {
			return err
		}
	}
	b, err := c.Marshal()
	if err != nil {
		return err
	}
	s.emit(msg.Event{ID: id, Kind: msg.Model, Checkpoint: b})
	return nil
}

// importModel replaces the model by the checkpoint b, ending any run. A
// file that does not load changes nothing. The state of a run (a
// checkpoint with Progress, as Export in FormatState makes) becomes a
// paused run at its step, on its dataset (loaded if need be), which
// Resume continues; if it cannot (its data does not load), the model is
// imported without its run.
func (s *Session) importModel(id int, b []byte) error {
	if len(b) == 0 {
		return errors.New("no checkpoint bytes")
	}
	m, c, err := modelOf(b)
	if err != nil {
		return err
	}
	if m.metrics == nil {
		m.metrics = map[string]float64{}
	}
	if c != nil && c.Progress != nil && m.pca == nil && c.Progress.Iter < maxIter(m.cfg) && msg.CheckConfig(m.cfg) == nil && s.atHand(m.cfg.Data) {
		if s.resumeRun(id, m, c) == nil {
			return nil
		}
	}
	s.model, s.run, s.steps = m, nil, 0
	e := msg.Event{ID: id, Kind: msg.StateEvent, State: msg.StateReady, Text: "imported", Metrics: maps.Clone(m.metrics)}
	if m.cfg.Validate() == nil && m.pca == nil {
		s.cfg, s.known = m.cfg, true
		e.Config = m.cfg.Encode()
	}
	s.state = msg.StateReady
	s.emit(e)
	s.sendWeights(id)
	return nil
}

// atHand reports whether the dataset name is here without a download the
// user was not asked about: the sample, the toy problem and the 2D sets
// are; the full CIFAR-10 (up to 184 MB) only once loaded. A kept run on
// it is imported as a model until then, and the page asks (issue 9).
func (s *Session) atHand(name string) bool {
	kind, _, err := msg.ParseData(name)
	if err != nil {
		return false
	}
	return !msg.Full(kind) || s.data != nil && s.data.name == canonical(name)
}

// maxIter bounds the step of a run of c that a state may resume: a run
// of epochs has no fixed count before its data is known.
func maxIter(c train.Config) int {
	if c.Epochs > 0 {
		return train.MaxIters
	}
	return c.Iters
}

// resumeRun makes the run kept in c (with its model m) the session's,
// paused at its step. It changes nothing if the run cannot be rebuilt.
func (s *Session) resumeRun(id int, m *model, c *checkpoint.Checkpoint) error {
	d, _, err := s.dataset(id, m.cfg.Data)
	if err != nil {
		return err
	}
	rm, t, err := build(m.cfg, d, c)
	if err != nil {
		return err
	}
	if t.Done() {
		return errors.New("the saved run has ended")
	}
	rm.metrics = m.metrics
	s.model, s.run, s.cfg, s.known, s.steps = rm, t, m.cfg, true, 0
	s.seconds = m.metrics["seconds"]
	s.state = msg.StatePaused
	s.emit(msg.Event{ID: id, Kind: msg.StateEvent, State: msg.StatePaused, Text: "imported", Metrics: maps.Clone(m.metrics),
		Config: m.cfg.Encode(), Iter: t.Iter(), Iters: t.Total(), Epoch: len(t.History.TrainAcc)})
	s.sendWeights(id)
	return nil
}

// evaluate classifies the test split with the current model and sends the
// accuracy, the confusion matrix, the accuracy per class and the top-3
// guesses for the first count test images.
func (s *Session) evaluate(id, count int) error {
	m := s.model
	if m == nil {
		return errNoModel
	}
	if s.data == nil || s.data.images == nil {
		return errors.New("no test images: load the sample or CIFAR-10")
	}
	if err := m.reads(s.data); err != nil {
		return err
	}
	if count == 0 {
		count = defaultGuesses
	}
	if count < 0 || count > maxGuesses {
		return fmt.Errorf("count %d: want 0 to %d test images", count, maxGuesses)
	}
	test := s.data.images.Test
	count = min(count, test.Len())
	e := msg.Event{ID: id, Kind: msg.Results, Classes: slices.Clone(s.data.classes), Side: test.Shape.Norm().Side, Count: count,
		Pixels: make([]byte, 0, count*test.Shape.Plane()*4)}
	ev, err := m.core().Evaluate(test, evalBatch, func(i int, probs []float64) {
		if i >= count {
			return
		}
		top := topK(probs, 3)
		g := msg.Guess{Label: int(test.Labels[i]), Top: top}
		for _, c := range top {
			g.Probs = append(g.Probs, probs[c])
		}
		e.Guesses = append(e.Guesses, g)
		e.Pixels = append(e.Pixels, rgba(test.Image(i))...)
	})
	if err != nil {
		return err
	}
	e.TestAcc, e.Confusion, e.ClassAcc = ev.Accuracy, ev.Confusion, ev.PerClass
	s.emit(e)
	return nil
}

// reads returns nil if m can be scored on the images of d: it reads
// images of d's shape, it has d's number of classes, and the names its
// file lists (if any) are d's, in d's order. A model of other classes (the
// 100 of CIFAR-100, or ten others) would get an accuracy that counts its
// label i as d's label i, a number that means nothing.
func (m *model) reads(d *dataset) error {
	n, want := m.net.Spec.Classes, len(d.classes)
	shape := d.images.Train.Shape.Norm()
	set := d.title()
	got, ok := m.shape()
	switch {
	case !ok:
		return fmt.Errorf("the current model reads %s features, not images: it cannot be scored on %s's test images", numfmt.Int(m.net.Spec.Inputs), set)
	case got != shape:
		return fmt.Errorf("the current model reads %s and %s has %s: it cannot be scored on its test images", imagesName(got), set, imagesName(shape))
	case n != want:
		return fmt.Errorf("the current model has %s classes and %s has %s: it cannot be scored on its test images", numfmt.Int(n), set, numfmt.Int(want))
	case len(m.classes) == n && !slices.Equal(m.classes, d.classes):
		return fmt.Errorf("the current model's classes (%s) are not %s's (%s): it cannot be scored on its test images",
			strings.Join(m.classes, ", "), set, strings.Join(d.classes, ", "))
	}
	return nil
}

// topK returns the indices of the k largest values of p, largest first
// (the lower index first among equals).
func topK(p []float64, k int) []int {
	idx := seq(0, len(p))
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
	return idx[:min(k, len(idx))]
}

// rgba returns an image of a known shape (R, G, B planes, or one gray
// plane) as RGBA pixels.
func rgba(img []uint8) []byte {
	shape, _ := cifar.ShapeOf(len(img))
	px := shape.Plane()
	out := make([]byte, px*4)
	for p := range px {
		r, g, b := img[p], img[p], img[p]
		if shape.Channels == 3 {
			g, b = img[px+p], img[2*px+p]
		}
		out[4*p], out[4*p+1], out[4*p+2], out[4*p+3] = r, g, b, 255
	}
	return out
}
