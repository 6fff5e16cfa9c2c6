//go:build !(js && wasm)

package linkguard

// Install does nothing outside the browser: the server hands go-app
// parsed request URLs.
func Install() {}
