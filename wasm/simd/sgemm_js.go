//go:build js && wasm

package simd

import (
	_ "embed"
	"fmt"
	"math"
	"runtime"
	"sync"
	"syscall/js"
	"unsafe"
)

// module32 is sgemm.wat assembled (host_test.go checks it).
//
//go:embed sgemm.wasm
var module32 []byte

// Kernel32 is a kernel.Block32, kernel.Converter, kernel.Vector and
// kernel.Elementwise running sgemm.wasm: float32 products and passes at
// four lanes per instruction, and the conversions between float64 and
// float32 and the float64 loops at two. Its methods are safe for
// concurrent use.
type Kernel32 struct {
	muladd, demote, addPromoted, axpy, addSquares js.Value // the module's exports
	relu, reluGrad, addRows, allFinite            js.Value

	mu  sync.Mutex
	buf []float32 // A, packed 4 rows at a time
}

// New32 compiles and instantiates the float32 kernel over mem, this Go
// program's memory (see Memory). It returns an error, and the caller
// keeps the pure-Go kernel, if the engine does not validate the module,
// cannot instantiate it, or gets a small self-check wrong.
func New32(mem js.Value) (k *Kernel32, err error) {
	defer func() {
		if r := recover(); r != nil { // a JS exception, as a js.Error
			k, err = nil, fmt.Errorf("simd: %v", r)
		}
	}()
	inst, err := instantiate(module32, mem)
	if err != nil {
		return nil, err
	}
	ex := inst.Get("exports")
	k = &Kernel32{muladd: ex.Get("muladd"), demote: ex.Get("demote"), addPromoted: ex.Get("addpromoted"),
		axpy: ex.Get("axpy"), addSquares: ex.Get("addsquares"),
		relu: ex.Get("relu"), reluGrad: ex.Get("relugrad"), addRows: ex.Get("addrows"), allFinite: ex.Get("allfinite")}
	if err := k.selfCheck(); err != nil {
		return nil, err
	}
	return k, nil
}

// selfCheck runs a 4×12 product (one strip of 8 columns and one of 4)
// with k = 3 on small integers, exact in float32, and compares it with Go.
func (k *Kernel32) selfCheck() error {
	const m, n, kk = 4, 12, 3
	a, b, c := make([]float32, m*kk), make([]float32, kk*n), make([]float32, m*n)
	for i := range a {
		a[i] = float32(i%5 - 2)
	}
	for i := range b {
		b[i] = float32(i%7 - 3)
	}
	for i := range c {
		c[i] = float32(i % 3)
	}
	want := append([]float32(nil), c...)
	for i := range m {
		for j := range n {
			var s float32
			for l := range kk {
				s += a[i*kk+l] * b[l*n+j]
			}
			want[i*n+j] += 2 * s
		}
	}
	k.MulAdd(m, n, kk, 2, a, kk, 1, b, n, c, n)
	for i := range c {
		if math.Float32bits(c[i]) != math.Float32bits(want[i]) {
			return fmt.Errorf("simd: float32 self-check: C[%d] = %v, want %v", i, c[i], want[i])
		}
	}
	return nil
}

// MulAdd is kernel.Block32's: for i < m, j < n it adds
// alpha·Σ_{l<k} A[i,l]·B[l,j] to C[i,j], with A[i,l] = a[i·rsA + l·csA],
// B[l,j] = b[l·ldb + j] and C[i,j] = c[i·ldc + j]. m and n must be
// multiples of 4. As Kernel.MulAdd, it checks every argument and panics
// rather than let the module touch memory outside the slices.
func (k *Kernel32) MulAdd(m, n, kk int, alpha float32, a []float32, rsA, csA int, b []float32, ldb int, c []float32, ldc int) {
	if !check32(m, n, kk, a, rsA, csA, b, ldb, c, ldc) {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.buf) < 4*kk {
		k.buf = make([]float32, 4*kk)
	}
	k.muladd.Invoke(m, n, kk, alpha, addr32(a), rsA, csA, addr32(b), ldb, addr32(c), ldc, addr32(k.buf))
	// The slices must outlive the call (Go's collector does not move them).
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	runtime.KeepAlive(c)
}

// addr32 is the byte address of s[0] in the wasm memory.
func addr32(s []float32) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(s))) }

