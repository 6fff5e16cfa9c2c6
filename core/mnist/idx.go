package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Sentinel errors wrapped by every decoding error.
var (
	ErrFormat    = errors.New("not an IDX file of the expected kind")
	ErrLabel     = errors.New("label out of range")
	ErrTruncated = errors.New("file ends early")
)

// An Error is a decoding error at a byte offset of a named stream; it wraps
// one of the sentinel errors.
type Error struct {
	Name   string // Name names the stream, such as "t10k-labels".
	Offset int64  // Offset is the byte offset in the (uncompressed) stream, or -1 if unknown.
	Detail string // Detail says what was wrong, for a student to read.
	Err    error  // Err is ErrFormat, ErrLabel or ErrTruncated.
}

func (e *Error) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("mnist: %s: %s", e.Name, e.Detail)
	}
	return fmt.Sprintf("mnist: %s: offset %d: %s", e.Name, e.Offset, e.Detail)
}

func (e *Error) Unwrap() error { return e.Err }

// The IDX magic numbers: two zero bytes, the type code 0x08 (unsigned
// byte) and the number of dimensions.
const (
	magicLabels = 0x00000801
	magicImages = 0x00000803
)

// gunzip returns r decompressed if it starts with gzip's magic bytes
// (0x1f 0x8b), else r as it is.
func gunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if err == nil && head[0] == 0x1f && head[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}

// DecodeIDX reads an IDX image stream and its IDX label stream, each plain
// or gzip-compressed, named name+"-images" and name+"-labels" in errors. It
// returns an error (an *Error) if either header is not the expected one,
// the image size is not 28×28, the counts differ or exceed MaxImages, a
// label is not in [0, Classes), or a stream ends early.
func DecodeIDX(name string, images, labels io.Reader) (*Set, error) {
	ln, lname := name+"-labels", name+"-images"
	lr, err := gunzip(labels)
	if err != nil {
		return nil, &Error{Name: ln, Offset: -1, Detail: "gzip: " + err.Error(), Err: ErrFormat}
	}
	ir, err := gunzip(images)
	if err != nil {
		return nil, &Error{Name: lname, Offset: -1, Detail: "gzip: " + err.Error(), Err: ErrFormat}
	}
	nl, err := header(ln, lr, magicLabels, 0)
	if err != nil {
		return nil, err
	}
	ni, err := header(lname, ir, magicImages, 2)
	if err != nil {
		return nil, err
	}
	if nl != ni {
		return nil, &Error{Name: lname, Offset: 4, Detail: fmt.Sprintf("%d images but %d labels", ni, nl), Err: ErrFormat}
	}
	s := &Set{Labels: make([]uint8, nl), Pixels: make([]uint8, nl*ImageBytes)}
	if n, err := io.ReadFull(lr, s.Labels); err != nil {
		return nil, &Error{Name: ln, Offset: 8 + int64(n), Detail: fmt.Sprintf("%d of %d labels", n, nl), Err: ErrTruncated}
	}
	for i, l := range s.Labels {
		if l >= Classes {
			return nil, &Error{Name: ln, Offset: 8 + int64(i), Detail: fmt.Sprintf("label %d out of range [0,%d]", l, Classes-1), Err: ErrLabel}
		}
	}
	if n, err := io.ReadFull(ir, s.Pixels); err != nil {
		return nil, &Error{Name: lname, Offset: 16 + int64(n), Detail: fmt.Sprintf("%d of %d images", n/ImageBytes, ni), Err: ErrTruncated}
	}
	return s, nil
}

// header reads an IDX header of the given magic number: the count, then
// (for images) rows and columns, which must both be Side.
func header(name string, r io.Reader, magic uint32, dims int) (int, error) {
	words := make([]uint32, 2+dims)
	if err := binary.Read(r, binary.BigEndian, words); err != nil {
		return 0, &Error{Name: name, Detail: "the header is shorter than " + fmt.Sprint(4*len(words)) + " bytes", Err: ErrTruncated}
	}
	if words[0] != magic {
		return 0, &Error{Name: name, Detail: fmt.Sprintf("magic number %#08x, want %#08x", words[0], magic), Err: ErrFormat}
	}
	if words[1] > MaxImages {
		return 0, &Error{Name: name, Offset: 4, Detail: fmt.Sprintf("count %d, more than the %d allowed", words[1], MaxImages), Err: ErrFormat}
	}
	if dims == 2 && (words[2] != Side || words[3] != Side) {
		return 0, &Error{Name: name, Offset: 8, Detail: fmt.Sprintf("images of %d×%d pixels, want %d×%d", words[2], words[3], Side, Side), Err: ErrFormat}
	}
	return int(words[1]), nil
}

// EncodeIDX writes s as an IDX image stream to images and an IDX label
// stream to labels, uncompressed; DecodeIDX reads them back.
func EncodeIDX(images, labels io.Writer, s *Set) error {
	n := uint32(s.Len())
	if err := binary.Write(labels, binary.BigEndian, []uint32{magicLabels, n}); err != nil {
		return err
	}
	if _, err := labels.Write(s.Labels); err != nil {
		return err
	}
	if err := binary.Write(images, binary.BigEndian, []uint32{magicImages, n, Side, Side}); err != nil {
		return err
	}
	_, err := images.Write(s.Pixels)
	return err
}
