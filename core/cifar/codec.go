package cifar

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// chunkRecords is how many records Decode and Encode move per read or
// write: 128 records are 393 KB, few enough calls to keep file reads under
// js/wasm (each one a round trip into JavaScript) cheap.
const chunkRecords = 128

// Decode reads CIFAR-10 binary records from r until EOF and returns them as
// a Set. name identifies the stream in error messages (a file name such as
// "data_batch_1.bin"; it may be empty).
//
// Decode returns an error, and no Set, if a label is not in [0,9]
// (ErrLabel), if the stream's length is not a multiple of RecordBytes
// (ErrTruncated), if the stream is empty (ErrEmpty) or if r fails. The
// record errors are *RecordError values naming the record and its offset.
// Decode reads r in chunks and never holds more than the Set plus one chunk.
func Decode(r io.Reader, name string) (*Set, error) {
	s := &Set{}
	if err := decodeAppend(s, r, name); err != nil {
		return nil, err
	}
	return s, nil
}

// decodeAppend appends the records of r to s; see Decode. On error s holds
// a partial result that the caller must discard.
func decodeAppend(s *Set, r io.Reader, name string) error {
	// The buffer holds whole records, so a full read never splits one; a
	// short stream gets a short buffer.
	k := chunkRecords
	if n := sizeHint(r); n > 0 {
		k = min(k, n/RecordBytes+1)
		// Grow s once rather than doubling it: a doubled 50,000-image set
		// would briefly need twice its 154 MB.
		s.Pixels = slices.Grow(s.Pixels, n/RecordBytes*ImageBytes)
		s.Labels = slices.Grow(s.Labels, n/RecordBytes)
	}
	buf := make([]byte, k*RecordBytes)
	rec := 0 // records read from r so far
	for {
		n, err := io.ReadFull(r, buf)
		whole := n / RecordBytes
		for k := range whole {
			b := buf[k*RecordBytes : (k+1)*RecordBytes]
			if b[0] > maxLabel {
				i := rec + k
				return &RecordError{Name: name, Record: i, Offset: int64(i) * RecordBytes, Err: ErrLabel,
					Detail: fmt.Sprintf("label %d out of range [0,%d]", b[0], maxLabel)}
			}
			s.Labels = append(s.Labels, b[0])
			s.Pixels = append(s.Pixels, b[1:]...)
		}
		rec += whole
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			if rest := n - whole*RecordBytes; rest > 0 {
				off := int64(rec) * RecordBytes
				return &RecordError{Name: name, Record: rec, Offset: off, Err: ErrTruncated,
					Detail: fmt.Sprintf("truncated: %d of %d bytes (stream length %d is not a multiple of %d)",
						rest, RecordBytes, off+int64(rest), RecordBytes)}
			}
			if rec == 0 {
				if name == "" {
					return errorf(ErrEmpty, "cifar: empty stream, want records of %d bytes", RecordBytes)
				}
				return errorf(ErrEmpty, "cifar: %s: empty, want records of %d bytes", name, RecordBytes)
			}
			return nil
		default:
			// The records read in full were kept and checked; the error
			// points at the first one that was not.
			return &RecordError{Name: name, Record: rec, Offset: int64(rec) * RecordBytes, Err: err,
				Detail: "read: " + err.Error()}
		}
	}
}

// sizeHint returns the number of bytes r will probably yield, or 0 if it
// cannot tell. It is used only to preallocate.
func sizeHint(r io.Reader) int {
	switch v := r.(type) {
	case interface{ Len() int }: // *bytes.Reader, *bytes.Buffer, *strings.Reader
		return v.Len()
	case interface{ Stat() (fs.FileInfo, error) }: // *os.File, fs.File
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return int(min(fi.Size(), int64(recordsMax)*RecordBytes))
		}
	}
	return 0
}

// Encode writes s to w in the CIFAR-10 binary format that Decode reads:
// for each image, its label byte and then its ImageBytes pixels. Encode
// returns an error, writing nothing, if s is empty (ErrEmpty), if a label is
// out of range (ErrLabel) or if len(s.Pixels) is not s.Len()*ImageBytes;
// otherwise it returns w's first error.
func Encode(w io.Writer, s *Set) error {
	if err := s.valid(); err != nil {
		return err
	}
	if s.Len() == 0 {
		return errorf(ErrEmpty, "cifar: encode: empty set")
	}
	buf := make([]byte, 0, chunkRecords*RecordBytes)
	for i := range s.Len() {
		buf = append(buf, s.Labels[i])
		buf = append(buf, s.Pixels[i*ImageBytes:(i+1)*ImageBytes]...)
		if len(buf) == cap(buf) || i == s.Len()-1 {
			if _, err := w.Write(buf); err != nil {
				return fmt.Errorf("cifar: encode: %w", err)
			}
			buf = buf[:0]
		}
	}
	return nil
}

// ReadClassNames reads the class names of batches.meta.txt: one name per
// line, line i naming label i. Surrounding spaces and a final "\r" are
// trimmed and blank lines at the end are ignored. It returns an error
// wrapping ErrClassNames unless there are exactly Classes distinct,
// non-empty names with no blank line between them.
func ReadClassNames(r io.Reader) ([]string, error) {
	return readClassNames(r, "class names")
}

// readClassNames is ReadClassNames with name (a file path) in its errors.
func readClassNames(r io.Reader, name string) ([]string, error) {
	var names []string
	sc := bufio.NewScanner(r)
	line, blank := 0, 0 // blank is the line of the first blank line seen
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" {
			if blank == 0 {
				blank = line
			}
			continue
		}
		if blank != 0 {
			return nil, errorf(ErrClassNames, "cifar: %s: line %d is blank, want one class name per line", name, blank)
		}
		if len(names) == Classes {
			return nil, errorf(ErrClassNames, "cifar: %s: more than %d class names (line %d: %q)", name, Classes, line, t)
		}
		for j, prev := range names {
			if prev == t {
				return nil, errorf(ErrClassNames, "cifar: %s: line %d repeats the class name %q of line %d", name, line, t, j+1)
			}
		}
		names = append(names, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cifar: %s: %w", name, err)
	}
	if len(names) != Classes {
		return nil, errorf(ErrClassNames, "cifar: %s: %d class names, want %d", name, len(names), Classes)
	}
	return names, nil
}
