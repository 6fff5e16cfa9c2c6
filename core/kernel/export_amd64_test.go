package kernel

// NoAssembly turns off the assembly of this package (the Go code runs as
// on a CPU without AVX2) until the returned function is called.
func NoAssembly() (restore func()) {
	was := hasAVX2FMA
	hasAVX2FMA = false
	return func() { hasAVX2FMA = was }
}

// HasAssembly reports whether this CPU runs the assembly.
func HasAssembly() bool { return hasAVX2FMA }
