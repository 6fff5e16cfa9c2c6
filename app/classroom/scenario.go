package classroom

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/toy"
	"github.com/backprop-playground/playground/core/train"
)

// Views a scenario can open on.
const (
	ViewTrain = "train" // train on a 2D dataset: decision regions, network canvas, curves
	ViewSteps = "steps" // step through one forward and backward pass, stage by stage
)

// Views lists the view names.
var Views = []string{ViewTrain, ViewSteps}

// ToyData is the dataset name of the report's toy problem (core/toy): 4
// inputs drawn by numpy, not a 2D dataset.
const ToyData = "toy"

// Limits on the text of a scenario, in characters.
const (
	MaxTitle = 120
	MaxText  = 4000
	MaxToy   = 50 // toy inputs: every matrix of the step-through is shown
)

// Scenario is what a classroom link carries.
type Scenario struct {
	Title string `json:"title"`
	Text  string `json:"text"` // shown beside the views; plain text, newlines kept
	View  string `json:"view"` // a value of Views

	// Data is the dataset. Data.Name equals Config.Data: a core/plane
	// generator's name, or ToyData, for which only Classes, Points and
	// Seed are used (see Toy).
	Data   plane.Spec   `json:"data"`
	Config train.Config `json:"config"`
	// Compare, if not nil, is a second network trained beside the first
	// on the same data.
	Compare *train.Config `json:"compare,omitempty"`

	// Hide lists the ids of the controls students do not see (see
	// Controls).
	Hide []string `json:"hide,omitempty"`
}

// Default returns the scenario a bare link opens: the 3-class spiral and
// a 2-16-16-3 ReLU net with Adam, which reaches 95% test accuracy in a few
// hundred steps, nothing hidden.
func Default() Scenario {
	return Scenario{View: ViewTrain, Data: plane.DefaultSpec(), Config: spiralConfig()}
}

// spiralConfig is the net of issue 4's spiral target (see core/plane's
// TestSpiralLearnable).
func spiralConfig() train.Config {
	return train.Config{Data: "spiral", Hidden: []int{16, 16}, Activation: "relu", Init: "he",
		Optimizer: "adam", LR: 0.01, Schedule: "constant", Decay: 1, Momentum: 0.9, Batch: 32, Iters: 3000,
		Sampling: "shuffle", Preprocess: "none", Seed: 1}
}

// Hidden reports whether the control with the given id is hidden.
func (s Scenario) Hidden(id string) bool {
	for _, h := range s.Hide {
		if h == id {
			return true
		}
	}
	return false
}

// Validate returns an *nn.ConfigError naming the first field (as the link
// spells it) that cannot work, or nil.
func (s Scenario) Validate() error {
	if err := checkText("title", s.Title, MaxTitle, false); err != nil {
		return err
	}
	if err := checkText("text", s.Text, MaxText, true); err != nil {
		return err
	}
	if !slices.Contains(Views, s.View) {
		return &nn.ConfigError{Field: "view", Value: strconv.Quote(s.View), Reason: "want one of " + strings.Join(Views, ", ")}
	}
	seen := map[string]bool{}
	for i, id := range s.Hide {
		field := fmt.Sprintf("hide[%d]", i)
		if _, ok := controlSet[id]; !ok {
			return &nn.ConfigError{Field: field, Value: strconv.Quote(id), Reason: "not a control id"}
		}
		if seen[id] {
			return &nn.ConfigError{Field: field, Value: strconv.Quote(id), Reason: "listed twice"}
		}
		seen[id] = true
	}
	if s.Data.Name != s.Config.Data {
		return &nn.ConfigError{Field: "data", Value: strconv.Quote(s.Config.Data), Reason: fmt.Sprintf("the dataset spec says %q", s.Data.Name)}
	}
	if err := s.validateData(); err != nil {
		return err
	}
	if err := validateConfig("", s.Config); err != nil {
		return err
	}
	if s.Compare != nil {
		if s.Compare.Data != s.Config.Data {
			return &nn.ConfigError{Field: "vs.data", Value: strconv.Quote(s.Compare.Data), Reason: "both nets train on the same data"}
		}
		if err := validateConfig("vs.", *s.Compare); err != nil {
			return err
		}
	}
	return nil
}

