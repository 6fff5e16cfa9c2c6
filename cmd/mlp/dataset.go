package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/backprop-playground/playground/assets"
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/rng"
)

// sampleName is the -data value that selects the committed sample.
const sampleName = "sample"

// defaultDataDir is where `mlp data` (and `make data`) put the full set.
var defaultDataDir = filepath.Join("data", "cifar-10")

// resolveData returns the -data value to use: the flag if given, else
// $CIFAR10_DIR, else data/cifar-10 if it exists. It is an error if none is.
func resolveData(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if dir := os.Getenv("CIFAR10_DIR"); dir != "" {
		return dir, nil
	}
	if fi, err := os.Stat(defaultDataDir); err == nil && fi.IsDir() {
		return defaultDataDir, nil
	}
	return "", usageError{errors.New("no data: give -data DIR (the CIFAR-10 binary files) or -data sample, " +
		"or set CIFAR10_DIR; `mlp data` (make data) puts the full set in " + defaultDataDir)}
}

// loadDataset loads -data: "sample" for the committed sample, else a
// directory of the binary files. val is the size of the validation split
// taken from the end of the training batches (0: the report's 1,000).
func loadDataset(data string, val int) (*cifar.Dataset, error) {
	if val < 0 {
		return nil, usageError{fmt.Errorf("-val %d: want 0 (the report's 1,000) or more", val)}
	}
	if data == sampleName {
		return cifar.LoadFS(assets.SampleFS(), cifar.LoadOptions{})
	}
	return cifar.LoadDir(data, cifar.LoadOptions{Val: val})
}

// features prepares a Dataset for training, fitting preprocessing and PCA
// statistics on its training split once and sharing them (and PCA feature
// caches) between the runs of a sweep. It is safe for concurrent use.
type features struct {
	d      *cifar.Dataset
	ntrain int // use the first ntrain training images (0: all)

	mu    sync.Mutex
	pre   map[string]*onceValue[*cifar.Preprocess]
	pca   map[pcaKey]*onceValue[*cifar.PCA]
	cache map[cacheKey]*onceValue[*cifar.Data]
}

type pcaKey struct {
	pre    string
	k, fit int
	whiten bool
}

type cacheKey struct {
	pcaKey
	fliph, flipv bool
}

// onceValue computes a value once, for whichever goroutine asks first.
type onceValue[T any] struct {
	once sync.Once
	v    T
	err  error
}

func (o *onceValue[T]) get(f func() (T, error)) (T, error) {
	o.once.Do(func() { o.v, o.err = f() })
	return o.v, o.err
}

func entry[K comparable, T any](mu *sync.Mutex, m map[K]*onceValue[T], k K) *onceValue[T] {
	mu.Lock()
	defer mu.Unlock()
	o, ok := m[k]
	if !ok {
		o = &onceValue[T]{}
		m[k] = o
	}
	return o
}

func newFeatures(d *cifar.Dataset, ntrain int) (*features, error) {
	if ntrain < 0 {
		return nil, usageError{fmt.Errorf("-ntrain %d: want 0 (all) or more", ntrain)}
	}
	if ntrain > 0 && ntrain < d.Train.Len() {
		d = &cifar.Dataset{Train: d.Train.Slice(0, ntrain), Val: d.Val, Test: d.Test, Classes: d.Classes}
	}
	return &features{d: d, pre: map[string]*onceValue[*cifar.Preprocess]{},
		pca: map[pcaKey]*onceValue[*cifar.PCA]{}, cache: map[cacheKey]*onceValue[*cifar.Data]{}}, nil
}

// preprocess returns the statistics of kind fitted on the training split.
func (f *features) preprocess(kind string) (*cifar.Preprocess, error) {
	return entry(&f.mu, f.pre, kind).get(func() (*cifar.Preprocess, error) {
		return cifar.FitPreprocess(kind, f.d.Train)
	})
}

// fitPCA returns the PCA of k.k components fitted on k.fit training images.
func (f *features) fitPCA(k pcaKey) (*cifar.PCA, error) {
	return entry(&f.mu, f.pca, k).get(func() (*cifar.PCA, error) {
		pre, err := f.preprocess(k.pre)
		if err != nil {
			return nil, err
		}
		return cifar.FitPCAData(f.d.Train, pre, k.fit, k.k, k.whiten)
	})
}

// maxCache bounds the memory of one PCA feature cache.
const maxCache = 2 << 30

// trainData returns the training split as train.Data for a run: with PCA
// and no shifts, from a feature cache shared by all runs with the same
// statistics and flips; otherwise preprocessed batch by batch.
func (f *features) trainData(pre *cifar.Preprocess, pca *cifar.PCA, k pcaKey, aug *cifar.Augment, src *rng.RandomState) (*cifar.Data, error) {
	if pca == nil || aug.Shift > 0 {
		return cifar.NewData(f.d.Train, pre, aug, src, pca)
	}
	base, err := entry(&f.mu, f.cache, cacheKey{k, aug.FlipH, aug.FlipV}).get(func() (*cifar.Data, error) {
		d, err := cifar.NewData(f.d.Train, pre, aug, src, pca)
		if err != nil {
			return nil, err
		}
		return d, d.Cache(maxCache)
	})
	if err != nil {
		return nil, err
	}
	return base.WithAugment(aug, src)
}

// exists reports whether path exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
