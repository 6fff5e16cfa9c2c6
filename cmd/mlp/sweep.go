package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/backprop-playground/playground/core/train"
)

// runSweep is `mlp sweep`: a grid or random search, two runs at a time,
// ranked by validation accuracy like the report's Table 1, with results in
// OUT/results.csv and OUT/results.json. Finished runs are appended to
// OUT/runs.jsonl as they end, so an interrupted sweep started again with
// the same flags skips them.
func runSweep(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sweep", stderr)
	config := configFlags(fs, "data")
	var df dataFlags
	df.add(fs, true)
	grid := fs.String("grid", "", "grid search over this space, e.g. 'hidden=50,80;lr=1e-3,2e-3'")
	random := fs.Int("random", 0, "random search: draw N points from -space")
	spaceText := fs.String("space", "", "the space of -random, e.g. 'hidden=50..300;lr=1e-4..1e-2:log;opt=sgd,adam'")
	spaceFile := fs.String("space-file", "", "read the space from this file (one key=values per line, # comments)")
	seed := fs.Uint("sweep-seed", 1, "seed of the random draws of the points")
	workers := fs.Int("workers", 2, "runs trained at the same time")
	out := fs.String("out", "sweep", "folder for runs.jsonl, results.csv, results.json and the runs' checkpoints")
	var opt runOptions
	fs.IntVar(&opt.PCAFit, "pca-fit", 2000, "training images the PCA is fitted on (with pca=K)")
	fs.IntVar(&opt.MaxParams, "max-params", defaultMaxParams, "refuse a configuration whose network has more parameters than this (each needs about 32 bytes to train)")
	fs.BoolVar(&opt.Whiten, "whiten", false, "whiten the PCA components")
	keep := fs.Bool("keep", true, "keep each run's best checkpoint (f32) in OUT/runs/")
	top := fs.Int("top", 0, "print only the best N runs (0: all)")
	promote := fs.Int("promote", 0, "successive halving: train the best N configurations again with -promote-set")
	promoteSet := fs.String("promote-set", "", "settings changed for the promoted runs, as a query, e.g. 'epochs=10'")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: mlp sweep (-grid SPACE | -random N -space SPACE | -space-file FILE [-random N]) [flags]\n\n"+
			"The other settings (the flags of mlp train) are the base of every point.\n"+
			"SPACE: key=values;key=values... values: a,b,c (or a|b|c), lo..hi, lo..hi:log (random only);\n"+
			"hidden layers may be written 50-70-50.\n\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	base, err := config()
	if err != nil {
		return err
	}
	sp, err := sweepSpace(*grid, *spaceText, *spaceFile, *random)
	if err != nil {
		return usageError{err}
	}
	if *workers < 1 || *workers > 64 {
		return usageError{fmt.Errorf("-workers %d: want 1 to 64", *workers)}
	}
	if *seed > 1<<32-1 {
		return usageError{fmt.Errorf("-sweep-seed %d: want 0 to 4294967295", *seed)}
	}
	if opt.PCAFit < 2 {
		return usageError{fmt.Errorf("-pca-fit %d: want at least 2 images", opt.PCAFit)}
	}
	if *promote < 0 || (*promote > 0) != (*promoteSet != "") {
		return usageError{errors.New("-promote N and -promote-set QUERY go together (N > 0)")}
	}
	var promoteKeys []string
	if *promoteSet != "" {
		c, err := train.Parse(*promoteSet, base)
		if err != nil {
			return usageError{fmt.Errorf("-promote-set: %w", err)}
		}
		for _, f := range train.Fields {
			a, _ := c.Get(f.Key)
			b, _ := base.Get(f.Key)
			if a != b || strings.Contains(*promoteSet, f.Key+"=") {
				promoteKeys = append(promoteKeys, f.Key)
			}
		}
	}
	var points []train.Config
	if *random > 0 {
		points, err = sp.random(base, *random, uint32(*seed))
	} else {
		points, err = sp.grid(base)
	}
	if err != nil {
		return usageError{err}
	}
	for _, c := range points { // every point, before the data load
		if err := checkSize(c, opt.MaxParams); err != nil {
			return fmt.Errorf("%s: %w", c.Encode(), err)
		}
	}

	f, data, err := df.load()
	if err != nil {
		return err
	}
	for i := range points {
		points[i].Data = "cifar"
		if data == sampleName {
			points[i].Data = sampleName
		}
	}
	if err := os.MkdirAll(filepath.Join(*out, "runs"), 0o755); err != nil {
		return err
	}
	journal := filepath.Join(*out, "runs.jsonl")
	done, err := readJournal(journal)
	if err != nil {
		return err
	}
	jf, err := os.OpenFile(journal, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer jf.Close()

	fmt.Fprintf(stdout, "sweep of %d configurations over %s on %s (%d train, %d val, %d test images), %d at a time\n",
		len(points), strings.Join(sp.keys(), ", "), data, f.d.Train.Len(), f.d.Val.Len(), f.d.Test.Len(), *workers)
	results := make([]*result, len(points))
	for i, c := range points {
		results[i] = done[c.Encode()]
	}
	if n := len(done); n > 0 {
		fmt.Fprintf(stdout, "%d runs recorded in %s\n", n, journal)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	p := &pool{ctx: ctx, f: f, opt: opt, keep: *keep, out: *out, workers: *workers, keys: sp.keys(), journal: jf, stdout: stdout}
	if err := p.run(points, results, 0); err != nil {
		return err
	}
	if *promote > 0 {
		var next []train.Config
		ranked := rank(results)
		for _, r := range ranked[:min(*promote, len(ranked))] {
			c, err := train.Parse(*promoteSet, r.Config)
			if err != nil {
				return usageError{fmt.Errorf("-promote-set: %w", err)}
			}
			next = append(next, c)
		}
		more := make([]*result, len(next))
		for i, c := range next {
			more[i] = done[c.Encode()]
		}
		fmt.Fprintf(stdout, "promoting the best %d with %s\n", len(next), *promoteSet)
		p.keys = append(sp.keys(), promoteKeys...)
		if err := p.run(next, more, len(points)); err != nil {
			return err
		}
		results = append(results, more...)
	}
	fmt.Fprintf(stdout, "sweep finished in %s\n", time.Since(start).Round(time.Second))

	ranked := rank(results)
	shown := ranked
	if *top > 0 && *top < len(shown) {
		shown = shown[:*top]
	}
	fmt.Fprintln(stdout)
	printTable(stdout, shown, uniq(append(sp.keys(), promoteKeys...)))
	if err := writeResults(*out, ranked); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nwrote %s and %s\n", filepath.Join(*out, "results.csv"), filepath.Join(*out, "results.json"))
	return nil
}

// pool trains configurations, workers at a time, recording each finished
// run in the journal.
type pool struct {
	ctx     context.Context
	f       *features
	opt     runOptions
	keep    bool
	out     string
	workers int
	keys    []string
	journal io.Writer
	stdout  io.Writer
}

// run trains the points whose result is nil, numbering their checkpoints
// from first+1, and fills results.
func (p *pool) run(points []train.Config, results []*result, first int) error {
	var todo []int
	for i := range points {
		if results[i] == nil {
			todo = append(todo, i)
		}
	}
	if n := len(points) - len(todo); n > 0 {
		fmt.Fprintf(p.stdout, "%d already done\n", n)
	}
	var mu sync.Mutex // guards stdout, the journal, results and firstErr
	finished := len(points) - len(todo)
	jobs := make(chan int)
	var wg sync.WaitGroup
	var firstErr error
	for range p.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				o := p.opt
				o.EvalTest = true
				if p.keep {
					o.Save = filepath.Join(p.out, "runs", fmt.Sprintf("%03d.bppmodel", first+i+1))
					o.DType = "f32"
					o.NoState = true
				}
				res, _, err := trainRun(p.ctx, points[i], p.f, o, hooks{})
				mu.Lock()
				if err != nil {
					if p.ctx.Err() == nil && firstErr == nil {
						firstErr = fmt.Errorf("configuration %d (%s): %w", first+i+1, pointText(points[i], p.keys), err)
					}
					mu.Unlock()
					continue
				}
				results[i] = res
				finished++
				if b, err := json.Marshal(res); err == nil {
					p.journal.Write(append(b, '\n'))
				}
				fmt.Fprintf(p.stdout, "[%3d/%d] %3d  val %.4f  test %.4f  %6.0f s  %s%s\n", finished, len(points), first+i+1,
					res.ValAcc, res.TestAcc, res.Seconds, pointText(points[i], p.keys), errNote(res))
				mu.Unlock()
			}
		}()
	}
	for _, i := range todo {
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed || p.ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	if err := p.ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %d of %d done; run the same command again to continue", finished, len(points))
	}
	return nil
}

