package cifar

import (
	"math"
	"testing"
)

// graySet returns n 28×28 gray images: image i has pixel j = (i+j) % 256,
// label i % 10.
func graySet(n int) *Set {
	s := &Set{Shape: Gray28}
	for i := range n {
		for j := range Gray28.Bytes() {
			s.Pixels = append(s.Pixels, uint8((i+j)%256))
		}
		s.Labels = append(s.Labels, uint8(i%Classes))
	}
	return s
}

func TestShapes(t *testing.T) {
	if RGB32.Bytes() != ImageBytes || Gray28.Bytes() != 784 || (Shape{}).Bytes() != ImageBytes {
		t.Fatalf("sizes: %d %d %d", RGB32.Bytes(), Gray28.Bytes(), Shape{}.Bytes())
	}
	for n, want := range map[int]Shape{3072: RGB32, 784: Gray28} {
		if got, ok := ShapeOf(n); !ok || got != want {
			t.Errorf("ShapeOf(%d) = %v, %v", n, got, ok)
		}
	}
	if _, ok := ShapeOf(100); ok {
		t.Error("ShapeOf(100) found a shape")
	}
	if (&Set{Shape: Shape{Side: 5, Channels: 2}}).valid() == nil {
		t.Error("a set of an unknown shape is valid")
	}
}

// A gray set goes through the whole pipeline: its subsets keep the shape,
// the channel statistics are one mean and one std (numpy's over all
// pixels), and a shifted batch moves the 28×28 image.
func TestGrayPipeline(t *testing.T) {
	s := graySet(20)
	if err := s.valid(); err != nil {
		t.Fatal(err)
	}
	if sub := s.Subset([]int{3, 4}); sub.Shape != Gray28 || len(sub.Image(1)) != 784 || sub.Image(1)[0] != 4 {
		t.Fatalf("subset: %v %d", sub.Shape, len(sub.Image(1)))
	}
	if sl := s.Slice(2, 5); sl.Shape != Gray28 || sl.Len() != 3 {
		t.Fatalf("slice: %v %d", sl.Shape, sl.Len())
	}
	p, err := FitPreprocess(KindChannel, s)
	if err != nil {
		t.Fatal(err)
	}
	var sum, sq float64
	for _, v := range s.Pixels {
		sum += float64(v)
		sq += float64(v) * float64(v)
	}
	n := float64(len(s.Pixels))
	mean := sum / n
	std := math.Sqrt(sq/n - mean*mean)
	if len(p.Mean) != 1 || math.Abs(p.Mean[0]-mean) > 1e-9 || math.Abs(p.Std[0]-std) > 1e-9 {
		t.Fatalf("channel stats %v %v, want [%v] [%v]", p.Mean, p.Std, mean, std)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	mi, err := FitPreprocess(KindMeanImage, s)
	if err != nil || len(mi.Mean) != 784 || mi.Validate() != nil {
		t.Fatalf("mean image: %v %v", err, mi)
	}
	d, err := NewData(s, p, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Dim() != 784 {
		t.Fatalf("Dim %d", d.Dim())
	}
	x := s.Batch(nil, nil, []int{0}, nil, nil, nil)
	// Shift by exactly +1 in x and y: Intn always returns 2 (dx = 2-1 = 1).
	y := s.Batch(nil, nil, []int{0}, nil, &Augment{Shift: 1}, &fixed{t: t, ints: []int{2, 2}})
	for r := 1; r < 28; r++ {
		for c := 1; c < 28; c++ {
			if got, want := y.At(0, r*28+c), x.At(0, (r-1)*28+c-1); got != want {
				t.Fatalf("shifted (%d,%d) = %v, want %v", r, c, got, want)
			}
		}
	}
	if y.At(0, 5) != 0 || y.At(0, 28*5) != 0 {
		t.Fatal("the row and column shifted in are not black")
	}
	// A CIFAR preprocessing on gray images is refused by NewData (and by
	// Fits), and panics in Apply, which callers reach only past a check.
	rgb := &Preprocess{Kind: KindChannel, Mean: []float64{1, 2, 3}, Std: []float64{1, 1, 1}}
	if _, err := NewData(s, rgb, nil, nil, nil); err == nil || rgb.Fits(784) == nil || rgb.Fits(3072) != nil {
		t.Fatal("a 3-channel preprocessing fits gray images:", err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a 3-channel preprocessing applied to a gray image did not panic")
		}
	}()
	rgb.Apply(make([]float64, 784), s.Image(0))
}
