package lesson

import (
	"fmt"

	"github.com/backprop-playground/playground/app/chart"
)

// lossChart plots the minibatch losses (raw, faint) and their moving
// average (chart.Smoother, as the playground's).
func lossChart(losses []float64, iters int) string {
	xs := make([]float64, len(losses))
	for i := range losses {
		xs[i] = float64(i + 1)
	}
	return chart.Line{
		ID: "loss", Title: "Loss per step", XName: "step", XInt: true, XLabel: "step", YLabel: "loss",
		Width: 300, Height: 150,
		Series: []chart.Series{
			{Name: "loss", Class: "s-raw", X: xs, Y: losses},
			{Name: "smoothed", Class: "s-smooth", X: xs, Y: chart.Smooth(losses, chart.SmoothingFor(max(iters, len(losses))))},
		},
		Empty: "Press Train: the loss of every step appears here",
	}.SVG()
}

// accChart plots the training and test accuracies of the snapshots, with
// chance (1/classes) and the target.
// testLossChart is a regression run's loss on the training and the test
// points at each snapshot, on a log scale's worth of range: from 0 up.
func testLossChart(evals []evalPoint) string {
	var xs, tr, te []float64
	top := 0.0
	for _, e := range evals {
		xs, tr, te = append(xs, float64(e.iter)), append(tr, e.train), append(te, e.test)
		top = max(top, e.train, e.test)
	}
	return chart.Line{
		ID: "acc", Title: "Train and test loss", XName: "step", XInt: true, XLabel: "step", YLabel: "loss",
		Width: 300, Height: 150, YMin: 0, YMax: max(top, 0.02),
		Refs: []chart.Ref{{Y: 0.01, Label: "0.01"}},
		Series: []chart.Series{
			{Name: "train", Class: "s-train", X: xs, Y: tr},
			{Name: "test", Class: "s-val", X: xs, Y: te},
		},
		Empty: "Losses appear as the net trains",
	}.SVG()
}

func accChart(evals []evalPoint, classes int) string {
	var xs, tr, te []float64
	for _, e := range evals {
		xs, tr, te = append(xs, float64(e.iter)), append(tr, e.train), append(te, e.test)
	}
	return chart.Line{
		ID: "acc", Title: "Accuracy", XName: "step", XInt: true, XLabel: "step", YLabel: "accuracy",
		Width: 300, Height: 150, YMin: 0, YMax: 1, YPercent: true,
		Refs: []chart.Ref{{Y: 1 / float64(classes), Label: "chance"}, {Y: Target, Label: fmt.Sprintf("%.0f%%", 100*Target)}},
		Series: []chart.Series{
			{Name: "train", Class: "s-train", X: xs, Y: tr},
			{Name: "test", Class: "s-val", X: xs, Y: te},
		},
		Empty: "Accuracies appear as the net trains",
	}.SVG()
}
