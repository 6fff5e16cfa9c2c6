//go:build js && wasm

package app

import (
	"errors"
	"fmt"
	"runtime/debug"
	"syscall/js"
)

// See browser.go for what each function does and where it may be called.

// safeFunc returns a js.Func that runs fn, recovering a panic into
// onPanic: a panic in a callback would end the Go program.
func safeFunc(fn func(this js.Value, args []js.Value) any) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (ret any) {
		defer func() {
			if p := recover(); p != nil {
				onPanic(fmt.Sprintf("%v\n%s", p, debug.Stack()))
				ret = nil
			}
		}()
		return fn(this, args)
	})
}

func global(name string) js.Value { return js.Global().Get(name) }

func element(id string) js.Value {
	return global("document").Call("getElementById", id)
}

// await waits for a promise and returns its value or its rejection as an
// error. It blocks the calling goroutine only.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := safeFunc(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		ch <- result{v: v}
		return nil
	})
	defer then.Release()
	catch := safeFunc(func(_ js.Value, args []js.Value) any {
		err := errors.New("failed")
		if len(args) > 0 {
			err = jsError(args[0])
		}
		ch <- result{err: err}
		return nil
	})
	defer catch.Release()
	p.Call("then", then, catch)
	r := <-ch
	return r.v, r.err
}

// jsError turns a rejection reason or an error event into an error.
func jsError(v js.Value) error {
	if v.Type() == js.TypeObject && v.Get("message").Type() == js.TypeString {
		return errors.New(v.Get("message").String())
	}
	return errors.New(js.Global().Call("String", v).String())
}

// try runs fn and turns a panic (a JavaScript exception) into an error.
func try(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", p)
			}
		}
	}()
	return fn()
}

func httpGet(url string) (status int, body string, err error) {
	err = try(func() error {
		resp, err := await(global("fetch").Invoke(url, map[string]any{"cache": "no-store"}))
		if err != nil {
			return err
		}
		status = resp.Get("status").Int()
		text, err := await(resp.Call("text"))
		if err != nil {
			return err
		}
		body = text.String()
		return nil
	})
	return status, body, err
}

// IndexedDB: one database with one object store of byte arrays.
const (
	dbName  = "backprop-playground"
	dbStore = "kv"
)

// idbRequest waits for an IDBRequest (or, with done "complete", an
// IDBTransaction) to succeed or fail.
func idbRequest(req js.Value, done string) (js.Value, error) {
	ch := make(chan error, 1)
	ok := safeFunc(func(js.Value, []js.Value) any { ch <- nil; return nil })
	defer ok.Release()
	fail := safeFunc(func(js.Value, []js.Value) any {
		if e := req.Get("error"); e.Truthy() {
			ch <- jsError(e)
		} else {
			ch <- errors.New("the browser's storage refused the request")
		}
		return nil
	})
	defer fail.Release()
	req.Set("on"+done, ok)
	req.Set("onerror", fail)
	if done == "complete" {
		req.Set("onabort", fail)
	}
	if err := <-ch; err != nil {
		return js.Undefined(), err
	}
	if done == "complete" {
		return js.Undefined(), nil
	}
	return req.Get("result"), nil
}

// keptDB is the open database, once opened: the page keeps one
// connection, so that a pagehide handler can start a transaction at once
// (opening is asynchronous, and the page may be gone before it succeeds).
var keptDB js.Value

func openDB() (js.Value, error) {
	if keptDB.Truthy() {
		return keptDB, nil
	}
	idb := global("indexedDB")
	if !idb.Truthy() {
		return js.Undefined(), errors.New("this browser has no IndexedDB")
	}
	req := idb.Call("open", dbName, 1)
	upgrade := safeFunc(func(js.Value, []js.Value) any {
		db := req.Get("result")
		if !db.Get("objectStoreNames").Call("contains", dbStore).Bool() {
			db.Call("createObjectStore", dbStore)
		}
		return nil
	})
	defer upgrade.Release()
	req.Set("onupgradeneeded", upgrade)
	db, err := idbRequest(req, "success")
	if err == nil {
		keptDB = db
	}
	return db, err
}

func storeGet(key string) (b []byte, err error) {
	err = try(func() error {
		db, err := openDB()
		if err != nil {
			return err
		}
		tx := db.Call("transaction", dbStore, "readonly")
		v, err := idbRequest(tx.Call("objectStore", dbStore).Call("get", key), "success")
		if err != nil {
			return err
		}
		if !v.Truthy() || !v.InstanceOf(global("Uint8Array")) {
			return nil // absent
		}
		b = make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(b, v)
		return nil
	})
	return b, err
}

