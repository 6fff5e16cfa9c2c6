package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strings"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/train"
)

// configFlags adds a flag for every field of train.Config (its key, as in
// playground URLs and checkpoints, from train.Fields) plus -config for a
// whole query, and returns a function giving the resulting Config: the
// defaults, then -config, then the other flags wherever they were written,
// validated.
func configFlags(fs *flag.FlagSet, skip ...string) func() (train.Config, error) {
	def := train.Default()
	var query string
	var set [][2]string // key, value in the order given
	fs.StringVar(&query, "config", "", "settings as a URL query, e.g. 'hidden=100,50&opt=adam' (other flags override it)")
	for _, f := range train.Fields {
		if contains(skip, f.Key) {
			continue
		}
		key := f.Key
		v, _ := def.Get(key)
		fv := &fieldFlag{key: key, def: v, set: &set}
		usage := f.Usage
		fs.Var(fv, key, usage)
	}
	return func() (train.Config, error) {
		c := def
		if query != "" {
			var err error
			if c, err = train.Parse(query, def); err != nil {
				return c, usageError{fmt.Errorf("-config: %w", err)}
			}
		}
		for _, kv := range set {
			if err := c.Set(kv[0], kv[1]); err != nil {
				return c, usageError{err}
			}
		}
		if err := c.Validate(); err != nil {
			return c, usageError{err}
		}
		return c, nil
	}
}

// fieldFlag is the flag.Value of one Config field: it checks the value
// against the schema when parsed and records it to apply after -config.
type fieldFlag struct {
	key, def string
	set      *[][2]string
}

func (f *fieldFlag) String() string {
	if f == nil {
		return ""
	}
	return f.def
}

func (f *fieldFlag) Set(s string) error {
	c := train.Default()
	if err := c.Set(f.key, s); err != nil {
		return err
	}
	*f.set = append(*f.set, [2]string{f.key, s})
	return nil
}

// IsBoolFlag lets "-fliph" stand for "-fliph=true" for the boolean fields.
func (f *fieldFlag) IsBoolFlag() bool { return f.def == "true" || f.def == "false" }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// dataFlags are the flags choosing the images, shared by train, sweep and
// eval.
type dataFlags struct {
	data   string
	val    int
	ntrain int
}

func (d *dataFlags) add(fs *flag.FlagSet, training bool) {
	fs.StringVar(&d.data, "data", "", "CIFAR-10 binary folder, or \"sample\" for the committed sample (default $CIFAR10_DIR, else "+defaultDataDir+")")
	if training {
		fs.IntVar(&d.val, "val", 0, "validation images, from the end of the training batches (0: the report's 1,000)")
		fs.IntVar(&d.ntrain, "ntrain", 0, "train on the first N training images only (0: all)")
	}
}

// load resolves -data and loads the dataset and its feature preparation.
func (d *dataFlags) load() (*features, string, error) {
	data, err := resolveData(d.data)
	if err != nil {
		return nil, "", err
	}
	ds, err := loadDataset(data, d.val)
	if err != nil {
		return nil, "", err
	}
	f, err := newFeatures(ds, d.ntrain)
	return f, data, err
}

