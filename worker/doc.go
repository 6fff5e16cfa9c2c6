// Package worker is the training worker, a layer of its own beside core/
// and app/: it turns the UI's msg.Requests into work on the engine (core/)
// and reports everything as msg.Events. It imports only core/, the
// protocol (msg, msg/port) and the SIMD kernel (wasm/simd); no UI or
// server package imports it, and nothing in app/ does. Its Session is
// pure Go, tested natively and under node; Serve (serve_js.go) runs it in
// a Web Worker, with the browser's fetch (fetch_js.go) and the matrix
// kernel it chooses (kernel_js.go); wasm/worker's main only calls Serve.
//
// # Use
//
//	s := worker.New(fetcher, post) // post sends an event: msg.EncodeEvent, port.Post
//	s.Handle(req)            // for each request, in order
//	for s.Tick(50 * time.Millisecond) {
//		time.Sleep(time.Millisecond) // yield, so that "stop" is seen
//	}
//
// Handle answers a request at once (loading a dataset, a gradient check or
// an evaluation may take a second) and never runs the training loop
// itself. Training advances only in Tick, in chunks bounded in time: a
// chunk ends once its budget of the session's clock is spent (after at
// least one step), however many steps that is, so the caller can yield
// between chunks: js/wasm has no preemption, and a worker that never
// yields never sees "stop". In the browser (Serve) a chunk is 50 ms, so a
// Pause acts within a chunk and one step at any batch size.
//
// # Pacing and events
//
// What a run reports is coalesced to what a page can draw, not sent per
// step or per chunk: one Progress event per ProgressEvery (250 ms) with
// the losses of every step since the last one and the epochs that ended
// among them (msg.EpochEnd), and the first-layer templates once per
// WeightsEvery (a second). A run that stops running (a pause, a step
// request, its end) sends its last steps before its state event, and a
// Step's progress comes at once. A Speed request paces a running run
// with a token bucket (pace.go); the speed read-out is the run's steps
// over the last 3 s of wall time (speed.go). Chunks, pace, cadence and
// read-out all read one clock, which tests replace, so they need no real
// time.
//
// A Session is not safe for concurrent use: call Handle and Tick from one
// goroutine.
//
// # Datasets
//
// Data is fetched through a Fetcher, from these site-rooted paths (the
// server's; in the browser they are fetched under the site's base, the
// folder above worker.js):
//
//	toy       nothing: the report's toy problem (core/toy), 5 points of 4 features, 3 classes
//	sample    /data/sample/{train,val,test}.bin and batches.meta.txt (the committed sample)
//	cifar:N   /data/cifar/data_batch_1.bin … data_batch_5.bin (only those the first N
//	          training images and the validation split need), test_batch.bin and
//	          batches.meta.txt, split as the report: train = the first N of records
//	          0-48,999, val = records 49,000-49,999; "cifar" means cifar:49000
//
// Images stay bytes (cifar.Set) and become float64 a minibatch at a time.
// The test split is all of a dataset's test images: the 10,000 of
// CIFAR-10, the 250 of the sample.
//
// # Runs
//
// Start parses its train.Config query over the defaults of its dataset
// (toy: toy.TrainConfig with the report's 4-10-3 net; images:
// train.Default), fits the preprocessing on the training split, and trains
// with train.Trainer, seeded by Config.Seed: the same Config gives the same
// run, step for step, whatever the Tick budgets, pauses and steps. Limits
// keep a typo from allocating more than a browser tab has (MaxParams,
// MaxBatchValues): they are errors, like every bad setting, because an
// out-of-memory in wasm kills the worker.
//
// # Errors
//
// A request that fails sends one Error event (with its ID) whose Failure
// is typed (msg.FailureOf: a bad setting is FailConfig with its Field)
// and reads, with its request's kind, e.g. `start: invalid lr "abc": want
// a finite number`; it changes nothing. A panic in Handle or Tick is
// recovered and reported the same way (a panic during training also stops
// the run). A diverging run ends in state "diverged" with the
// train.DivergedError's text. No event ever holds NaN or infinity.
package worker
