package canvas_test

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	. "github.com/backprop-playground/playground/app/canvas"
	"github.com/backprop-playground/playground/app/canvas/probe"
	"github.com/backprop-playground/playground/app/canvasmsg"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/")

// golden compares img with testdata/name.png, or rewrites it with -update.
// Pixels may differ by 2 levels per channel (rounding on another CPU); on
// a mismatch the picture drawn is saved under the system's temporary
// directory for a look, outside the repository.
func golden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	failed := filepath.Join(os.TempDir(), "canvas-golden", name+".png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s: size %v, golden %v", name, img.Bounds(), want.Bounds())
	}
	bad, worst := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r0, g0, b0, _ := img.At(x, y).RGBA()
			r1, g1, b1, _ := want.At(x, y).RGBA()
			for _, d := range []int{int(r0>>8) - int(r1>>8), int(g0>>8) - int(g1>>8), int(b0>>8) - int(b1>>8)} {
				d = max(d, -d)
				worst = max(worst, d)
				if d > 2 {
					bad++
				}
			}
		}
	}
	if bad > 0 {
		_ = os.MkdirAll(filepath.Dir(failed), 0o755)
		_ = os.WriteFile(failed, buf.Bytes(), 0o644)
		t.Errorf("%s: %d channel values differ from the golden image by more than 2 (worst %d); the picture drawn is %s", name, bad, worst, failed)
	}
}

