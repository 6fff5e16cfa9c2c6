package worker

import "time"

// speedWindow is how much wall time the speed read-out averages over.
const speedWindow = 3 * time.Second

// speedMeter is a run's speed over the last few seconds of wall time: the
// steps taken between tick ends, divided by the time between them, pauses
// between ticks (the messages the worker handles, its 1 ms sleeps, a
// paced run's waits) included. The last tick's own time alone was up to
// 2.1 times off the speed over 20 s (issue 10).
type speedMeter struct {
	marks []speedMark // oldest first
}

type speedMark struct {
	at    time.Time // a tick's end
	steps int       // the steps that tick took
}

// reset forgets the marks: a paused or new run starts its average again.
func (m *speedMeter) reset() { m.marks = m.marks[:0] }

// add records a tick that ended at at after taking steps steps, and drops
// the marks older than speedWindow, keeping the one that starts the
// window.
func (m *speedMeter) add(at time.Time, steps int) {
	m.marks = append(m.marks, speedMark{at, steps})
	for len(m.marks) > 2 && at.Sub(m.marks[1].at) >= speedWindow {
		m.marks = m.marks[1:]
	}
}

// msPerStep returns the milliseconds per step over the window, and false
// until two ticks are recorded.
func (m *speedMeter) msPerStep() (float64, bool) {
	if len(m.marks) < 2 {
		return 0, false
	}
	steps := 0
	for _, k := range m.marks[1:] {
		steps += k.steps
	}
	d := m.marks[len(m.marks)-1].at.Sub(m.marks[0].at)
	if steps == 0 || d <= 0 {
		return 0, false
	}
	return float64(d.Microseconds()) / 1e3 / float64(steps), true
}
