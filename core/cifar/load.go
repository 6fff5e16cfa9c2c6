package cifar

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// The splits of the reference report (cs231n's): the first ReportTrainSize
// training records train, the next ReportValSize validate, and the first
// ReportTestSize test records test.
const (
	ReportTrainSize = 49000
	ReportValSize   = 1000
	ReportTestSize  = 1000
)

// Files of the official binary distribution and of the sample.
const (
	trainBatches = 5 // data_batch_1.bin … data_batch_5.bin
	testFile     = "test_batch.bin"
	metaFile     = "batches.meta.txt"
	sampleTrain  = "train.bin"
	sampleVal    = "val.bin"
	sampleTest   = "test.bin"
	wantFiles    = "want data_batch_1.bin … data_batch_5.bin, test_batch.bin and batches.meta.txt " +
		"(get them with `make data`), or a sample's train.bin, val.bin, test.bin and batches.meta.txt"
)

// A Dataset is CIFAR-10 split for training. Train, Val and Test are
// disjoint; Classes[l] names label l.
type Dataset struct {
	Train, Val, Test *Set
	Classes          []string
}

// ReportTest returns the report's test split: the first ReportTestSize
// (1,000) images of d.Test, or all of them if there are fewer. The result
// shares memory with d.Test.
func (d *Dataset) ReportTest() *Set {
	return d.Test.Slice(0, min(ReportTestSize, d.Test.Len()))
}

// LoadOptions configures LoadDir and LoadFS. The zero value gives the
// report's splits.
type LoadOptions struct {
	// Val is how many training records, taken from the end of the
	// concatenated data_batch_1 … data_batch_5, form Dataset.Val; the rest
	// form Dataset.Train. Zero means ReportValSize (1,000), which leaves
	// the report's 49,000 for training. It must be less than the number of
	// training records. A sample directory has its own val.bin, and Val is
	// ignored there.
	Val int
}

// LoadDir loads the CIFAR-10 files in dir; see LoadFS for the two layouts
// it accepts. Errors name dir, or the file as dir joined with its name.
func LoadDir(dir string, opt LoadOptions) (*Dataset, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, missing(err, dir)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("cifar: %s is not a directory; %s", dir, wantFiles)
	}
	return load(os.DirFS(dir), func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }, opt)
}

// LoadFS loads CIFAR-10 from the root of fsys, which holds either the
// official binary files
//
//	data_batch_1.bin … data_batch_5.bin, test_batch.bin, batches.meta.txt
//
// split as opt says (by default the report's: Train = the first 49,000
// training records, Val = the last 1,000, Test = all 10,000 test records),
// or a sample made by BuildSample
//
//	train.bin, val.bin, test.bin, batches.meta.txt
//
// used as its files say. The sample layout is chosen when train.bin exists.
// LoadFS returns an error naming the file if one is missing, cannot be read
// or does not decode (see Decode and ReadClassNames), or if opt.Val is out
// of range. Errors for a missing file wrap fs.ErrNotExist.
func LoadFS(fsys fs.FS, opt LoadOptions) (*Dataset, error) {
	return load(fsys, func(name string) string { return name }, opt)
}

// load is LoadFS with display turning a name in fsys into the path shown in
// errors.
func load(fsys fs.FS, display func(string) string, opt LoadOptions) (*Dataset, error) {
	if opt.Val < 0 {
		return nil, fmt.Errorf("cifar: load: validation size %d is negative", opt.Val)
	}
	if _, err := fs.Stat(fsys, sampleTrain); err == nil {
		return loadSample(fsys, display)
	}
	classes, err := loadClassNames(fsys, display)
	if err != nil {
		return nil, err
	}
	var size int64
	for i := 1; i <= trainBatches; i++ {
		name := trainFile(i)
		fi, err := fs.Stat(fsys, name)
		if err != nil {
			return nil, missing(err, display(name))
		}
		size += fi.Size()
	}
	all := &Set{}
	if n := int(min(size/RecordBytes, recordsMax)); n > 0 {
		all.Pixels = make([]uint8, 0, n*ImageBytes)
		all.Labels = make([]uint8, 0, n)
	}
	for i := 1; i <= trainBatches; i++ {
		if err := decodeFile(all, fsys, trainFile(i), display); err != nil {
			return nil, err
		}
	}
	test := &Set{}
	if err := decodeFile(test, fsys, testFile, display); err != nil {
		return nil, err
	}
	val := opt.Val
	if val == 0 {
		val = ReportValSize
	}
	if n := all.Len(); val >= n {
		return nil, fmt.Errorf("cifar: load: validation size %d leaves no training records, want fewer than the %d in %s … %s",
			val, n, trainFile(1), trainFile(trainBatches))
	}
	n := all.Len()
	return &Dataset{Train: all.Slice(0, n-val), Val: all.Slice(n-val, n), Test: test, Classes: classes}, nil
}

// loadSample loads the sample layout of LoadFS.
func loadSample(fsys fs.FS, display func(string) string) (*Dataset, error) {
	classes, err := loadClassNames(fsys, display)
	if err != nil {
		return nil, err
	}
	d := &Dataset{Classes: classes}
	for _, f := range []struct {
		name string
		dst  **Set
	}{{sampleTrain, &d.Train}, {sampleVal, &d.Val}, {sampleTest, &d.Test}} {
		s := &Set{}
		if err := decodeFile(s, fsys, f.name, display); err != nil {
			return nil, err
		}
		*f.dst = s
	}
	return d, nil
}

// loadClassNames reads batches.meta.txt from fsys.
func loadClassNames(fsys fs.FS, display func(string) string) ([]string, error) {
	if err := regular(fsys, metaFile, display); err != nil {
		return nil, err
	}
	f, err := fsys.Open(metaFile)
	if err != nil {
		return nil, missing(err, display(metaFile))
	}
	defer f.Close()
	return readClassNames(f, display(metaFile))
}

// decodeFile appends the records of the file name in fsys to s.
// Only a regular file is opened (checked before the open, which would
// block on a FIFO), and at most maxFileBytes of it are read: a symlink to
// a FIFO or /dev/zero would otherwise hang or fill the memory.
func decodeFile(s *Set, fsys fs.FS, name string, display func(string) string) error {
	if err := regular(fsys, name, display); err != nil {
		return err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return missing(err, display(name))
	}
	defer f.Close()
	return decodeAppend(s, io.LimitReader(f, maxFileBytes+1), display(name))
}

// maxFileBytes bounds one data file: five times an official batch of
// 10,000 records (the whole training set would fit in one file).
const maxFileBytes = 50_000 * RecordBytes

// regular refuses a name that is not a regular file, or one larger than
// maxFileBytes.
func regular(fsys fs.FS, name string, display func(string) string) error {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return missing(err, display(name))
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("cifar: %s is not a regular file (%v), so it is not read; %s", display(name), fi.Mode().Type(), wantFiles)
	}
	if fi.Size() > maxFileBytes {
		return fmt.Errorf("cifar: %s has %d bytes, more than the %d of 50,000 records; %s", display(name), fi.Size(), int64(maxFileBytes), wantFiles)
	}
	return nil
}

// missing explains an error opening the file shown as shown, saying which
// files are expected; it wraps err (often fs.ErrNotExist).
func missing(err error, shown string) error {
	cause := err
	if pe, ok := err.(*fs.PathError); ok {
		cause = pe.Err
	}
	return errorf(err, "cifar: open %s: %v; %s", shown, cause, wantFiles)
}

// trainFile returns the name of training batch i, counting from 1.
func trainFile(i int) string { return fmt.Sprintf("data_batch_%d.bin", i) }
