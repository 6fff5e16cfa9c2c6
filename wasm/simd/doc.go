// Package simd is core/kernel's Block in WebAssembly SIMD128: the inner
// tiles of A·B and Aᵀ·B (a layer's forward product and its weight
// gradient, 93-98% of a training step) at two float64 per instruction,
// where Go's own wasm output has no SIMD (../shared/PLATFORM.md).
//
// The kernel is gemm.wat, a few hundred bytes of hand-written WebAssembly
// text assembled by wat2wasm (Debian's wabt) into the committed gemm.wasm,
// which this package embeds. It imports the Go program's memory and works
// on Go's slices in place; Go calls it through syscall/js once per panel
// of kb×nb (64×256) of B, so the cost of a call (a few µs) is spread over
// hundreds of thousands of multiply-adds. Its rounding is the Go kernel's,
// bit for bit (see kernel.Block), so installing it changes no result.
//
// The training worker installs it when the browser validates the module:
//
//	mem, err := simd.Memory() // the memory worker.js exposes as goInstance
//	k, err := simd.New(mem)   // nil and an error without wasm SIMD
//	blas64.Use(kernel.Implementation{Block: k})
//
// sgemm.wat is the float32 kernel of the same kind (Kernel32, New32): a
// kernel.Block32 with f32x4 tiles of 4×8, about 20 GFLOP/s per core, and
// the float32 path's conversions (kernel.Converter), float64 loops
// (kernel.Vector) and passes over activations and gradients (the ReLU,
// its gradient, bias rows, the finiteness check: kernel.Elementwise),
// which Go's wasm output runs an element every few ns. sgemm_shared.wasm is
// the same module over a shared memory: Pool runs it on several threads
// (web/static/kernels.js) for float32 runs when the page is cross-origin
// isolated: one hand-off per product (kernel.Paneled), each thread summing
// its rows in Kernel32's panels, so that every thread count gives the same
// results.
//
// Everything but doc.go and host_test.go is js/wasm only. host_test.go
// checks that gemm.wasm is gemm.wat assembled (when wat2wasm is
// installed) and runs the js/wasm tests under node.
package simd
