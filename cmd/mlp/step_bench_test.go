package main

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/optim"
	"github.com/backprop-playground/playground/core/rng"
)

// BenchmarkStep times one training step of configs A (3072-100-10, batch
// 200) and B (3072-512-10, batch 256) in each precision, on the matrix
// products this binary runs on (blasName: gonum's, or OpenBLAS with -tags
// openblas): Network.CostGrad on a random batch with an L2 penalty, then
// the engine's SGD update (optim.SGD), the work of bench/native/step.py
// for numpy. make bench
// prints the ratios.
func BenchmarkStep(bm *testing.B) {
	bm.Logf("matrix products: %s", blasName)
	for _, c := range []struct {
		name          string
		hidden, batch int
	}{{"A", 100, 200}, {"B", 512, 256}} {
		for _, precision := range []string{"f64", "f32"} {
			bm.Run(fmt.Sprintf("%s/%s", c.name, precision), func(bb *testing.B) {
				src := rng.New(1)
				net, err := nn.New(nn.Spec{Inputs: 3072, Hidden: []int{c.hidden}, Classes: 10, Activation: "relu",
					Init: "std", Std: 1e-2, Precision: precision}, src)
				if err != nil {
					bb.Fatal(err)
				}
				x := mat.NewDense(c.batch, 3072, nil)
				for i := range c.batch {
					for j := range 3072 {
						x.Set(i, j, src.Randn())
					}
				}
				y := make([]int, c.batch)
				for i := range y {
					y[i] = int(src.Float64() * 10)
				}
				for bb.Loop() {
					net.ZeroGrad()
					net.CostGrad(x, y, 1e-3)
					optim.SGD{}.Step(net.Params(), 1e-4)
				}
				bb.ReportMetric(float64(bb.Elapsed().Microseconds())/1e3/float64(bb.N), "ms/step")
			})
		}
	}
}
