package msg

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/toy"
	"github.com/backprop-playground/playground/core/train"
)

// Dataset names, as Request.Data and the data= setting of a train.Config
// query spell them. "cifar:N" keeps the first N of the report's training
// images; "cifar" alone keeps them all (CIFARTrain).
const (
	DataToy    = "toy"
	DataSample = "sample"
	DataCIFAR  = "cifar"

	// CIFARTrain is the size of the report's training split of CIFAR-10
	// (records 0-48,999 of the training batches); cifar.ReportTrainSize.
	CIFARTrain = 49000

	// DataNamesWanted is the tail of every error about a dataset name.
	DataNamesWanted = `want "toy", "sample", "cifar" or "cifar:N" (N from 1 to 49000)`
)

// Sizes of the image datasets, as in core/cifar (a test checks that they
// agree): this package does not import core/cifar, which would grow
// app.wasm for two numbers.
const (
	imageBytes   = 3072 // cifar.ImageBytes: 32×32 pixels × 3 channels
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
// DataSample or DataCIFAR) and, for CIFAR, the number of training images.
func ParseData(name string) (kind string, n int, err error) {
	switch {
	case name == DataToy || name == DataSample:
		return name, 0, nil
	case name == DataCIFAR:
		return DataCIFAR, CIFARTrain, nil
	case strings.HasPrefix(name, DataCIFAR+":"):
		n, err := strconv.Atoi(strings.TrimPrefix(name, DataCIFAR+":"))
		if err != nil || n < 1 || n > CIFARTrain {
			return "", 0, fmt.Errorf("unknown dataset %q: %s", name, DataNamesWanted)
		}
		return DataCIFAR, n, nil
	case strings.HasPrefix(name, "plane:"): // a 2D dataset, checked by ParsePlaneData
		return DataPlane, 0, nil
	}
	return "", 0, fmt.Errorf("unknown dataset %q: %s", name, DataNamesWanted)
}

// CanonicalData returns the name under which a dataset is kept: "cifar" is
// "cifar:49000". Other names, valid or not, are returned as they are.
func CanonicalData(name string) string {
	if kind, n, err := ParseData(name); err == nil && kind == DataCIFAR {
		return fmt.Sprintf("%s:%d", DataCIFAR, n)
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
// features and 3 classes for the toy problem, 3072 and 10 for images.
func Shape(data string) (inputs, classes int) {
	if kind, _, _ := ParseData(data); kind == DataToy {
		a := toy.Report()
		return a.InputSize, a.Classes
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
	if err := c.Validate(); err != nil {
		return err
	}
	if c.PCA > 0 {
		return &nn.ConfigError{Field: "pca", Value: c.PCA,
			Reason: "not available in the browser (fitting it needs the covariance of 3072 features): use mlp train, then import the model"}
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
	if n := c.Spec(inputs, classes).NumParams(); n > MaxParams {
		return &nn.ConfigError{Field: "hidden", Value: fmt.Sprintf("%v", c.Hidden),
			Reason: fmt.Sprintf("the network would have %d parameters, more than the browser's limit of %d", n, MaxParams)}
	}
	return nil
}
