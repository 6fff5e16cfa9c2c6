package cifar

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Data is a Set seen as the features a network trains on: each image is
// augmented (optionally), preprocessed, and reduced by a PCA (optionally)
// when a batch is formed. It has the methods of train.Data (Len, Dim and
// Batch), so a train.Trainer trains on it directly; this package does not
// import train.
//
// A Data keeps scratch memory and draws from its source, so it is not safe
// for concurrent use; WithAugment gives another view that shares the set,
// the statistics and the feature cache.
type Data struct {
	set *Set
	pre *Preprocess
	aug *Augment
	src source
	pca *PCA

	raw *mat.Dense // one image-wide batch before the PCA

	// cache holds the PCA features of every image of set, once per flip
	// variant: rows [v·n, (v+1)·n) are variant v, where bit 0 of v is a
	// horizontal flip and bit 1 a vertical one (see Cache).
	cache *mat.Dense
	flips int // variants in cache: 1, 2 or 4
}

// NewData returns the Data of s prepared by p, changed by aug (drawing from
// src, such as an *rng.RandomState) and reduced by pca. p, aug and pca may
// be nil: raw pixel values, no augmentation, one feature per byte. src
// may be nil only if aug draws nothing. NewData returns an error if s is
// not a valid set, if p, aug or pca is not valid, or if pca was not fitted
// on s's image size.
func NewData(s *Set, p *Preprocess, aug *Augment, src source, pca *PCA) (*Data, error) {
	if err := s.valid(); err != nil {
		return nil, err
	}
	if err := p.Fits(s.Size()); err != nil {
		return nil, err
	}
	if err := checkAugment(aug, src); err != nil {
		return nil, err
	}
	if pca != nil {
		if err := pca.validate(s.Size()); err != nil {
			return nil, err
		}
	}
	return &Data{set: s, pre: p, aug: aug, src: src, pca: pca}, nil
}

func checkAugment(aug *Augment, src source) error {
	if err := aug.Validate(); err != nil {
		return err
	}
	if aug != nil && *aug != (Augment{}) && src == nil {
		return errors.New("cifar: data: augmentation needs a random source")
	}
	return nil
}

// validate returns an error unless p is a complete PCA of d features.
func (p *PCA) validate(d int) error {
	if p.Vectors == nil || len(p.Mean) != d {
		return fmt.Errorf("cifar: pca of %d features, want %d", len(p.Mean), d)
	}
	if r, k := p.Vectors.Dims(); r != d || len(p.Vars) != k {
		return fmt.Errorf("cifar: pca has %d×%d vectors and %d variances for %d features", r, k, len(p.Vars), d)
	}
	for j, v := range p.Vars {
		if !(v >= 0) || v > 1e300 {
			return fmt.Errorf("cifar: pca variance %d is %v, want a finite number >= 0", j, v)
		}
	}
	return nil
}

// WithAugment returns a view of d with another augmentation and source: it
// shares d's set, statistics and feature cache but has its own scratch
// memory, so two views can be used from two goroutines.
func (d *Data) WithAugment(aug *Augment, src source) (*Data, error) {
	if err := checkAugment(aug, src); err != nil {
		return nil, err
	}
	return &Data{set: d.set, pre: d.pre, aug: aug, src: src, pca: d.pca, cache: d.cache, flips: d.flips}, nil
}

// Set returns the images.
func (d *Data) Set() *Set { return d.set }

// Preprocess returns the preprocessing (nil for raw pixels).
func (d *Data) Preprocess() *Preprocess { return d.pre }

// PCA returns the PCA applied after preprocessing, or nil.
func (d *Data) PCA() *PCA { return d.pca }

// Len returns the number of images.
func (d *Data) Len() int { return d.set.Len() }

// Dim returns the number of features of an image: its bytes, or the PCA's
// number of components.
func (d *Data) Dim() int {
	if d.pca != nil {
		return d.pca.K()
	}
	return d.set.Size()
}

// Batch fills row i of x (len(idx)×Dim()) with the features of image idx[i]
// and labels[i] with its label. It draws from the source as Augment.Apply
// does (flips, then shifts), image by image. Batch panics as Set.Batch does
// if an index is out of range or x has the wrong shape.
func (d *Data) Batch(x *mat.Dense, labels []int, idx []int) {
	if d.pca == nil {
		d.set.Batch(x, labels, idx, d.pre, d.aug, d.src)
		return
	}
	if d.cache != nil && (d.aug == nil || d.aug.Shift == 0) {
		d.cachedBatch(x, labels, idx)
		return
	}
	if d.raw == nil || d.raw.RawMatrix().Rows != len(idx) {
		d.raw = mat.NewDense(len(idx), d.set.Size(), nil)
	}
	d.set.Batch(d.raw, labels, idx, d.pre, d.aug, d.src)
	d.pca.Transform(x, d.raw)
}

