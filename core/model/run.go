package model

import (
	"fmt"
	"slices"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// Images is what ImageRun trains on besides the settings: the images, their
// class names and the statistics that prepare them.
type Images struct {
	Train, Val *cifar.Set
	Classes    []string
	Pre        *cifar.Preprocess // fitted on Train, or the resumed run's
	PCA        *cifar.PCA        // nil: every pixel is a feature

	// From, if not nil, is the state of a run to continue (a checkpoint
	// with Progress, as a run's -save state or the playground's kept run
	// holds it): its weights, its progress and its optimizer's moments,
	// with the minibatches drawn from train.ResumeSeed. Best, if not nil,
	// is that run's best epoch's weights so far.
	From *checkpoint.Checkpoint
	Best [][]float64

	// TrainData, if not nil, gives the training features for the
	// augmentation and source the run draws from (cmd/mlp's cache of PCA
	// features); by default cifar.NewData(Train, Pre, aug, src, PCA).
	TrainData func(aug *cifar.Augment, src *rng.RandomState) (train.Data, error)
}

// NewRun builds the network spec and its trainer for the settings c: the
// one way a run is made from settings, for the playground's worker and for
// mlp train (ImageRun on images; the worker's 2D and toy sets directly).
// The generator rng.New(c.Seed) draws the weights first (W1, then W2, …),
// then, through data's source, every minibatch, flip, shift and dropout
// mask: the order of the reference report's numpy script. data returns
// the training and validation data (val may be nil) drawing from src.
// With from (the state of a run: a checkpoint with Progress), the run
// continues it: its weights, its progress and its optimizer's moments, the
// minibatches drawn from train.ResumeSeed, and best (may be nil) as its
// best epoch's weights so far.
func NewRun(c train.Config, spec nn.Spec, from *checkpoint.Checkpoint, best [][]float64,
	data func(src *rng.RandomState) (tr, val train.Data, err error)) (*nn.Network, *train.Trainer, error) {
	if from != nil {
		if from.Progress == nil {
			return nil, nil, fmt.Errorf("model: the checkpoint is not the state of a run (it has no progress)")
		}
		if !slices.Equal(from.Spec.Sizes(), spec.Sizes()) || from.Spec.Activation != spec.Activation {
			return nil, nil, fmt.Errorf("the saved run is a %v %s network, the settings make a %v %s one", from.Spec.Sizes(), from.Spec.Activation, spec.Sizes(), spec.Activation)
		}
	}
	src := rng.New(c.Seed)
	net, err := nn.New(spec, src)
	if err != nil {
		return nil, nil, err
	}
	if from != nil {
		saved, err := from.Network(src)
		if err != nil {
			return nil, nil, err
		}
		for i, p := range net.Params() {
			copy(p.Data(), saved.Params()[i].Data())
		}
		// A fresh stream: the saved run's generator state is not kept.
		src.Seed(train.ResumeSeed(c.Seed, from.Progress.Iter))
	}
	trainData, valData, err := data(src)
	if err != nil {
		return nil, nil, err
	}
	t, err := train.NewTrainer(c, net, trainData, valData, src)
	if err != nil {
		return nil, nil, err
	}
	if from != nil {
		if err := t.Resume(*from.Progress, best, from.OptimizerState()); err != nil {
			return nil, nil, err
		}
	}
	return net, t, nil
}

// ImageRun is NewRun on images: the net c describes for d's images (or
// its PCA's components) and classes, trained on d.Train changed by c's
// augmentation and prepared by d.Pre, validated on d.Val. The returned
// Model is the net with d's preprocessing, PCA and class names. An
// augmentation that does not fit is an *nn.ConfigError.
func ImageRun(c train.Config, d Images) (*Model, *train.Trainer, error) {
	aug := &cifar.Augment{FlipH: c.FlipH, FlipV: c.FlipV, Shift: c.Shift}
	if err := aug.Validate(); err != nil {
		return nil, nil, &nn.ConfigError{Field: "shift", Value: c.Shift, Reason: err.Error()}
	}
	if *aug == (cifar.Augment{}) {
		aug = nil
	}
	dim := d.Train.Size()
	if d.PCA != nil {
		dim = d.PCA.K()
	}
	net, t, err := NewRun(c, c.Spec(dim, len(d.Classes)), d.From, d.Best, func(src *rng.RandomState) (train.Data, train.Data, error) {
		var tr train.Data
		var err error
		if d.TrainData != nil {
			tr, err = d.TrainData(aug, src)
		} else {
			tr, err = cifar.NewData(d.Train, d.Pre, aug, src, d.PCA)
		}
		if err != nil {
			return nil, nil, err
		}
		val, err := cifar.NewData(d.Val, d.Pre, nil, nil, d.PCA)
		if err != nil {
			return nil, nil, err
		}
		return tr, val, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return &Model{Net: net, Pre: d.Pre, PCA: d.PCA, Classes: slices.Clone(d.Classes), Config: c, Metrics: map[string]float64{}}, t, nil
}
