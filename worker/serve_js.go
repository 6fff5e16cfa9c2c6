//go:build js && wasm

package worker

import (
	"sync"
	"syscall/js"
	"time"

	"github.com/backprop-playground/playground/msg"
	"github.com/backprop-playground/playground/msg/port"
)

// tick is the training time between two looks at the messages.
const tick = 50 * time.Millisecond

// Serve runs the worker in a Web Worker (web/static/worker.js): it
// installs core/kernel's matrix product (gonum's pure-Go one is about 5x
// slower in wasm) with wasm/simd's SIMD tiles when the browser has wasm
// SIMD (kernel_js.go), fetches data with the browser's fetch (net/http
// would quadruple the binary), and trains in Ticks of about 50 ms with a
// 1 ms sleep between them: js/wasm has no preemption, and only while Go
// sleeps does the worker receive messages such as "stop". It never
// returns.
func Serve() {
	self := js.Global()
	post := func(e msg.Event) {
		text, parts := msg.EncodeEvent(e)
		port.Post(self, text, parts)
	}
	protocol := func(text string) {
		post(msg.Event{Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailProtocol, Message: "worker: " + text}})
	}
	kname, kerr := useKernel(location())
	threads := useThreads(location())
	self.Get("console").Call("info", "worker: matrix products on the "+kname+" kernel; "+threads)
	s := New(fetcher{}, post)

	in := &inbox{wake: make(chan struct{}, 1)}
	// The callback only queues: it must never block (PLATFORM.md).
	receive := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 {
			return nil
		}
		text, parts, err := port.Read(args[0])
		if err != nil {
			protocol(err.Error())
			return nil
		}
		in.put(letter{text, parts})
		return nil
	})
	// worker.js queues the messages that arrive before this point and
	// hands them over now, in order. Without it, listen directly.
	if listening := self.Get("goListening"); listening.Type() == js.TypeFunction {
		listening.Invoke(receive)
	} else {
		self.Set("onmessage", js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) > 0 {
				receive.Invoke(args[0].Get("data"))
			}
			return nil
		}))
	}
	post(msg.Event{Kind: msg.Ready, Text: threads})
	if kerr != nil {
		post(msg.Event{Kind: msg.Error, Err: &msg.Failure{Kind: msg.FailRefused, Message: kerr.Error()}})
	}

	for {
		if !s.Busy() {
			<-in.wake // idle: sleep until a message comes
		}
		for _, m := range in.take() {
			r, err := msg.DecodeRequest(m.text, m.parts)
			if err != nil {
				protocol(err.Error())
				continue
			}
			s.Handle(r) // recovers its own panics
		}
		if s.Tick(tick) {
			time.Sleep(time.Millisecond) // let the event loop deliver messages
		}
	}
}

// letter is one message as it arrived.
type letter struct {
	text  string
	parts msg.Parts
}

// inbox is the queue of messages between the JS callback and the loop.
type inbox struct {
	mu   sync.Mutex
	msgs []letter
	wake chan struct{}
}

func (in *inbox) put(m letter) {
	in.mu.Lock()
	in.msgs = append(in.msgs, m)
	in.mu.Unlock()
	select {
	case in.wake <- struct{}{}:
	default:
	}
}

func (in *inbox) take() []letter {
	in.mu.Lock()
	defer in.mu.Unlock()
	m := in.msgs
	in.msgs = nil
	return m
}
