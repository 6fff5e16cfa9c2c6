// Package model is a trained classifier of images as a file holds
// it: the network, the preprocessing its inputs need, the PCA (if it reads
// principal components) and the class names. It is read from and written
// to a checkpoint, and Evaluate scores it on a set of images: accuracy,
// confusion matrix and per-class accuracy. The playground's worker and
// `mlp eval` both use it, so the numbers they print are one computation.
// NewRun and ImageRun build a run from a train.Config (the net, its data,
// its trainer, a resumed state) for the worker and for `mlp train` alike.
package model

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
)

// Model is a network with what it needs to read an image.
type Model struct {
	Net     *nn.Network
	Pre     *cifar.Preprocess // nil: raw pixel values
	PCA     *cifar.PCA        // nil: every pixel is a feature
	Classes []string
	Config  train.Config       // the settings it was trained with
	Metrics map[string]float64 // what its file says of its training
}

// FromCheckpoint returns the model a checkpoint holds.
func FromCheckpoint(c *checkpoint.Checkpoint) (*Model, error) {
	net, err := c.Network(nil)
	if err != nil {
		return nil, err
	}
	return &Model{Net: net, Pre: c.Preprocess, PCA: c.PCAModel(), Classes: c.Classes, Config: c.Config, Metrics: c.Metrics}, nil
}

// Checkpoint returns m as a checkpoint with the given note, its weights
// stored as dtype ("f32" or "f64").
func (m *Model) Checkpoint(note, dtype string) (*checkpoint.Checkpoint, error) {
	h := checkpoint.Header{Config: m.Config, Preprocess: m.Pre, Classes: m.Classes, Note: note, Metrics: m.Metrics}
	return checkpoint.New(m.Net, h, dtype, m.PCA)
}

// TakesImages reports whether m reads images of a known shape
// (cifar.ShapeOf: 32×32 colour or 28×28 gray), through its PCA if it has
// one.
func (m *Model) TakesImages() bool {
	if m.PCA != nil {
		_, ok := cifar.ShapeOf(len(m.PCA.Mean))
		return ok && m.Net.Spec.Inputs == m.PCA.K()
	}
	_, ok := cifar.ShapeOf(m.Net.Spec.Inputs)
	return ok
}

// imageBytes returns the size of the images m reads (through its PCA if
// it has one).
func (m *Model) imageBytes() int {
	if m.PCA != nil {
		return len(m.PCA.Mean)
	}
	return m.Net.Spec.Inputs
}

// NonFiniteError is a model whose class probabilities are not numbers:
// finite weights so large (1e308) that the forward pass overflows. The
// file passes every check of its format; only computing with it shows it.
type NonFiniteError struct {
	Image int // the first image whose probabilities are not finite
}

func (e *NonFiniteError) Error() string {
	return fmt.Sprintf("the model's class probabilities for image %d are not numbers: its weights are too large to compute with, so it cannot be used", e.Image)
}

// Evaluation is a model's score on a set of images.
type Evaluation struct {
	Images   int
	Accuracy float64   // in [0, 1]
	PerClass []float64 // the accuracy on each class's images (0 for a class without any)
	// Confusion[i][j] counts the images of class i predicted as j.
	Confusion [][]int
}

// Evaluate classifies every image of s, batch at a time, predicting the
// most probable class (the lowest index among equals). each, if not nil,
// is called with every image's index and class probabilities (a row that
// is only valid during the call).
func (m *Model) Evaluate(s *cifar.Set, batch int, each func(i int, probs []float64)) (Evaluation, error) {
	if !m.TakesImages() {
		return Evaluation{}, fmt.Errorf("the model reads %d features, not images", m.Net.Spec.Inputs)
	}
	if in := m.imageBytes(); in != s.Size() {
		return Evaluation{}, fmt.Errorf("the model reads images of %d pixel bytes, and these are %v (%d)", in, s.Shape.Norm(), s.Size())
	}
	if batch <= 0 {
		return Evaluation{}, errors.New("model: the batch size must be positive")
	}
	d, err := cifar.NewData(s, m.Pre, nil, nil, m.PCA)
	if err != nil {
		return Evaluation{}, err
	}
	classes := m.Net.Spec.Classes
	e := Evaluation{Images: s.Len(), PerClass: make([]float64, classes), Confusion: make([][]int, classes)}
	for i := range e.Confusion {
		e.Confusion[i] = make([]int, classes)
	}
	n := s.Len()
	if n == 0 {
		return e, nil
	}
	batch = min(batch, n)
	x := mat.NewDense(batch, d.Dim(), nil)
	y, idx := make([]int, batch), make([]int, batch)
	right := 0
	for lo := 0; lo < n; lo += batch {
		k := min(batch, n-lo)
		for i := range k {
			idx[i] = lo + i
		}
		xs := x.Slice(0, k, 0, d.Dim()).(*mat.Dense)
		d.Batch(xs, y[:k], idx[:k])
		p := m.Net.Probs(xs)
		for i := range k {
			row := p.RawRowView(i)
			pred := 0
			for j, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return Evaluation{}, &NonFiniteError{Image: lo + i}
				}
				if v > row[pred] {
					pred = j
				}
			}
			if y[i] >= classes {
				return Evaluation{}, fmt.Errorf("label %d beyond the model's %d classes", y[i], classes)
			}
			e.Confusion[y[i]][pred]++
			if pred == y[i] {
				right++
			}
			if each != nil {
				each(lo+i, row)
			}
		}
	}
	e.Accuracy = float64(right) / float64(n)
	for c, row := range e.Confusion {
		total := 0
		for _, v := range row {
			total += v
		}
		if total > 0 {
			e.PerClass[c] = float64(row[c]) / float64(total)
		}
	}
	return e, nil
}
