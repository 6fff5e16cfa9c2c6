//go:build js && wasm

// Package port carries msg messages across postMessage, on both ends: the
// page's worker client (app/wire) and the worker (worker/). A message is
// the object {text, parts} of the msg package documentation; the parts'
// buffers are transferred, so a 400 KB Weights event costs a copy into
// JavaScript and none in between. It is the only code that knows the
// object's shape.
package port

import (
	"errors"
	"syscall/js"

	"github.com/backprop-playground/playground/msg"
)

// Post sends text and parts to target (a Worker, or a worker's global
// scope) with postMessage, transferring the parts' buffers.
func Post(target js.Value, text string, parts msg.Parts) {
	obj := js.Global().Get("Object").New()
	obj.Set("text", text)
	var transfer []any
	if len(parts) > 0 {
		po := js.Global().Get("Object").New()
		for name, b := range parts {
			arr := js.Global().Get("Uint8Array").New(len(b))
			js.CopyBytesToJS(arr, b)
			po.Set(name, arr)
			transfer = append(transfer, arr.Get("buffer"))
		}
		obj.Set("parts", po)
	}
	target.Call("postMessage", obj, transfer)
}

// Read returns the text and parts of a message that Post sent (the data
// of a message event). Anything else is an error.
func Read(data js.Value) (string, msg.Parts, error) {
	if data.Type() != js.TypeObject || data.Get("text").Type() != js.TypeString {
		return "", nil, errors.New("a message must be an object {text, parts} with the JSON text of a msg message")
	}
	var parts msg.Parts
	if po := data.Get("parts"); po.Type() == js.TypeObject {
		u8 := js.Global().Get("Uint8Array")
		keys := js.Global().Get("Object").Call("keys", po)
		for i := range keys.Length() {
			name := keys.Index(i).String()
			v := po.Get(name)
			if !v.InstanceOf(u8) {
				return "", nil, errors.New("the part " + name + " of a message is not a Uint8Array")
			}
			b := make([]byte, v.Length())
			js.CopyBytesToGo(b, v)
			if parts == nil {
				parts = msg.Parts{}
			}
			parts[name] = b
		}
	}
	return data.Get("text").String(), parts, nil
}