// check32 panics unless the arguments of a float32 MulAdd name memory
// inside the slices only, and returns whether there is anything to do.
func check32(m, n, kk int, a []float32, rsA, csA int, b []float32, ldb int, c []float32, ldc int) bool {
	if m < 0 || n < 0 || kk < 0 || m%4 != 0 || n%4 != 0 {
		panic(fmt.Sprintf("simd: MulAdd of %d×%d×%d: m and n must be multiples of 4", m, n, kk))
	}
	if m == 0 || n == 0 || kk == 0 {
		return false
	}
	if rsA < 0 || csA < 0 || ldb < n || ldc < n {
		panic(fmt.Sprintf("simd: MulAdd strides %d, %d, %d, %d", rsA, csA, ldb, ldc))
	}
	const limit = 1 << 30 // strides and sizes the module's i32 byte offsets hold
	if m > limit/4 || n > limit/4 || kk > limit/16 || rsA > limit/4 || csA > limit/4 || ldb > limit/4 || ldc > limit/4 {
		panic("simd: MulAdd: sizes beyond the module's 32-bit addresses")
	}
	if (m-1)*rsA+(kk-1)*csA >= len(a) || (kk-1)*ldb+n > len(b) || (m-1)*ldc+n > len(c) {
		panic("simd: MulAdd: a slice is too short")
	}
	return true
}

// Demote is kernel.Converter's: dst[i] = float32(src[i]), rounded to
// nearest as Go rounds.
func (k *Kernel32) Demote(dst []float32, src []float64) {
	if len(dst) < len(src) {
		panic("simd: Demote: dst is shorter than src")
	}
	if len(src) == 0 {
		return
	}
	k.demote.Invoke(addr(src), addr32(dst), len(src))
	runtime.KeepAlive(dst)
	runtime.KeepAlive(src)
}

// AddPromoted is kernel.Converter's: dst[i] += float64(src[i]).
func (k *Kernel32) AddPromoted(dst []float64, src []float32) {
	if len(dst) < len(src) {
		panic("simd: AddPromoted: dst is shorter than src")
	}
	if len(src) == 0 {
		return
	}
	k.addPromoted.Invoke(addr32(src), addr(dst), len(src))
	runtime.KeepAlive(dst)
	runtime.KeepAlive(src)
}

// Axpy is kernel.Vector's: y[i] += alpha·x[i], rounded as Go rounds.
func (k *Kernel32) Axpy(alpha float64, x, y []float64) {
	if len(y) < len(x) {
		panic("simd: Axpy: y is shorter than x")
	}
	if len(x) == 0 {
		return
	}
	k.axpy.Invoke(alpha, addr(x), addr(y), len(x))
	runtime.KeepAlive(x)
	runtime.KeepAlive(y)
}

// AddSquares is kernel.Vector's: s + Σ x[i]², in order.
func (k *Kernel32) AddSquares(s float64, x []float64) float64 {
	if len(x) == 0 {
		return s
	}
	r := k.addSquares.Invoke(s, addr(x), len(x)).Float()
	runtime.KeepAlive(x)
	return r
}

// Relu32 is kernel.Elementwise's: out[i] = max(in[i], 0) (f32x4.max, as
// math.Max).
func (k *Kernel32) Relu32(out, in []float32) {
	if len(out) < len(in) {
		panic("simd: Relu32: out is shorter than in")
	}
	if len(in) == 0 {
		return
	}
	k.relu.Invoke(addr32(in), addr32(out), len(in))
	runtime.KeepAlive(in)
	runtime.KeepAlive(out)
}

// ReluGrad32 is kernel.Elementwise's: grad[i] = d[i] where in[i] > 0,
// else +0.
func (k *Kernel32) ReluGrad32(grad, d, in []float32) {
	if len(grad) < len(d) || len(in) < len(d) {
		panic("simd: ReluGrad32: grad or in is shorter than d")
	}
	if len(d) == 0 {
		return
	}
	k.reluGrad.Invoke(addr32(d), addr32(in), addr32(grad), len(d))
	runtime.KeepAlive(grad)
	runtime.KeepAlive(d)
	runtime.KeepAlive(in)
}

// AddRows32 is kernel.Elementwise's: b added to each of the len(c)/len(b)
// rows of c.
func (k *Kernel32) AddRows32(c, b []float32) {
	if len(b) == 0 || len(c) == 0 {
		return
	}
	if len(c)%len(b) != 0 {
		panic("simd: AddRows32: len(c) is not a multiple of len(b)")
	}
	k.addRows.Invoke(addr32(c), addr32(b), len(c)/len(b), len(b))
	runtime.KeepAlive(c)
	runtime.KeepAlive(b)
}

// AllFinite is kernel.Elementwise's: whether no x[i] is NaN or infinite.
func (k *Kernel32) AllFinite(x []float64) bool {
	if len(x) == 0 {
		return true
	}
	r := k.allFinite.Invoke(addr(x), len(x)).Int()
	runtime.KeepAlive(x)
	return r == 1
}
