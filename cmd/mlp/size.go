package main

import (
	"fmt"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/train"
)

// defaultMaxParams bounds the network a run may build unless -max-params
// raises it: 64 Mi parameters need about 2 GiB (bytesPerParam each), which
// a laptop has. Without a bound, -hidden 65536,65536 (4.3 G parameters)
// ends in Go's "fatal error: out of memory" instead of a message.
const defaultMaxParams = 1 << 26

// bytesPerParam is what training holds per parameter: the weight, its
// gradient and up to two optimizer moments (Adam), float64 each.
const bytesPerParam = 4 * 8

// checkSize refuses a configuration whose network on CIFAR-10 images (or
// their PCA components) would have more than limit parameters, naming the
// count and the memory it needs. It allocates nothing.
func checkSize(c train.Config, limit int) error {
	dim := cifar.ImageBytes
	if c.PCA > 0 {
		dim = c.PCA
	}
	n := c.Spec(dim, cifar.Classes).NumParams()
	if n <= limit {
		return nil
	}
	return usageError{fmt.Errorf("the network %v would have %s parameters and need about %s to train, more than the limit of %s parameters: use smaller layers, or raise the limit with -max-params",
		c.Spec(dim, cifar.Classes).Sizes(), group(n), bytesText(float64(n)*bytesPerParam), group(limit))}
}

// group writes n with thousands separators: 4,295,032,842.
func group(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// bytesText writes a byte count in binary units: "128 GiB".
func bytesText(b float64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%.0f bytes", b)
	}
	return fmt.Sprintf("%.1f %s", b, units[i])
}
