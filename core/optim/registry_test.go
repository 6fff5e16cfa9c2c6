package optim

import (
	"maps"
	"slices"
	"testing"
)

// TestRegistry: Names lists the registry's keys, and each one builds.
func TestRegistry(t *testing.T) {
	if !slices.Equal(slices.Sorted(maps.Keys(Registry)), slices.Sorted(slices.Values(Names))) {
		t.Errorf("Names %v, registry %v", Names, slices.Sorted(maps.Keys(Registry)))
	}
	for _, n := range Names {
		if o, err := New(n, Settings{}); err != nil || o == nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}
