package worker

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/mnist"
	"github.com/backprop-playground/playground/core/toy"
	"github.com/backprop-playground/playground/msg"
)

// The server paths the session fetches from.
const (
	SampleURL        = "/data/sample/"             // train.bin, val.bin, test.bin, batches.meta.txt
	CIFARURL         = "/data/cifar/"              // data_batch_1.bin … data_batch_5.bin, test_batch.bin, batches.meta.txt
	PretrainedURL    = "/data/pretrained.bppmodel" // a core/checkpoint file
	DigitsURL        = "/data/digits/"             // {train,val,test}-{images-idx3,labels-idx1}-ubyte
	FashionSampleURL = "/data/fashion-sample/"     // the same six files
	FashionURL       = "/data/fashion/"            // Fashion-MNIST's four .gz files (mnist.FashionTrainImages, …)
	// PretrainedDigitsURL is the shipped digits model, the notebook's .npz.
	PretrainedDigitsURL = "/data/pretrained-digits.npz"
)

// A Fetcher gets the bytes at a URL path such as "/data/sample/train.bin".
// It calls progress (if not nil) as bytes arrive, with the bytes so far and
// the total (0 if unknown). A missing file should give an error that
// wraps fs.ErrNotExist, so that the session can say what to do about it.
type Fetcher interface {
	Fetch(url string, progress func(done, total int64)) ([]byte, error)
}

// Dataset names and sizes.
const (
	batchRecords  = 10000 // records in each official batch file
	batchBytes    = batchRecords * cifar.RecordBytes
	progressEvery = 100 * time.Millisecond // at most ~10 loading events a second
	toyName       = msg.DataToy
	sampleName    = msg.DataSample
	cifarName     = msg.DataCIFAR
)

// dataset is a loaded dataset: the toy problem's matrices, or images.
type dataset struct {
	name    string
	classes []string

	images *cifar.Dataset // nil for the toy problem; Test is the report's test split

	toyX *mat.Dense
	toyY []int
	toyT []float64 // a regression set's targets (toyY and classes are nil)

	pre map[string]*cifar.Preprocess // fitted on images.Train, by kind
}

// dim returns the number of features of a sample.
func (d *dataset) dim() int {
	if d.images != nil {
		return d.images.Train.Size()
	}
	_, c := d.toyX.Dims()
	return c
}

func (d *dataset) info() *msg.DataInfo {
	in := &msg.DataInfo{Name: d.name, Dim: d.dim(), Classes: slices.Clone(d.classes)}
	if d.images != nil {
		in.Train, in.Val, in.Test = d.images.Train.Len(), d.images.Val.Len(), d.images.Test.Len()
		shape := d.images.Train.Shape.Norm()
		in.Side, in.Channels = shape.Side, shape.Channels
	} else {
		in.Train = d.toyX.RawMatrix().Rows
	}
	return in
}

// title names the dataset for messages: "CIFAR-10", "the digits",
// "Fashion-MNIST".
func (d *dataset) title() string {
	kind, _, _ := msg.ParseData(d.name)
	switch kind {
	case msg.DataDigits:
		return "the digits"
	case msg.DataFashion, msg.DataFashionSample:
		return "Fashion-MNIST"
	}
	return "CIFAR-10"
}

// preprocess returns the preprocessing of the given kind fitted on the
// training split, fitting it once.
func (d *dataset) preprocess(kind string) (*cifar.Preprocess, error) {
	if p, ok := d.pre[kind]; ok {
		return p, nil
	}
	p, err := cifar.FitPreprocess(kind, d.images.Train)
	if err != nil {
		return nil, err
	}
	if d.pre == nil {
		d.pre = map[string]*cifar.Preprocess{}
	}
	d.pre[kind] = p
	return p, nil
}

// parseDataName checks a dataset name; see msg.ParseData.
func parseDataName(name string) (kind string, n int, err error) { return msg.ParseData(name) }

// canonical returns the name under which a dataset is kept; see
// msg.CanonicalData.
func canonical(name string) string { return msg.CanonicalData(name) }

// loadData fetches and decodes the named dataset, reporting progress as
// Loading events with the request's id.
func (s *Session) loadData(id int, name string) (*dataset, error) {
	kind, n, err := parseDataName(name)
	if err != nil {
		return nil, err
	}
	switch kind {
	case toyName:
		x, y := toy.Report().Data()
		return &dataset{name: toyName, classes: []string{"0", "1", "2"}, toyX: x, toyY: y}, nil
	case sampleName:
		return s.loadSample(id)
	case msg.DataPlane:
		return loadPlane(name)
	case msg.DataDigits:
		return s.loadGraySample(id, msg.DataDigits, DigitsURL, "the digits", mnist.DigitNames)
	case msg.DataFashionSample:
		return s.loadGraySample(id, msg.DataFashionSample, FashionSampleURL, "the Fashion-MNIST sample", mnist.FashionNames)
	case msg.DataFashion:
		return s.loadFashion(id, n)
	}
	return s.loadCIFAR(id, n)
}

