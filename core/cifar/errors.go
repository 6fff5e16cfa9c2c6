package cifar

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by the errors of this package; test for them with
// errors.Is.
var (
	// ErrLabel means a record's label byte is not in [0, Classes).
	ErrLabel = errors.New("cifar: label out of range")
	// ErrTruncated means a stream's length is not a multiple of
	// RecordBytes: its last record is cut short.
	ErrTruncated = errors.New("cifar: truncated record")
	// ErrEmpty means a stream or a set holds no records.
	ErrEmpty = errors.New("cifar: no records")
	// ErrClassNames means a class-name list (batches.meta.txt) does not hold
	// exactly Classes distinct, non-empty names.
	ErrClassNames = errors.New("cifar: bad class names")
)

// A RecordError reports a bad record in a stream of CIFAR-10 records. Its
// message names the stream, the record and the record's byte offset.
type RecordError struct {
	Name   string // Name is the stream's name given to Decode, such as "data_batch_1.bin"; it may be empty.
	Record int    // Record is the 0-based index of the bad record in the stream.
	Offset int64  // Offset is the byte offset of the record's first byte: Record*RecordBytes.
	Err    error  // Err is ErrLabel, ErrTruncated or the reader's error.
	Detail string // Detail says what is wrong, such as "label 11 out of range [0,9]".
}

// Error returns a message such as
// "cifar: data_batch_1.bin: record 12 (offset 36876): label 11 out of range [0,9]".
func (e *RecordError) Error() string {
	if e.Name == "" {
		return fmt.Sprintf("cifar: record %d (offset %d): %s", e.Record, e.Offset, e.Detail)
	}
	return fmt.Sprintf("cifar: %s: record %d (offset %d): %s", e.Name, e.Record, e.Offset, e.Detail)
}

// Unwrap returns e.Err, so that errors.Is(err, ErrLabel) works.
func (e *RecordError) Unwrap() error { return e.Err }

// wrapError is an error with its own message that still unwraps to err, so
// that a sentinel can be matched without repeating its text.
type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

// errorf returns an error with the formatted message that unwraps to err.
func errorf(err error, format string, args ...any) error {
	return &wrapError{msg: fmt.Sprintf(format, args...), err: err}
}
