//go:build js && wasm

package urlguard

import (
	"sync"
	"syscall/js"
)

var (
	mu sync.Mutex
	// What the last repair wrote (pathname and hash as the browser
	// shows them) and what it could not read.
	fixedPath, fixedHash string
	parts                []Part
)

// Install repairs the address now and on every popstate and hashchange.
// Its listeners must run before go-app's window.onpopstate, so it must be
// called before app.RunWhenOnBrowser (listeners run in the order they
// were added; go-app sets onpopstate when it starts).
func Install() {
	check()
	fn := js.FuncOf(func(js.Value, []js.Value) any {
		defer func() { _ = recover() }() // a panic here would end the program
		check()
		return nil
	})
	opts := map[string]any{"capture": true}
	w := js.Global()
	w.Call("addEventListener", "popstate", fn, opts)
	w.Call("addEventListener", "hashchange", fn, opts)
}

func check() {
	loc := js.Global().Get("location")
	href := loc.Get("href").String()
	fixed, bad := Repair(href)
	if len(bad) == 0 {
		return
	}
	h := js.Global().Get("history")
	h.Call("replaceState", h.Get("state"), "", fixed)
	mu.Lock()
	defer mu.Unlock()
	fixedPath, fixedHash, parts = loc.Get("pathname").String(), loc.Get("hash").String(), bad
}

// Unreadable returns the parts of the current address that the last
// repair changed, or nil if the address has changed since (the user
// edited it, or the page rewrote it).
func Unreadable() []Part {
	mu.Lock()
	defer mu.Unlock()
	loc := js.Global().Get("location")
	if parts == nil || loc.Get("pathname").String() != fixedPath || loc.Get("hash").String() != fixedHash {
		return nil
	}
	return parts
}
