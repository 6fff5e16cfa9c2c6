//go:build bench && !js

package main

import (
	"os"
	"slices"
	"strings"
)

// Helpers of the bench-tagged measurements (TestPageSpeed, TestTimeTo50).

// loadAverage returns the machine's load averages over 1, 5 and 15
// minutes (/proc/loadavg), for a figure's log line: on the shared 2-core
// machine a measurement means little without them. It returns "?" where
// there is no /proc.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

// median returns the middle value of v (the upper one of an even count).
func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	return s[len(s)/2]
}
