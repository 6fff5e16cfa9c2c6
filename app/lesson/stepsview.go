package lesson

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/app/classroom"
)

// stepsView is the step-through: one forward and backward pass of a small
// net on the toy data, stage by stage, beside the network canvas. The
// parent sets Scenario (data "toy") and Student; the view keeps its own
// copy, which its settings form edits.
type stepsView struct {
	app.Compo

	Scenario classroom.Scenario
	Student  bool // hide the scenario's hidden controls and the teacher's panel

	s        classroom.Scenario
	applied  string // the Encode of the Scenario the view was built from
	pass     *Pass
	err      error // why s cannot be shown
	stage    int
	iter     int       // the training steps taken before the pass shown (Setup.Iter)
	sample   int       // the row shown on the canvas
	sel      selection // the selected cell
	readout  string    // the value under the pointer
	hover    string    // the canvas's hovered neuron
	frame    netFrame
	unlisten func()
	formErr  string // a teacher-panel error
	// The settings form: per field, the text that did not work and why,
	// so that every bad field shows its own message and keeps what was
	// typed; open once the form has been used, so that correcting a field
	// does not fold it away.
	fieldErrs, typed map[string]string
	settingsOpen     bool
}

// selection is a cell of a matrix of the current stage.
type selection struct {
	name string // "" is none
	k    int
}

var (
	_ app.Mounter     = (*stepsView)(nil)
	_ app.Dismounter  = (*stepsView)(nil)
	_ app.Updater     = (*stepsView)(nil)
	_ app.Initializer = (*stepsView)(nil)
)

// OnInit builds the pass from Scenario (natively too, where OnMount is
// not called).
func (v *stepsView) OnInit() {
	v.frame.id = IDNetFrame
	v.load()
}

// OnUpdate rebuilds the view when the parent gives another scenario.
func (v *stepsView) OnUpdate(ctx app.Context) {
	if v.Scenario.Encode() != v.applied {
		v.load()
		v.showNet()
	}
}

func (v *stepsView) load() {
	v.applied = v.Scenario.Encode()
	v.s = v.Scenario
	v.stage, v.iter, v.sample, v.sel = 0, 0, 0, selection{}
	v.formErr = ""
	v.fieldErrs, v.typed = map[string]string{}, map[string]string{}
	v.compute()
}

// compute runs the pass of v.s, keeping the stage where it is.
func (v *stepsView) compute() {
	st, err := SetupOf(v.s)
	st.Iter = v.iter
	if err == nil {
		var p *Pass
		if p, err = Compute(st); err == nil {
			v.pass = p
		}
	}
	v.err = err
	if v.pass != nil {
		v.stage = min(v.stage, len(v.pass.Stages)-1)
		v.sample = min(v.sample, v.pass.Samples()-1)
	}
}

// OnMount listens to the network canvas.
func (v *stepsView) OnMount(ctx app.Context) {
	v.unlisten = listenMessages(func(ev app.Value) {
		if !v.frame.from(ev) {
			return
		}
		data := ev.Get("data")
		ctx.Dispatch(func(ctx app.Context) {
			if m, ok := v.frame.receive(data); ok {
				v.onCanvas(m)
			}
		})
	})
	v.showNet()
}

// OnDismount stops listening.
func (v *stepsView) OnDismount() {
	if v.unlisten != nil {
		v.unlisten()
		v.unlisten = nil
	}
}

// onCanvas shows a hovered neuron's value and gradient, and selects a
// clicked neuron in the stage's matrices.
func (v *stepsView) onCanvas(m canvasmsg.Message) {
	if v.pass == nil || m.Neuron == nil {
		return
	}
	n := *m.Neuron
	switch m.Kind {
	case canvasmsg.Hover:
		if n.IsNone() {
			v.hover = ""
			return
		}
		s := fmt.Sprintf("%s, sample %d", neuronName(v.pass.Sizes, n), v.sample)
		if m.Value != nil {
			s += ": value " + FormatFull(*m.Value)
		}
		if m.Grad != nil {
			what := "∂J/∂z"
			if n.Layer == 0 {
				what = "∂J/∂x"
			}
			s += ", gradient " + what + " = " + FormatFull(*m.Grad)
		}
		v.hover = s
	case canvasmsg.Click:
		if n.IsNone() {
			v.sel = selection{}
			return
		}
		v.selectNeuron(n)
	}
}

// selectNeuron selects the neuron's entry for the current sample in the
// first matrix of the stage whose columns are the neuron's layer.
func (v *stepsView) selectNeuron(n canvasmsg.Neuron) {
	st := &v.pass.Stages[v.stage]
	ms := append(append([]Matrix(nil), st.Outputs...), st.Inputs...) // outputs first
	for pass := 0; pass < 2; pass++ {
		for _, m := range ms {
			if m.ColAxis != units(n.Layer) {
				continue
			}
			switch {
			case pass == 0 && m.RowAxis.Kind == AxisSample:
				v.sel = selection{m.Name, v.sample*m.Cols + n.Index}
			case pass == 1 && m.RowAxis.Kind == AxisOne:
				v.sel = selection{m.Name, n.Index}
			default:
				continue
			}
			v.readout = v.describe(m, v.sel.k)
			return
		}
	}
	v.readout = neuronName(v.pass.Sizes, n) + ": not part of this stage"
}

