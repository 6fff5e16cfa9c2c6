// Package web holds the playground's static files, served under /web/.
//
// The folder static/ holds the committed files (app.css, the icons,
// canvas.html) and, once `make wasm` has run, the build outputs: app.wasm,
// worker.wasm and canvas.wasm with a brotli (.br) and a gzip (.gz) copy of
// each, which are not committed. The Makefile builds the wasm before the
// server, so the server binary embeds them; on a fresh clone the committed
// files alone make the embed pattern match, so `go vet ./...` and
// `go build ./...` work before any wasm exists.
//
// The subcommands build the files: ./compress writes the .br and .gz
// copies, ./icon draws the icons.
package web

import (
	"embed"
	"io/fs"
)

//go:generate go run ./icon -out static

//go:embed static
var static embed.FS

// FS returns the static folder as the root of a file system: its files are
// "app.css", "app.wasm", "app.wasm.br" and so on, served as /web/app.css,
// /web/app.wasm.
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		// fs.Sub fails only for an invalid path, and this one is constant.
		panic("web: " + err.Error())
	}
	return sub
}
