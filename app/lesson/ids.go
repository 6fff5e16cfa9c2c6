package lesson

// Page paths.
const (
	PathPlayground = "/" // the image playground (package app's page)
	PathSteps      = "/steps"
	PathPlane      = "/plane"
	PathClassroom  = "/classroom"
)

// Element ids, for tests and scripts. Ids are stable: tests in
// cmd/serve/lesson_test.go use them.
//
// The step-through (/steps, and /classroom on a "steps" scenario):
//
//	steps                 the view; data-stage (key), data-index, data-phase, data-stages (count)
//	steps-prev, steps-next, steps-first
//	steps-go-<key>        the pipeline's button of each stage (x, z2, a2, …, update)
//	steps-stage           the current stage's card
//	steps-formula         its MathML formula
//	m-<name>              each matrix shown: data-name, data-rows, data-cols, data-values (JSON,
//	                      exact); its cells' <text> are the printed values (FormatCell)
//	relerr-<name>         a gradient check: data-value is the relative error
//	steps-readout         the value under the pointer, or the selected cell
//	steps-sample          the sample the canvas shows
//	net-frame             the network canvas's iframe; net-hover: the hovered neuron
//	steps-<key>           a setting of the form (points, classes, hidden, act, …); steps-error
//
// The 2D playground (/plane, and /classroom on a "train" scenario); the
// second net of a comparison has the prefix "plane-vs" instead of "plane":
//
//	plane                 the view; data-nets, data-train and data-test (points), data-added (by hand)
//	plane-<key>           a dataset setting (data, classes, points, noise, split, dseed, addpoints)
//	plane-<key>           a net's setting (hidden, act, init, std, dropout, opt, lr, schedule,
//	                      decay, momentum, reg, batch, iters, epochs, sampling, seed)
//	plane-train, plane-step, plane-reset
//	plane-weight-editor   the weight clicked on the diagram: data-layer, data-from, data-to;
//	                      plane-weight (its value; change sets it), plane-weight-close
//	plane-count           how many training and test points (and how many added by hand)
//	plane-speed           <select>: the most steps a second (0: as fast as it can)
//	plane-showtest        checkbox: draw the test points on the regions (on by default)
//	plane-discretize      checkbox: regions in full class colours with sharp boundaries
//	plane-compare         (teachers) train a second net beside the first
//	plane-regions         the decision regions <canvas>; plane-neurons, plane-curves, plane-network
//	plane-stats           data-state, data-iter, data-loss, data-train-acc, data-test-acc,
//	                      data-seconds (time trained), data-time95 (seconds to 95% test
//	                      accuracy, -1 before)
//	plane-error
//
// Every page (the masthead):
//
//	thread-note           training runs on one thread: the page is not cross-origin isolated
//	                      (a static host; see threadNote)
//
// Classroom links (/classroom):
//
//	classroom             the index: ready-<key> links to the shipped scenarios
//	scenario-title, scenario-text, scenario-error
//	teacher               the teacher's panel (on /plane and /steps): teacher-title,
//	                      teacher-text, teacher-hide-<control id>, teacher-link, teacher-open
const (
	IDSteps        = "steps"
	IDStepsStage   = "steps-stage"
	IDStepsReadout = "steps-readout"
	IDNetFrame     = "net-frame"
	IDNetHover     = "net-hover"
	IDPlane        = "plane"
	IDClassroom    = "classroom"
	IDTeacher      = "teacher"
	IDTeacherLink  = "teacher-link"
	IDThreadNote   = "thread-note"
)
