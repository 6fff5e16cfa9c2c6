// Package game runs the network canvas in the browser: an ebiten Game
// around a canvas.Scene, wired to the page with window.postMessage. It is
// only built for js/wasm (the other files carry //go:build js && wasm), so
// natively this package is empty.
//
// It is a package of its own, not a file of app/canvas, because linking
// ebiten into a wasm program makes ebiten take over the whole page (its own
// full-page <canvas>, a black body): the page (app.wasm) may import
// app/canvas for decision regions and activation maps, and must not get
// ebiten with it.
//
// The adapter is thin (STYLE.md P6): Update feeds the Scene the queued
// messages, the pointer and the clock; Draw copies the Scene's pixels to
// the screen when they changed; everything else is canvas.Scene, tested
// natively.
package game
