//go:build js && wasm

package worker

import (
	"testing"
	"time"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/backprop-playground/playground/internal/simdtest"
	"github.com/backprop-playground/playground/msg"
)

// BenchmarkStep32 times one float32 training step of configs A
// (3072-100-10, batch 200) and B (3072-512-10, batch 256) through the
// session, as the worker takes it, on the SIMD kernel and one thread (the
// kernel threads need a browser): the whole step whose parts
// wasm/simd's BenchmarkStep32Parts times one by one.
func BenchmarkStep32(b *testing.B) {
	prev, prev32 := blas64.Implementation(), blas32.Implementation()
	defer blas64.Use(prev)
	defer blas32.Use(prev32)
	simdtest.ExposeInstance()
	if name, err := useKernel("?kernel=simd"); err != nil || name != "simd" {
		b.Fatalf("kernel %s: %v", name, err)
	}
	for _, c := range []struct{ name, config string }{
		{"A", "data=sample&hidden=100&batch=200&iters=10000000&seed=1&precision=f32"},
		{"B", "data=sample&hidden=512&batch=256&iters=10000000&seed=1&precision=f32"},
	} {
		b.Run(c.name, func(b *testing.B) {
			s, rec := newSession(b)
			do(b, s, rec, msg.Request{Kind: msg.Reset, Config: c.config})
			for b.Loop() {
				s.Handle(msg.Request{Kind: msg.Step, Steps: 1})
				s.Tick(time.Hour)
				rec.take()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms/step")
		})
	}
}