// cachedBatch is Batch from the feature cache: the flips are drawn as
// Augment.Apply draws them and pick the cached variant.
func (d *Data) cachedBatch(x *mat.Dense, labels []int, idx []int) {
	if r, c := x.Dims(); r != len(idx) || c != d.Dim() {
		panic(fmt.Sprintf("cifar: batch of %d images into a %d×%d matrix, want %d×%d", len(idx), r, c, len(idx), d.Dim()))
	}
	if labels != nil && len(labels) != len(idx) {
		panic(fmt.Sprintf("cifar: batch of %d images with %d labels", len(idx), len(labels)))
	}
	n := d.set.Len()
	for i, k := range idx {
		d.set.check(k)
		v := 0
		if d.aug != nil {
			if d.aug.FlipH && d.src.Float64() < 0.5 {
				v |= 1
			}
			if d.aug.FlipV && d.src.Float64() < 0.5 {
				v |= 2
			}
		}
		if v >= d.flips {
			panic(fmt.Sprintf("cifar: flip variant %d not cached (%d cached)", v, d.flips))
		}
		copy(x.RawRowView(i), d.cache.RawRowView(v*n+k))
		if labels != nil {
			labels[i] = int(d.set.Labels[k])
		}
	}
}

// CacheBytes returns the memory Cache needs for flips variants (1, 2 or 4)
// of every image's features.
func (d *Data) CacheBytes(flips int) int64 {
	return int64(flips) * int64(d.set.Len()) * int64(d.Dim()) * 8
}

// Cache computes the PCA features of every image once, for each flip
// variant the augmentation can draw (2 with FlipH, 2 more with FlipV), so
// that Batch only copies rows: the projection onto k components costs as
// much as a first layer of k units, on every batch. Batch then gives the
// same features as without the cache, and draws the same numbers. A Shift
// augmentation cannot be cached (Batch then ignores the cache). Cache
// returns an error if d has no PCA or the cache would take more than
// maxBytes (see CacheBytes).
func (d *Data) Cache(maxBytes int64) error {
	if d.pca == nil {
		return errors.New("cifar: data: only PCA features are cached (the raw features take 24 KB per image)")
	}
	flips := 1
	if d.aug != nil && d.aug.FlipH {
		flips = 2
	}
	if d.aug != nil && d.aug.FlipV {
		flips = 4
	}
	if need := d.CacheBytes(flips); need > maxBytes {
		return fmt.Errorf("cifar: data: the feature cache needs %d MB, more than the %d MB allowed", need>>20, maxBytes>>20)
	}
	n, k := d.set.Len(), d.pca.K()
	cache := mat.NewDense(flips*n, k, nil)
	const chunk = 500
	size := d.set.Size()
	raw := mat.NewDense(chunk, size, nil)
	buf := make([]uint8, size)
	for v := range flips {
		for lo := 0; lo < n; lo += chunk {
			m := min(chunk, n-lo)
			rows := raw.Slice(0, m, 0, size).(*mat.Dense)
			for i := range m {
				warp(buf, d.set.Image(lo+i), d.set.Shape, v&1 != 0, v&2 != 0, 0, 0)
				d.pre.Apply(rows.RawRowView(i), buf)
			}
			d.pca.Transform(cache.Slice(v*n+lo, v*n+lo+m, 0, k).(*mat.Dense), rows)
		}
	}
	d.cache, d.flips = cache, flips
	return nil
}

// FitPCAData fits a PCA of k components (whitened if whiten) on n images of
// s, evenly spaced through it (image i·Len/n for i < n, all of them if n is
// 0 or at least Len), preprocessed by p. The SVD costs about n·3072²
// multiply-adds and keeps n×3072 float64 values: a few thousand images
// estimate the leading components well. It returns FitPCA's errors.
func FitPCAData(s *Set, p *Preprocess, n, k int, whiten bool) (*PCA, error) {
	if err := s.valid(); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if n <= 0 || n > s.Len() {
		n = s.Len()
	}
	if n < 2 {
		return nil, fmt.Errorf("cifar: pca: %d images, want at least 2", n)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = int(int64(i) * int64(s.Len()) / int64(n))
	}
	X := s.Batch(nil, nil, idx, p, nil, nil)
	return FitPCA(X, k, whiten)
}
