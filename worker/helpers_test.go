package worker

import (
	"bytes"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/internal/testenv"
	"github.com/backprop-playground/playground/msg"
)

// sampleFS returns the committed CIFAR-10 sample, or, if it is missing, a
// tiny one built here (200/50/50 images of noise around a colour per
// class), so that the tests run in any checkout.
func sampleFS(t testing.TB) fs.FS {
	t.Helper()
	dir := filepath.Join("..", "assets", "cifar-sample")
	if _, err := os.Stat(filepath.Join(dir, "train.bin")); err == nil {
		return os.DirFS(dir)
	}
	return tinySample(t)
}

var tiny struct {
	once sync.Once
	fs   fstest.MapFS
}

func tinySample(t testing.TB) fs.FS {
	tiny.once.Do(func() {
		m := fstest.MapFS{"batches.meta.txt": {Data: []byte("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n")}}
		state := uint32(1)
		next := func() uint8 { state = state*1664525 + 1013904223; return uint8(state >> 24) }
		for _, f := range []struct {
			name string
			n    int
		}{{"train.bin", 200}, {"val.bin", 50}, {"test.bin", 50}} {
			set := &cifar.Set{}
			for i := range f.n {
				label := uint8(i % cifar.Classes)
				set.Labels = append(set.Labels, label)
				for p := range cifar.ImageBytes {
					base := int(label) * 25 * (1 + p/cifar.PlaneBytes) % 256
					set.Pixels = append(set.Pixels, uint8((base+int(next()%64))%256))
				}
			}
			var b bytes.Buffer
			if err := cifar.Encode(&b, set); err != nil {
				panic(err)
			}
			m[f.name] = &fstest.MapFile{Data: b.Bytes()}
		}
		tiny.fs = m
	})
	return tiny.fs
}

// recorder collects a session's events, checking that each one survives
// the trip through JSON that postMessage makes.
type recorder struct {
	t      testing.TB
	events []msg.Event
}

func (r *recorder) emit(e msg.Event) {
	r.t.Helper()
	back, err := msg.DecodeEvent(msg.EncodeEvent(e))
	if err != nil {
		r.t.Fatalf("event %+v does not decode: %v", e, err)
	}
	if e.Kind != msg.Error && back.Kind == msg.Error {
		r.t.Fatalf("event %s did not encode: %s", e.Kind, back.Err)
	}
	vs := append(append([]float64{e.LR, e.MsPerStep, e.PerSecond, e.TestAcc}, e.Losses...), e.Probs...)
	for _, end := range e.Ends {
		vs = append(vs, end.TrainAcc, end.ValAcc)
	}
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			r.t.Fatalf("event %s holds %g", e.Kind, v)
		}
	}
	r.events = append(r.events, back)
}

// take returns the events recorded since the last take.
func (r *recorder) take() []msg.Event {
	ev := r.events
	r.events = nil
	return ev
}

func newSession(t testing.TB) (*Session, *recorder) {
	return newSessionFetch(t, testenv.FSFetcher{SampleURL: sampleFS(t)})
}

func newSessionFetch(t testing.TB, f Fetcher) (*Session, *recorder) {
	rec := &recorder{t: t}
	s := New(f, rec.emit)
	s.WeightsEvery = time.Hour // weights only on state changes: tests count events
	return s, rec
}

// do handles a request and returns its events, failing on an error event
// unless wantErr is set.
func do(t testing.TB, s *Session, rec *recorder, r msg.Request) []msg.Event {
	t.Helper()
	s.Handle(r)
	ev := rec.take()
	for _, e := range ev {
		if e.Kind == msg.Error {
			t.Fatalf("%s: %s", r.Kind, e.Err)
		}
	}
	return ev
}

// doErr handles a request that must fail and returns the error text. The
// error must be its only event, after loading events if it loaded data.
func doErr(t testing.TB, s *Session, rec *recorder, r msg.Request) string {
	t.Helper()
	return doFail(t, s, rec, r).Error()
}

// doFail is doErr returning the typed failure.
func doFail(t testing.TB, s *Session, rec *recorder, r msg.Request) *msg.Failure {
	t.Helper()
	s.Handle(r)
	ev := rec.take()
	for len(ev) > 1 && ev[0].Kind == msg.Loading {
		ev = ev[1:]
	}
	if len(ev) != 1 || ev[0].Kind != msg.Error {
		t.Fatalf("%s: events %v, want one error", r.Kind, kinds(ev))
	}
	if ev[0].ID != r.ID {
		t.Errorf("%s: error has ID %d, want %d", r.Kind, ev[0].ID, r.ID)
	}
	if f := ev[0].Err; f.Request != r.Kind || f.Message == "" {
		t.Errorf("%s: failure %+v names another request", r.Kind, f)
	}
	return ev[0].Err
}

// steps returns the number of losses in the Progress events of ev.
func steps(ev []msg.Event) int {
	n := 0
	for _, e := range ev {
		if e.Kind == msg.Progress {
			n += len(e.Losses)
		}
	}
	return n
}

// runAll ticks until the session is idle and returns the events.
func runAll(t testing.TB, s *Session, rec *recorder) []msg.Event {
	t.Helper()
	for i := 0; s.Tick(time.Second); i++ {
		if i > 1e6 {
			t.Fatal("Tick never finished")
		}
	}
	return rec.take()
}

// losses returns the losses of the Progress events, checking that they
// follow each other without a gap.
func losses(t testing.TB, ev []msg.Event) []float64 {
	t.Helper()
	var out []float64
	for _, e := range ev {
		if e.Kind == msg.Progress {
			if e.Iter-len(e.Losses) != len(out) {
				t.Fatalf("progress at iter %d with %d losses after %d: a gap", e.Iter, len(e.Losses), len(out))
			}
			out = append(out, e.Losses...)
		}
	}
	return out
}

func kinds(ev []msg.Event) string {
	var k []string
	for _, e := range ev {
		s := string(e.Kind)
		if e.Kind == msg.StateEvent {
			s += ":" + e.State
		}
		k = append(k, s)
	}
	return strings.Join(k, " ")
}

func states(ev []msg.Event) []string {
	var s []string
	for _, e := range ev {
		if e.Kind == msg.StateEvent {
			s = append(s, e.State)
		}
	}
	return s
}

func ofKind(ev []msg.Event, k msg.Kind) []msg.Event {
	var out []msg.Event
	for _, e := range ev {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// endsOf returns the epoch ends that the Progress events of ev report, in
// order.
func endsOf(ev []msg.Event) []msg.EpochEnd {
	var out []msg.EpochEnd
	for _, e := range ofKind(ev, msg.Progress) {
		out = append(out, e.Ends...)
	}
	return out
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
