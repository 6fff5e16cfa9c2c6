// Command app is the playground's user interface compiled to web assembly
// (web/static/app.wasm): the page's go-app components and nothing else, so
// the server's code stays out of the download.
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o web/static/app.wasm ./wasm/app
package main

import (
	"github.com/backprop-playground/playground/app"
	"github.com/backprop-playground/playground/app/urlguard"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	app.Routes()
	// Before go-app reads the address: it panics on one url.Parse cannot
	// read (a stray "%" in the fragment).
	urlguard.Install()
	goapp.RunWhenOnBrowser()
}
