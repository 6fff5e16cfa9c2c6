package main

import (
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	plotpalette "gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/model"
	"github.com/backprop-playground/playground/core/nn"
)

// plotRun writes the report's figures for a run into dir: loss.png (the
// minibatch loss per iteration), accuracy.png (train and validation
// accuracy per epoch) and weights.png (the first layer's weights as
// images). It returns the files written.
func plotRun(dir string, res *result, m *model.Model) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	add := func(name string, err error) error {
		if err == nil {
			files = append(files, filepath.Join(dir, name))
		}
		return err
	}
	if err := add("loss.png", plotLoss(filepath.Join(dir, "loss.png"), res)); err != nil {
		return files, err
	}
	if err := add("accuracy.png", plotAccuracy(filepath.Join(dir, "accuracy.png"), res)); err != nil {
		return files, err
	}
	if err := add("weights.png", plotWeights(filepath.Join(dir, "weights.png"), m.Net, m.PCA, 100)); err != nil {
		return files, err
	}
	return files, nil
}

// plotLoss draws the minibatch loss per iteration, as the report's loss
// history figure.
func plotLoss(path string, res *result) error {
	p := plot.New()
	p.Title.Text = "Loss history"
	p.X.Label.Text = "iteration"
	p.Y.Label.Text = "minibatch loss"
	xys := make(plotter.XYs, 0, len(res.History.Loss))
	// At most ~2000 points: a point per stride iterations, their mean.
	stride := max(1, len(res.History.Loss)/2000)
	for i := 0; i < len(res.History.Loss); i += stride {
		s, n := 0.0, 0
		for j := i; j < min(i+stride, len(res.History.Loss)); j++ {
			s += res.History.Loss[j]
			n++
		}
		xys = append(xys, plotter.XY{X: float64(i), Y: s / float64(n)})
	}
	if len(xys) == 0 {
		xys = append(xys, plotter.XY{})
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	l.Color = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	p.Add(l, plotter.NewGrid())
	return p.Save(6*vg.Inch, 3.5*vg.Inch, path)
}

// plotAccuracy draws the train (first 1,000 images) and validation
// accuracy at each epoch end, against the epochs of training done then
// (the report's sampling measures after the first step too: epoch 0).
func plotAccuracy(path string, res *result) error {
	p := plot.New()
	p.Title.Text = "Classification accuracy history"
	p.X.Label.Text = "epochs of training"
	p.Y.Label.Text = "accuracy"
	series := []struct {
		name string
		v    []float64
		c    color.Color
	}{
		{"train (first 1,000)", res.TrainAcc1k, color.RGBA{R: 31, G: 119, B: 180, A: 255}},
		{"validation", res.History.ValAcc, color.RGBA{R: 255, G: 127, B: 14, A: 255}},
	}
	for _, s := range series {
		if len(s.v) == 0 {
			continue
		}
		xys := make(plotter.XYs, len(s.v))
		for i, v := range s.v {
			x := float64(i + 1)
			if i < len(res.EpochIters) && res.PerEpoch > 0 {
				x = float64(res.EpochIters[i]+1) / res.PerEpoch
			}
			xys[i] = plotter.XY{X: x, Y: v}
		}
		l, pts, err := plotter.NewLinePoints(xys)
		if err != nil {
			return err
		}
		l.Color, pts.Color = s.c, s.c
		p.Add(l, pts)
		p.Legend.Add(s.name, l, pts)
	}
	p.Add(plotter.NewGrid())
	p.Legend.Top = false // accuracies rise: bottom right stays clear
	p.Y.Min = 0
	return p.Save(6*vg.Inch, 3.5*vg.Inch, path)
}

// firstLayerTemplates returns the first layer's weights as pixel-space
// templates, ImageBytes×units: W1 itself, or V·W1 for a net on PCA
// components. It returns nil if the inputs are not CIFAR images.
func firstLayerTemplates(net *nn.Network, pca *cifar.PCA) *mat.Dense {
	w := net.Dense()[0].W.Value
	if pca != nil {
		var t mat.Dense
		t.Mul(pca.Vectors, w)
		return &t
	}
	if r, _ := w.Dims(); r != cifar.ImageBytes {
		return nil
	}
	return w
}

// weightGrid lays out up to n columns of t (ImageBytes×units) as 32×32
// colour images in a grid with a 1-pixel gap, each scaled by its own
// minimum and maximum to 0…255, as cs231n's visualize_grid does.
func weightGrid(t *mat.Dense, n int) *image.RGBA {
	_, units := t.Dims()
	n = min(n, units)
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	rows := (n + cols - 1) / cols
	const pad = 1
	side := cifar.Side
	img := image.NewRGBA(image.Rect(0, 0, cols*(side+pad)+pad, rows*(side+pad)+pad))
	for i := range img.Pix {
		img.Pix[i] = 255 // white gaps
	}
	col := make([]float64, cifar.ImageBytes)
	for u := range n {
		mat.Col(col, u, t)
		lo, hi := col[0], col[0]
		for _, v := range col {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		scale := 0.0
		if hi > lo {
			scale = 255 / (hi - lo)
		}
		x0 := pad + (u%cols)*(side+pad)
		y0 := pad + (u/cols)*(side+pad)
		for y := range side {
			for x := range side {
				var c [3]uint8
				for ch := range 3 {
					c[ch] = uint8(math.Round((col[ch*cifar.PlaneBytes+y*side+x] - lo) * scale))
				}
				img.SetRGBA(x0+x, y0+y, color.RGBA{R: c[0], G: c[1], B: c[2], A: 255})
			}
		}
	}
	return img
}

// plotWeights writes the first layer's weights of up to n hidden units as
// a PNG of the grid itself (a plot would resample the images and make the
// file several times larger), each pixel drawn as a 2×2 block if the grid
// is small.
func plotWeights(path string, net *nn.Network, pca *cifar.PCA, n int) error {
	t := firstLayerTemplates(net, pca)
	if t == nil {
		return fmt.Errorf("weights: the first layer has %d inputs, not %d image features", net.Spec.Inputs, cifar.ImageBytes)
	}
	img := weightGrid(t, n)
	if img.Bounds().Dx() < 300 {
		img = upscale(img, 2)
	}
	// Trained weights look like noise, which PNG cannot compress: 256
	// colours (Plan 9's palette, nearest colour, no dithering) keep the
	// look at a quarter of the size.
	pal := image.NewPaletted(img.Bounds(), palette.Plan9)
	draw.Src.Draw(pal, pal.Bounds(), img, image.Point{})
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, pal); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// upscale returns img with each pixel repeated k×k times.
func upscale(img *image.RGBA, k int) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := range b.Dy() * k {
		for x := range b.Dx() * k {
			out.SetRGBA(x, y, img.RGBAAt(b.Min.X+x/k, b.Min.Y+y/k))
		}
	}
	return out
}

// plotConfusion draws a confusion matrix (rows: true class, columns:
// predicted) as a heat map with the counts written in.
func plotConfusion(path string, conf [][]int, classes []string, title string) error {
	n := len(conf)
	g := confusionGrid{conf: conf}
	hm := plotter.NewHeatMap(g, blues{})
	hm.Min, hm.Max = 0, 1
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "predicted"
	p.Y.Label.Text = "true"
	p.Add(hm)
	var xys plotter.XYs
	var labels []string
	for i := range n {
		for j := range n {
			xys = append(xys, plotter.XY{X: float64(j), Y: float64(n - 1 - i)})
			labels = append(labels, fmt.Sprint(conf[i][j]))
		}
	}
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
	if err != nil {
		return err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].XAlign = -0.5
		lb.TextStyle[i].YAlign = -0.5
		lb.TextStyle[i].Font.Size = vg.Points(7)
		if r, c := i/n, i%n; g.Z(c, n-1-r) > 0.5 {
			lb.TextStyle[i].Color = color.White
		}
	}
	p.Add(lb)
	ticks := func(rev bool) plot.ConstantTicks {
		var t plot.ConstantTicks
		for i, c := range classes {
			v := float64(i)
			if rev {
				v = float64(n - 1 - i)
			}
			t = append(t, plot.Tick{Value: v, Label: c})
		}
		return t
	}
	p.X.Tick.Marker = ticks(false)
	p.Y.Tick.Marker = ticks(true)
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign = -1
	p.X.Tick.Label.YAlign = -0.5
	return p.Save(6.5*vg.Inch, 6*vg.Inch, path)
}

