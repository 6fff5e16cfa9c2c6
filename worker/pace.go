package worker

import (
	"fmt"
	"math"
	"time"

	"github.com/backprop-playground/playground/core/numfmt"
)

// MaxRate is the highest step rate a Speed request may set; 0 lifts the
// limit.
const MaxRate = 1e6

// paceBurst is the most a paced run catches up after a slow tick or a
// pause, in seconds of steps: a run resumed after a minute does not take
// a minute's steps at once.
const paceBurst = 0.25

// pace limits a running run to rate steps a second (a token bucket), so
// that on the 2D playground, which trains 3,000 steps in a second or two,
// a student can slow the run down and watch the regions form. Steps asked
// by a Step request are not paced.
type pace struct {
	rate   float64 // steps a second; 0: no limit
	tokens float64 // steps that may be taken now
	last   time.Time
}

// set changes the rate; the first step may be taken at once.
func (p *pace) set(rate float64, now time.Time) {
	p.rate, p.tokens, p.last = rate, 1, now
}

// allow returns how many steps may be taken at now, or -1 for any number.
func (p *pace) allow(now time.Time) int {
	if p.rate <= 0 {
		return -1
	}
	p.tokens += p.rate * now.Sub(p.last).Seconds()
	p.last = now
	p.tokens = min(p.tokens, max(1, p.rate*paceBurst))
	return int(p.tokens)
}

// took counts n steps taken.
func (p *pace) took(n int) {
	if p.rate > 0 {
		p.tokens -= float64(n)
	}
}

// setSpeed handles a Speed request.
func (s *Session) setSpeed(rate float64) error {
	if math.IsNaN(rate) || rate < 0 || rate > MaxRate {
		return fmt.Errorf("a speed of %v steps a second: want 0 (as fast as it can) up to %s", rate, numfmt.Int(MaxRate))
	}
	s.pace.set(rate, s.clock())
	return nil
}

// clock returns the time Tick paces by: time.Now, unless a test set now.
func (s *Session) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}
