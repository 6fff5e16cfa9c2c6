package cifar

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestDataBatch checks that Data forms the batches Set.Batch (and then
// PCA.Transform) forms, drawing the same numbers.
func TestDataBatch(t *testing.T) {
	t.Parallel()
	s := synthetic(40, 3)
	p, err := FitPreprocess(KindChannel, s)
	if err != nil {
		t.Fatal(err)
	}
	pca, err := FitPCAData(s, p, 30, 6, true)
	if err != nil {
		t.Fatal(err)
	}
	idx := []int{5, 0, 39, 5, 17}
	for i, test := range []struct {
		aug *Augment
		pca *PCA
	}{
		{nil, nil},
		{&Augment{FlipH: true, Shift: 3}, nil},
		{nil, pca},
		{&Augment{FlipH: true, FlipV: true}, pca},
		{&Augment{FlipH: true, Shift: 2}, pca},
	} {
		want := s.Batch(nil, nil, idx, p, test.aug, newPCG(9))
		if test.pca != nil {
			var reduced mat.Dense
			test.pca.Transform(&reduced, want)
			want = &reduced
		}
		d, err := NewData(s, p, test.aug, newPCG(9), test.pca)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		_, dim := want.Dims()
		if d.Len() != 40 || d.Dim() != dim {
			t.Errorf("case %d: Len %d, Dim %d; want 40, %d", i, d.Len(), d.Dim(), dim)
		}
		got := mat.NewDense(len(idx), d.Dim(), nil)
		labels := make([]int, len(idx))
		d.Batch(got, labels, idx)
		if !mat.EqualApprox(got, want, 1e-12) {
			t.Errorf("case %d: batch differs from Set.Batch", i)
		}
		for k, j := range idx {
			if labels[k] != int(s.Labels[j]) {
				t.Errorf("case %d: label %d is %d, want %d", i, k, labels[k], s.Labels[j])
			}
		}
	}
}

// TestDataCache checks that the PCA feature cache gives the features and
// draws of the uncached path, for every flip setting.
func TestDataCache(t *testing.T) {
	t.Parallel()
	s := synthetic(25, 4)
	p, _ := FitPreprocess(KindMeanImage, s)
	pca, err := FitPCAData(s, p, 0, 5, false)
	if err != nil {
		t.Fatal(err)
	}
	idx := make([]int, 60)
	for i := range idx {
		idx[i] = (7 * i) % 25
	}
	for i, aug := range []*Augment{nil, {}, {FlipH: true}, {FlipV: true}, {FlipH: true, FlipV: true}} {
		plainSrc, cachedSrc := newPCG(2), newPCG(2)
		plain, _ := NewData(s, p, aug, plainSrc, pca)
		cached, _ := NewData(s, p, aug, cachedSrc, pca)
		if err := cached.Cache(1 << 30); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		want := mat.NewDense(len(idx), 5, nil)
		got := mat.NewDense(len(idx), 5, nil)
		plain.Batch(want, nil, idx)
		cached.Batch(got, nil, idx)
		if !mat.EqualApprox(got, want, 1e-9) {
			t.Errorf("case %d (%+v): cached features differ", i, aug)
		}
		if a, b := plainSrc.Float64(), cachedSrc.Float64(); a != b {
			t.Errorf("case %d: the sources are out of step after a batch", i)
		}
		// A view shares the cache and takes its own source.
		view, err := cached.WithAugment(aug, newPCG(2))
		if err != nil {
			t.Fatal(err)
		}
		again := mat.NewDense(len(idx), 5, nil)
		view.Batch(again, nil, idx)
		if !mat.Equal(again, got) {
			t.Errorf("case %d: WithAugment view differs", i)
		}
	}
}

func TestDataErrors(t *testing.T) {
	t.Parallel()
	s := synthetic(10, 5)
	p, _ := FitPreprocess(KindMeanImage, s)
	pca, _ := FitPCAData(s, p, 0, 3, false)
	bad := &Set{Pixels: make([]uint8, 5), Labels: []uint8{1}}
	small := &PCA{Mean: make([]float64, 4), Vectors: mat.NewDense(4, 2, nil), Vars: []float64{1, 1}}
	for i, test := range []struct {
		set  *Set
		pre  *Preprocess
		aug  *Augment
		src  source
		pca  *PCA
		want string
	}{
		{bad, p, nil, nil, nil, "pixel bytes"},
		{s, &Preprocess{Kind: "zca"}, nil, nil, nil, "zca"},
		{s, p, &Augment{Shift: 40}, newPCG(1), nil, "shift"},
		{s, p, &Augment{FlipH: true}, nil, nil, "random source"},
		{s, p, nil, nil, small, "pca of 4 features"},
	} {
		if _, err := NewData(test.set, test.pre, test.aug, test.src, test.pca); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: NewData error %v, want one saying %q", i, err, test.want)
		}
	}
	plain, _ := NewData(s, p, nil, nil, nil)
	if err := plain.Cache(1 << 30); err == nil || !strings.Contains(err.Error(), "PCA") {
		t.Errorf("Cache without PCA: %v", err)
	}
	d, _ := NewData(s, p, &Augment{FlipH: true, FlipV: true}, newPCG(1), pca)
	if want := int64(4 * 10 * 3 * 8); d.CacheBytes(4) != want {
		t.Errorf("CacheBytes(4) = %d, want %d", d.CacheBytes(4), want)
	}
	if err := d.Cache(100); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("Cache over the limit: %v", err)
	}
	if _, err := d.WithAugment(&Augment{FlipV: true}, nil); err == nil {
		t.Errorf("WithAugment without a source accepted")
	}
	if _, err := FitPCAData(s, p, 1, 1, false); err == nil {
		t.Errorf("a PCA of one image accepted")
	}
}

// TestFitPCAData checks that it fits on evenly spaced images.
func TestFitPCAData(t *testing.T) {
	t.Parallel()
	s := synthetic(50, 6)
	p, _ := FitPreprocess(KindChannel, s)
	got, err := FitPCAData(s, p, 10, 4, false)
	if err != nil {
		t.Fatal(err)
	}
	idx := []int{0, 5, 10, 15, 20, 25, 30, 35, 40, 45}
	want, err := FitPCA(s.Batch(nil, nil, idx, p, nil, nil), 4, false)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.EqualApprox(got.Vectors, want.Vectors, 1e-12) || got.Vars[0] != want.Vars[0] {
		t.Errorf("FitPCAData differs from FitPCA on images %v", idx)
	}
}
