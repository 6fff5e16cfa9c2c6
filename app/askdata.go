package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/msg"
)

// The full CIFAR-10 is a download of up to 184 MB: the page never starts it
// unasked. A loaded (or restored) model trained on it, and a link that
// trains on it by itself (train=1), ask first, in the page, with the size;
// the answer is a download or the sample. Pressing Train with the full
// set chosen is the asking itself: the setup says the size beside it.

// dataAsk is an open question: download the full CIFAR-10 (data, n
// training images), for the current model or for a link's run?
type dataAsk struct {
	data     string // the canonical name, e.g. "cifar:49000"
	n        int    // its training images
	forModel bool   // to evaluate the loaded model; else to train as the link says
}

// askBytes returns about how many bytes the download of a takes: what the
// worker fetches for it, at most what /data/info says the whole set is.
func (p *playground) askBytes(a *dataAsk) int64 {
	n := downloadBytes(msg.DataCIFAR, a.n, 0)
	if p.cifar.size > 0 {
		n = min(n, p.cifar.size)
	}
	return n
}

// offerFull asks whether to download the full CIFAR-10 that the current
// model was trained on, unless it is loaded or being loaded, the server
// does not offer it, or the user said no to it already.
func (p *playground) offerFull() {
	kind, n, err := msg.ParseData(p.runCfg.Data)
	if err != nil || kind != msg.DataCIFAR || !p.hasModel() || p.cifar.known && !p.cifar.available {
		return
	}
	name := msg.CanonicalData(p.runCfg.Data)
	if p.loadedData() == name || p.loading != nil && msg.CanonicalData(p.loading.data) == name || p.declined == name {
		return
	}
	p.ask = &dataAsk{data: name, n: n, forModel: true}
}

// serverAnswered follows /data/info's answer: a question about a dataset
// the server does not have goes, and one it has may now be asked.
func (p *playground) serverAnswered() {
	if p.ask != nil && p.ask.forModel && !p.cifar.available {
		p.ask = nil
	}
	if p.ask == nil && p.state == msg.StateReady && p.stateText == "imported" {
		p.offerFull()
	}
}

// acceptDownload downloads the asked-for dataset, then evaluates the
// model or starts the link's run.
func (p *playground) acceptDownload() {
	a := p.ask
	if a == nil {
		return
	}
	p.ask = nil
	p.loading = &loadProgress{data: a.data}
	if !a.forModel {
		p.startQueued = true // apply starts the run on Loaded
		p.send(msg.Request{Kind: msg.Load, Data: p.cfg.Data}, p.onLoad)
		return
	}
	p.send(msg.Request{Kind: msg.Load, Data: a.data}, func(e msg.Event) {
		p.onLoad(e)
		if e.Kind == msg.Loaded && p.imagesLoaded() && !p.stateIn(msg.StateRunning, msg.StatePaused) {
			p.askResults()
		}
	})
}

// declineDownload keeps to the sample: the model is evaluated on the
// sample's test images, or the link's run trains on the sample.
func (p *playground) declineDownload() {
	a := p.ask
	if a == nil {
		return
	}
	p.ask = nil
	if a.forModel {
		p.declined = a.data
		p.ensureData()
		return
	}
	c := p.cfg
	c.Data = msg.DataSample
	p.setConfig(c)
	p.autostartWhenLoaded()
}

// renderAsk shows the question for the link's run, if there is one (the
// model panel shows the question for the model).
func (p *playground) renderAsk() app.UI {
	a := p.ask
	if a == nil || a.forModel {
		return nil
	}
	return askView(a, p.askBytes(a), p.acceptDownload, p.declineDownload)
}

// askView is the question a, whose download is bytes, with its two
// answers.
func askView(a *dataAsk, bytes int64, accept, decline func()) app.UI {
	forModel := a.forModel
	size := fmt.Sprintf("%.0f MB", float64(bytes)/1e6)
	what := "the full CIFAR-10"
	if a.n < msg.CIFARTrain {
		what = formatCount(a.n) + " training images of the full CIFAR-10"
	}
	it := "it"
	if a.n < msg.CIFARTrain {
		it = "them"
	}
	text := fmt.Sprintf("This model was trained on %s. Download %s (%s) to evaluate it on CIFAR-10's 10,000 test images? "+
		"Until then Evaluate uses the sample's 250 test images.", what, it, size)
	yes, no := "Download "+size, "Use the sample instead"
	if !forModel {
		text = fmt.Sprintf("This link trains on %s: a download of %s first. Download it and train, or train on the sample (9.2 MB, already here)?", what, size)
		yes, no = "Download "+size+" and train", "Train on the sample instead"
	}
	return app.Div().ID(IDDataAsk).Class("notice ask").DataSet("data", a.data).Aria("live", "polite").Body(
		app.P().Text(text),
		app.Div().Class("row").Body(
			app.Button().ID(IDDataAskYes).Text(yes).OnClick(func(app.Context, app.Event) { accept() }),
			app.Button().ID(IDDataAskNo).Class("secondary").Text(no).OnClick(func(app.Context, app.Event) { decline() }),
		),
	)
}
