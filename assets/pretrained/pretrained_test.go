package pretrained_test

import (
	"math"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/assets"
	"github.com/backprop-playground/playground/assets/pretrained"
	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/train"
)

// TestModel checks the committed model: it loads, fits CIFAR-10, is small
// enough for the browser, and scores what it records.
func TestModel(t *testing.T) {
	t.Parallel()
	if n := len(pretrained.Model); n > pretrained.MaxBytes {
		t.Errorf("%s is %d bytes, more than %d", pretrained.Name, n, pretrained.MaxBytes)
	}
	c, err := checkpoint.Unmarshal(pretrained.Model)
	if err != nil {
		t.Fatal(err)
	}
	if c.Spec.Inputs != cifar.ImageBytes || c.Spec.Classes != cifar.Classes || c.PCA != nil {
		t.Fatalf("spec %v, pca %v: want %d raw inputs and %d classes", c.Spec.Sizes(), c.PCA, cifar.ImageBytes, cifar.Classes)
	}
	for _, p := range c.Params {
		if p.DType != "f32" {
			t.Errorf("%s is %s, want f32", p.Name, p.DType)
		}
	}
	if !strings.Contains(c.Note, "make pretrained") || len(c.Classes) != cifar.Classes || c.Preprocess == nil {
		t.Errorf("note %q, %d classes, preprocess %v", c.Note, len(c.Classes), c.Preprocess)
	}
	testAcc, sampleAcc := c.Metrics["test_acc"], c.Metrics["sample_test_acc"]
	if c.Metrics["test_images"] != 10000 || testAcc < 0.5 {
		t.Errorf("metrics %v: want a test accuracy above 0.5 on all 10,000 test images", c.Metrics)
	}

	net, err := c.Network(nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := cifar.LoadFS(assets.SampleFS(), cifar.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := cifar.NewData(d.Test, c.Preprocess, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := train.Accuracy(net, data, 250)
	// The recorded sample accuracy was measured on these very weights.
	if got != sampleAcc {
		t.Errorf("accuracy on the sample's %d test images %.4f, recorded %.4f", d.Test.Len(), got, sampleAcc)
	}
	// The sample's 250 images are a draw from the test set: within 4
	// binomial standard deviations of the full test accuracy.
	sd := math.Sqrt(testAcc * (1 - testAcc) / float64(d.Test.Len()))
	if math.Abs(got-testAcc) > 4*sd {
		t.Errorf("accuracy on the sample %.4f, on the full test set %.4f: more than 4σ (%.3f) apart", got, testAcc, 4*sd)
	}
	t.Logf("%s: %v, test %.4f, sample %.4f, %d bytes", pretrained.Name, c.Spec.Sizes(), testAcc, got, len(pretrained.Model))
}
