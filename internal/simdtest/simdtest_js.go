//go:build js && wasm

package simdtest

import (
	"sync"
	"syscall/js"

	"github.com/backprop-playground/playground/wasm/simd"
)

// ExposeInstance sets goInstance to this Go program's WebAssembly
// instance, as worker.js does in a browser. go_js_wasm_exec keeps the
// instance to itself, so, for one js.FuncOf, ExposeInstance wraps
// Go.prototype._makeFuncWrapper of wasm_exec.js (which js.FuncOf calls
// with the Go object as this) to read the object's _inst.
func ExposeInstance() {
	if js.Global().Get("goInstance").Type() == js.TypeObject {
		return
	}
	proto := js.Global().Get("Go").Get("prototype")
	orig := proto.Get("_makeFuncWrapper")
	spy := js.Global().Get("Function").New("orig",
		"return function (id) { globalThis.goInstance = this._inst; return orig.call(this, id); };").Invoke(orig)
	proto.Set("_makeFuncWrapper", spy)
	js.FuncOf(func(js.Value, []js.Value) any { return nil }).Release()
	proto.Set("_makeFuncWrapper", orig)
}

var (
	once   sync.Once
	kernel *simd.Kernel
	err    error
)

// Kernel returns the SIMD kernel over this program's memory, made once.
func Kernel() (*simd.Kernel, error) {
	once.Do(func() {
		ExposeInstance()
		var mem js.Value
		if mem, err = simd.Memory(); err == nil {
			kernel, err = simd.New(mem)
		}
	})
	return kernel, err
}

var (
	once32   sync.Once
	kernel32 *simd.Kernel32
	err32    error
)

// Kernel32 returns the float32 SIMD kernel over this program's memory,
// made once.
func Kernel32() (*simd.Kernel32, error) {
	once32.Do(func() {
		ExposeInstance()
		var mem js.Value
		if mem, err32 = simd.Memory(); err32 == nil {
			kernel32, err32 = simd.New32(mem)
		}
	})
	return kernel32, err32
}
