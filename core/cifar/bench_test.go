package cifar

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// BenchmarkDecode decodes one full batch file (10,000 records) from memory.
func BenchmarkDecode(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(dataDir(b), "data_batch_1.bin"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Decode(bytes.NewReader(raw), "data_batch_1.bin"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBatch forms a batch of 200 (the report's size) into a reused
// matrix, with and without augmentation.
func BenchmarkBatch(b *testing.B) {
	s := synthetic(1000, 11)
	p, err := FitPreprocess(KindMeanImage, s)
	if err != nil {
		b.Fatal(err)
	}
	src := newPCG(1)
	idx := make([]int, 200)
	for i := range idx {
		idx[i] = src.Intn(s.Len())
	}
	dst := mat.NewDense(len(idx), ImageBytes, nil)
	labels := make([]int, len(idx))
	for _, bench := range []struct {
		name string
		aug  *Augment
	}{{"plain", nil}, {"augment", &Augment{FlipH: true, FlipV: true, Shift: 2}}} {
		b.Run(bench.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.Batch(dst, labels, idx, p, bench.aug, src)
			}
		})
	}
}
