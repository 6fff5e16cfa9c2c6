// Command app is the playground's user interface compiled to web assembly
// (web/static/app.wasm): the page's go-app components and nothing else, so
// the server's code stays out of the download.
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o web/static/app.wasm ./wasm/app
package main

import (
	"github.com/backprop-playground/playground/app"
	"github.com/backprop-playground/playground/app/linkguard"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	app.Routes()
	linkguard.Install() // before go-app reads the address: a stray % would end the program
	goapp.RunWhenOnBrowser()
}
