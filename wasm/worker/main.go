//go:build js && wasm

// Command worker is the playground's training worker, run in a Web Worker
// by web/static/worker.js: the engine (core/) behind app/session, driven
// by msg.Requests and answering with msg.Events, each one JSON string
// through postMessage.
//
// It installs core/kernel's matrix product (gonum's pure-Go one is about
// 5x slower in wasm) with wasm/simd's SIMD tiles when the browser has wasm
// SIMD (kernel.go), fetches data with the browser's fetch (net/http
// would quadruple the binary), and trains in Ticks of about 120 ms with a
// 1 ms sleep between them: js/wasm has no preemption, and only while Go
// sleeps does the worker receive messages such as "stop".
package main

import (
	"sync"
	"syscall/js"
	"time"

	"github.com/backprop-playground/playground/app/msg"
	"github.com/backprop-playground/playground/app/session"
)

// tick is the training time between two looks at the messages.
const tick = 120 * time.Millisecond

func main() {
	post := func(e msg.Event) { js.Global().Call("postMessage", msg.Encode(e)) }
	kname, kerr := useKernel(location())
	threads := useThreads(location())
	js.Global().Get("console").Call("info", "worker: matrix products on the "+kname+" kernel; "+threads)
	s := session.New(fetcher{}, post)

	in := &inbox{wake: make(chan struct{}, 1)}
	// The callback only queues: it must never block (PLATFORM.md).
	receive := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 || args[0].Type() != js.TypeString {
			post(msg.Event{Kind: msg.Error, Error: "worker: a message must be a JSON string (msg.Encode of a msg.Request)"})
			return nil
		}
		in.put(args[0].String())
		return nil
	})
	// worker.js queues the messages that arrive before this point and
	// hands them over now, in order. Without it, listen directly.
	if listening := js.Global().Get("goListening"); listening.Type() == js.TypeFunction {
		listening.Invoke(receive)
	} else {
		js.Global().Set("onmessage", js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) > 0 {
				receive.Invoke(args[0].Get("data"))
			}
			return nil
		}))
	}
	post(msg.Event{Kind: msg.Ready, Text: threads})
	if kerr != nil {
		post(msg.Event{Kind: msg.Error, Error: kerr.Error()})
	}

	for {
		if !s.Busy() {
			<-in.wake // idle: sleep until a message comes
		}
		for _, m := range in.take() {
			r, err := msg.DecodeRequest(m)
			if err != nil {
				post(msg.Event{Kind: msg.Error, Error: "worker: " + err.Error()})
				continue
			}
			s.Handle(r) // recovers its own panics
		}
		if s.Tick(tick) {
			time.Sleep(time.Millisecond) // let the event loop deliver messages
		}
	}
}

// inbox is the queue of messages between the JS callback and the loop.
type inbox struct {
	mu   sync.Mutex
	msgs []string
	wake chan struct{}
}

func (in *inbox) put(m string) {
	in.mu.Lock()
	in.msgs = append(in.msgs, m)
	in.mu.Unlock()
	select {
	case in.wake <- struct{}{}:
	default:
	}
}

func (in *inbox) take() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	m := in.msgs
	in.msgs = nil
	return m
}
