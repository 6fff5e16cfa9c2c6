//go:build js && wasm

package simd

import (
	_ "embed"
	"errors"
	"fmt"
	"runtime"
	"syscall/js"

	"github.com/backprop-playground/playground/core/kernel"
)

// moduleShared is sgemm.wat assembled for a shared memory (host_test.go
// checks it): the kernel threads of web/static/kernels.js run it.
//
//go:embed sgemm_shared.wasm
var moduleShared []byte

// MaxThreads caps the threads of a Pool.
const MaxThreads = 8

// Pool is a kernel.Block32 (and kernel.Paneled) that splits each
// product's rows over kernel threads (web/static/kernels.js): Web Workers
// running sgemm.wat over one shared WebAssembly.Memory, with this
// program's thread as the first. The threads claim chunks of rows as
// they come, so that one the system runs late does not hold up a product.
// The operands are copied into the shared memory and C back, since Go's
// own memory cannot be shared. Products too small to gain from threads,
// and every product until the threads have started, run on the one-thread
// Kernel32 in place. Each element of C is summed by one thread in the
// same order whatever the split, so results are the same, bit for bit,
// with any number of threads.
type Pool struct {
	one     *Kernel32
	pool    js.Value
	threads int
}

// minPoolWork is the number of multiply-adds below which a product stays
// on one thread: a dispatch costs some tens of µs (copies, waking the
// threads).
const minPoolWork = 1 << 20

// NewPool starts threads-1 kernel threads next to this one, for products
// too large for one. It needs the page to be cross-origin isolated
// (SharedArrayBuffer) and worker.js to have loaded kernels.js; the error
// says which is missing, and the caller keeps one.
func NewPool(one *Kernel32, threads int) (p *Pool, err error) {
	defer func() {
		if r := recover(); r != nil { // a JS exception, as a js.Error
			p, err = nil, fmt.Errorf("simd: kernel threads: %v", r)
		}
	}()
	if threads < 2 || threads > MaxThreads {
		return nil, fmt.Errorf("simd: %d kernel threads: want 2 to %d", threads, MaxThreads)
	}
	if !js.Global().Get("crossOriginIsolated").Truthy() || js.Global().Get("SharedArrayBuffer").Type() != js.TypeFunction {
		return nil, errors.New("simd: no kernel threads: the page is not cross-origin isolated, so there is no SharedArrayBuffer")
	}
	start := js.Global().Get("bppKernelPool")
	if start.Type() != js.TypeFunction {
		return nil, errors.New("simd: no kernel threads: the host did not load kernels.js")
	}
	code := js.Global().Get("Uint8Array").New(len(moduleShared))
	js.CopyBytesToJS(code, moduleShared)
	return &Pool{one: one, pool: start.Invoke(threads, code), threads: threads}, nil
}

// Threads returns the number of threads products are split over.
func (p *Pool) Threads() int { return p.threads }

// Ready reports whether the kernel threads are up.
func (p *Pool) Ready() bool { return p.pool.Call("ready").Bool() }

// Err returns why a kernel thread failed, or nil.
func (p *Pool) Err() error {
	if e := p.pool.Call("error"); e.Type() == js.TypeString {
		return errors.New("simd: kernel thread: " + e.String())
	}
	return nil
}

// poolRows and poolCols are the panels a Pool takes per call
// (kernel.Paneled): up to poolRows rows of B (kernels.js's MAX_K) and
// any width, so that a product of the training step is one hand-off to
// the threads instead of one per panel of kernel.Panel32 rows.
const (
	poolRows = 16 * kernel.Panel32
	poolCols = 1 << 20
)

// Panels is kernel.Paneled's: Sgemm hands a Pool whole products (up to
// poolRows terms), which it sums panel by panel of kernel.Panel32 rows
// of B as Kernel32 is called, so that the sums are Kernel32's.
func (p *Pool) Panels() (kb, nb int) { return poolRows, poolCols }

// MulAdd is kernel.Block32's, as Kernel32.MulAdd, on every thread. Its
// terms are summed in panels of kernel.Panel32 rows of B (and columns in
// panels of as many), in the order Sgemm would call Kernel32 on them.
func (p *Pool) MulAdd(m, n, kk int, alpha float32, a []float32, rsA, csA int, b []float32, ldb int, c []float32, ldc int) {
	if !check32(m, n, kk, a, rsA, csA, b, ldb, c, ldc) {
		return
	}
	const panel = kernel.Panel32
	if m*n*kk < minPoolWork || m < 8 || kk > poolRows || !p.Ready() {
		for j0 := 0; j0 < n; j0 += panel {
			nj := min(panel, n-j0)
			for l0 := 0; l0 < kk; l0 += panel {
				p.one.MulAdd(m, nj, min(panel, kk-l0), alpha, a[l0*csA:], rsA, csA, b[l0*ldb+j0:], ldb, c[j0:], ldc)
			}
		}
		return
	}
	p.pool.Call("mulAdd", m, n, kk, alpha, addr32(a), rsA, csA, addr32(b), ldb, addr32(c), ldc, panel)
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	runtime.KeepAlive(c)
}
