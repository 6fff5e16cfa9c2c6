package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// bar is a one-line progress bar with a rate and an ETA, redrawn in place
// (carriage return) at most every interval. It is for a terminal; when w is
// not one, use a nil *bar (every method is a no-op).
type bar struct {
	w        io.Writer
	total    int
	start    time.Time
	first    int // steps already done when the bar started (a resumed run)
	last     time.Time
	interval time.Duration
	width    int
	shown    bool
	now      func() time.Time
}

// newBar returns a bar for total steps of which done are already taken.
func newBar(w io.Writer, total, done int) *bar {
	b := &bar{w: w, total: total, first: done, interval: 150 * time.Millisecond, width: 30, now: time.Now}
	b.start = b.now()
	return b
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// update redraws the bar for done steps, unless it was drawn less than the
// interval ago (the last step is always drawn).
func (b *bar) update(done int, extra string) {
	if b == nil {
		return
	}
	now := b.now()
	if (b.total <= 0 || done < b.total) && now.Sub(b.last) < b.interval {
		return
	}
	b.last = now
	fmt.Fprint(b.w, "\r"+b.line(done, extra, now)+"\x1b[K")
	b.shown = true
}

// line renders the bar, e.g.
// "[=========>          ]  45%  1102/2450  21.3 it/s  ETA 1m03s  loss 1.731".
func (b *bar) line(done int, extra string, now time.Time) string {
	if b.total <= 0 { // unknown total: no bar, no ETA
		return extra
	}
	frac := 1.0
	if b.total > 0 {
		frac = min(1, float64(done)/float64(b.total))
	}
	fill := int(frac * float64(b.width))
	var s strings.Builder
	s.WriteByte('[')
	s.WriteString(strings.Repeat("=", fill))
	if fill < b.width {
		s.WriteByte('>')
		s.WriteString(strings.Repeat(" ", b.width-fill-1))
	}
	s.WriteByte(']')
	fmt.Fprintf(&s, " %3.0f%%  %d/%d", 100*frac, done, b.total)
	elapsed := now.Sub(b.start).Seconds()
	if steps := done - b.first; steps > 0 && elapsed > 0 {
		rate := float64(steps) / elapsed
		fmt.Fprintf(&s, "  %.1f it/s  ETA %s", rate, eta(float64(b.total-done)/rate))
	}
	if extra != "" {
		s.WriteString("  " + extra)
	}
	return s.String()
}

// clear erases the bar, so that a line can be printed in its place.
func (b *bar) clear() {
	if b == nil || !b.shown {
		return
	}
	fmt.Fprint(b.w, "\r\x1b[K")
	b.shown = false
}

// eta formats a number of seconds as 45s, 3m07s or 2h05m.
func eta(sec float64) string {
	d := time.Duration(sec * float64(time.Second)).Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	default:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
}
