// Package cifar reads, writes, splits and prepares the CIFAR-10 image set.
//
// CIFAR-10 (Krizhevsky, Nair and Hinton; A. Krizhevsky, "Learning Multiple
// Layers of Features from Tiny Images", 2009) has 60,000 colour images of
// 32×32 pixels in 10 classes: 50,000 for training and 10,000 for testing.
//
// # Binary format
//
// The official binary files are a plain sequence of 3073-byte records
// (RecordBytes): one label byte in [0,9], then 3072 pixel bytes
// (ImageBytes): the 1024-byte red plane, then green, then blue, each plane
// 32×32 in row-major order. Decode reads such a stream and Encode writes
// one. Files in this format:
//
//	data_batch_1.bin … data_batch_5.bin   10,000 training records each
//	test_batch.bin                        10,000 test records
//	batches.meta.txt                      the class names, line i = label i
//
// The committed sample (assets/cifar-sample, built by BuildSample) uses the
// same record format in train.bin, val.bin and test.bin, so a single decoder
// serves the full set, the sample and the browser.
//
// # Splits
//
// LoadDir and LoadFS give the splits of the reference report (those of
// cs231n): Train is the first 49,000 training records, Val the last 1,000
// (records 49,000-49,999) and Test the whole test batch; Dataset.ReportTest
// is the report's test set, the first 1,000 test records.
//
// # Memory
//
// Images stay uint8 in a Set (3 KB each; all 60,000 take 184 MB) and become
// float64 only when a mini-batch is formed by Set.Batch. All of CIFAR-10 as
// float64 would need about 1.5 GB, more than wasm32 can address.
//
// # Preparing a batch
//
// Set.Batch forms one mini-batch: for each chosen image it applies an
// Augment (random flips and shifts, drawn from a caller-supplied source)
// to the uint8 pixels, then a Preprocess (mean-image subtraction or
// per-channel standardization) whose statistics were fitted on the training
// split by FitPreprocess and are saved with a model as JSON. PCA reduces
// feature rows to k components, optionally whitened.
//
// # Errors
//
// Bad input (file bytes, a JSON Preprocess, a k for PCA) gives an error.
// Decoding errors name the file, the record and its byte offset, for example
//
//	cifar: data_batch_1.bin: record 12 (offset 36876): label 11 out of range [0,9]
//
// and wrap one of the sentinel errors ErrLabel, ErrTruncated, ErrEmpty or
// ErrClassNames, so callers can test them with errors.Is; a *RecordError
// (errors.As) gives the record and the offset. Wiring mistakes that a caller
// controls (an image index out of range, a destination of the wrong shape)
// panic with a message that starts with "cifar: ".
//
// # Invariants
//
// Functions never modify their input Sets or matrices. Slice and Image share
// memory with the receiver; Subset copies. Nothing in the package is global
// or random: randomness comes in through an explicit source argument, and
// the same source state gives the same batch.
package cifar