// loadGraySample loads a committed 28×28 sample (assets/digits-sample or
// fashion-sample) from base: its train, val and test IDX pairs.
func (s *Session) loadGraySample(id int, name, base, what string, classes []string) (*dataset, error) {
	splits := []string{"train", "val", "test"}
	var files []string
	for _, sp := range splits {
		files = append(files, sp+"-images-idx3-ubyte", sp+"-labels-idx1-ubyte")
	}
	l := s.newLoader(id, files, nil)
	l.what = what
	var sets [3]*cifar.Set
	for i, sp := range splits {
		set, err := l.decodeIDX(base, sp, files[2*i], files[2*i+1])
		if err != nil {
			return nil, err
		}
		sets[i] = set
	}
	return &dataset{name: name, classes: classes,
		images: &cifar.Dataset{Train: sets[0], Val: sets[1], Test: sets[2], Classes: classes}}, nil
}

// loadFashion loads the full Fashion-MNIST from FashionURL, split as
// mnist.LoadFashion splits it (the last mnist.ValSize training images
// validate), keeping the first n training images.
func (s *Session) loadFashion(id, n int) (*dataset, error) {
	files := []string{mnist.FashionTrainImages, mnist.FashionTrainLabels, mnist.FashionTestImages, mnist.FashionTestLabels}
	l := s.newLoader(id, files, nil)
	l.what = "the full Fashion-MNIST"
	all, err := l.decodeIDX(FashionURL, "train", files[0], files[1])
	if err != nil {
		return nil, err
	}
	test, err := l.decodeIDX(FashionURL, "t10k", files[2], files[3])
	if err != nil {
		return nil, err
	}
	if all.Len() != msg.FashionTrain+mnist.ValSize {
		return nil, fmt.Errorf("mnist: %s holds %d images, want %d", files[0], all.Len(), msg.FashionTrain+mnist.ValSize)
	}
	tr, val := all.Slice(0, n), all.Slice(msg.FashionTrain, all.Len())
	classes := mnist.FashionNames
	return &dataset{name: fmt.Sprintf("%s:%d", msg.DataFashion, n), classes: classes,
		images: &cifar.Dataset{Train: tr, Val: val, Test: test, Classes: classes}}, nil
}

func (s *Session) loadSample(id int) (*dataset, error) {
	l := s.newLoader(id, []string{"batches.meta.txt", "train.bin", "val.bin", "test.bin"}, nil)
	classes, err := l.classNames(SampleURL)
	if err != nil {
		return nil, err
	}
	var sets [3]*cifar.Set
	for i, file := range []string{"train.bin", "val.bin", "test.bin"} {
		b, err := l.fetch(SampleURL, file)
		if err != nil {
			return nil, err
		}
		if sets[i], err = cifar.Decode(bytes.NewReader(b), file); err != nil {
			return nil, err
		}
	}
	return &dataset{name: sampleName, classes: classes,
		images: &cifar.Dataset{Train: sets[0], Val: sets[1], Test: sets[2], Classes: classes}}, nil
}

// loadCIFAR loads the report's splits of the full set, keeping the first n
// training images. It fetches only the batch files it needs (the
// validation split is the end of data_batch_5.bin) and keeps all 10,000
// test images, so that a test accuracy on the full set is one on the
// whole test set (the report quotes its first 1,000; 30 MB of bytes).
func (s *Session) loadCIFAR(id, n int) (*dataset, error) {
	var files []string
	var sizes []int64
	need := func(i int) bool { return (i-1)*batchRecords < n || i == 5 }
	files, sizes = append(files, "batches.meta.txt"), append(sizes, 0)
	for i := 1; i <= 5; i++ {
		if need(i) {
			files, sizes = append(files, fmt.Sprintf("data_batch_%d.bin", i)), append(sizes, batchBytes)
		}
	}
	files, sizes = append(files, "test_batch.bin"), append(sizes, batchBytes)
	l := s.newLoader(id, files, sizes)

	classes, err := l.classNames(CIFARURL)
	if err != nil {
		return nil, err
	}
	tr := &cifar.Set{Pixels: make([]uint8, 0, n*cifar.ImageBytes), Labels: make([]uint8, 0, n)}
	var val *cifar.Set
	for i := 1; i <= 5; i++ {
		if !need(i) {
			continue
		}
		file := fmt.Sprintf("data_batch_%d.bin", i)
		set, err := l.decodeBatch(file)
		if err != nil {
			return nil, err
		}
		if k := min(batchRecords, n-(i-1)*batchRecords); k > 0 {
			tr.Pixels = append(tr.Pixels, set.Pixels[:k*cifar.ImageBytes]...)
			tr.Labels = append(tr.Labels, set.Labels[:k]...)
		}
		if i == 5 {
			// Records 49,000-49,999 of the training batches.
			val = set.Subset(seq(batchRecords-cifar.ReportValSize, batchRecords))
		}
	}
	test, err := l.decodeBatch("test_batch.bin")
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s:%d", cifarName, n)
	return &dataset{name: name, classes: classes,
		images: &cifar.Dataset{Train: tr, Val: val, Test: test, Classes: classes}}, nil
}

