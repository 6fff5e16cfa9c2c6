package app

// The page's calls into the browser live in browser_js.go (js/wasm only;
// the worker is app/wire's)
// and have stubs in browser_stub.go, so that package app builds and is
// tested natively, where go-app prerenders the page and never mounts it.
// The functions:
//
//	httpGet(url)                          fetch; blocking
//	storeGet(key)                         IndexedDB bytes; blocking
//	storePut(put, del)                    put and delete keys in one transaction; blocking
//	storePutNow(put, del)                 the same, started at once without waiting (for pagehide)
//	listenLeave(onLeave)                  pagehide (final) and visibilitychange to hidden
//	saveFile(name, mime, b)               a download
//	locationFragment(), replaceFragment   the URL's #fragment, without history entries
//	drawRGBA(id, w, h, rgba)              pixels onto the <canvas> with that id
//	inputFile(id), resetInput(id)         the file of an <input type=file>
//	readFile(f, n), decodeImage(f)        a file's bytes; an image as RGBA; blocking
//	listenPad(id, onStroke)               drawing on a <canvas> with the pointer
//	padPixels(id), padFill(id, colour)    that canvas's pixels; fill it
//	listenDrop(id, onFile)                files dropped on an element
//	guardDrops()                          a file dropped elsewhere does not replace the page
//
// Blocking functions wait for a JavaScript promise: call them from a
// goroutine (ctx.Async), never from a callback or the UI goroutine.
// Callbacks from the browser run the given Go functions synchronously:
// those must only queue work (ctx.Dispatch). A panic in a callback would
// end the Go program and break the page (PLATFORM.md), so every callback
// recovers and hands the panic to onPanic.

// fileRef is a File the user picked or dropped: its name, size, the type
// the browser guessed, and the JavaScript object (in the browser only).
type fileRef struct {
	name string
	size int64
	mime string
	v    any
}

// onPanic receives the message of a panic recovered in a browser
// callback. The page sets it to show the message; it must not block.
var onPanic = func(string) {}

// padSide is the drawing pad's size in canvas pixels; the net sees it
// scaled to 32×32.
const padSide = 256

// decodeSide bounds the size to which the browser scales a picture
// before Go averages it down to 32×32.
const decodeSide = 256
