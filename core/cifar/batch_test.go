package cifar

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestBatch(t *testing.T) {
	t.Parallel()
	s := synthetic(50, 8)
	train := s.Slice(0, 40)
	p, err := FitPreprocess(KindMeanImage, train)
	if err != nil {
		t.Fatal(err)
	}
	idx := []int{3, 49, 0, 3, 17}
	labels := make([]int, len(idx))
	want := make([]float64, ImageBytes)
	aug := make([]uint8, ImageBytes)
	for i, test := range []struct {
		p   *Preprocess
		a   *Augment
		dst *mat.Dense
	}{
		{p, nil, nil},
		{nil, nil, &mat.Dense{}},
		{p, &Augment{}, mat.NewDense(len(idx), ImageBytes, nil)},
		{p, &Augment{FlipH: true, FlipV: true, Shift: 4}, nil},
	} {
		src, ref := newPCG(uint64(i)), newPCG(uint64(i))
		got := s.Batch(test.dst, labels, idx, test.p, test.a, src)
		if test.dst != nil && got != test.dst {
			t.Errorf("case %d: Batch did not fill the given matrix", i)
		}
		if r, c := got.Dims(); r != len(idx) || c != ImageBytes {
			t.Fatalf("case %d: %d×%d batch, want %d×%d", i, r, c, len(idx), ImageBytes)
		}
		for r, k := range idx {
			// Row r is Apply of image k, after the same draws.
			img := s.Image(k)
			if test.a != nil {
				test.a.Apply(aug, img, ref)
				img = aug
			}
			test.p.Apply(want, img)
			if !slices.Equal(got.RawRowView(r), want) {
				t.Fatalf("case %d: row %d differs from image %d", i, r, k)
			}
			if labels[r] != int(s.Labels[k]) {
				t.Errorf("case %d: label %d = %d, want %d", i, r, labels[r], s.Labels[k])
			}
		}
	}
	// A view serves a short last batch; labels may be nil.
	big := mat.NewDense(8, ImageBytes, nil)
	view := big.Slice(0, 2, 0, ImageBytes).(*mat.Dense)
	s.Batch(view, nil, []int{5, 6}, nil, nil, nil)
	if big.At(1, 7) != float64(s.Image(6)[7]) || big.At(2, 7) != 0 {
		t.Error("Batch into a view wrote the wrong rows")
	}
}

func TestBatchAllocs(t *testing.T) {
	s := synthetic(30, 9)
	p, _ := FitPreprocess(KindChannel, s)
	idx := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	dst := mat.NewDense(len(idx), ImageBytes, nil)
	labels := make([]int, len(idx))
	src := newPCG(1)
	a := &Augment{FlipH: true, Shift: 2}
	if n := testing.AllocsPerRun(20, func() { s.Batch(dst, labels, idx, p, a, src) }); n != 0 {
		t.Errorf("Batch with a reused matrix allocated %v times, want 0", n)
	}
}

func TestBatchPanics(t *testing.T) {
	t.Parallel()
	s := synthetic(4, 10)
	for i, test := range []struct {
		fn  func()
		msg string
	}{
		{func() { s.Batch(nil, nil, nil, nil, nil, nil) }, "cifar: empty batch"},
		{func() { s.Batch(nil, make([]int, 1), []int{0, 1}, nil, nil, nil) }, "cifar: batch of 2 images with 1 labels"},
		{func() { s.Batch(mat.NewDense(3, ImageBytes, nil), nil, []int{0, 1}, nil, nil, nil) },
			"cifar: batch of 2 images into a 3×3072 matrix, want 2×3072"},
		{func() { s.Batch(nil, nil, []int{0, 4}, nil, nil, nil) }, "cifar: image 4 out of range [0,4)"},
		{func() { s.Batch(nil, nil, []int{0}, nil, &Augment{Shift: -2}, newPCG(1)) },
			"cifar: augmentation shift -2 out of range [0,31]"},
		{func() { s.Batch(nil, nil, []int{0}, &Preprocess{Kind: KindChannel}, nil, nil) },
			"cifar: channel preprocessing has 0 means and 0 stds, want 3"},
	} {
		if p, msg := panics(test.fn); !p || msg != test.msg {
			t.Errorf("case %d: panicked %v with %q, want %q", i, p, msg, test.msg)
		}
	}
}
