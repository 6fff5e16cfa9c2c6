package main

// blasName names the matrix products the engine runs on: gonum's, which
// natively are amd64 assembly and split big products over goroutines
// (every core), in float64 and float32 alike. The openblas build tag
// (blas_openblas.go) replaces them with OpenBLAS. The pure-Go build is
// the default because it always builds, with no C toolchain or library.
var blasName = "gonum (Go assembly, all cores)"
