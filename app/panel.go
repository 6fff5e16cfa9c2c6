package app

import (
	"maps"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/msg"
)

// The setup panel is a part of the page that go-app re-renders only when
// its Key changes. During a run the page renders about four times a
// second (each progress event); the setup rarely changes then, and
// rebuilding and diffing its form each time would keep the UI thread
// busy. go-app compares a child's exported fields (reflect.DeepEqual) and
// skips the child when they are equal: Key holds everything the panel
// shows, so that an unchanged Key means an unchanged panel. Page is the
// same pointer every time, and the panel renders from it: the settings
// are the page's (the link, the run bar and the gradient check read them
// too); its event handlers change them, and the page's next render gives
// the panel a new Key.

// setupPanel is the settings form.
type setupPanel struct {
	app.Compo
	Page *playground
	Key  setupKey
}

var (
	_ app.Composer = (*setupPanel)(nil)
)

func (c *setupPanel) Render() app.UI { return c.Page.renderSetup() }

// setupKey is everything the setup panel shows.
type setupKey struct {
	Link      string
	Typed     map[string]string
	FieldErrs map[string]string
	CIFAR     serverDataset
	Fashion   serverDataset
	Loaded    msg.DataInfo
	Note      bool
	Copied    string
}

func (p *playground) setupKey() setupKey {
	k := setupKey{Link: linkOf(p.cfg), Typed: maps.Clone(p.typed), FieldErrs: maps.Clone(p.fieldErrs), CIFAR: p.cifar, Fashion: p.fashion, Copied: p.copied,
		Note: p.dirty() && p.stateIn(msg.StateRunning, msg.StatePaused, msg.StateReady)}
	if p.info != nil {
		k.Loaded = *p.info
	}
	return k
}
