// Package simdtest gives tests under node (go_js_wasm_exec) the SIMD
// kernel of wasm/simd, as web/static/worker.js gives it to the worker:
//
//	k, err := simdtest.Kernel()
//	blas64.Use(kernel.Implementation{Block: k})
//
// Everything but this file is js/wasm only.
package simdtest