func uniq(keys []string) []string {
	var out []string
	for _, k := range keys {
		if !contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func errNote(r *result) string {
	if r.Error != "" {
		return "  (" + r.Error + ")"
	}
	return ""
}

// sweepSpace picks the space from the flags.
func sweepSpace(grid, text, file string, random int) (space, error) {
	given := 0
	for _, s := range []string{grid, text, file} {
		if s != "" {
			given++
		}
	}
	if given != 1 {
		return nil, errors.New("give one of -grid SPACE, -random N -space SPACE, or -space-file FILE")
	}
	if random < 0 {
		return nil, fmt.Errorf("-random %d: want a positive number of points", random)
	}
	if grid != "" && random > 0 {
		return nil, errors.New("-grid searches every combination: use -space with -random N")
	}
	if text != "" && random == 0 {
		return nil, errors.New("-space needs -random N (or use -grid)")
	}
	if file != "" {
		fh, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		sp, err := readSpace(fh)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return sp, nil
	}
	if grid != "" {
		return parseSpace(grid)
	}
	return parseSpace(text)
}

// readJournal returns the finished runs recorded in path, by query.
func readJournal(path string) (map[string]*result, error) {
	done := map[string]*result{}
	fh, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return done, nil
	}
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			// A line cut short by a crash: the run is simply done again.
			continue
		}
		done[r.Config.Encode()] = &r
	}
	return done, sc.Err()
}