// seq returns lo, lo+1, …, hi-1.
func seq(lo, hi int) []int {
	idx := make([]int, hi-lo)
	for i := range idx {
		idx[i] = lo + i
	}
	return idx
}

// loader fetches the files of one dataset and reports the bytes fetched
// over all of them.
type loader struct {
	s      *Session
	what   string // the dataset, for errors: "the sample" if empty
	id     int
	files  []string
	expect []int64 // each file's size: known in advance, then from the fetch
	cur    int     // the file being fetched
	done   int64   // bytes of the files fetched so far
	last   time.Time
}

func (s *Session) newLoader(id int, files []string, sizes []int64) *loader {
	if sizes == nil {
		sizes = make([]int64, len(files))
	}
	return &loader{s: s, id: id, files: files, expect: sizes}
}

// fetch gets base+file, which must be the next of l.files.
func (l *loader) fetch(base, file string) ([]byte, error) {
	l.cur = slices.Index(l.files, file)
	url := base + file
	b, err := l.s.fetch.Fetch(url, func(done, total int64) {
		if total > 0 {
			l.expect[l.cur] = total
		}
		if now := time.Now(); now.Sub(l.last) >= progressEvery {
			l.last = now
			l.report(done, file)
		}
	})
	if err != nil {
		what := cmp.Or(l.what, "the sample")
		hint := "Reload the page to try again."
		switch base {
		case CIFARURL:
			what = "the full CIFAR-10"
			hint = "The server may not have it: get it with `make data` and start the server with `-data` (`make run` does both)."
		case FashionURL:
			hint = "The server may not have it: get it with `make data` and start the server with `-data` for its folder too (`make run` does both)."
		}
		return nil, &msg.Failure{Kind: msg.FailDownload, Message: fmt.Sprintf("could not download %s (%s: %v). %s", what, file, err, hint)}
	}
	l.expect[l.cur] = int64(len(b))
	l.done += int64(len(b))
	l.report(0, file)
	return b, nil
}

func (l *loader) report(current int64, file string) {
	total := int64(0)
	for _, v := range l.expect {
		total += v
	}
	done := l.done + current
	l.s.emit(msg.Event{ID: l.id, Kind: msg.Loading, Done: done, Total: max(total, done), Text: file})
}

func (l *loader) classNames(base string) ([]string, error) {
	b, err := l.fetch(base, "batches.meta.txt")
	if err != nil {
		return nil, err
	}
	return cifar.ReadClassNames(bytes.NewReader(b))
}

// decodeBatch fetches and decodes one official batch file, which must hold
// 10,000 records.
func (l *loader) decodeBatch(file string) (*cifar.Set, error) {
	b, err := l.fetch(CIFARURL, file)
	if err != nil {
		return nil, err
	}
	set, err := cifar.Decode(bytes.NewReader(b), file)
	if err != nil {
		return nil, err
	}
	if set.Len() != batchRecords {
		return nil, fmt.Errorf("cifar: %s has %d records, want %d", file, set.Len(), batchRecords)
	}
	return set, nil
}

// decodeIDX fetches an IDX image file and its label file from base and
// decodes them as the split name (for errors), as 28×28 gray images.
func (l *loader) decodeIDX(base, name, images, labels string) (*cifar.Set, error) {
	bi, err := l.fetch(base, images)
	if err != nil {
		return nil, err
	}
	bl, err := l.fetch(base, labels)
	if err != nil {
		return nil, err
	}
	set, err := mnist.DecodeIDX(name, bytes.NewReader(bi), bytes.NewReader(bl))
	if err != nil {
		return nil, err
	}
	return set.Images(), nil
}
