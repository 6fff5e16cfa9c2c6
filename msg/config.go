package msg

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/numfmt"
	"github.com/backprop-playground/playground/core/toy"
	"github.com/backprop-playground/playground/core/train"
)

// Dataset names, as Request.Data and the data= setting of a train.Config
// query spell them. "cifar:N" keeps the first N of the report's training
// images; "cifar" alone keeps them all (CIFARTrain). "fashion:N" and
// "fashion" are the same for the full Fashion-MNIST (FashionTrain).
// "digits" and "fashion-sample" are the committed 28×28 grayscale samples.
const (
	DataToy           = "toy"
	DataSample        = "sample"
	DataCIFAR         = "cifar"
	DataDigits        = "digits"
	DataFashionSample = "fashion-sample"
	DataFashion       = "fashion"

	// CIFARTrain is the size of the report's training split of CIFAR-10
	// (records 0-48,999 of the training batches); cifar.ReportTrainSize.
	CIFARTrain = 49000
	// SampleTrain is the number of training images of the sample
	// (assets/cifar-sample: 250 per class).
	SampleTrain = 2500
	// GraySampleTrain is the number of training images of each grayscale
	// sample (assets/digits-sample and fashion-sample: 150 per class).
	GraySampleTrain = 1500
	// FashionTrain is the size of Fashion-MNIST's training split: its
	// 60,000 training images but the last 1,000 (mnist.ValSize).
	FashionTrain = 59000

	// DataNamesWanted is the tail of every error about a dataset name.
	DataNamesWanted = `want "toy", "sample", "cifar" or "cifar:N" (N from 1 to 49000), "digits", "fashion-sample", "fashion" or "fashion:N" (N from 1 to 59000)`
)

// Gray reports whether the image dataset kind (a ParseData kind) holds
// 28×28 grayscale images: the digits and Fashion-MNIST.
func Gray(kind string) bool {
	return kind == DataDigits || kind == DataFashionSample || kind == DataFashion
}

// Full reports whether the dataset kind is a full set served from the
// server's -data folder (CIFAR-10 or Fashion-MNIST), which a "kind:N"
// name cuts to N training images.
func Full(kind string) bool { return kind == DataCIFAR || kind == DataFashion }

// FullTrain returns the most training images of the full set kind.
func FullTrain(kind string) int {
	if kind == DataFashion {
		return FashionTrain
	}
	return CIFARTrain
}

// Sizes of the image datasets, as in core/cifar (a test checks that they
// agree): this package does not import core/cifar, which would grow
// app.wasm for two numbers.
const (
	imageBytes   = 3072 // cifar.ImageBytes: 32×32 pixels × 3 channels
	grayBytes    = 784  // cifar.Gray28.Bytes(): 28×28 pixels, one channel
	imageClasses = 10   // cifar.Classes
)

// Limits on what a run may allocate in a browser tab. A wasm program that
// runs out of memory dies (no recover), so sizes are checked before
// anything is built: MaxParams weights take 32 MB, and the optimizer, the
// gradients and the best epoch's copy hold four more of that size;
// MaxBatchValues bounds each minibatch matrix (batch × layer width) to
// 64 MB.
const (
	MaxParams      = 4 << 20
	MaxBatchValues = 8 << 20
)

// ParseData checks a dataset name and returns its kind (DataToy,
// DataSample, DataCIFAR, DataDigits, DataFashionSample, DataFashion or
// DataPlane) and, for a full set, the number of training images.
func ParseData(name string) (kind string, n int, err error) {
	switch {
	case name == DataToy || name == DataSample || name == DataDigits || name == DataFashionSample:
		return name, 0, nil
	case name == DataCIFAR || name == DataFashion:
		return name, FullTrain(name), nil
	case strings.HasPrefix(name, DataCIFAR+":") || strings.HasPrefix(name, DataFashion+":"):
		kind, num, _ := strings.Cut(name, ":")
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > FullTrain(kind) {
			return "", 0, fmt.Errorf("unknown dataset %q: %s", name, DataNamesWanted)
		}
		return kind, n, nil
	case strings.HasPrefix(name, "plane:"): // a 2D dataset, checked by ParsePlaneData
		return DataPlane, 0, nil
	}
	return "", 0, fmt.Errorf("unknown dataset %q: %s", name, DataNamesWanted)
}

// TrainSize returns the number of training images of the image dataset
// data, or 0 if it is not one.
func TrainSize(data string) int {
	switch kind, n, err := ParseData(data); {
	case err != nil:
		return 0
	case kind == DataSample:
		return SampleTrain
	case kind == DataDigits || kind == DataFashionSample:
		return GraySampleTrain
	case Full(kind):
		return n
	}
	return 0
}

// CanonicalData returns the name under which a dataset is kept: "cifar" is
// "cifar:49000", "fashion" "fashion:59000". Other names, valid or not, are
// returned as they are.
func CanonicalData(name string) string {
	if kind, n, err := ParseData(name); err == nil && Full(kind) {
		return fmt.Sprintf("%s:%d", kind, n)
	}
	return name
}

