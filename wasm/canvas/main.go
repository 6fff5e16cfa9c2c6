//go:build js && wasm

// Command canvas is the network canvas, built for the browser as
// web/static/canvas.wasm (served as /web/canvas.wasm) and shown by
// web/static/canvas.html in an <iframe>. The page talks to it with the
// app/canvasmsg messages.
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o web/static/canvas.wasm ./wasm/canvas
package main

import (
	"fmt"
	"os"

	"github.com/backprop-playground/playground/app/canvas/game"
)

func main() {
	if err := game.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "canvas:", err)
		os.Exit(1)
	}
}
