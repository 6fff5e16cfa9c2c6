package app

import (
	"slices"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// loads returns the datasets that the requests sent load.
func loads(sent []msg.Request) []string {
	var d []string
	for _, r := range sent {
		if r.Kind == msg.Load {
			d = append(d, r.Data)
		}
	}
	return d
}

// TestAskFullDownload: an imported model trained on the full CIFAR-10
// makes the page ask, and no load of it is sent until the user says yes;
// no means the sample, and the question does not come back for that
// model; the same for a link that trains on it by itself.
func TestAskFullDownload(t *testing.T) {
	p, sent := newTestPage(t)
	receive(p, msg.Event{Kind: msg.Ready})
	p.cifar = serverDataset{known: true, available: true, size: 184_380_000}
	importFull := func() {
		p.modelView().load([]byte{1}, nil, "full.bppmodel")
		id := last(t, *sent, msg.Import).ID
		cfg := withData(train.Default(), msg.DataCIFAR)
		receive(p, msg.Event{ID: id, Kind: msg.StateEvent, State: msg.StateReady, Text: "imported", Config: linkOf(cfg)})
	}
	importFull()
	if p.ask == nil || !p.ask.forModel || p.ask.data != "cifar:49000" {
		t.Fatalf("after importing a full-set model: ask %+v", p.ask)
	}
	if got := loads(*sent); slices.ContainsFunc(got, func(d string) bool { return strings.HasPrefix(d, msg.DataCIFAR) }) {
		t.Errorf("loads %v before the user said yes", got)
	}
	if h := html(p); !strings.Contains(h, "Download 184 MB") || !strings.Contains(h, "Use the sample instead") {
		t.Errorf("the question is not on the page: %s", h[:min(len(h), 200)])
	}

	p.declineDownload()
	p.ensureData()
	if p.ask != nil {
		t.Errorf("the question came back after no: %+v", p.ask)
	}
	importFull() // another model: asked again
	if p.ask == nil {
		t.Fatal("a second full-set model is not asked about")
	}
	p.acceptDownload()
	if got := loads(*sent); got[len(got)-1] != "cifar:49000" {
		t.Errorf("after yes: loads %v, want cifar:49000 last", got)
	}

	// A link with train=1 on the full set asks, and starts once loaded.
	q, qsent := newTestPage(t)
	receive(q, msg.Event{Kind: msg.Ready})
	q.cfg = withData(q.cfg, "cifar:1000")
	q.autostartWhenLoaded()
	if q.ask == nil || q.ask.forModel || len(loads(*qsent)) != 0 {
		t.Fatalf("a train=1 link on cifar:1000: ask %+v, loads %v", q.ask, loads(*qsent))
	}
	q.declineDownload()
	if q.cfg.Data != msg.DataSample || !q.startQueued || slices.Contains(loads(*qsent), "cifar:1000") {
		t.Errorf("after no: data %q, start queued %v, loads %v; want the sample", q.cfg.Data, q.startQueued, loads(*qsent))
	}
}
