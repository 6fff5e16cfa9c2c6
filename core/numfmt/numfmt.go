// Package numfmt formats numbers for people: thousands separators, units,
// and no exponent except for quantities that are genuinely tiny (a
// gradient check's relative error). strconv's 'g' format picks exponents by
// digit count ("1.23e+03"), which is right for machines and wrong on a page
// a student reads; golang.org/x/text/message would do the separators but
// brings locale tables into a wasm binary for three functions.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Int returns n with a comma every three digits: 4194304 → "4,194,304".
func Int(n int) string { return group(strconv.Itoa(n)) }

// Plural returns "1 entry" or "80 entries": n with separators and the word
// that fits it.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Int(n) + " " + many
}

// Float returns v with at most digits significant digits and no exponent,
// grouped with separators: 1234.5 → "1,234.5" (digits 5), 0.000123 →
// "0.000123". Values below 1e-6 in magnitude (other than 0) fall back to
// Error, since a row of zeros reads worse than an exponent there, and so do
// values of 1e15 and more. NaN and
// infinities read "not a number", "∞" and "−∞".
func Float(v float64, digits int) string {
	switch {
	case math.IsNaN(v):
		return "not a number"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	case v == 0:
		return "0"
	case math.Abs(v) < 1e-6:
		return Error(v)
	case math.Abs(v) >= 1e15:
		// A number this large is a diverged value, not a quantity to read
		// digit by digit.
		return strconv.FormatFloat(v, 'e', 1, 64)
	}
	if digits < 1 {
		digits = 1
	}
	// Round to digits significant digits, then print in fixed notation.
	mag := int(math.Floor(math.Log10(math.Abs(v))))
	decimals := max(digits-1-mag, 0)
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	intPart, frac, _ := strings.Cut(s, ".")
	return group(intPart) + dot(frac)
}

func dot(frac string) string {
	if frac == "" {
		return ""
	}
	return "." + frac
}

func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Error returns a small error or tolerance in scientific notation with two
// significant digits: 3.14e-9 → "3.1e-09". This is the one place an
// exponent is the readable form.
func Error(v float64) string {
	if math.IsNaN(v) {
		return "not a number"
	}
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'e', 1, 64)
}

// Millis returns a duration in milliseconds for reading, to three
// significant digits and never with an exponent: "0.421 ms", "12.3 ms",
// "50 ms", "1,234 ms".
func Millis(ms float64) string {
	if ms >= 1e15 {
		return group(strconv.FormatFloat(ms, 'f', 0, 64)) + " ms"
	}
	return Float(ms, 3) + " ms"
}

// Article returns "a" or "an" for the word that follows it, by its first
// letter's sound in the common case ("an airplane", "an automobile", "a
// bird", "a horse"): enough for class names and settings, not for every
// English word ("an hour").
func Article(word string) string {
	w := strings.ToLower(strings.TrimSpace(word))
	if w != "" && strings.ContainsRune("aeiou", rune(w[0])) {
		return "an"
	}
	return "a"
}
