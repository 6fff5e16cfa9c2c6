// Package canvas draws the classroom's pictures into plain memory: the
// network diagram, the decision regions of a 2D dataset and the hidden
// units' activation maps. It knows nothing about ebiten or the browser
// (STYLE.md P6): everything renders into an *image.RGBA and is tested
// natively against golden PNGs (go test ./app/canvas -update rewrites them).
//
// # Pieces
//
//	Diagram   neurons in columns, edges coloured by sign with width ∝ |w|,
//	          neuron fill by value, gradient rings, the selection and what
//	          feeds it, a forward/backward pulse; Layout.Hit for the pointer
//	Regions   a class-probability Grid as colours (class → hue, confidence →
//	          saturation) under the train (discs) and test (diamonds) points
//	Maps      one small map per hidden unit over the same grid
//	Scene     the canvas program's state: it takes canvasmsg messages,
//	          pointer moves, clicks and clock ticks, and gives pixels and
//	          replies; app/canvas/game wraps it in an ebiten Game
//
// app/canvas/probe fills these from an *nn.Network (Sample, Evaluate).
//
// # Colours
//
// As TensorFlow Playground: orange for negative, blue for positive (its
// color scale ["#f59322", "#e8eaeb", "#0877bd"]), and class 0 orange,
// class 1 blue, then d3's category colours. Values are squashed with tanh
// before colouring, so that a tiny activation (a net initialized with std
// 1e-4) looks pale rather than being stretched to full colour.
//
// The page may import this package for Regions and Maps: it does not
// import ebiten, which takes over the whole page when linked (see
// app/canvas/game).
package canvas
