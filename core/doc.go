// Package core holds the playground's engine: pure Go and gonum, with no
// UI, browser, server or logging imports (a test enforces it), so that the
// same code trains on the command line, under node and in a Web Worker.
//
//	rng        numpy-compatible random generator (MT19937, legacy randn)
//	nn         layers, the sequential network, softmax + cross-entropy
//	gradcheck  finite differences and the report's relative error
//	optim      SGD, momentum, Nesterov, Adam
//	train      the step-by-step training loop and its Config schema
//	toy        the report's toy problem (Questions 1-2)
//	cifar      the CIFAR-10 decoder, splits, preprocessing, augmentation
package core