// storeWrite starts one transaction that puts put and deletes del, and
// returns it.
func storeWrite(db js.Value, put map[string][]byte, del []string) js.Value {
	tx := db.Call("transaction", dbStore, "readwrite")
	st := tx.Call("objectStore", dbStore)
	for _, k := range del {
		st.Call("delete", k)
	}
	for k, b := range put {
		arr := global("Uint8Array").New(len(b))
		js.CopyBytesToJS(arr, b)
		st.Call("put", arr, k)
	}
	return tx
}

func storePut(put map[string][]byte, del []string) error {
	return try(func() error {
		db, err := openDB()
		if err != nil {
			return err
		}
		_, err = idbRequest(storeWrite(db, put, del), "complete")
		return err
	})
}

func storePutNow(put map[string][]byte, del []string) {
	if !keptDB.Truthy() {
		return
	}
	_ = try(func() error { storeWrite(keptDB, put, del); return nil })
}

func listenLeave(onLeave func(final bool)) func() {
	doc, win := global("document"), global("window")
	hide := safeFunc(func(js.Value, []js.Value) any { onLeave(true); return nil })
	vis := safeFunc(func(js.Value, []js.Value) any {
		if doc.Get("visibilityState").String() == "hidden" {
			onLeave(false)
		}
		return nil
	})
	win.Call("addEventListener", "pagehide", hide)
	doc.Call("addEventListener", "visibilitychange", vis)
	return func() {
		win.Call("removeEventListener", "pagehide", hide)
		doc.Call("removeEventListener", "visibilitychange", vis)
		hide.Release()
		vis.Release()
	}
}

func saveFile(name, mime string, b []byte) error {
	return try(func() error {
		arr := global("Uint8Array").New(len(b))
		js.CopyBytesToJS(arr, b)
		blob := global("Blob").New([]any{arr}, map[string]any{"type": mime})
		url := global("URL").Call("createObjectURL", blob)
		a := global("document").Call("createElement", "a")
		a.Set("href", url)
		a.Set("download", name)
		a.Get("style").Set("display", "none")
		body := global("document").Get("body")
		body.Call("appendChild", a)
		a.Call("click")
		body.Call("removeChild", a)
		var revoke js.Func
		revoke = safeFunc(func(js.Value, []js.Value) any {
			global("URL").Call("revokeObjectURL", url)
			revoke.Release()
			return nil
		})
		global("setTimeout").Invoke(revoke, 60_000)
		return nil
	})
}

func locationFragment() string {
	return global("location").Get("hash").String()
}

func replaceFragment(q string) {
	loc := global("location")
	url := loc.Get("pathname").String() + loc.Get("search").String() + "#" + q
	_ = try(func() error {
		global("history").Call("replaceState", global("history").Get("state"), "", url)
		return nil
	})
}

// shareURL returns this page's address with the fragment q.
func shareURL(q string) string {
	loc := global("location")
	return loc.Get("origin").String() + loc.Get("pathname").String() + loc.Get("search").String() + "#" + q
}

// copyText puts text on the clipboard: navigator.clipboard where the page
// may use it (a secure context, with permission), else the older
// document.execCommand("copy") on a hidden text area, which works over
// plain http too. It blocks the calling goroutine (call it from ctx.Async).
func copyText(text string) error {
	clip := global("navigator").Get("clipboard")
	if clip.Truthy() && clip.Get("writeText").Type() == js.TypeFunction {
		var p js.Value
		if err := try(func() error { p = clip.Call("writeText", text); return nil }); err == nil {
			if _, err := await(p); err == nil {
				return nil
			}
		}
	}
	ok := false
	err := try(func() error {
		doc := global("document")
		ta := doc.Call("createElement", "textarea")
		ta.Set("value", text)
		ta.Call("setAttribute", "readonly", "")
		ta.Get("style").Set("position", "fixed")
		ta.Get("style").Set("opacity", "0")
		doc.Get("body").Call("appendChild", ta)
		ta.Call("select")
		ok = doc.Call("execCommand", "copy").Truthy()
		ta.Call("remove")
		return nil
	})
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("the browser refused to copy")
	}
	return nil
}

