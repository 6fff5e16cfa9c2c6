//go:build js && wasm

package linkguard

import "syscall/js"

// Install repairs the current address and does so again before go-app
// sees each later one. Call it before app.RunWhenOnBrowser: listeners
// added now run before go-app's onpopstate handler.
func Install() {
	check()
	fn := js.FuncOf(func(js.Value, []js.Value) any {
		defer func() { _ = recover() }() // a panic here would end the program
		check()
		return nil
	})
	// Kept for the life of the page: never released.
	js.Global().Call("addEventListener", "popstate", fn)
	js.Global().Call("addEventListener", "hashchange", fn)
}

// check repairs location.href in place (no history entry) when url.Parse
// would refuse it, and sets the notice for it.
func check() {
	href := js.Global().Get("location").Get("href").String()
	fixed, bad := Repair(href)
	if fixed == href {
		return
	}
	notice = noticeOf(bad)
	h := js.Global().Get("history")
	h.Call("replaceState", h.Get("state"), "", fixed)
}
