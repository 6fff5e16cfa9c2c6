package classroom

// Control is a control or panel of the classroom pages that a scenario can
// hide. Settings have the id of their link key.
type Control struct {
	ID    string
	Label string
}

// Controls lists every control a scenario can hide, in the order a
// teacher's checklist shows them. Ids are lowercase and stable: pages use
// them as element ids' suffixes and links list them in "hide".
var Controls = []Control{
	// Dataset settings (core/plane's Fields and train's "data").
	{"data", "Dataset"},
	{"classes", "Number of classes"},
	{"points", "Number of points"},
	{"noise", "Noise"},
	{"split", "Train/test split"},
	{"dseed", "Dataset seed"},
	{"addpoints", "Adding points by clicking"},
	// Network and training settings (train.Fields).
	{"hidden", "Hidden layers"},
	{"act", "Activation"},
	{"init", "Initialization"},
	{"std", "Initialization scale"},
	{"dropout", "Dropout"},
	{"opt", "Optimizer"},
	{"lr", "Learning rate"},
	{"schedule", "Learning-rate schedule"},
	{"decay", "Learning-rate decay"},
	{"momentum", "Momentum"},
	{"reg", "L2 regularization"},
	{"batch", "Batch size"},
	{"iters", "Iterations"},
	{"epochs", "Epochs"},
	{"sampling", "Minibatch sampling"},
	{"seed", "Seed"},
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