// runTrain is `mlp train`: one run, with a progress bar, per-epoch
// accuracies, the best model kept and scored on the test set.
func runTrain(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train", stderr)
	config := configFlags(fs, "data")
	var df dataFlags
	df.add(fs, true)
	var opt runOptions
	fs.IntVar(&opt.PCAFit, "pca-fit", 2000, "training images the PCA is fitted on (with -pca K)")
	fs.BoolVar(&opt.Whiten, "whiten", false, "whiten the PCA components (with -pca K)")
	fs.StringVar(&opt.Save, "save", "", "keep the best model by validation accuracy in this file (and the run's state in FILE.resume)")
	fs.StringVar(&opt.DType, "dtype", "f64", "weights in the -save file: f64 or f32 (half the size)")
	fs.StringVar(&opt.Resume, "resume", "", "continue the run saved in this state file (FILE.resume of -save FILE)")
	fs.StringVar(&opt.Note, "note", "", "a note stored in the checkpoint")
	fs.IntVar(&opt.MaxParams, "max-params", defaultMaxParams, "refuse a network with more parameters than this (each needs about 32 bytes to train)")
	plotDir := fs.String("plot", "", "write PNG figures (loss, accuracy, first-layer weights) to this folder")
	asJSON := fs.Bool("json", false, "print the summary as JSON on stdout (epoch lines go to stderr)")
	progress := fs.String("progress", "auto", "progress bar on stderr: auto (if a terminal), on or off")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: mlp train [flags]\n\nTrains one configuration on CIFAR-10. Every setting of a run is a flag named as in\nplayground URLs; -config takes several at once.\n\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c, err := config()
	if err != nil {
		return err
	}
	if opt.DType != "f64" && opt.DType != "f32" {
		return usageError{fmt.Errorf("-dtype %q: want f64 or f32", opt.DType)}
	}
	if opt.PCAFit < 2 {
		return usageError{fmt.Errorf("-pca-fit %d: want at least 2 images", opt.PCAFit)}
	}
	if *progress != "auto" && *progress != "on" && *progress != "off" {
		return usageError{fmt.Errorf("-progress %q: want auto, on or off", *progress)}
	}
	if opt.Resume != "" {
		st, err := readCheckpoint(opt.Resume)
		if err != nil {
			return err
		}
		// The run's own settings, with the flags given now on top (e.g. more epochs).
		base := st.Config
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		for _, fl := range train.Fields {
			if given[fl.Key] {
				v, _ := c.Get(fl.Key)
				if err := base.Set(fl.Key, v); err != nil {
					return usageError{err}
				}
			}
		}
		if err := base.Validate(); err != nil {
			return usageError{err}
		}
		c = base
		if opt.Save == "" {
			opt.Save = strings.TrimSuffix(opt.Resume, ".resume")
		}
	}
	if opt.Save != "" && opt.Save == opt.Resume {
		return usageError{errors.New("-save and -resume name the same file: -resume takes FILE.resume")}
	}
	opt.EvalTest = true
	if err := checkSize(c, opt.MaxParams); err != nil { // before the data load
		return err
	}

	f, data, err := df.load()
	if err != nil {
		return err
	}
	if data == sampleName {
		c.Data = sampleName
	} else {
		c.Data = "cifar"
	}
	lines := stdout
	if *asJSON {
		lines = stderr
	}
	var b *bar
	if *progress == "on" || (*progress == "auto" && isTerminal(stderr)) {
		b = newBar(stderr, 0, 0)
	}
	fmt.Fprintf(lines, "data %s: %d train, %d val, %d test images\n", data, f.d.Train.Len(), f.d.Val.Len(), f.d.Test.Len())
	fmt.Fprintf(lines, "config %s\n", readableQuery(c.Encode()))
	h := hooks{
		start: func(total, done int) {
			if b != nil {
				*b = *newBar(stderr, total, done)
			}
		},
		step: func(ev train.Event, done int, loss float64) {
			b.update(done, fmt.Sprintf("loss %.4f", loss))
		},
		epoch: func(e epochLine) {
			b.clear()
			fmt.Fprintln(lines, e)
		},
		note: func(s string) {
			b.clear()
			fmt.Fprintln(lines, s)
		},
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, model, err := trainRun(ctx, c, f, opt, h)
	b.clear()
	if err != nil {
		return err
	}
	if *plotDir != "" {
		files, err := plotRun(*plotDir, res, model)
		if err != nil {
			return err
		}
		for _, p := range files {
			fmt.Fprintf(lines, "wrote %s\n", p)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		return enc.Encode(res)
	}
	fmt.Fprintf(stdout, "%s: %d iterations (%d epochs) in %.1f s, %.1f ms/iteration, stopped: %s\n",
		describe(model.Net.Spec), res.Iters, res.Epochs, res.Seconds, res.MsIter, res.Stop)
	fmt.Fprintf(stdout, "kept the model of iteration %d: train %.4f  val %.4f", res.BestIter+1, res.TrainAcc, res.ValAcc)
	if res.NTest > 0 {
		fmt.Fprintf(stdout, "  test %.4f (%d images)", res.TestAcc, res.NTest)
	}
	if res.NTest > cifar.ReportTestSize {
		fmt.Fprintf(stdout, "  test first %d %.4f", cifar.ReportTestSize, res.Test1k)
	}
	fmt.Fprintln(stdout)
	if res.Save != "" {
		fmt.Fprintf(stdout, "saved %s (continue with -resume %s)\n", res.Save, statePath(res.Save))
	}
	if res.Error != "" {
		return errors.New(res.Error)
	}
	return nil
}

// readableQuery undoes the URL escaping of a query (hidden=256%2C128 reads
// hidden=256,128) for display; the query itself stays escaped.
func readableQuery(q string) string {
	if u, err := url.QueryUnescape(q); err == nil {
		return u
	}
	return q
}
