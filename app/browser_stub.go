//go:build !(js && wasm)

package app

import "errors"

// Stubs of browser_js.go for native builds: go-app prerenders the page on
// the server and tests run natively, where nothing is mounted and these
// are never called for real. Each does nothing or returns errNoBrowser.

var errNoBrowser = errors.New("not in a browser")

func httpGet(string) (int, string, error)           { return 0, "", errNoBrowser }
func storeGet(string) ([]byte, error)               { return nil, errNoBrowser }
func storePut(map[string][]byte, []string) error    { return errNoBrowser }
func storePutNow(map[string][]byte, []string)       {}
func listenLeave(func(final bool)) func()           { return func() {} }
func saveFile(string, string, []byte) error         { return errNoBrowser }
func locationFragment() string                      { return "" }
func replaceFragment(string)                        {}
func shareURL(q string) string                      { return "#" + q }
func copyText(string) error                         { return errNoBrowser }
func drawRGBA(string, int, int, []byte)             {}
func inputFile(string) (fileRef, bool)              { return fileRef{}, false }
func resetInput(string)                             {}
func selectInput(string)                            {}
func readFile(fileRef, int64) ([]byte, error)       { return nil, errNoBrowser }
func decodeImage(fileRef) ([]byte, int, int, error) { return nil, 0, 0, errNoBrowser }
func listenPad(string, func()) func()               { return func() {} }
func padPixels(string) ([]byte, int, int)           { return nil, 0, 0 }
func padFill(string, string)                        {}
func listenDrop(string, func(fileRef)) func()       { return func() {} }
func guardDrops() func()                            { return func() {} }
