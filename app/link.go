package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/base"
	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/lesson"
	"github.com/backprop-playground/playground/app/linkguard"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// The page's settings and its link. The settings are the page's: the
// setup panel (setup.go) shows and changes them, and the run bar, the
// link and the gradient check read them. The fragment of the page's
// address is always the link of the settings (settings.go: parseLink,
// linkOf), after the open lesson's key.

// readLink applies a link's settings. The first read (at mount) may ask
// for autostart. Each read clears what was typed into the setup's fields
// (linkReads): the link's values replace them.
func (p *playground) readLink(fragment string, first bool) {
	fragment = strings.TrimLeft(fragment, "#")
	l := parseLink(fragment)
	p.fragment = fragment
	p.linkErrs = l.errs
	if n := linkguard.Notice(); n != "" {
		p.linkErrs = append([]fieldError{{"link", n}}, p.linkErrs...)
	}
	p.linkReads++
	p.marked = nil
	if l.given || !first {
		p.cfg = l.cfg
		p.lesson = l.lesson
	}
	if len(l.errs) > 0 {
		// Refused values leave the address bar: it says what the page
		// uses (the messages say what was refused).
		p.fragment = p.address(p.cfg)
		replaceFragment(p.fragment)
	}
	if first && l.autostart {
		if len(l.errs) > 0 {
			p.linkErrs = append(p.linkErrs, fieldError{keyTrain, "training did not start by itself because of the problems above: check the settings, then press Train"})
			return
		}
		p.autostart = true
	}
}

// address returns the page's fragment for the settings c: the link of c,
// after the lesson's key while a lesson is open.
func (p *playground) address(c train.Config) string {
	if p.lesson != nil {
		return classroom.KeyLesson + "=" + p.lesson.Key + "&" + linkOf(c)
	}
	return linkOf(c)
}

// renderLesson is the open lesson's title and text, above the page.
func (p *playground) renderLesson() app.UI {
	l := p.lesson
	var text []app.UI
	for _, para := range strings.Split(l.Text, "\n\n") {
		text = append(text, app.P().Text(para))
	}
	return app.Section().ID(IDLesson).Class("panel scenario").Body(
		app.H2().ID(IDLessonTitle).Text(l.Title),
		app.Div().Class("scenario-text").Body(text...),
		app.P().Class("small").Body(
			app.A().Href(base.URL(lesson.PathClassroom)).Text("More lessons in the classroom"),
			app.Text(" · "),
			app.Button().ID(IDLessonLeave).Class("secondary small").Text("Leave the lesson").OnClick(func(app.Context, app.Event) {
				p.lesson = nil
				p.fragment = p.address(p.cfg)
				replaceFragment(p.fragment)
			}),
		),
	)
}

// setConfig makes c the settings and writes them to the link.
func (p *playground) setConfig(c train.Config) {
	dataChanged := c.Data != p.cfg.Data
	p.cfg = c
	p.fragment = p.address(c)
	replaceFragment(p.fragment)
	if dataChanged {
		p.loadEagerly()
	}
}

// configure implements setupPage.
func (p *playground) configure(c train.Config) { p.setConfig(c) }

// mark implements setupPage: keys are the setup's fields that hold a
// refused value, sorted.
func (p *playground) mark(keys []string) { p.marked = keys }

// settingsOK reports whether the settings can start a run, and says why
// not above the panels.
func (p *playground) settingsOK() bool {
	if len(p.marked) > 0 {
		p.runErr = "Fix the settings marked in the setup first: " + strings.Join(p.marked, ", ") + "."
		return false
	}
	if err := msg.CheckConfig(p.cfg); err != nil {
		p.runErr = "Cannot train with these settings: " + err.Error() + "."
		return false
	}
	return true
}

// setupView is the setup panel with the page's settings.
func (p *playground) setupView() *setupPanel {
	s := &setupPanel{Cfg: p.cfg, Link: p.address(p.cfg), Reads: p.linkReads, CIFAR: p.cifar, Fashion: p.fashion, Page: p,
		Note: p.dirty() && p.stateIn(msg.StateRunning, msg.StatePaused, msg.StateReady)}
	if p.info != nil {
		s.Loaded = *p.info
	}
	return s
}
