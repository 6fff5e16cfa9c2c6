//go:build js && wasm

package wire

import (
	"errors"
	"fmt"
	"syscall/js"

	"github.com/backprop-playground/playground/app/base"
	"github.com/backprop-playground/playground/msg"
	"github.com/backprop-playground/playground/msg/port"
)

// Start starts the worker at the site-rooted url (URL) in a Web Worker,
// under the page's base (base.URL). dispatch runs a
// function on the page's UI goroutine (ctx.Dispatch): every reply and
// every call of events runs there, never in the browser's callback, which
// only reads the message (port.Read) and must not block.
func Start(url string, dispatch func(func()), events func(msg.Event)) (c *Client, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("cannot start the training worker: %v", p)
		}
	}()
	if js.Global().Get("Worker").Type() != js.TypeFunction {
		return nil, errors.New("this browser has no Web Workers, which the pages train in")
	}
	w := js.Global().Get("Worker").New(base.URL(url))
	c = New(func(text string, parts msg.Parts) { port.Post(w, text, parts) }, events)
	// A panic in a callback would end the Go program: each one recovers
	// and reports it as a failure of the worker.
	guard := func(what string) {
		if p := recover(); p != nil {
			text := fmt.Sprintf("%s: %v", what, p)
			dispatch(func() { c.events(failure(text)) })
		}
	}
	onmsg := js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer guard("reading a message of the training worker")
		if len(args) == 0 {
			return nil
		}
		text, parts, err := port.Read(args[0].Get("data"))
		if err != nil {
			dispatch(func() { c.events(failure("the training worker sent a message the page cannot read: " + err.Error())) })
			return nil
		}
		dispatch(func() { c.Receive(text, parts) })
		return nil
	})
	onerr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer guard("the training worker's error")
		text := "the training worker failed"
		if len(args) > 0 && args[0].Get("message").Type() == js.TypeString {
			text += ": " + args[0].Get("message").String()
			args[0].Call("preventDefault")
		}
		dispatch(func() { c.Fail(text) })
		return nil
	})
	w.Set("onmessage", onmsg)
	w.Set("onerror", onerr)
	c.end = func() {
		w.Call("terminate")
		w.Set("onmessage", js.Null())
		w.Set("onerror", js.Null())
		onmsg.Release()
		onerr.Release()
	}
	return c, nil
}
