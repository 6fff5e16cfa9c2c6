package wire

import (
	"slices"
	"testing"

	"github.com/backprop-playground/playground/msg"
)

// worker plays the worker's side: the requests the client posted, and the
// events it sends back.
type worker struct {
	t    *testing.T
	sent []msg.Request
}

func (w *worker) post(text string, parts msg.Parts) {
	r, err := msg.DecodeRequest(text, parts)
	if err != nil {
		w.t.Fatalf("the client posted a bad request: %v", err)
	}
	w.sent = append(w.sent, r)
}

func answer(c *Client, e msg.Event) { c.Receive(msg.EncodeEvent(e)) }

// TestRouting: each answer reaches the reply of the request it answers,
// events of no request reach the events function, an answer to a later
// request retires the earlier replies, and bytes arrive as parts.
func TestRouting(t *testing.T) {
	w := &worker{t: t}
	var events []msg.Event
	c := New(w.post, func(e msg.Event) { events = append(events, e) })
	got := map[string][]msg.Kind{}
	reply := func(name string) Reply {
		return func(e msg.Event) { got[name] = append(got[name], e.Kind) }
	}
	load := c.Send(msg.Request{Kind: msg.Load, Data: "sample"}, reply("load"))
	grad := c.Send(msg.Request{Kind: msg.GradCheck}, reply("grad"))
	export := c.Send(msg.Request{Kind: msg.Export}, nil)
	imp := c.Send(msg.Request{Kind: msg.Import, Checkpoint: []byte("BPPMODEL")}, reply("import"))
	if len(w.sent) != 4 || w.sent[0].ID != load || w.sent[3].ID != imp || load == grad || string(w.sent[3].Checkpoint) != "BPPMODEL" {
		t.Fatalf("sent %+v", w.sent)
	}
	answer(c, msg.Event{Kind: msg.Ready})
	answer(c, msg.Event{ID: load, Kind: msg.Loading, Done: 1, Total: 2})
	answer(c, msg.Event{ID: load, Kind: msg.Loaded, Info: &msg.DataInfo{Name: "sample"}})
	answer(c, msg.Event{Kind: msg.Progress, Iter: 1})
	answer(c, msg.Event{ID: grad, Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailRefused, Request: msg.GradCheck, Message: "no model yet"}})
	answer(c, msg.Event{ID: export, Kind: msg.Model, Checkpoint: []byte{1, 2, 3}})
	// A late answer to the load (which the worker never sends) has no reply any more.
	answer(c, msg.Event{ID: load, Kind: msg.Loaded})
	answer(c, msg.Event{ID: imp, Kind: msg.StateEvent, State: msg.StateReady, Text: "imported"})

	if !slices.Equal(got["load"], []msg.Kind{msg.Loading, msg.Loaded}) || !slices.Equal(got["grad"], []msg.Kind{msg.Error}) ||
		!slices.Equal(got["import"], []msg.Kind{msg.StateEvent}) {
		t.Errorf("replies got %v", got)
	}
	var kinds []msg.Kind
	for _, e := range events {
		kinds = append(kinds, e.Kind)
	}
	if !slices.Equal(kinds, []msg.Kind{msg.Ready, msg.Progress, msg.Model, msg.Loaded}) {
		t.Errorf("events %v, want ready, progress, the model (sent without a reply) and the late loaded", kinds)
	}
	if m := events[2]; m.ID != export || string(m.Checkpoint) != "\x01\x02\x03" {
		t.Errorf("model event %+v", m)
	}
}

// TestFailures: an unreadable message is a protocol failure, a dead
// worker fails every waiting request, and a closed client is silent.
func TestFailures(t *testing.T) {
	w := &worker{t: t}
	var events []msg.Event
	c := New(w.post, func(e msg.Event) { events = append(events, e) })
	c.Receive("not json", nil)
	if len(events) != 1 || events[0].Kind != msg.Error || events[0].Err.Kind != msg.FailProtocol {
		t.Fatalf("after a bad message: %+v", events)
	}
	var failed []int
	for range 2 {
		c.Send(msg.Request{Kind: msg.Evaluate}, func(e msg.Event) {
			if e.Kind == msg.Error && e.Err.Kind == msg.FailProtocol {
				failed = append(failed, e.ID)
			}
		})
	}
	c.Fail("the training worker failed: out of memory")
	if !slices.Equal(failed, []int{1, 2}) || len(events) != 2 || events[1].Err.Message != "the training worker failed: out of memory" {
		t.Errorf("after Fail: replies %v, events %+v", failed, events)
	}
	c.Close()
	if id := c.Send(msg.Request{Kind: msg.Stop}, nil); id != 0 || len(w.sent) != 2 {
		t.Errorf("a closed client sent request %d", id)
	}
	answer(c, msg.Event{Kind: msg.Ready})
	if len(events) != 2 {
		t.Error("a closed client received an event")
	}
}
