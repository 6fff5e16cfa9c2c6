package cifar

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode checks that Decode never panics and returns either an error or
// exactly len/3073 records that Encode turns back into the input.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.bin"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files in testdata (%v)", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(bytes.NewReader(b), "fuzz.bin")
		if err != nil {
			if s != nil {
				t.Fatal("a set came with the error")
			}
			if !errors.Is(err, ErrLabel) && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrEmpty) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		if len(b)%RecordBytes != 0 || s.Len() != len(b)/RecordBytes || len(s.Pixels) != s.Len()*ImageBytes {
			t.Fatalf("%d bytes gave %d records and %d pixel bytes", len(b), s.Len(), len(s.Pixels))
		}
		var out bytes.Buffer
		if err := Encode(&out, s); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), b) {
			t.Fatal("Encode(Decode(b)) != b")
		}
	})
}
