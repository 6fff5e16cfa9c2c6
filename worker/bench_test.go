package worker

import (
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/msg"
)

// BenchmarkStep times one training step of the report's net (3072-100-10,
// batch 200, SGD) through the session (Step then Tick, as the worker
// does) on the sample, with gonum's Dgemm and with the kernel's. Natively
// gonum is assembly; under node it is its pure-Go fallback. Every 12.5
// steps an epoch ends and the 250 validation images are classified, as in
// a real run.
func BenchmarkStep(b *testing.B) {
	for _, impl := range []struct {
		name string
		blas.Float64
	}{{"gonum", gonum.Implementation{}}, {"kernel", kernel.Implementation{}}} {
		b.Run(impl.name, func(b *testing.B) {
			prev := blas64.Implementation()
			blas64.Use(impl.Float64)
			defer blas64.Use(prev)
			s, rec := newSession(b)
			do(b, s, rec, msg.Request{Kind: msg.Reset, Config: "data=sample&hidden=100&batch=200&iters=10000000"})
			for b.Loop() {
				s.Handle(msg.Request{Kind: msg.Step, Steps: 1})
				s.Tick(time.Hour)
				rec.take()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms/step")
		})
	}
}