func (s Scenario) validateData() error {
	if s.Data.Name != ToyData {
		return s.Data.Validate()
	}
	d := s.Data
	if d.Classes < 2 || d.Classes > 10 {
		return &nn.ConfigError{Field: "classes", Value: d.Classes, Reason: "the toy problem takes 2 to 10 classes"}
	}
	if d.Points < 1 || d.Points > MaxToy {
		return &nn.ConfigError{Field: "points", Value: d.Points, Reason: fmt.Sprintf("the toy problem takes 1 to %d inputs", MaxToy)}
	}
	return nil
}

// validateConfig checks c and what the classroom adds: a network the
// canvas can draw, and no CIFAR-only settings on these small datasets.
func validateConfig(prefix string, c train.Config) error {
	if err := c.Validate(); err != nil {
		if ce, ok := err.(*nn.ConfigError); ok && prefix != "" {
			e := *ce
			e.Field = prefix + e.Field
			return &e
		}
		return err
	}
	for i, h := range c.Hidden {
		if h > canvasmsg.MaxNeurons {
			return &nn.ConfigError{Field: fmt.Sprintf("%shidden[%d]", prefix, i), Value: h,
				Reason: fmt.Sprintf("the classroom draws at most %d units per layer", canvasmsg.MaxNeurons)}
		}
	}
	if len(c.Hidden)+2 > canvasmsg.MaxLayers {
		return &nn.ConfigError{Field: prefix + "hidden", Value: len(c.Hidden), Reason: "too many layers to draw"}
	}
	for _, f := range []struct {
		key string
		bad bool
	}{{"pre", c.Preprocess != "none"}, {"fliph", c.FlipH}, {"flipv", c.FlipV}, {"shift", c.Shift != 0}, {"pca", c.PCA != 0}, {"precision", c.Precision == "f32"}} {
		if f.bad {
			v, _ := c.Get(f.key)
			return &nn.ConfigError{Field: prefix + f.key, Value: strconv.Quote(v), Reason: "is for CIFAR-10 images; the classroom's data take none"}
		}
	}
	return nil
}

func checkText(field, s string, limit int, multiline bool) error {
	if !utf8.ValidString(s) {
		return &nn.ConfigError{Field: field, Value: "(text)", Reason: "is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return &nn.ConfigError{Field: field, Value: fmt.Sprintf("(%d characters)", n), Reason: fmt.Sprintf("at most %d characters", limit)}
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			return &nn.ConfigError{Field: field, Value: fmt.Sprintf("(character %U)", r), Reason: "control characters are not allowed"}
		}
	}
	return nil
}

// Toy returns the toy problem that s describes, if its data is ToyData:
// X and y come from Args.Data (Points inputs of 4 values drawn from
// Data.Seed, Classes classes), and the net is
// nn.New(s.Config.Spec(4, Classes), rng.New(s.Config.Seed)), which for the
// shipped "toy" scenario is the report's toy.Model. Args.Hidden is the
// hidden size if the net has exactly one hidden layer, else 0.
func (s Scenario) Toy() (toy.Args, bool) {
	if s.Data.Name != ToyData {
		return toy.Args{}, false
	}
	a := toy.Args{SeedModel: s.Config.Seed, SeedData: s.Data.Seed, Inputs: s.Data.Points, InputSize: 4,
		Classes: s.Data.Classes, Std: s.Config.Std, Reg: s.Config.Reg}
	if len(s.Config.Hidden) == 1 {
		a.Hidden = s.Config.Hidden[0]
	}
	return a, true
}
