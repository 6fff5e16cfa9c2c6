//go:build js && wasm

// Command worker is the playground's training worker, run in a Web Worker
// by web/static/worker.js: the worker layer (worker/) serving the msg
// protocol.
package main

import "github.com/backprop-playground/playground/worker"

func main() { worker.Serve() }
