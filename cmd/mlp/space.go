package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

// A space is what a sweep searches: one dimension per Config key.
//
// Text form: dimensions separated by ";" (or by newlines in a file, where
// "#" starts a comment), each "key=values":
//
//	hidden=50,80,100          a list of choices, separated by "," (or by
//	                          "|" when a choice holds commas)
//	hidden=50-70-50|100       a layer list may be written with "-"
//	lr=1e-4..1e-2:log         a range (random search only), drawn
//	reg=0..0.5                uniformly, or log-uniformly with ":log";
//	hidden=50..300            integer if both ends are
type space []dim

type dim struct {
	key    string
	values []string // the choices, or nil for a range
	lo, hi float64
	log    bool
	ints   bool
}

// parseSpace reads a space; every value is checked against the schema
// (train.Config.Set) so a typo fails before any training.
func parseSpace(text string) (space, error) {
	var sp space
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == '\n' }) {
		if i := strings.IndexByte(part, '#'); i >= 0 {
			part = part[:i]
		}
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, vals, ok := strings.Cut(part, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, fmt.Errorf("space: %q: want key=values", part)
		}
		if _, known := (&train.Config{}).Get(key); !known {
			return nil, fmt.Errorf("space: unknown setting %q (the keys are those of mlp train's flags)", key)
		}
		if seen[key] {
			return nil, fmt.Errorf("space: %s given twice", key)
		}
		seen[key] = true
		d, err := parseDim(key, strings.TrimSpace(vals))
		if err != nil {
			return nil, err
		}
		sp = append(sp, d)
	}
	if len(sp) == 0 {
		return nil, fmt.Errorf("space: no dimensions (want e.g. 'hidden=50,80;lr=1e-3,2e-3')")
	}
	return sp, nil
}

func parseDim(key, vals string) (dim, error) {
	d := dim{key: key}
	if lo, hi, ok := strings.Cut(vals, ".."); ok {
		hi, scale, _ := strings.Cut(hi, ":")
		var err error
		if d.lo, err = strconv.ParseFloat(strings.TrimSpace(lo), 64); err != nil {
			return d, fmt.Errorf("space: %s: range start %q is not a number", key, lo)
		}
		if d.hi, err = strconv.ParseFloat(strings.TrimSpace(hi), 64); err != nil {
			return d, fmt.Errorf("space: %s: range end %q is not a number", key, hi)
		}
		if math.IsInf(d.lo, 0) || math.IsInf(d.hi, 0) || d.hi < d.lo {
			return d, fmt.Errorf("space: %s: range %g..%g is empty or infinite", key, d.lo, d.hi)
		}
		switch scale {
		case "":
		case "log":
			if d.lo <= 0 {
				return d, fmt.Errorf("space: %s: a log range must be positive, got %g..%g", key, d.lo, d.hi)
			}
			d.log = true
		default:
			return d, fmt.Errorf("space: %s: unknown scale %q (want :log)", key, scale)
		}
		d.ints = isInt(lo) && isInt(hi)
		for _, v := range []float64{d.lo, d.hi} { // both ends must be valid settings
			if err := checkValue(key, d.format(v)); err != nil {
				return d, err
			}
		}
		return d, nil
	}
	sep := ","
	if strings.Contains(vals, "|") {
		sep = "|"
	}
	for _, v := range strings.Split(vals, sep) {
		v = strings.TrimSpace(v)
		if key == "hidden" {
			v = strings.ReplaceAll(v, "-", ",")
		}
		if err := checkValue(key, v); err != nil {
			return d, err
		}
		d.values = append(d.values, v)
	}
	return d, nil
}

func isInt(s string) bool {
	_, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return err == nil
}

// checkValue reports whether v is a valid value of the setting key, alone
// over the defaults (iters and epochs are valid only together, so they are
// only parsed here; each point is validated whole later).
func checkValue(key, v string) error {
	c := train.Default()
	if err := c.Set(key, v); err != nil {
		return fmt.Errorf("space: %w", err)
	}
	if key == "iters" || key == "epochs" {
		return nil
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("space: %s=%s: %w", key, v, err)
	}
	return nil
}

func (d dim) format(v float64) string {
	if d.ints {
		return strconv.Itoa(int(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// draw returns a value of d drawn from src.
func (d dim) draw(src *rng.RandomState) string {
	if d.values != nil {
		return d.values[src.Intn(len(d.values))]
	}
	u := src.Float64()
	if d.log {
		return d.format(math.Exp(math.Log(d.lo) + u*(math.Log(d.hi)-math.Log(d.lo))))
	}
	return d.format(d.lo + u*(d.hi-d.lo))
}

// keys returns the space's settings in order.
func (sp space) keys() []string {
	out := make([]string, len(sp))
	for i, d := range sp {
		out[i] = d.key
	}
	return out
}

// maxPoints bounds a sweep, so that a typo cannot queue a million runs.
const maxPoints = 10000

// grid returns every combination of the choices over base, in order (the
// last dimension varies fastest). It is an error if a dimension is a range.
func (sp space) grid(base train.Config) ([]train.Config, error) {
	total := 1
	for _, d := range sp {
		if d.values == nil {
			return nil, fmt.Errorf("space: %s is a range; ranges need -random N", d.key)
		}
		if total *= len(d.values); total > maxPoints {
			return nil, fmt.Errorf("space: more than %d combinations", maxPoints)
		}
	}
	var out []train.Config
	idx := make([]int, len(sp))
	for range total {
		c, err := sp.at(base, func(i int) string { return sp[i].values[idx[i]] })
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		for i := len(sp) - 1; i >= 0; i-- {
			if idx[i]++; idx[i] < len(sp[i].values) {
				break
			}
			idx[i] = 0
		}
	}
	return out, nil
}

// random returns n configurations drawn from sp over base with a generator
// seeded with seed.
func (sp space) random(base train.Config, n int, seed uint32) ([]train.Config, error) {
	if n < 1 || n > maxPoints {
		return nil, fmt.Errorf("space: -random %d: want 1 to %d", n, maxPoints)
	}
	src := rng.New(seed)
	out := make([]train.Config, 0, n)
	for range n {
		c, err := sp.at(base, func(i int) string { return sp[i].draw(src) })
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// at returns base with dimension i set to value(i), validated.
func (sp space) at(base train.Config, value func(i int) string) (train.Config, error) {
	c := base
	c.Hidden = append([]int(nil), base.Hidden...)
	for i, d := range sp {
		if err := c.Set(d.key, value(i)); err != nil {
			return c, fmt.Errorf("space: %w", err)
		}
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("space: point %s: %w", pointText(c, sp.keys()), err)
	}
	return c, nil
}

// pointText shows the values of keys in c, e.g. "hidden=100 lr=0.001".
func pointText(c train.Config, keys []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		v, _ := c.Get(k)
		parts[i] = k + "=" + v
	}
	return strings.Join(parts, " ")
}

// readSpace reads a space file: one dimension per line, "#" comments.
func readSpace(r io.Reader) (space, error) {
	var b strings.Builder
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		b.WriteString(sc.Text())
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return parseSpace(b.String())
}
