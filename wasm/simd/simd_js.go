//go:build js && wasm

package simd

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"syscall/js"
	"unsafe"
)

// module is gemm.wat assembled (host_test.go checks it).
//
//go:embed gemm.wasm
var module []byte

// Kernel is a kernel.Block running gemm.wasm. Its methods are safe for
// concurrent use.
type Kernel struct {
	muladd js.Value // the module's export

	mu  sync.Mutex
	buf []float64 // alpha·A, packed 4 rows at a time
}

// Memory returns the WebAssembly.Memory of this Go program, which the
// host must expose: web/static/worker.js sets self.goInstance to the
// instance it runs.
func Memory() (js.Value, error) {
	inst := js.Global().Get("goInstance")
	if inst.Type() != js.TypeObject {
		return js.Value{}, errors.New("simd: the host did not expose the Go instance as goInstance")
	}
	mem := inst.Get("exports").Get("mem")
	if !mem.InstanceOf(js.Global().Get("WebAssembly").Get("Memory")) {
		return js.Value{}, errors.New("simd: goInstance.exports.mem is not a WebAssembly.Memory")
	}
	return mem, nil
}

// New compiles and instantiates the kernel over mem, this Go program's
// memory. It returns an error, and the caller keeps the pure-Go kernel,
// if the engine does not validate the module (no wasm SIMD), cannot
// instantiate it, or gets a product wrong on a small self-check.
func New(mem js.Value) (k *Kernel, err error) {
	defer func() {
		if r := recover(); r != nil { // a JS exception, as a js.Error
			k, err = nil, fmt.Errorf("simd: %v", r)
		}
	}()
	inst, err := instantiate(module, mem)
	if err != nil {
		return nil, err
	}
	k = &Kernel{muladd: inst.Get("exports").Get("muladd")}
	if err := k.selfCheck(); err != nil {
		return nil, err
	}
	return k, nil
}

// instantiate compiles code and instantiates it over mem, the Go
// program's memory, with an error if the engine does not validate it (no
// wasm SIMD). It panics with a js.Error if the engine throws; callers
// recover.
func instantiate(code []byte, mem js.Value) (js.Value, error) {
	wasm := js.Global().Get("WebAssembly")
	if wasm.Type() != js.TypeObject {
		return js.Value{}, errors.New("simd: no WebAssembly object")
	}
	buf := js.Global().Get("Uint8Array").New(len(code))
	js.CopyBytesToJS(buf, code)
	if !wasm.Call("validate", buf).Bool() {
		return js.Value{}, errors.New("simd: this engine does not validate the module (no wasm SIMD)")
	}
	// Synchronous compilation is fine for a module of a few hundred bytes.
	mod := wasm.Get("Module").New(buf)
	return wasm.Get("Instance").New(mod, map[string]any{"go": map[string]any{"mem": mem}}), nil
}

// selfCheck runs one 4×4 product with k = 3 and compares it with the same
// sums in Go, to catch an engine that instantiates the module but
// computes something else, or memory that is not this program's.
func (k *Kernel) selfCheck() error {
	a := make([]float64, 4*3)
	b := make([]float64, 3*4)
	c := make([]float64, 4*4)
	for i := range a {
		a[i] = float64(i+1) / 7
		b[i] = 1 - float64(i)/5
	}
	for i := range c {
		c[i] = float64(i) / 3
	}
	want := append([]float64(nil), c...)
	for i := range 4 {
		for j := range 4 {
			for l := range 3 {
				want[i*4+j] += float64(float64(0.5*a[i*3+l]) * b[l*4+j])
			}
		}
	}
	k.MulAdd(4, 4, 3, 0.5, a, 3, 1, b, 4, c, 4)
	for i := range c {
		if math.Float64bits(c[i]) != math.Float64bits(want[i]) {
			return fmt.Errorf("simd: self-check: C[%d] = %v, want %v", i, c[i], want[i])
		}
	}
	return nil
}

// MulAdd is kernel.Block's: for i < m, j < n it adds
// Σ_{l<k} (alpha·A[i,l])·B[l,j] to C[i,j], with A[i,l] = a[i·rsA + l·csA],
// B[l,j] = b[l·ldb + j] and C[i,j] = c[i·ldc + j]. m and n must be
// multiples of 4. The module reads and writes Go's memory with no bounds
// but the memory's, so MulAdd checks every argument and panics, as a
// slice index would, rather than let it touch memory outside the slices.
func (k *Kernel) MulAdd(m, n, kk int, alpha float64, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc int) {
	if m < 0 || n < 0 || kk < 0 || m%4 != 0 || n%4 != 0 {
		panic(fmt.Sprintf("simd: MulAdd of %d×%d×%d: m and n must be multiples of 4", m, n, kk))
	}
	if m == 0 || n == 0 || kk == 0 {
		return
	}
	if rsA < 0 || csA < 0 || ldb < n || ldc < n {
		panic(fmt.Sprintf("simd: MulAdd strides %d, %d, %d, %d", rsA, csA, ldb, ldc))
	}
	const limit = 1 << 30 // strides and sizes the module's i32 byte offsets hold
	if m > limit/8 || n > limit/8 || kk > limit/32 || rsA > limit/8 || csA > limit/8 || ldb > limit/8 || ldc > limit/8 {
		panic("simd: MulAdd: sizes beyond the module's 32-bit addresses")
	}
	if (m-1)*rsA+(kk-1)*csA >= len(a) || (kk-1)*ldb+n > len(b) || (m-1)*ldc+n > len(c) {
		panic("simd: MulAdd: a slice is too short")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.buf) < 4*kk {
		k.buf = make([]float64, 4*kk)
	}
	k.muladd.Invoke(m, n, kk, alpha, addr(a), rsA, csA, addr(b), ldb, addr(c), ldc, addr(k.buf))
	// The slices must outlive the call (Go's collector does not move them).
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	runtime.KeepAlive(c)
}

// addr is the byte address of s[0] in the wasm memory.
func addr(s []float64) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(s))) }
