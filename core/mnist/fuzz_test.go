package mnist

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzDecodeIDX checks that DecodeIDX never panics and returns either an
// error or a valid set whose length the header declared.
func FuzzDecodeIDX(f *testing.F) {
	img, lab := encode(f, tiny(2))
	f.Add(img, lab)
	f.Add(img[:20], lab)
	f.Add([]byte{0, 0, 8, 3, 0xff, 0xff, 0xff, 0xff}, lab)
	f.Add([]byte{0x1f, 0x8b}, []byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, img, lab []byte) {
		s, err := DecodeIDX("f", bytes.NewReader(img), bytes.NewReader(lab))
		if err != nil {
			return
		}
		if len(s.Pixels) != s.Len()*ImageBytes {
			t.Fatalf("%d labels but %d pixel bytes", s.Len(), len(s.Pixels))
		}
		for _, l := range s.Labels {
			if l >= Classes {
				t.Fatalf("label %d accepted", l)
			}
		}
	})
}

// FuzzDecodeJSON checks that DecodeJSON never panics and returns either an
// error or whole images.
func FuzzDecodeJSON(f *testing.F) {
	f.Add(`{"data": [` + strings.Repeat("0.5,", ImageBytes-1) + `1]}`)
	f.Add(`{"data": [0.5]}`)
	f.Add(`{"data": [-0]}`)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := DecodeJSON("f", strings.NewReader(in), 7)
		if err != nil {
			return
		}
		if s.Len() == 0 || len(s.Pixels) != s.Len()*ImageBytes {
			t.Fatalf("%d images from %d pixel bytes", s.Len(), len(s.Pixels))
		}
	})
}