func drawRGBA(id string, w, h int, rgba []byte) {
	c := element(id)
	if !c.Truthy() || len(rgba) != w*h*4 || w <= 0 || h <= 0 {
		return
	}
	_ = try(func() error {
		arr := global("Uint8ClampedArray").New(len(rgba))
		js.CopyBytesToJS(arr, rgba)
		img := global("ImageData").New(arr, w, h)
		c.Call("getContext", "2d").Call("putImageData", img, 0, 0)
		return nil
	})
}

func fileOf(f js.Value) fileRef {
	return fileRef{name: f.Get("name").String(), size: int64(f.Get("size").Float()), mime: f.Get("type").String(), v: f}
}

func inputFile(id string) (fileRef, bool) {
	in := element(id)
	if !in.Truthy() {
		return fileRef{}, false
	}
	files := in.Get("files")
	if !files.Truthy() || files.Get("length").Int() == 0 {
		return fileRef{}, false
	}
	return fileOf(files.Index(0)), true
}

func resetInput(id string) {
	if in := element(id); in.Truthy() {
		in.Set("value", "")
	}
}

func selectInput(id string) {
	if in := element(id); in.Truthy() {
		in.Call("focus")
		in.Call("select")
	}
}

func readFile(f fileRef, n int64) (b []byte, err error) {
	err = try(func() error {
		v, ok := f.v.(js.Value)
		if !ok {
			return errors.New("no file")
		}
		if n >= 0 && n < f.size {
			v = v.Call("slice", 0, n)
		}
		buf, err := await(v.Call("arrayBuffer"))
		if err != nil {
			return err
		}
		arr := global("Uint8Array").New(buf)
		b = make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(b, arr)
		return nil
	})
	return b, err
}

func decodeImage(f fileRef) (rgba []byte, w, h int, err error) {
	err = try(func() error {
		v, ok := f.v.(js.Value)
		if !ok {
			return errors.New("no file")
		}
		if global("createImageBitmap").Type() != js.TypeFunction {
			return errors.New("this browser cannot decode images for the page (no createImageBitmap)")
		}
		bmp, err := await(global("createImageBitmap").Invoke(v))
		if err != nil {
			return err
		}
		defer bmp.Call("close")
		bw, bh := bmp.Get("width").Int(), bmp.Get("height").Int()
		if bw <= 0 || bh <= 0 {
			return errors.New("the image has no pixels")
		}
		x, y, side := squareCrop(bw, bh)
		w = min(side, decodeSide)
		h = w
		c := global("document").Call("createElement", "canvas")
		c.Set("width", w)
		c.Set("height", h)
		ctx := c.Call("getContext", "2d")
		ctx.Set("fillStyle", "#ffffff")
		ctx.Call("fillRect", 0, 0, w, h)
		ctx.Set("imageSmoothingQuality", "high")
		ctx.Call("drawImage", bmp, x, y, side, side, 0, 0, w, h)
		data := ctx.Call("getImageData", 0, 0, w, h).Get("data")
		rgba = make([]byte, data.Get("length").Int())
		js.CopyBytesToGo(rgba, data)
		return nil
	})
	return rgba, w, h, err
}

