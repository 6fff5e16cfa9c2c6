package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backprop-playground/playground/msg"
)

// TestKeptWrites: keeping a run puts it first in the index, replaces its
// older entry, and keeps at most keepMax runs and keepBytes, dropping the
// oldest, those saved to a file first.
func TestKeptWrites(t *testing.T) {
	t.Parallel()
	var index []keptRun
	for i := range keepMax {
		r := keptRun{ID: fmt.Sprint(i), Iter: 10, Bytes: 1 << 20}
		if i == 1 { // saved to a file at its last step: kept elsewhere
			r.File = modelFile{Name: "one.bppmodel", Iter: 10}
		}
		w, out, err := keptWrites(index, r, []byte{1})
		if err != nil {
			t.Fatal(err)
		}
		if len(w.del) != 0 || len(w.put) != 3 {
			t.Fatalf("run %d: write %+v", i, w)
		}
		index = out
	}
	ids := func(rs []keptRun) (s []string) {
		for _, r := range rs {
			s = append(s, r.ID)
		}
		return s
	}
	if got := ids(index); !slices.Equal(got, []string{"4", "3", "2", "1", "0"}) {
		t.Fatalf("index %v, want newest first", got)
	}
	// Keeping run 2 again moves it first and adds nothing.
	_, out, _ := keptWrites(index, keptRun{ID: "2", Bytes: 1 << 20}, nil)
	if got := ids(out); !slices.Equal(got, []string{"2", "4", "3", "1", "0"}) {
		t.Errorf("index %v after keeping run 2 again", got)
	}
	// A sixth drops the one saved to a file, not the oldest.
	w, out, _ := keptWrites(index, keptRun{ID: "5", Bytes: 1 << 20}, []byte{1})
	if got := ids(out); !slices.Equal(got, []string{"5", "4", "3", "2", "0"}) || !slices.Equal(w.del, []string{"run/1", "model/1"}) {
		t.Errorf("index %v, deleted %v: want run 1 (in a file) dropped", got, w.del)
	}
	// A big one drops the oldest until the bytes fit.
	w, out, _ = keptWrites(out, keptRun{ID: "6", Bytes: keepBytes - 2<<20}, []byte{1})
	if got := ids(out); !slices.Equal(got, []string{"6", "5", "4"}) || keptSize(out) > keepBytes {
		t.Errorf("index %v (%d bytes) after a big run; deleted %v", got, keptSize(out), w.del)
	}
	if strings.Contains(string(w.put[keyIndex]), `"history"`) {
		t.Error("the index holds the charts")
	}
}

// TestPersistPeriod: about a second per megabyte, within bounds.
func TestPersistPeriod(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		size int
		want time.Duration
	}{{0, persistMin}, {1 << 20, persistMin}, {8 << 20, 8 * time.Second}, {100 << 20, persistMax}} {
		if got := persistPeriod(test.size); got != test.want {
			t.Errorf("persistPeriod(%d) = %v, want %v", test.size, got, test.want)
		}
	}
}

// TestDiscardAsk: Train on a trained model whose last steps are kept
// nowhere asks first; Cancel does nothing, Discard starts; a model kept at
// its step, or saved to a file at it, is replaced without asking.
func TestDiscardAsk(t *testing.T) {
	p, sent := newTestPage(t)
	receive(p, msg.Event{Kind: msg.Ready})
	receive(p, msg.Event{Kind: msg.Loaded, Info: &msg.DataInfo{Name: "sample", Train: 2500, Val: 250, Test: 250, Dim: 3072}})
	p.state, p.iter, p.runCfg = msg.StateDone, 300, p.cfg
	p.model.keptID, p.model.keptIter = "a", 200
	p.cfg.Hidden = []int{7} // a new run
	p.train()
	if p.model.ask == nil || len(*sent) != 0 {
		t.Fatalf("Train on an unkept model: ask %v, sent %v", p.model.ask, kindsOf(*sent))
	}
	if !strings.Contains(html(p), "kept in this browser at step 200 only: its last 100 steps are kept nowhere") {
		t.Errorf("the question does not say what would be lost: %q", p.model.ask.text)
	}
	p.answer("")
	if p.model.ask != nil || len(*sent) != 0 {
		t.Errorf("Cancel: ask %v, sent %v", p.model.ask, kindsOf(*sent))
	}
	p.train()
	p.answer("discard")
	last(t, *sent, msg.Start)

	for i, edit := range []func(){
		func() { p.model.keptID, p.model.keptIter = "a", 300 },
		func() { p.model.saveFile = modelFile{Name: "m.bppmodel", Iter: 300} },
	} {
		*sent = nil
		p.waiting, p.state, p.iter, p.runCfg = "", msg.StateDone, 300, p.cfg
		p.model.keptID, p.model.keptIter, p.model.saveFile = "", 0, modelFile{}
		p.cfg.Hidden = []int{8 + i}
		edit()
		p.train()
		if p.model.ask != nil {
			t.Errorf("case %d: asked about a kept model", i)
		}
		last(t, *sent, msg.Start)
	}
}