// testNet returns a small seeded network.
func testNet(t testing.TB, hidden []int, init string, std float64, seed uint32) *nn.Network {
	t.Helper()
	net, err := nn.New(nn.Spec{Inputs: 2, Hidden: hidden, Classes: 3, Activation: "tanh", Init: init, Std: std}, rng.New(seed))
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func sampleNet(t testing.TB) canvasmsg.Net {
	t.Helper()
	net := testNet(t, []int{5, 4}, "xavier", 0, 3)
	n, err := probe.Sample(net, []float64{0.6, -0.4}, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestGoldenDiagram(t *testing.T) {
	t.Parallel()
	net := sampleNet(t)
	for _, test := range []struct {
		name string
		d    Diagram
	}{
		{"diagram", Diagram{Net: net, Selected: canvasmsg.None, Hover: canvasmsg.None}},
		{"diagram_forward", Diagram{Net: net, Selected: canvasmsg.Neuron{Layer: 2, Index: 1}, Hover: canvasmsg.None,
			Anim: canvasmsg.Anim{Phase: canvasmsg.PhaseForward, T: 0.55}}},
		{"diagram_backward", Diagram{Net: net, Selected: canvasmsg.Neuron{Layer: 1, Index: 2}, Hover: canvasmsg.Neuron{Layer: 0, Index: 1},
			Anim: canvasmsg.Anim{Phase: canvasmsg.PhaseBackward, T: 0.3}}},
		{"diagram_hidpi", Diagram{Net: net, Selected: canvasmsg.None, Hover: canvasmsg.Neuron{Layer: 3, Index: 0}, Scale: 2}},
	} {
		w, h := 360, 220
		if test.d.Scale == 2 {
			w, h = 720, 440
		}
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		test.d.Draw(img)
		golden(t, test.name, img)
	}
}

// The report's bad initialization: std 1e-4 weights leave a 5-layer net's
// activations and gradients invisible, He's are plain to see.
func TestGoldenInit(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name, init string
	}{{"diagram_std1e-4", "std"}, {"diagram_he", "he"}} {
		net, err := nn.New(nn.Spec{Inputs: 2, Hidden: []int{8, 8, 8, 8}, Classes: 3, Activation: "relu", Init: test.init, Std: 1e-4}, rng.New(1))
		if err != nil {
			t.Fatal(err)
		}
		n, err := probe.Sample(net, []float64{0.5, 0.5}, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		img := image.NewRGBA(image.Rect(0, 0, 400, 200))
		(&Diagram{Net: n, Selected: canvasmsg.None, Hover: canvasmsg.None}).Draw(img)
		golden(t, test.name, img)
	}
}

// trainedSpiral returns the 3-class spiral and a 2-16-16-3 net trained on it.
func trainedSpiral(t testing.TB) (*plane.Set, *nn.Network) {
	t.Helper()
	set, err := plane.Generate(plane.DefaultSpec())
	if err != nil {
		t.Fatal(err)
	}
	c := train.Config{Data: "spiral", Hidden: []int{16, 16}, Activation: "relu", Init: "he", Optimizer: "adam",
		LR: 0.01, Schedule: "constant", Decay: 1, Batch: 32, Iters: 500, Sampling: "shuffle", Preprocess: "none", Seed: 1}
	src := rng.New(1)
	net, err := nn.New(c.Spec(2, 3), src)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := train.NewTrainer(c, net, set.TrainData(), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	for !tr.Done() {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return set, net
}

func TestGoldenRegionsAndMaps(t *testing.T) {
	t.Parallel()
	set, net := trainedSpiral(t)
	g, maps, err := probe.Evaluate(net, plane.DefaultFeatures, 60, 60, PlaneView())
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 300, 300))
	r := Regions{Grid: g, Train: probe.Points(set.Train), Test: probe.Points(set.Test)}
	if err := r.Draw(img); err != nil {
		t.Fatal(err)
	}
	golden(t, "regions_spiral", img)

	m := Maps{W: 60, H: 60, Units: maps[1], Cols: 8, Cell: 40}
	sheet := image.NewRGBA(image.Rectangle{Max: m.Size()})
	if err := m.Draw(sheet); err != nil {
		t.Fatal(err)
	}
	golden(t, "maps_layer2", sheet)
}

// A 5-class gauss set with an untrained net: regions pale, points in all
// five colours, and a sub-image (the UI may draw into part of a picture).
func TestGoldenRegionsSubImage(t *testing.T) {
	t.Parallel()
	set, err := plane.Generate(plane.Spec{Name: "gauss", Classes: 5, Points: 150, Noise: 0.02, Split: 0.6, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	net, err := nn.New(nn.Spec{Inputs: 2, Hidden: []int{8}, Classes: 5, Activation: "tanh", Init: "xavier"}, rng.New(4))
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := probe.Evaluate(net, plane.DefaultFeatures, 30, 30, PlaneView())
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 220, 220))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{0x33, 0x33, 0x33, 0xff}), image.Point{}, draw.Src)
	sub := img.SubImage(image.Rect(10, 10, 210, 210)).(*image.RGBA)
	if err := (&Regions{Grid: g, Train: probe.Points(set.Train), Test: probe.Points(set.Test), Radius: 3}).Draw(sub); err != nil {
		t.Fatal(err)
	}
	golden(t, "regions_gauss5", img)
}

// TestRegionsSwitches: "discretize output" paints every pixel away from
// the points in the full colour of one class (so at most one colour per
// class, where the shaded picture has a gradient of hundreds), and "show
// test data" off leaves out the test points' dark outlines.
func TestRegionsSwitches(t *testing.T) {
	t.Parallel()
	set, net := trainedSpiral(t)
	g, _, err := probe.Evaluate(net, plane.DefaultFeatures, 48, 48, PlaneView())
	if err != nil {
		t.Fatal(err)
	}
	draw := func(r Regions) *image.RGBA {
		img := image.NewRGBA(image.Rect(0, 0, 300, 300))
		if err := r.Draw(img); err != nil {
			t.Fatal(err)
		}
		return img
	}
	colours := func(img *image.RGBA) map[[3]uint8]int {
		n := map[[3]uint8]int{}
		for i := 0; i < len(img.Pix); i += 4 {
			n[[3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}]++
		}
		return n
	}
	shaded := colours(draw(Regions{Grid: g}))
	hard := colours(draw(Regions{Grid: g, Discrete: true}))
	if len(hard) > g.Classes || len(shaded) < 10*g.Classes {
		t.Errorf("regions alone: %d colours shaded, %d discretized (want at most %d)", len(shaded), len(hard), g.Classes)
	}
	// Each discretized colour is one a confident cell of the shaded
	// picture has.
	for c := range hard {
		if shaded[c] == 0 {
			t.Errorf("discretized colour %v is not a class's full colour", c)
		}
	}
	withTest := colours(draw(Regions{Grid: g, Train: probe.Points(set.Train), Test: probe.Points(set.Test)}))
	noTest := colours(draw(Regions{Grid: g, Train: probe.Points(set.Train), Test: probe.Points(set.Test), HideTest: true}))
	inkRGB := [3]uint8{0x33, 0x33, 0x33} // the outline of test points
	if withTest[inkRGB] == 0 || noTest[inkRGB] != 0 {
		t.Errorf("test outlines: %d pixels shown, %d hidden (want some, then none)", withTest[inkRGB], noTest[inkRGB])
	}
}
