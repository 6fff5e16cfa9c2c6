package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/backprop-playground/playground/core/checkpoint"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/core/nn"
)

// scores is a model's result on one set of images.
type scores struct {
	Name     string    `json:"name"`
	Images   int       `json:"images"`
	Accuracy float64   `json:"accuracy"`
	PerClass []float64 `json:"per_class"`
	// Confusion[i][j] counts the images of class i predicted as j.
	Confusion [][]int `json:"confusion"`
}

// score classifies every image of s with the model, batch images at a
// time (core/model's Evaluate, as the playground's worker).
func score(name string, m *model.Model, s *cifar.Set, classes, batch int) (*scores, error) {
	if m.Net.Spec.Classes != classes {
		return nil, fmt.Errorf("the model has %d classes, the data %d", m.Net.Spec.Classes, classes)
	}
	ev, err := m.Evaluate(s, batch, nil)
	if err != nil {
		return nil, err
	}
	return &scores{Name: name, Images: ev.Images, Accuracy: ev.Accuracy, PerClass: ev.PerClass, Confusion: ev.Confusion}, nil
}

// modelFromCheckpoint returns the model of c, which must read CIFAR-10
// images.
func modelFromCheckpoint(c *checkpoint.Checkpoint) (*model.Model, error) {
	m, err := model.FromCheckpoint(c)
	if err != nil {
		return nil, err
	}
	net := m.Net
	in := cifar.ImageBytes
	if m.PCA != nil {
		in = m.PCA.K()
	}
	if net.Spec.Inputs != in {
		return nil, fmt.Errorf("the model reads %d features, CIFAR-10 images give %d", net.Spec.Inputs, in)
	}
	if net.Spec.Classes != cifar.Classes {
		return nil, fmt.Errorf("the model has %d classes, CIFAR-10 has %d", net.Spec.Classes, cifar.Classes)
	}
	return m, nil
}

// evalReport is what `mlp eval -json` prints.
type evalReport struct {
	Model   string             `json:"model"`
	Network string             `json:"network"`
	Config  string             `json:"config"`
	Metrics map[string]float64 `json:"metrics,omitempty"`
	Classes []string           `json:"classes"`
	Sets    []*scores          `json:"sets"`
}

// runEval is `mlp eval`: a checkpoint on the whole test set and on the
// report's first 1,000 test images, with per-class accuracy and a
// confusion matrix.
func runEval(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", stderr)
	modelFile := fs.String("model", "", "the checkpoint to score (required)")
	var df dataFlags
	df.add(fs, false)
	plotDir := fs.String("plot", "", "write confusion.png and weights.png (the first layer's) to this folder")
	asJSON := fs.Bool("json", false, "print JSON instead of tables")
	withVal := fs.Bool("val", false, "also score the validation split")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *modelFile == "" {
		return usageError{errors.New("-model FILE is required")}
	}
	c, err := readCheckpoint(*modelFile)
	if err != nil {
		return err
	}
	m, err := modelFromCheckpoint(c)
	if err != nil {
		return fmt.Errorf("%s: %w", *modelFile, err)
	}
	data, err := resolveData(df.data)
	if err != nil {
		return err
	}
	d, err := loadDataset(data, 0)
	if err != nil {
		return err
	}
	classes := d.Classes
	if len(c.Classes) == cifar.Classes {
		classes = c.Classes
	}
	rep := &evalReport{Model: *modelFile, Network: m.Net.String(), Config: c.Config.Encode(), Metrics: c.Metrics, Classes: classes}
	type namedSet struct {
		name string
		s    *cifar.Set
	}
	sets := []namedSet{{fmt.Sprintf("test (all %d)", d.Test.Len()), d.Test}}
	if d.Test.Len() > cifar.ReportTestSize {
		sets = append(sets, namedSet{fmt.Sprintf("test (first %d, the report's)", cifar.ReportTestSize), d.ReportTest()})
	}
	if *withVal {
		sets = append(sets, namedSet{fmt.Sprintf("validation (%d)", d.Val.Len()), d.Val})
	}
	for _, set := range sets {
		sc, err := score(set.name, m, set.s, cifar.Classes, 1000)
		if err != nil {
			return err
		}
		rep.Sets = append(rep.Sets, sc)
	}
	if *plotDir != "" {
		path := filepath.Join(*plotDir, "confusion.png")
		if err := mkdirFor(path); err != nil {
			return err
		}
		title := fmt.Sprintf("%s: %s, accuracy %.3f", filepath.Base(*modelFile), rep.Sets[0].Name, rep.Sets[0].Accuracy)
		if err := plotConfusion(path, rep.Sets[0].Confusion, classes, title); err != nil {
			return err
		}
		weights := filepath.Join(*plotDir, "weights.png")
		if err := plotWeights(weights, m.Net, m.PCA, 100); err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintf(stdout, "wrote %s and %s\n", path, weights)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(stdout, "model %s: %s\n", *modelFile, describeNet(m.Net))
	for _, sc := range rep.Sets {
		printScores(stdout, sc, classes)
	}
	return nil
}

func describeNet(n *nn.Network) string {
	return fmt.Sprintf("%s (%s, %d parameters)", describe(n.Spec), n.Spec.Activation, n.Spec.NumParams())
}

// printScores writes the accuracy, per-class accuracy and confusion
// matrix of sc as aligned text.
func printScores(w io.Writer, sc *scores, classes []string) {
	fmt.Fprintf(w, "\n%s: accuracy %.4f (%d images)\n\n", sc.Name, sc.Accuracy, sc.Images)
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	short := make([]string, len(classes))
	for i, c := range classes {
		short[i] = c
		if len(c) > 5 {
			short[i] = c[:5]
		}
	}
	fmt.Fprintf(tw, "true \\ predicted\t%s\tacc\t\n", strings.Join(short, "\t"))
	for i, row := range sc.Confusion {
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = fmt.Sprint(v)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t\n", classes[i], strings.Join(cells, "\t"), sc.PerClass[i])
	}
	tw.Flush()
}
