package numfmt

import (
	"math"
	"testing"
)

func TestFormats(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ got, want string }{
		{Int(0), "0"},
		{Int(999), "999"},
		{Int(1000), "1,000"},
		{Int(65536), "65,536"},
		{Int(202047498), "202,047,498"},
		{Int(-4194304), "-4,194,304"},
		{Plural(1, "entry", "entries"), "1 entry"},
		{Plural(1364, "unit", "units"), "1,364 units"},
		{Float(1234.5, 5), "1,234.5"},
		{Float(1230, 3), "1,230"},
		{Float(0.000123, 3), "0.000123"},
		{Float(0.5, 3), "0.5"},
		{Float(2.3026, 3), "2.3"},
		{Float(-12.345, 4), "-12.35"},
		{Float(9.201e302, 3), "9.2e+302"},
		{Float(123456789, 3), "123,456,789"},
		{Float(1e-9, 3), "1.0e-09"},
		{Float(math.NaN(), 3), "not a number"},
		{Float(math.Inf(1), 3), "∞"},
		{Error(3.14e-9), "3.1e-09"},
		{Error(0), "0"},
		{Millis(1234.4), "1,234 ms"},
		{Millis(12.34), "12.3 ms"},
		{Millis(0.421), "0.421 ms"},
		{Millis(50), "50 ms"},
		{Article("airplane"), "an"},
		{Article("automobile"), "an"},
		{Article("bird"), "a"},
		{Article("Elephant"), "an"},
		{Article("truck"), "a"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
