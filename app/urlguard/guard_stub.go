//go:build !(js && wasm)

package urlguard

// Install does nothing outside the browser: the server reads no fragment,
// and go-app's server side parses the request's URL itself.
func Install() {}

// Unreadable is nil outside the browser.
func Unreadable() []Part { return nil }
