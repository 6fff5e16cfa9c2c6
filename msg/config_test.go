package msg_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

func TestParseData(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		name, kind, canonical string
		n                     int
		ok                    bool
	}{
		{"toy", msg.DataToy, "toy", 0, true},
		{"sample", msg.DataSample, "sample", 0, true},
		{"cifar", msg.DataCIFAR, "cifar:49000", 49000, true},
		{"cifar:1000", msg.DataCIFAR, "cifar:1000", 1000, true},
		{"cifar:0", "", "cifar:0", 0, false},
		{"cifar:49001", "", "cifar:49001", 0, false},
		{"cifar:abc", "", "cifar:abc", 0, false},
		{"mnist", "", "mnist", 0, false},
		{"", "", "", 0, false},
	} {
		kind, n, err := msg.ParseData(test.name)
		if kind != test.kind || n != test.n || (err == nil) != test.ok {
			t.Errorf("%d: ParseData(%q) = %q, %d, %v; want %q, %d, ok %v", i, test.name, kind, n, err, test.kind, test.n, test.ok)
		}
		if got := msg.CanonicalData(test.name); got != test.canonical {
			t.Errorf("%d: CanonicalData(%q) = %q, want %q", i, test.name, got, test.canonical)
		}
	}
}

// TestShapeMatchesCIFAR: the constants copied from core/cifar agree.
func TestShapeMatchesCIFAR(t *testing.T) {
	t.Parallel()
	if in, cl := msg.Shape("sample"); in != cifar.ImageBytes || cl != cifar.Classes {
		t.Errorf("Shape(sample) = %d, %d; want %d, %d", in, cl, cifar.ImageBytes, cifar.Classes)
	}
	if msg.CIFARTrain != cifar.ReportTrainSize {
		t.Errorf("CIFARTrain %d, want cifar.ReportTrainSize %d", msg.CIFARTrain, cifar.ReportTrainSize)
	}
	if in, cl := msg.Shape("toy"); in != 4 || cl != 3 {
		t.Errorf("Shape(toy) = %d, %d; want 4, 3", in, cl)
	}
}

func TestCheckConfig(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		data  string
		query string
		field string // "" if valid
	}{
		{"sample", "", ""},
		{"toy", "", ""},
		{"cifar:1000", "hidden=100,50&opt=adam", ""},
		{"sample", "lr=-1", "lr"},
		{"sample", "pca=10", "pca"},
		{"toy", "fliph=true", "fliph"},
		{"toy", "pre=channel", "pre"},
		{"sample", "hidden=2000,2000", "hidden"},
		{"sample", "batch=4000", "batch"},
		{"sample", "data=mnist", "data"},
	} {
		base := msg.Defaults(test.data)
		c := base
		var err error
		if test.query != "" {
			// Parse validates; settings it accepts are checked again.
			if c, err = train.Parse(test.query, base); err != nil {
				var ce *nn.ConfigError
				if !errors.As(err, &ce) || ce.Field != test.field {
					t.Errorf("%d: Parse(%q): %v, want a ConfigError on %q", i, test.query, err, test.field)
				}
				continue
			}
		}
		err = msg.CheckConfig(c)
		var ce *nn.ConfigError
		switch {
		case test.field == "" && err != nil:
			t.Errorf("%d: CheckConfig(%s) = %v, want nil", i, test.query, err)
		case test.field != "" && (!errors.As(err, &ce) || ce.Field != test.field):
			t.Errorf("%d: CheckConfig(%s) = %v, want a ConfigError on %q", i, test.query, err, test.field)
		}
	}
}

// TestHiddenLimit: a layer too wide for the browser hears the real bound
// for the current shape (3072 inputs, 10 classes: 1,360 units for one
// layer), not nn's loose cap of 65,536, and the bound is exact.
func TestHiddenLimit(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		hidden []int
		ok     bool
		reason string
	}{
		{[]int{1360}, true, ""},
		{[]int{1361}, false, "hidden layer can have at most 1,360 units with these settings"},
		{[]int{100000}, false, "hidden layer can have at most 1,360 units with these settings: the network would have 308,300,010 parameters, more than the browser's limit of 4,194,304"},
		{[]int{100, 40000}, false, "hidden layer 2 can have at most 35,017 units"},
	} {
		c := msg.Defaults("sample")
		c.Hidden = test.hidden
		err := msg.CheckConfig(c)
		var ce *nn.ConfigError
		switch {
		case test.ok && err != nil:
			t.Errorf("%v: %v", test.hidden, err)
		case !test.ok && (!errors.As(err, &ce) || ce.Field != "hidden" || !strings.Contains(ce.Reason, test.reason)):
			t.Errorf("%v: %v, want a hidden error saying %q", test.hidden, err, test.reason)
		}
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	if c := msg.Defaults("toy"); c.Data != "toy" || len(c.Hidden) != 1 || c.Hidden[0] != 10 || c.Preprocess != "none" {
		t.Errorf("Defaults(toy) = %+v", c)
	}
	if c := msg.Defaults("cifar:5000"); c.Data != "cifar:5000" || c.Hidden[0] != 50 || c.LR != 1e-4 {
		t.Errorf("Defaults(cifar:5000) = %+v", c)
	}
}
