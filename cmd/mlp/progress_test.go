package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestBarLine(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, test := range []struct {
		total, first, done int
		elapsed            time.Duration
		want               string
	}{
		{100, 0, 0, 0, "[>                             ]   0%  0/100"},
		{100, 0, 50, 10 * time.Second, "[===============>              ]  50%  50/100  5.0 it/s  ETA 10s"},
		{1000, 0, 100, 10 * time.Second, "[===>                          ]  10%  100/1000  10.0 it/s  ETA 1m30s"},
		{200, 100, 150, 5 * time.Second, "[======================>       ]  75%  150/200  10.0 it/s  ETA 5s"}, // resumed at 100
		{10, 0, 10, time.Second, "[==============================] 100%  10/10  10.0 it/s  ETA 0s"},
		{0, 0, 5, time.Second, "x"}, // unknown total: the extra text only
	} {
		b := newBar(nil, test.total, test.first)
		b.start = t0
		got := b.line(test.done, "", t0.Add(test.elapsed))
		if test.total == 0 {
			got = b.line(test.done, "x", t0.Add(test.elapsed))
		}
		if got != test.want {
			t.Errorf("case %d:\n got %q\nwant %q", i, got, test.want)
		}
	}
}

func TestBarThrottles(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	b := newBar(&buf, 100, 0)
	b.now = func() time.Time { return now }
	for i := 1; i <= 100; i++ {
		now = now.Add(10 * time.Millisecond) // a redraw every 150 ms at most
		b.update(i, "")
	}
	if n := strings.Count(buf.String(), "\r"); n < 6 || n > 9 {
		t.Errorf("%d redraws of a 1 s run, want about 7", n)
	}
	if !strings.Contains(buf.String(), "100/100") {
		t.Errorf("the last step was not drawn")
	}
	var nilBar *bar
	nilBar.update(1, "") // a nil bar is off
	nilBar.clear()
}

func TestETA(t *testing.T) {
	t.Parallel()
	for sec, want := range map[float64]string{0: "0s", 59.4: "59s", 61: "1m01s", 3599: "59m59s", 7500: "2h05m"} {
		if got := eta(sec); got != want {
			t.Errorf("eta(%g) = %q, want %q", sec, got, want)
		}
	}
}
