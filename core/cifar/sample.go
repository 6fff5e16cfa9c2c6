package cifar

import (
	"fmt"
	"slices"
)

// A Shortfall records that a split had fewer images of a class than
// BuildSample was asked for; the sample then holds all it had.
type Shortfall struct {
	Split string // Split is "train", "val" or "test".
	Class int    // Class is the label.
	Want  int    // Want is the number asked for.
	Got   int    // Got is the number taken, all the split had.
}

// String returns a message such as "val: class 3: 20 of 25 images".
func (s Shortfall) String() string {
	return fmt.Sprintf("%s: class %d: %d of %d images", s.Split, s.Class, s.Got, s.Want)
}

// BuildSample returns a small class-balanced copy of d, the committed
// sample's source: the first perClassTrain images of each class of
// d.Train, the first perClassVal of each class of d.Val and the first
// perClassTest of each class of d.Test, keeping their original order. It is
// deterministic. Where a split has fewer images of a class than asked, it
// takes all of them and reports a Shortfall. BuildSample returns an error if
// d lacks a split, a count is below 1 or a split has none of a class.
func BuildSample(d *Dataset, perClassTrain, perClassVal, perClassTest int) (*Dataset, []Shortfall, error) {
	if d == nil || d.Train == nil || d.Val == nil || d.Test == nil {
		return nil, nil, fmt.Errorf("cifar: sample: dataset lacks a train, val or test split")
	}
	out := &Dataset{Classes: slices.Clone(d.Classes)}
	var short []Shortfall
	for _, sp := range []struct {
		name string
		from *Set
		n    int
		to   **Set
	}{
		{"train", d.Train, perClassTrain, &out.Train},
		{"val", d.Val, perClassVal, &out.Val},
		{"test", d.Test, perClassTest, &out.Test},
	} {
		if err := sp.from.valid(); err != nil {
			return nil, nil, err
		}
		if sp.n < 1 {
			return nil, nil, fmt.Errorf("cifar: sample: %d %s images per class, want at least 1", sp.n, sp.name)
		}
		idx, got := firstPerClass(sp.from, sp.n)
		for c, g := range got {
			if g == 0 {
				return nil, nil, fmt.Errorf("cifar: sample: %s split has no image of class %d", sp.name, c)
			}
			if g < sp.n {
				short = append(short, Shortfall{Split: sp.name, Class: c, Want: sp.n, Got: g})
			}
		}
		*sp.to = sp.from.Subset(idx)
	}
	return out, short, nil
}

// firstPerClass returns, in order, the indices of the first n images of
// each class in s, and how many it found of each.
func firstPerClass(s *Set, n int) (idx []int, got [Classes]int) {
	for i, l := range s.Labels {
		if got[l] < n {
			got[l]++
			idx = append(idx, i)
		}
	}
	return idx, got
}

// A Manifest describes a sample directory (assets/cifar-sample): what it
// holds, where it came from and how it was built. It is stored as
// manifest.json next to the files.
type Manifest struct {
	Dataset  string   `json:"dataset"`  // Dataset names the source, "CIFAR-10".
	Citation string   `json:"citation"` // Citation is the reference the dataset's authors ask for.
	Command  string   `json:"command"`  // Command rebuilds the sample byte for byte.
	Classes  []string `json:"classes"`  // Classes names the labels.
	// Splits describes train.bin, val.bin and test.bin, in that order.
	Splits []ManifestSplit `json:"splits"`
	// Files maps each data file of the sample (the three .bin files and
	// batches.meta.txt) to its SHA-256 in hex.
	Files map[string]string `json:"files"`
	// Source maps each file of the full dataset that was read to its
	// SHA-256 in hex.
	Source map[string]string `json:"source"`
	// Shortfalls lists classes that had fewer images than asked.
	Shortfalls []string `json:"shortfalls"`
}

// A ManifestSplit describes one split file of a sample.
type ManifestSplit struct {
	Name     string `json:"name"`      // Name is "train", "val" or "test".
	File     string `json:"file"`      // File is the split's file, such as "train.bin".
	From     string `json:"from"`      // From says which records of the full dataset were drawn on.
	Records  int    `json:"records"`   // Records is the number of records in File.
	PerClass []int  `json:"per_class"` // PerClass[l] is the number of records with label l.
}