// Defaults returns the configuration whose values the absent keys of a
// Start or Reset query take for the dataset data: for the toy problem,
// toy.TrainConfig with the report's 4-10-3 net (std 0.1, no
// preprocessing); for images, train.Default (the report's default run).
// Its Data is data. An unknown name gets the image defaults.
func Defaults(data string) train.Config {
	kind, _, _ := ParseData(data)
	var c train.Config
	if kind == DataToy {
		c = toy.TrainConfig()
		a := toy.Report()
		c.Hidden, c.Std, c.Preprocess = []int{a.Hidden}, a.Std, "none"
	} else {
		c = train.Default()
	}
	c.Data = data
	return c
}

// Shape returns the inputs and classes of the dataset data's samples: 4
// features and 3 classes for the toy problem, 3072 and 10 for CIFAR-10,
// 784 and 10 for the grayscale sets.
func Shape(data string) (inputs, classes int) {
	kind, _, _ := ParseData(data)
	switch {
	case kind == DataToy:
		a := toy.Report()
		return a.InputSize, a.Classes
	case Gray(kind):
		return grayBytes, imageClasses
	}
	return imageBytes, imageClasses
}

// CheckConfig returns an *nn.ConfigError for the first setting of c that
// the worker would refuse before training, or nil: c.Validate, the net's
// shape on c.Data, settings that need images on the toy problem, PCA
// (which the browser does not fit), and the size limits MaxParams and
// MaxBatchValues. The UI calls it to report a bad field at once; the
// worker calls it before loading anything.
func CheckConfig(c train.Config) error {
	if _, _, err := ParseData(c.Data); err == nil {
		// First, so that a wide layer hears the bound that applies.
		if err := hiddenLimit(c.Spec(Shape(c.Data))); err != nil {
			return err
		}
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if c.PCA > 0 {
		return &nn.ConfigError{Field: "pca", Value: c.PCA,
			Reason: "not available in the browser (fitting it needs the covariance of every pixel): use mlp train, then import the model"}
	}
	kind, _, err := ParseData(c.Data)
	if err != nil {
		return &nn.ConfigError{Field: "data", Value: strconv.Quote(c.Data), Reason: DataNamesWanted}
	}
	inputs, classes := Shape(c.Data)
	if kind == DataToy {
		for _, f := range []struct {
			key string
			on  bool
		}{{"fliph", c.FlipH}, {"flipv", c.FlipV}, {"shift", c.Shift > 0}, {"pre", c.Preprocess != "none"}} {
			if f.on {
				v, _ := c.Get(f.key)
				return &nn.ConfigError{Field: f.key, Value: v, Reason: "applies to images only, and the toy problem has none"}
			}
		}
	}
	if err := c.Spec(inputs, classes).Validate(); err != nil {
		return err
	}
	widest := max(inputs, classes)
	for _, h := range c.Hidden {
		widest = max(widest, h)
	}
	if v := c.Batch * widest; v > MaxBatchValues {
		return &nn.ConfigError{Field: "batch", Value: c.Batch,
			Reason: fmt.Sprintf("a minibatch of %d × %d values is more than the browser's limit of %d", c.Batch, widest, MaxBatchValues)}
	}
	return nil
}

// hiddenLimit returns an error naming the real bound on a hidden layer
// when s has more than MaxParams parameters: the widest that layer can be
// with every other size as it is (for 3072 inputs, one layer and 10
// classes, 1,364 units). It checks this before nn's own per-layer cap
// (nn.MaxUnits), which is far looser than what a browser can hold.
func hiddenLimit(s nn.Spec) error {
	sizes := s.Sizes()
	for _, v := range sizes {
		if v <= 0 {
			return nil // Validate says what is wrong
		}
	}
	n := 0
	for i := 1; i < len(sizes); i++ {
		n += sizes[i-1]*sizes[i] + sizes[i]
	}
	if n <= MaxParams {
		return nil
	}
	// The layer that needs the smallest cut, of those that can bring the
	// net within the limit alone.
	worst, bound := -1, 0
	for i := 1; i < len(sizes)-1; i++ {
		// Parameters that do not involve layer i, and those per unit of it.
		perUnit := sizes[i-1] + 1 + sizes[i+1]
		rest := n - sizes[i]*perUnit
		b := max((MaxParams-rest)/perUnit, 0)
		if b > 0 && (worst < 0 || float64(b)/float64(sizes[i]) > float64(bound)/float64(sizes[worst])) {
			worst, bound = i, b
		}
	}
	total := fmt.Sprintf("the network would have %s parameters, more than the browser's limit of %s", numfmt.Int(n), numfmt.Int(MaxParams))
	if worst < 0 {
		return &nn.ConfigError{Field: "hidden", Value: joinCounts(sizes[1 : len(sizes)-1]), Reason: total + ": make the layers smaller"}
	}
	layer := ""
	if len(sizes) > 3 {
		layer = fmt.Sprintf(" %d", worst)
	}
	reason := fmt.Sprintf("hidden layer%s can have at most %s with these settings: %s", layer, numfmt.Plural(bound, "unit", "units"), total)
	return &nn.ConfigError{Field: "hidden", Value: joinCounts(sizes[1 : len(sizes)-1]), Reason: reason}
}

// joinCounts writes sizes for reading: "2,000, 2,000" would be ambiguous,
// so layers are joined by " and ".
func joinCounts(sizes []int) string {
	parts := make([]string, len(sizes))
	for i, v := range sizes {
		parts[i] = numfmt.Int(v)
	}
	return strings.Join(parts, " and ")
}
