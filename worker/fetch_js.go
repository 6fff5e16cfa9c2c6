//go:build js && wasm

package worker

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"syscall/js"
)

// fetcher is Fetcher over the browser's fetch: the body is read
// chunk by chunk from its stream, reporting progress, and copied into Go
// memory with js.CopyBytesToGo. The site-rooted paths of the session
// (SampleURL, …) are fetched under the site's base (siteURL).
type fetcher struct{}

// siteURL returns the address of the site-rooted path p ("/data/info")
// where the site is served. worker.js is the site's web/worker.js, which
// the page started under its own base (app/base), so the site's root is
// the folder above this worker's script: "/playground/data/info" on a site
// served under /playground/, "/data/info" at the root of a host.
func siteURL(p string) string {
	if !strings.HasPrefix(p, "/") {
		return p
	}
	u := js.Global().Get("URL")
	root := u.New("../", js.Global().Get("location").Get("href"))
	return u.New("."+p, root).Get("href").String()
}

func (fetcher) Fetch(url string, progress func(done, total int64)) ([]byte, error) {
	resp, err := await(js.Global().Call("fetch", siteURL(url)))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %v", url, err)
	}
	if !resp.Get("ok").Bool() {
		status := resp.Get("status").Int()
		err := fmt.Errorf("fetch %s: HTTP %d %s", url, status, resp.Get("statusText").String())
		if status == 404 {
			err = fmt.Errorf("%w: %w", err, fs.ErrNotExist)
		}
		return nil, err
	}
	// Content-Length counts the encoded bytes if the server compressed
	// the body: then it is only a hint, and the total is unknown.
	var total int64
	h := resp.Get("headers")
	if n, err := strconv.ParseInt(h.Call("get", "Content-Length").String(), 10, 64); err == nil && n > 0 &&
		h.Call("get", "Content-Encoding").IsNull() {
		total = n
	}
	body := resp.Get("body")
	if body.IsNull() || body.IsUndefined() {
		// No stream (an old browser): all at once.
		ab, err := await(resp.Call("arrayBuffer"))
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %v", url, err)
		}
		return copyBytes(nil, js.Global().Get("Uint8Array").New(ab)), nil
	}
	reader := body.Call("getReader")
	buf := make([]byte, 0, total)
	for {
		chunk, err := await(reader.Call("read"))
		if err != nil {
			return nil, fmt.Errorf("fetch %s: after %d bytes: %v", url, len(buf), err)
		}
		if chunk.Get("done").Bool() {
			break
		}
		buf = copyBytes(buf, chunk.Get("value"))
		if progress != nil {
			progress(int64(len(buf)), max(total, int64(len(buf))))
		}
	}
	return buf, nil
}

// copyBytes appends the bytes of the Uint8Array v to buf.
func copyBytes(buf []byte, v js.Value) []byte {
	n := v.Get("length").Int()
	buf = append(buf, make([]byte, n)...)
	js.CopyBytesToGo(buf[len(buf)-n:], v)
	return buf
}

// await waits for a promise and returns its value or its rejection as an
// error. It blocks the calling goroutine only: the callbacks never block.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: arg(args)}
		return nil
	})
	defer then.Release()
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: jsError(arg(args))}
		return nil
	})
	defer catch.Release()
	p.Call("then", then, catch)
	r := <-ch
	return r.v, r.err
}

func arg(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// jsError turns a rejection reason into an error with its message.
func jsError(v js.Value) error {
	if v.Type() == js.TypeObject && v.Get("message").Type() == js.TypeString {
		return fmt.Errorf("%s", v.Get("message").String())
	}
	return fmt.Errorf("%s", js.Global().Call("String", v).String())
}
