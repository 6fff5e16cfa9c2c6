package classroom

// Control is a control or panel of the classroom pages that a scenario can
// hide. Settings have the id of their link key.
type Control struct {
	ID    string
	Label string
}

// Controls lists every control a scenario can hide, in the order a
// teacher's checklist shows them. Ids are lowercase and stable: pages use
// them as element ids' suffixes and links list them in "hide". A setting's
// control has its schema key as id and its schema label (Fields).
var Controls = []Control{
	// Dataset settings (core/plane's Fields and train's "data").
	setting("data"),
	setting("classes"),
	setting("points"),
	setting("noise"),
	setting("split"),
	setting("dseed"),
	setting("features"),
	{"addpoints", "Adding points by clicking"},
	// Network and training settings (train.Fields).
	setting("hidden"),
	setting("act"),
	setting("init"),
	setting("std"),
	setting("dropout"),
	setting("opt"),
	setting("lr"),
	setting("schedule"),
	setting("decay"),
	setting("momentum"),
	setting("reg"),
	setting("batch"),
	setting("iters"),
	setting("epochs"),
	setting("sampling"),
	setting("seed"),
	// Actions.
	{"train", "Train / pause"},
	{"step", "Single step"},
	{"reset", "Reset"},
	// Views.
	{"regions", "Decision regions"},
	{"neurons", "Hidden unit maps"},
	{"curves", "Loss and accuracy curves"},
	{"network", "Network diagram"},
	{"steps", "Step-through backprop"},
}

// setting returns the control of a schema key (a bug if it has none).
func setting(key string) Control {
	f, ok := Fields.Lookup(key)
	if !ok {
		panic("classroom: no setting " + key)
	}
	return Control{ID: key, Label: f.Label}
}

// controlSet indexes Controls by id.
var controlSet = func() map[string]Control {
	m := make(map[string]Control, len(Controls))
	for _, c := range Controls {
		m[c.ID] = c
	}
	return m
}()

// LookupControl returns the control with the given id.
func LookupControl(id string) (Control, bool) {
	c, ok := controlSet[id]
	return c, ok
}
