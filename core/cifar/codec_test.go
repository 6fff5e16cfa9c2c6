package cifar

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// records returns n valid records: record i has label labels[i%len] and
// pixel j = (7*i + j) % 256, so every record differs.
func records(n int, labels ...uint8) []byte {
	b := make([]byte, 0, n*RecordBytes)
	for i := range n {
		b = append(b, labels[i%len(labels)])
		for j := range ImageBytes {
			b = append(b, uint8((7*i+j)%256))
		}
	}
	return b
}

// testdataFiles are the small files under testdata that seed FuzzDecode,
// with the bytes they must hold.
func testdataFiles() map[string][]byte {
	bad := records(3, 6, 9, 1)
	bad[2*RecordBytes] = 10 // record 2 has label 10
	return map[string][]byte{
		"two.bin":       records(2, 6, 9),
		"empty.bin":     {},
		"truncated.bin": records(2, 3, 8)[:RecordBytes+100],
		"short.bin":     records(1, 0)[:RecordBytes-1],
		"label10.bin":   bad,
	}
}

// TestTestdata checks the files under testdata (go test -update rewrites them).
func TestTestdata(t *testing.T) {
	t.Parallel()
	for name, want := range testdataFiles() {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -update writes it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes differ from the generated %d (go test -update rewrites it)", path, len(got), len(want))
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	errRead := errors.New("disk on fire")
	label11 := records(13, 6, 9, 9, 4, 1, 1, 2, 7, 8, 3)
	label11[12*RecordBytes] = 11
	for i, test := range []struct {
		name   string
		r      io.Reader
		target error  // the sentinel the error must wrap
		record int    // the failing record, if a *RecordError
		msg    string // the exact message, or a prefix if it ends in "…"
	}{
		{"data_batch_1.bin", bytes.NewReader(label11), ErrLabel, 12,
			"cifar: data_batch_1.bin: record 12 (offset 36876): label 11 out of range [0,9]"},
		{"x.bin", bytes.NewReader(testdataFiles()["label10.bin"]), ErrLabel, 2,
			"cifar: x.bin: record 2 (offset 6146): label 10 out of range [0,9]"},
		{"", bytes.NewReader([]byte{255}), ErrTruncated, 0,
			"cifar: record 0 (offset 0): truncated: 1 of 3073 bytes (stream length 1 is not a multiple of 3073)"},
		{"t.bin", bytes.NewReader(testdataFiles()["truncated.bin"]), ErrTruncated, 1,
			"cifar: t.bin: record 1 (offset 3073): truncated: 100 of 3073 bytes (stream length 3173 is not a multiple of 3073)"},
		{"s.bin", bytes.NewReader(testdataFiles()["short.bin"]), ErrTruncated, 0,
			"cifar: s.bin: record 0 (offset 0): truncated: 3072 of 3073 bytes (stream length 3072 is not a multiple of 3073)"},
		// A truncated stream read one byte at a time, past a chunk boundary.
		{"long.bin", iotest.OneByteReader(bytes.NewReader(records(chunkRecords+2, 5)[:(chunkRecords+1)*RecordBytes+1])),
			ErrTruncated, chunkRecords + 1, "cifar: long.bin: record 129 (offset 396417): truncated: 1 of 3073 bytes…"},
		{"e.bin", bytes.NewReader(nil), ErrEmpty, -1, "cifar: e.bin: empty, want records of 3073 bytes"},
		{"", strings.NewReader(""), ErrEmpty, -1, "cifar: empty stream, want records of 3073 bytes"},
		{"r.bin", io.MultiReader(bytes.NewReader(records(1, 2)), iotest.ErrReader(errRead)), errRead, 1,
			"cifar: r.bin: record 1 (offset 3073): read: disk on fire"},
	} {
		s, err := Decode(test.r, test.name)
		if err == nil {
			t.Errorf("case %d: Decode returned %d records and no error, want %v", i, s.Len(), test.target)
			continue
		}
		if s != nil {
			t.Errorf("case %d: Decode returned a set with its error", i)
		}
		if !errors.Is(err, test.target) {
			t.Errorf("case %d: error %q does not wrap %q", i, err, test.target)
		}
		if p, ok := strings.CutSuffix(test.msg, "…"); ok {
			if !strings.HasPrefix(err.Error(), p) {
				t.Errorf("case %d: error\n got %q\nwant %q…", i, err, p)
			}
		} else if err.Error() != test.msg {
			t.Errorf("case %d: error\n got %q\nwant %q", i, err, test.msg)
		}
		var re *RecordError
		if got := errors.As(err, &re); got != (test.record >= 0) {
			t.Errorf("case %d: errors.As(*RecordError) = %v, want %v", i, got, test.record >= 0)
		} else if got && (re.Record != test.record || re.Offset != int64(test.record)*RecordBytes || re.Name != test.name) {
			t.Errorf("case %d: got record %d offset %d name %q, want %d, %d, %q",
				i, re.Record, re.Offset, re.Name, test.record, test.record*RecordBytes, test.name)
		}
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		b      []byte
		labels []uint8
	}{
		{testdataFiles()["two.bin"], []uint8{6, 9}},
		{records(1, 0), []uint8{0}},
		{records(chunkRecords+3, 9, 0, 4), nil},
	} {
		// Each reader in turn: plain, with short reads, and with one byte a time.
		for j, r := range []io.Reader{bytes.NewReader(test.b), iotest.HalfReader(bytes.NewReader(test.b)),
			iotest.OneByteReader(bytes.NewReader(test.b))} {
			s, err := Decode(r, "x.bin")
			if err != nil {
				t.Fatalf("case %d.%d: %v", i, j, err)
			}
			if want := len(test.b) / RecordBytes; s.Len() != want || len(s.Pixels) != want*ImageBytes {
				t.Fatalf("case %d.%d: %d labels and %d pixel bytes, want %d records", i, j, s.Len(), len(s.Pixels), want)
			}
			if test.labels != nil && !slices.Equal(s.Labels, test.labels) {
				t.Errorf("case %d.%d: labels %v, want %v", i, j, s.Labels, test.labels)
			}
			for k := range s.Len() {
				rec := test.b[k*RecordBytes : (k+1)*RecordBytes]
				if s.Labels[k] != rec[0] || !bytes.Equal(s.Image(k), rec[1:]) {
					t.Fatalf("case %d.%d: record %d differs from the input", i, j, k)
				}
			}
			var buf bytes.Buffer
			if err := Encode(&buf, s); err != nil {
				t.Fatalf("case %d.%d: Encode: %v", i, j, err)
			}
			if !bytes.Equal(buf.Bytes(), test.b) {
				t.Errorf("case %d.%d: Encode(Decode(b)) != b", i, j)
			}
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	t.Parallel()
	good := synthetic(3, 1)
	errWrite := errors.New("disk full")
	for i, test := range []struct {
		s      *Set
		w      io.Writer
		target error
		msg    string
	}{
		{&Set{}, io.Discard, ErrEmpty, "cifar: encode: empty set"},
		{nil, io.Discard, nil, "cifar: nil set"},
		{&Set{Pixels: good.Pixels[:ImageBytes], Labels: good.Labels}, io.Discard, nil,
			"cifar: set has 3 labels but 3072 pixel bytes, want 9216"},
		{&Set{Pixels: good.Pixels, Labels: []uint8{1, 12, 3}}, io.Discard, ErrLabel,
			"cifar: record 1 (offset 3073): label 12 out of range [0,9]"},
		{good, failWriter{errWrite}, errWrite, "cifar: encode: disk full"},
	} {
		err := Encode(test.w, test.s)
		if err == nil || err.Error() != test.msg {
			t.Errorf("case %d: error %v, want %q", i, err, test.msg)
		}
		if test.target != nil && !errors.Is(err, test.target) {
			t.Errorf("case %d: error %v does not wrap %v", i, err, test.target)
		}
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestReadClassNames(t *testing.T) {
	t.Parallel()
	official := "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"
	want := strings.Fields(official)
	for i, test := range []struct {
		in  string
		err string // "" for no error
	}{
		{official, ""},
		{strings.TrimSuffix(official, "\n"), ""},
		{official + "\n\n", ""}, // the official file ends in a blank line
		{strings.ReplaceAll(official, "\n", "\r\n"), ""},
		{"  " + strings.ReplaceAll(official, "\n", " \n"), ""},
		{"", "cifar: class names: 0 class names, want 10"},
		{strings.Replace(official, "truck\n", "", 1), "cifar: class names: 9 class names, want 10"},
		{official + "lorry\n", `cifar: class names: more than 10 class names (line 11: "lorry")`},
		{"\n" + official, "cifar: class names: line 1 is blank, want one class name per line"},
		{strings.Replace(official, "cat\n", "cat\n\n", 1), "cifar: class names: line 5 is blank, want one class name per line"},
		{strings.Replace(official, "dog", "cat", 1), `cifar: class names: line 6 repeats the class name "cat" of line 4`},
	} {
		got, err := ReadClassNames(strings.NewReader(test.in))
		switch {
		case test.err == "" && err != nil:
			t.Errorf("case %d: unexpected error %v", i, err)
		case test.err == "" && !slices.Equal(got, want):
			t.Errorf("case %d: got %q, want %q", i, got, want)
		case test.err != "" && (err == nil || err.Error() != test.err):
			t.Errorf("case %d: error %v, want %q", i, err, test.err)
		case test.err != "" && !errors.Is(err, ErrClassNames):
			t.Errorf("case %d: error %v does not wrap ErrClassNames", i, err)
		}
	}
}

func TestSet(t *testing.T) {
	t.Parallel()
	s := synthetic(5, 2, 3, 1, 4, 1, 5)
	if s.Len() != 5 || s.Counts() != [Classes]int{1: 2, 3: 1, 4: 1, 5: 1} {
		t.Fatalf("Len %d Counts %v", s.Len(), s.Counts())
	}
	sl := s.Slice(1, 3)
	if sl.Len() != 2 || !slices.Equal(sl.Labels, []uint8{1, 4}) || !bytes.Equal(sl.Image(1), s.Image(2)) {
		t.Errorf("Slice(1, 3): labels %v, want [1 4], or wrong pixels", sl.Labels)
	}
	// Appending to a slice must not overwrite the images after it.
	before := slices.Clone(s.Image(3))
	sl.Pixels = append(sl.Pixels, make([]uint8, ImageBytes)...)
	sl.Labels = append(sl.Labels, 9)
	if !bytes.Equal(s.Image(3), before) || s.Labels[3] != 1 {
		t.Error("appending to a Slice overwrote the parent set")
	}
	sub := s.Subset([]int{4, 0, 4})
	if !slices.Equal(sub.Labels, []uint8{5, 3, 5}) || !bytes.Equal(sub.Image(0), s.Image(4)) || !bytes.Equal(sub.Image(1), s.Image(0)) {
		t.Errorf("Subset: labels %v, want [5 3 5], or wrong pixels", sub.Labels)
	}
	sub.Pixels[0]++
	if sub.Pixels[0] == s.Image(4)[0] {
		t.Error("Subset shares memory with its parent")
	}
	for i, test := range []struct {
		fn  func()
		msg string
	}{
		{func() { s.Image(5) }, "cifar: image 5 out of range [0,5)"},
		{func() { s.Image(-1) }, "cifar: image -1 out of range [0,5)"},
		{func() { s.Subset([]int{0, 7}) }, "cifar: image 7 out of range [0,5)"},
		{func() { s.Slice(2, 6) }, "cifar: slice [2:6] out of range for 5 images"},
		{func() { s.Slice(3, 2) }, "cifar: slice [3:2] out of range for 5 images"},
	} {
		if p, msg := panics(test.fn); !p || msg != test.msg {
			t.Errorf("case %d: panicked %v with %q, want %q", i, p, msg, test.msg)
		}
	}
}