// listenPad lets the pointer draw on the canvas id, with the colour and
// width in its data-color and data-brush attributes (which the page
// renders), and calls onStroke at the end of each stroke.
func listenPad(id string, onStroke func()) (release func()) {
	c := element(id)
	if !c.Truthy() {
		return func() {}
	}
	drawing := false
	var lastX, lastY float64
	pos := func(e js.Value) (float64, float64) {
		r := c.Call("getBoundingClientRect")
		rw, rh := r.Get("width").Float(), r.Get("height").Float()
		if rw <= 0 || rh <= 0 {
			return 0, 0
		}
		return (e.Get("clientX").Float() - r.Get("left").Float()) * c.Get("width").Float() / rw,
			(e.Get("clientY").Float() - r.Get("top").Float()) * c.Get("height").Float() / rh
	}
	stroke := func(x, y float64) {
		ctx := c.Call("getContext", "2d")
		ds := c.Get("dataset")
		colour, brush := "#000000", 12.0
		if v := ds.Get("color"); v.Type() == js.TypeString {
			colour = v.String()
		}
		if v := ds.Get("brush"); v.Type() == js.TypeString {
			if b := global("Number").Invoke(v); b.Type() == js.TypeNumber && !b.IsNaN() && b.Float() > 0 {
				brush = b.Float()
			}
		}
		ctx.Set("strokeStyle", colour)
		ctx.Set("lineWidth", brush)
		ctx.Set("lineCap", "round")
		ctx.Set("lineJoin", "round")
		ctx.Call("beginPath")
		ctx.Call("moveTo", lastX, lastY)
		ctx.Call("lineTo", x+0.01, y) // a zero-length line draws no round cap
		ctx.Call("stroke")
		lastX, lastY = x, y
	}
	down := safeFunc(func(_ js.Value, args []js.Value) any {
		e := args[0]
		e.Call("preventDefault")
		if id := e.Get("pointerId"); id.Type() == js.TypeNumber {
			_ = try(func() error { c.Call("setPointerCapture", id); return nil })
		}
		drawing = true
		lastX, lastY = pos(e)
		stroke(lastX, lastY)
		return nil
	})
	move := safeFunc(func(_ js.Value, args []js.Value) any {
		if drawing {
			x, y := pos(args[0])
			stroke(x, y)
		}
		return nil
	})
	up := safeFunc(func(js.Value, []js.Value) any {
		if drawing {
			drawing = false
			onStroke()
		}
		return nil
	})
	listeners := []struct {
		event string
		fn    js.Func
	}{{"pointerdown", down}, {"pointermove", move}, {"pointerup", up}, {"pointercancel", up}, {"lostpointercapture", up}}
	for _, l := range listeners {
		c.Call("addEventListener", l.event, l.fn)
	}
	return func() {
		for _, l := range listeners {
			c.Call("removeEventListener", l.event, l.fn)
			l.fn.Release()
		}
	}
}

func padPixels(id string) (rgba []byte, w, h int) {
	c := element(id)
	if !c.Truthy() {
		return nil, 0, 0
	}
	w, h = c.Get("width").Int(), c.Get("height").Int()
	data := c.Call("getContext", "2d").Call("getImageData", 0, 0, w, h).Get("data")
	rgba = make([]byte, data.Get("length").Int())
	js.CopyBytesToGo(rgba, data)
	return rgba, w, h
}

func padFill(id, colour string) {
	c := element(id)
	if !c.Truthy() {
		return
	}
	ctx := c.Call("getContext", "2d")
	ctx.Set("fillStyle", colour)
	ctx.Call("fillRect", 0, 0, c.Get("width"), c.Get("height"))
}

// listenDrop calls onFile with the first file dropped on the element id,
// and toggles its class "dragging" while a drag is over it.
func listenDrop(id string, onFile func(fileRef)) (release func()) {
	el := element(id)
	if !el.Truthy() {
		return func() {}
	}
	over := safeFunc(func(_ js.Value, args []js.Value) any {
		args[0].Call("preventDefault") // allows the drop
		el.Get("classList").Call("add", "dragging")
		return nil
	})
	leave := safeFunc(func(js.Value, []js.Value) any {
		el.Get("classList").Call("remove", "dragging")
		return nil
	})
	drop := safeFunc(func(_ js.Value, args []js.Value) any {
		e := args[0]
		e.Call("preventDefault") // else the browser opens the file instead of the page
		el.Get("classList").Call("remove", "dragging")
		files := e.Get("dataTransfer").Get("files")
		if files.Truthy() && files.Get("length").Int() > 0 {
			onFile(fileOf(files.Index(0)))
		}
		return nil
	})
	listeners := []struct {
		event string
		fn    js.Func
	}{{"dragover", over}, {"dragenter", over}, {"dragleave", leave}, {"drop", drop}}
	for _, l := range listeners {
		el.Call("addEventListener", l.event, l.fn)
	}
	return func() {
		for _, l := range listeners {
			el.Call("removeEventListener", l.event, l.fn)
			l.fn.Release()
		}
	}
}

// guardDrops keeps a file dropped outside the drop zone from replacing
// the page (the browser's default is to open it).
func guardDrops() (release func()) {
	prevent := safeFunc(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			args[0].Call("preventDefault")
		}
		return nil
	})
	w := js.Global()
	w.Call("addEventListener", "dragover", prevent)
	w.Call("addEventListener", "drop", prevent)
	return func() {
		w.Call("removeEventListener", "dragover", prevent)
		w.Call("removeEventListener", "drop", prevent)
		prevent.Release()
	}
}
