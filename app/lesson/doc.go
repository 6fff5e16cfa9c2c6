// Package lesson is the classroom's pages (issue 4): go-app components
// for the step-through of one forward and backward pass (/steps), the 2D
// playground (/plane) and classroom links (/classroom). The three are one
// page type (scenarioPage, pages.go) that reads a classroom.Scenario from
// its address; their forms come from the schemas through app/form, their
// curves from app/chart. ids.go lists the element ids that tests use.
//
// # The step-through
//
// Compute runs a Setup (the toy data of core/toy and any small net) through
// the engine and cuts the pass into Stages: X, z₂ = X W₁ + b₁, a₂, …, the
// softmax and the loss, then ∂J/∂z, ∂J/∂W, ∂J/∂b, ∂J/∂a, the activation's
// slope (the ReLU mask) layer by layer down to the update. The values are
// the engine's own: nn.Network.CostGrad's layers keep their inputs and
// outputs, the same layers' Backward gives ∂J/∂a and ∂J/∂z, central
// differences of the engine's loss give the numerical gradients, and the
// optimizer's Step gives the update. For the report's toy net every matrix
// equals ../shared/reference/toy_reference.json (TestToyPass; in the
// browser, cmd/serve's TestLessonStepsToy). It runs in app.wasm: the toy
// net is tiny.
//
// Each matrix is drawn as an SVG heatmap with its numbers (FormatCell), a
// tooltip and a readout with the exact value, and its values in the
// element's data-values; Stage.Feeds says which cells a selected cell is
// computed from. The network canvas (an iframe of web/static/canvas.html,
// app/canvasmsg messages) shows the same pass for one sample: its
// animation follows the stage, pointing at a neuron shows its value and
// gradient in the page, and clicking it selects its entry.
//
// # The 2D playground
//
// Each net trains in a Web Worker of its own (worker.wasm through
// app/wire, the msg protocol; the dataset travels as a name of
// msg.PlaneData), never on the page's thread. The page asks the worker for the net's weights (an
// export, a few kilobytes) at most every 200 ms while it trains, and draws
// the decision regions, the hidden units' maps and the accuracies itself
// (app/canvas, app/canvas/probe): a 48×48 grid through a 2-16-16-3 net is
// about 3 MFLOP, a few milliseconds, cheaper to compute than pictures are
// to send. The page generates the same points as the worker (core/plane is
// deterministic) and measures the test accuracy; the worker never sees
// the test points.
//
// # Classroom links
//
// /plane and /steps show every control and a teacher's panel: a title, a
// text, the controls to hide, and the link (classroom.Scenario.Encode).
// /classroom with that query shows students the same view without the
// hidden controls (they are not rendered at all), and without a query
// lists the ready scenarios (classroom.ReadyKeys).
package lesson