// blues is a white-to-blue palette (as matplotlib's "Blues").
type blues struct{}

func (blues) Colors() []color.Color {
	const n = 32
	lo, hi := [3]float64{247, 251, 255}, [3]float64{8, 48, 107}
	cs := make([]color.Color, n)
	for i := range cs {
		t := float64(i) / (n - 1)
		var c [3]uint8
		for k := range c {
			c[k] = uint8(math.Round(lo[k] + t*(hi[k]-lo[k])))
		}
		cs[i] = color.RGBA{R: c[0], G: c[1], B: c[2], A: 255}
	}
	return cs
}

var _ plotpalette.Palette = blues{}

// confusionGrid is a confusion matrix as a plotter.GridXYZ: column j is
// the prediction, row 0 (the top) the first class. Values are row
// fractions, so the colours compare classes of different sizes.
type confusionGrid struct{ conf [][]int }

func (g confusionGrid) Dims() (c, r int) { return len(g.conf), len(g.conf) }
func (g confusionGrid) X(c int) float64  { return float64(c) }
func (g confusionGrid) Y(r int) float64  { return float64(r) }
func (g confusionGrid) Z(c, r int) float64 {
	row := g.conf[len(g.conf)-1-r]
	total := 0
	for _, v := range row {
		total += v
	}
	if total == 0 {
		return 0
	}
	return float64(row[c]) / float64(total)
}