// showNet sends the canvas the pass at the current stage and sample.
func (v *stepsView) showNet() {
	if v.pass == nil {
		return
	}
	st := &v.pass.Stages[v.stage]
	_ = v.frame.show(v.pass.Net(v.sample, v.stage), v.neuronOf(v.sel), st.Anim)
}

// neuronOf returns the canvas neuron of a selected cell, if its columns
// are a layer's units.
func (v *stepsView) neuronOf(s selection) canvasmsg.Neuron {
	if s.name == "" || v.pass == nil {
		return canvasmsg.None
	}
	m, ok := v.pass.Stages[v.stage].Matrix(s.name)
	if !ok || m.ColAxis.Kind != AxisUnit {
		return canvasmsg.None
	}
	return canvasmsg.Neuron{Layer: m.ColAxis.Layer, Index: s.k % m.Cols}
}

// nextIteration goes on past "update": the pass of the next training
// step, from the updated weights, at its first stage.
func (v *stepsView) nextIteration(ctx app.Context) {
	if v.pass == nil || v.iter >= MaxIter {
		return
	}
	v.iter++
	v.stage = 0
	v.compute()
	v.goTo(ctx, 0)
}

func (v *stepsView) goTo(ctx app.Context, stage int) {
	if v.pass == nil {
		return
	}
	v.stage = max(0, min(stage, len(v.pass.Stages)-1))
	v.sel, v.readout = selection{}, ""
	v.showNet()
}

// describe returns the readout of cell k of m.
func (v *stepsView) describe(m Matrix, k int) string {
	i, j := k/m.Cols, k%m.Cols
	s := fmt.Sprintf("%s[%d,%d] = %s", m.Name, i, j, FormatFull(m.Data[k]))
	var parts []string
	if m.RowAxis.Kind == AxisSample {
		parts = append(parts, fmt.Sprintf("sample %d (label %d)", i, v.pass.Labels[i]))
	}
	if m.RowAxis.Kind == AxisUnit {
		parts = append(parts, "from "+neuronName(v.pass.Sizes, canvasmsg.Neuron{Layer: m.RowAxis.Layer, Index: i}))
	}
	if m.ColAxis.Kind == AxisUnit {
		parts = append(parts, neuronName(v.pass.Sizes, canvasmsg.Neuron{Layer: m.ColAxis.Layer, Index: j}))
	}
	if len(parts) > 0 {
		s += " — "
		for i, p := range parts {
			if i > 0 {
				s += ", "
			}
			s += p
		}
	}
	return s
}

// cellOf reads the data-k of an event's target.
func cellOf(e app.Event) (int, bool) {
	t := e.Get("target")
	if t.IsNull() || t.IsUndefined() {
		return 0, false
	}
	a := t.Call("getAttribute", "data-k")
	if a.Type() != app.TypeString {
		return 0, false
	}
	k, err := strconv.Atoi(a.String())
	return k, err == nil
}

// onCell handles the pointer over and clicks on a matrix.
func (v *stepsView) onHoverCell(m Matrix) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if k, ok := cellOf(e); ok && k < len(m.Data) {
			v.readout = v.describe(m, k)
		}
	}
}

func (v *stepsView) onClickCell(m Matrix) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		k, ok := cellOf(e)
		if !ok || k >= len(m.Data) {
			return
		}
		if v.sel == (selection{m.Name, k}) {
			v.sel = selection{}
			v.frame.sel(canvasmsg.None)
			return
		}
		v.sel = selection{m.Name, k}
		v.readout = v.describe(m, k)
		if m.RowAxis.Kind == AxisSample && k/m.Cols != v.sample {
			v.sample = k / m.Cols
			v.showNet()
			return
		}
		v.frame.sel(v.neuronOf(v.sel))
	}
}

// setField changes one setting of the scenario from the form.
func (v *stepsView) setField(ctx app.Context, key, value string) {
	s := v.s
	s.Config.Hidden = append([]int(nil), s.Config.Hidden...)
	var err error
	if _, ok := s.Data.Get(key); ok {
		err = s.Data.Set(key, value)
	} else {
		err = s.Config.Set(key, value)
	}
	if err == nil {
		if _, err = SetupOf(s); err == nil {
			err = s.Validate()
		}
	}
	v.settingsOpen = true
	if v.fieldErrs == nil {
		v.fieldErrs, v.typed = map[string]string{}, map[string]string{}
	}
	if err != nil {
		v.fieldErrs[key], v.typed[key] = fieldMessage(err), value
		return
	}
	delete(v.fieldErrs, key)
	delete(v.typed, key)
	v.s = s
	v.compute()
	v.sel, v.readout = selection{}, ""
	v.showNet()
	v.replaceURL(ctx)
}

// replaceURL keeps the teacher's address bar on the current setup.
func (v *stepsView) replaceURL(ctx app.Context) {
	if v.Student {
		return
	}
	u := *ctx.Page().URL()
	u.RawQuery = v.s.Encode()
	ctx.Page().ReplaceURL(&u)
}

func (v *stepsView) show(id string) bool { return !v.Student || !v.s.Hidden(id) }
