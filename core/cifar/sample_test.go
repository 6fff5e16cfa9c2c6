package cifar

import (
	"bytes"
	"os"
	"slices"
	"testing"
)

func TestBuildSample(t *testing.T) {
	t.Parallel()
	// In Val, class 0 has 3 images and every other class 1, so asking for
	// 2 per class falls short for classes 1 to 9.
	d := &Dataset{
		Train:   synthetic(40, 1),
		Val:     synthetic(12, 2),
		Test:    synthetic(30, 3),
		Classes: classNames,
	}
	d.Val.Labels[11] = 0
	s, short, err := BuildSample(d, 3, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if s.Train.Len() != 30 || s.Test.Len() != 10 || s.Val.Len() != 11 {
		t.Fatalf("sizes %d/%d/%d, want 30/11/10", s.Train.Len(), s.Val.Len(), s.Test.Len())
	}
	// The first 3 of each class, in the original order: indices 0…29.
	for i := range s.Train.Len() {
		if !bytes.Equal(s.Train.Image(i), d.Train.Image(i)) {
			t.Fatalf("train image %d is not source image %d", i, i)
		}
	}
	wantShort := []Shortfall{}
	for c := 1; c < Classes; c++ {
		wantShort = append(wantShort, Shortfall{"val", c, 2, 1})
	}
	if !slices.Equal(short, wantShort) {
		t.Errorf("shortfalls %v, want %v", short, wantShort)
	}
	if got := short[0].String(); got != "val: class 1: 1 of 2 images" {
		t.Errorf("Shortfall.String() = %q", got)
	}
	if s.Val.Counts() != [Classes]int{2, 1, 1, 1, 1, 1, 1, 1, 1, 1} {
		t.Errorf("val counts %v", s.Val.Counts())
	}
	// Copies: the sample does not share memory with d.
	s.Train.Pixels[0]++
	if s.Train.Pixels[0] == d.Train.Pixels[0] {
		t.Error("the sample shares memory with its source")
	}

	for i, test := range []struct {
		d          *Dataset
		tr, va, te int
		msg        string
	}{
		{d, 0, 1, 1, "cifar: sample: 0 train images per class, want at least 1"},
		{&Dataset{Train: d.Train, Val: d.Val}, 1, 1, 1, "cifar: sample: dataset lacks a train, val or test split"},
		{nil, 1, 1, 1, "cifar: sample: dataset lacks a train, val or test split"},
		{&Dataset{Train: d.Train, Val: d.Val, Test: synthetic(3, 1)}, 1, 1, 1, "cifar: sample: test split has no image of class 3"},
	} {
		if _, _, err := BuildSample(test.d, test.tr, test.va, test.te); err == nil || err.Error() != test.msg {
			t.Errorf("case %d: error %v, want %q", i, err, test.msg)
		}
	}
}

func TestBuildSampleFull(t *testing.T) {
	t.Parallel()
	d := fullData(t)
	s, short, err := BuildSample(d, 250, 25, 25)
	if err != nil {
		t.Fatal(err)
	}
	if len(short) != 0 {
		t.Errorf("shortfalls %v, want none", short)
	}
	for _, sp := range []struct {
		name string
		s    *Set
		n    int
	}{{"train", s.Train, 250}, {"val", s.Val, 25}, {"test", s.Test, 25}} {
		for c, got := range sp.s.Counts() {
			if got != sp.n {
				t.Errorf("%s: class %d has %d images, want %d", sp.name, c, got, sp.n)
			}
		}
	}
	if !slices.Equal(s.Train.Labels[:10], d.Train.Labels[:10]) {
		t.Errorf("train sample starts %v, want the source's %v", s.Train.Labels[:10], d.Train.Labels[:10])
	}
}

// TestClassNames: ClassNames is what the sample's batches.meta.txt says.
func TestClassNames(t *testing.T) {
	// Relative to the package: go test runs in its folder, natively and
	// under node.
	b, err := os.ReadFile("../../assets/cifar-sample/batches.meta.txt")
	if err != nil {
		t.Fatal(err)
	}
	names, err := ReadClassNames(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := ClassNames(); !slices.Equal(got, names) {
		t.Errorf("ClassNames() = %v, batches.meta.txt says %v", got, names)
	}
}
