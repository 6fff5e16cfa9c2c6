package lesson

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/msg"
)

// WorkerURL is the training worker's script (worker.wasm in a Web Worker).
const WorkerURL = "/web/worker.js"

// worker is the page's end of one training worker: each net of the 2D
// playground trains in a worker of its own, so the page never trains on
// its UI thread (PLATFORM.md) and two nets side by side use two cores.
type worker struct {
	w      app.Value
	onMsg  app.Func
	onErr  app.Func
	nextID int
}

// startWorker starts a worker and calls on, from the JavaScript event
// loop, with each event it sends (a message that does not decode becomes
// an Error event). on must not block: it should Dispatch.
func startWorker(on func(msg.Event)) *worker {
	w := &worker{w: app.Window().Get("Worker").New(WorkerURL)}
	w.onMsg = app.FuncOf(func(_ app.Value, args []app.Value) any {
		defer func() { _ = recover() }() // a panic here would end the Go program
		if len(args) == 0 {
			return nil
		}
		e, err := readEvent(args[0].Get("data"))
		if err != nil {
			e = msg.Event{Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailProtocol, Message: "worker: " + err.Error()}}
		}
		on(e)
		return nil
	})
	w.onErr = app.FuncOf(func(_ app.Value, args []app.Value) any {
		defer func() { _ = recover() }()
		text := "the training worker failed to start"
		if len(args) > 0 {
			if m := args[0].Get("message"); m.Type() == app.TypeString {
				text += ": " + m.String()
			}
		}
		on(msg.Event{Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailProtocol, Message: text}})
		return nil
	})
	w.w.Set("onmessage", w.onMsg)
	w.w.Set("onerror", w.onErr)
	return w
}

// send posts a request and returns its ID.
func (w *worker) send(r msg.Request) int {
	w.nextID++
	r.ID = w.nextID
	text, _ := msg.EncodeRequest(r) // the lessons send no bytes
	obj := app.Window().Get("Object").New()
	obj.Set("text", text)
	w.w.Call("postMessage", obj)
	return r.ID
}

// stop ends the worker.
func (w *worker) stop() {
	w.w.Call("terminate")
	w.w.Set("onmessage", nil)
	w.w.Set("onerror", nil)
	w.onMsg.Release()
	w.onErr.Release()
}

// readEvent decodes a message of the worker, {text, parts} as msg/port
// posts it.
func readEvent(data app.Value) (msg.Event, error) {
	if data.Type() != app.TypeObject || data.Get("text").Type() != app.TypeString {
		return msg.Event{}, errors.New("a message that is not {text, parts}")
	}
	var parts msg.Parts
	if po := data.Get("parts"); po.Type() == app.TypeObject {
		parts = msg.Parts{}
		for _, name := range []string{"pixels", "checkpoint"} {
			if v := po.Get(name); v.Type() == app.TypeObject {
				b := make([]byte, v.Length())
				app.CopyBytesToGo(b, v)
				parts[name] = b
			}
		}
	}
	return msg.DecodeEvent(data.Get("text").String(), parts)
}
