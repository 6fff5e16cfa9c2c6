package kernel_test

import (
	"testing"

	"github.com/backprop-playground/playground/core/kernel"
	"github.com/backprop-playground/playground/internal/kerneltest"
)

// TestPacked32Go runs kerneltest.Sgemm's checks on Packed32 with its Go
// micro-kernel, the one of CPUs without AVX2 and FMA.
func TestPacked32Go(t *testing.T) {
	if !kernel.HasAssembly() {
		t.Log("this CPU runs the Go micro-kernel in every test")
	}
	defer kernel.NoAssembly()()
	kerneltest.Sgemm(t, kernel.Packed32{Threads: 2})
}
