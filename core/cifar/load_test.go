package cifar

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// The class names of batches.meta.txt.
var classNames = []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}

func TestLoadDir(t *testing.T) {
	t.Parallel()
	d := fullData(t)
	if d.Train.Len() != ReportTrainSize || d.Val.Len() != ReportValSize || d.Test.Len() != 10000 || d.ReportTest().Len() != 1000 {
		t.Fatalf("split sizes %d/%d/%d (report test %d), want 49000/1000/10000 (1000)",
			d.Train.Len(), d.Val.Len(), d.Test.Len(), d.ReportTest().Len())
	}
	if !slices.Equal(d.Classes, classNames) {
		t.Errorf("classes %q, want %q", d.Classes, classNames)
	}
	// The CIFAR-10 page: "the training batches contain exactly 5000 images
	// from each class", and the test batch 1000 of each.
	tr, val, te := d.Train.Counts(), d.Val.Counts(), d.Test.Counts()
	for c := range Classes {
		if tr[c]+val[c] != 5000 || te[c] != 1000 {
			t.Errorf("class %d: %d+%d train+val and %d test images, want 5000 and 1000", c, tr[c], val[c], te[c])
		}
	}
	// First labels, from /work/shared/cifar-10/README.md.
	if got, want := d.Train.Labels[:10], []uint8{6, 9, 9, 4, 1, 1, 2, 7, 8, 3}; !slices.Equal(got, want) {
		t.Errorf("first train labels %v, want %v", got, want)
	}
	if got, want := d.Test.Labels[:10], []uint8{3, 8, 8, 0, 6, 6, 1, 6, 3, 1}; !slices.Equal(got, want) {
		t.Errorf("first test labels %v, want %v", got, want)
	}
	// Val is records 49,000-49,999: the last 1,000 of data_batch_5.bin.
	f, err := os.Open(filepath.Join(dataDir(t), "data_batch_5.bin"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec := make([]byte, RecordBytes)
	if _, err := f.ReadAt(rec, 9000*RecordBytes); err != nil {
		t.Fatal(err)
	}
	if d.Val.Labels[0] != rec[0] || !bytes.Equal(d.Val.Image(0), rec[1:]) {
		t.Error("Val does not start at record 9000 of data_batch_5.bin")
	}
}

// TestChannelStats checks the per-channel statistics of all 50,000 training
// images against /work/shared/cifar-10/README.md: mean 125.307, 122.950,
// 113.865 and std/255 0.2470, 0.2435, 0.2616 (the usual torchvision
// normalization constants).
func TestChannelStats(t *testing.T) {
	t.Parallel()
	d := fullData(t)
	// Train and Val are fitted apart and pooled: E[x] and E[x²] of the
	// union are the count-weighted means of the parts.
	a, err := FitPreprocess(KindChannel, d.Train)
	if err != nil {
		t.Fatal(err)
	}
	b, err := FitPreprocess(KindChannel, d.Val)
	if err != nil {
		t.Fatal(err)
	}
	na, nb := float64(d.Train.Len()), float64(d.Val.Len())
	wantMean := []float64{125.307, 122.950, 113.865}
	wantStd := []float64{0.2470, 0.2435, 0.2616}
	for c := range Channels {
		mean := (na*a.Mean[c] + nb*b.Mean[c]) / (na + nb)
		sq := (na*(a.Std[c]*a.Std[c]+a.Mean[c]*a.Mean[c]) + nb*(b.Std[c]*b.Std[c]+b.Mean[c]*b.Mean[c])) / (na + nb)
		std := math.Sqrt(sq-mean*mean) / 255
		if math.Abs(mean-wantMean[c]) > 5e-4 || math.Abs(std-wantStd[c]) > 5e-5 {
			t.Errorf("channel %d: mean %.4f std/255 %.5f, want %.3f and %.4f", c, mean, std, wantMean[c], wantStd[c])
		}
	}
}

// TestGolden compares a summary of the first records of data_batch_1.bin
// and test_batch.bin with testdata/first_records.golden (go test -update
// rewrites it).
func TestGolden(t *testing.T) {
	t.Parallel()
	d := fullData(t)
	var b strings.Builder
	fmt.Fprintln(&b, "# The first 10 records of two files: index, label, class, the image's mean R G B,")
	fmt.Fprintln(&b, "# and the first 16 hex digits of the SHA-256 of the 3073-byte record.")
	for _, f := range []struct {
		name string
		s    *Set
	}{{"data_batch_1.bin", d.Train}, {"test_batch.bin", d.Test}} {
		fmt.Fprintln(&b, f.name)
		for i := range 10 {
			img := f.s.Image(i)
			var mean [Channels]float64
			for c := range Channels {
				for _, v := range img[c*PlaneBytes : (c+1)*PlaneBytes] {
					mean[c] += float64(v) / PlaneBytes
				}
			}
			sum := sha256.Sum256(append([]byte{f.s.Labels[i]}, img...))
			fmt.Fprintf(&b, "%d %d %-10s %7.3f %7.3f %7.3f %x\n", i, f.s.Labels[i], d.Classes[f.s.Labels[i]],
				mean[0], mean[1], mean[2], sum[:8])
		}
	}
	got := b.String()
	path := filepath.Join("testdata", "first_records.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("summary differs from %s (go test -update rewrites it)\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// tinyFS returns an fs.FS in the official layout whose five training
// batches hold 3 records each and whose test batch holds 4.
func tinyFS() fstest.MapFS {
	m := fstest.MapFS{
		"batches.meta.txt": {Data: []byte(strings.Join(classNames, "\n") + "\n")},
		"test_batch.bin":   {Data: records(4, 3, 8)},
	}
	for i := 1; i <= 5; i++ {
		m[fmt.Sprintf("data_batch_%d.bin", i)] = &fstest.MapFile{Data: records(3, uint8(i), uint8(i+1), uint8(i+2))}
	}
	return m
}

func TestLoadFS(t *testing.T) {
	t.Parallel()
	d, err := LoadFS(tinyFS(), LoadOptions{Val: 2})
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Len() != 13 || d.Val.Len() != 2 || d.Test.Len() != 4 || d.ReportTest().Len() != 4 {
		t.Fatalf("sizes %d/%d/%d, want 13/2/4", d.Train.Len(), d.Val.Len(), d.Test.Len())
	}
	if want := []uint8{1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5}; !slices.Equal(d.Train.Labels, want) {
		t.Errorf("train labels %v, want %v", d.Train.Labels, want)
	}
	if want := []uint8{6, 7}; !slices.Equal(d.Val.Labels, want) {
		t.Errorf("val labels %v, want %v", d.Val.Labels, want)
	}

	// The sample layout: its files are used as they are.
	sample := fstest.MapFS{
		"batches.meta.txt": {Data: []byte(strings.Join(classNames, "\n"))},
		"train.bin":        {Data: records(5, 1)},
		"val.bin":          {Data: records(2, 2)},
		"test.bin":         {Data: records(3, 3)},
	}
	d, err = LoadFS(sample, LoadOptions{Val: 4})
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Len() != 5 || d.Val.Len() != 2 || d.Test.Len() != 3 || d.Val.Labels[0] != 2 {
		t.Errorf("sample sizes %d/%d/%d, want 5/2/3", d.Train.Len(), d.Val.Len(), d.Test.Len())
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	without := func(name string) fstest.MapFS { m := tinyFS(); delete(m, name); return m }
	with := func(name string, b []byte) fstest.MapFS { m := tinyFS(); m[name] = &fstest.MapFile{Data: b}; return m }
	want := "; want data_batch_1.bin … data_batch_5.bin, test_batch.bin and batches.meta.txt (get them with `make data`)" +
		", or a sample's train.bin, val.bin, test.bin and batches.meta.txt"
	for i, test := range []struct {
		fsys   fs.FS
		opt    LoadOptions
		target error
		msg    string
	}{
		{without("data_batch_3.bin"), LoadOptions{}, fs.ErrNotExist, "cifar: open data_batch_3.bin: file does not exist" + want},
		{without("test_batch.bin"), LoadOptions{}, fs.ErrNotExist, "cifar: open test_batch.bin: file does not exist" + want},
		{without("batches.meta.txt"), LoadOptions{}, fs.ErrNotExist, "cifar: open batches.meta.txt: file does not exist" + want},
		{with("data_batch_2.bin", records(2, 1)[:RecordBytes+5]), LoadOptions{}, ErrTruncated,
			"cifar: data_batch_2.bin: record 1 (offset 3073): truncated: 5 of 3073 bytes (stream length 3078 is not a multiple of 3073)"},
		{with("test_batch.bin", records(1, 10)), LoadOptions{}, ErrLabel,
			"cifar: test_batch.bin: record 0 (offset 0): label 10 out of range [0,9]"},
		{with("data_batch_4.bin", nil), LoadOptions{}, ErrEmpty, "cifar: data_batch_4.bin: empty, want records of 3073 bytes"},
		{with("batches.meta.txt", []byte("a\nb\n")), LoadOptions{}, ErrClassNames, "cifar: batches.meta.txt: 2 class names, want 10"},
		{tinyFS(), LoadOptions{Val: 15}, nil,
			"cifar: load: validation size 15 leaves no training records, want fewer than the 15 in data_batch_1.bin … data_batch_5.bin"},
		{tinyFS(), LoadOptions{Val: -1}, nil, "cifar: load: validation size -1 is negative"},
		{fstest.MapFS{"train.bin": {Data: records(1, 1)}, "batches.meta.txt": {Data: []byte(strings.Join(classNames, "\n"))}},
			LoadOptions{}, fs.ErrNotExist, "cifar: open val.bin: file does not exist" + want},
	} {
		d, err := LoadFS(test.fsys, test.opt)
		if err == nil || err.Error() != test.msg {
			t.Errorf("case %d: error\n got %v\nwant %q", i, err, test.msg)
		}
		if d != nil {
			t.Errorf("case %d: a dataset came with the error", i)
		}
		if test.target != nil && !errors.Is(err, test.target) {
			t.Errorf("case %d: error %v does not wrap %v", i, err, test.target)
		}
	}
}

func TestLoadDirMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	nowhere := filepath.Join(dir, "nowhere")
	_, err := LoadDir(nowhere, LoadOptions{})
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "cifar: open "+nowhere+": ") ||
		!strings.Contains(err.Error(), "make data") {
		t.Errorf("no dir: error %v, want one naming %s, wrapping fs.ErrNotExist and saying `make data`", err, nowhere)
	}
	_, err = LoadDir(dir, LoadOptions{})
	path := filepath.Join(dir, "batches.meta.txt")
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "cifar: open "+path+": ") ||
		!strings.Contains(err.Error(), "make data") {
		t.Errorf("empty dir: error %v, want one naming %s, wrapping fs.ErrNotExist and saying `make data`", err, path)
	}
	for name, f := range tinyFS() {
		if name != "data_batch_5.bin" {
			if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, err = LoadDir(dir, LoadOptions{})
	if path := filepath.Join(dir, "data_batch_5.bin"); err == nil || !strings.HasPrefix(err.Error(), "cifar: open "+path+": ") {
		t.Errorf("no data_batch_5.bin: error %v, want one naming %s", err, path)
	}
	if err := os.WriteFile(filepath.Join(dir, "data_batch_5.bin"), records(2, 11), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadDir(dir, LoadOptions{Val: 1})
	if path := filepath.Join(dir, "data_batch_5.bin"); err == nil ||
		err.Error() != "cifar: "+path+": record 0 (offset 0): label 11 out of range [0,9]" {
		t.Errorf("bad label: error %v, want one naming %s", err, path)
	}
}