// rank returns the finished results, best validation accuracy first (ties:
// fewer seconds).
func rank(results []*result) []*result {
	var out []*result
	for _, r := range results {
		if r != nil {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ValAcc != out[j].ValAcc {
			return out[i].ValAcc > out[j].ValAcc
		}
		return out[i].Seconds < out[j].Seconds
	})
	return out
}

// printTable writes the ranked table: the swept settings, then
// iterations, accuracies and time.
func printTable(w io.Writer, rs []*result, keys []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "rank\t%s\titers\tval acc\ttest acc\ttrain acc\ttime\n", strings.Join(keys, "\t"))
	for i, r := range rs {
		vals := make([]string, len(keys))
		for k, key := range keys {
			vals[k], _ = r.Config.Get(key)
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.0f s%s\n", i+1, strings.Join(vals, "\t"), r.Iters, r.ValAcc, r.TestAcc, r.TrainAcc, r.Seconds, errNote(r))
	}
	tw.Flush()
}

// writeResults writes results.csv (every setting and metric, one row per
// run) and results.json (the same as a JSON array), ranked.
func writeResults(dir string, rs []*result) error {
	var buf strings.Builder
	cw := csv.NewWriter(&buf)
	head := []string{"rank"}
	for _, f := range train.Fields {
		head = append(head, f.Key)
	}
	head = append(head, "steps", "epochs_run", "val_acc", "test_acc", "test1k_acc", "train_acc", "seconds", "ms_per_iter", "stop", "error")
	cw.Write(head)
	for i, r := range rs {
		row := []string{strconv.Itoa(i + 1)}
		for _, f := range train.Fields {
			v, _ := r.Config.Get(f.Key)
			row = append(row, v)
		}
		row = append(row, strconv.Itoa(r.Iters), strconv.Itoa(r.Epochs), formatAcc(r.ValAcc), formatAcc(r.TestAcc),
			formatAcc(r.Test1k), formatAcc(r.TrainAcc), strconv.FormatFloat(r.Seconds, 'f', 1, 64),
			strconv.FormatFloat(r.MsIter, 'f', 2, 64), r.Stop, r.Error)
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "results.csv"), []byte(buf.String())); err != nil {
		return err
	}
	b, err := json.MarshalIndent(rs, "", " ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, "results.json"), append(b, '\n'))
}

func formatAcc(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
