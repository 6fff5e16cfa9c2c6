package lesson

import (
	"html"
	"strconv"
	"strings"
)

// The formulas are MathML Core (https://www.w3.org/TR/mathml-core/), which
// Chromium, Firefox and Safari render with the page's own fonts: nothing
// is fetched from another site. These helpers build the markup as strings
// (app.Raw renders them); every piece of text goes through html.EscapeString.

const mathNS = "http://www.w3.org/1998/Math/MathML"

// mathML wraps the row in a <math> element, displayed as a block if block.
func mathML(block bool, parts ...string) string {
	d := ""
	if block {
		d = ` display="block"`
	}
	return `<math xmlns="` + mathNS + `"` + d + `>` + strings.Join(parts, "") + `</math>`
}

func mi(s string) string { return "<mi>" + html.EscapeString(s) + "</mi>" }
func mn(s string) string { return "<mn>" + html.EscapeString(s) + "</mn>" }
func mo(s string) string { return "<mo>" + html.EscapeString(s) + "</mo>" }

// mtext is text inside a formula. Browsers collapse its leading and
// trailing spaces, so they become no-break spaces.
func mtext(s string) string {
	t := strings.TrimSpace(s)
	lead, trail := s[:strings.Index(s, t)], s[strings.Index(s, t)+len(t):]
	nb := func(w string) string { return strings.Repeat("\u00a0", len(w)) }
	return "<mtext>" + nb(lead) + html.EscapeString(t) + nb(trail) + "</mtext>"
}
func mrow(parts ...string) string { return "<mrow>" + strings.Join(parts, "") + "</mrow>" }

func sub(base, s string) string       { return "<msub>" + base + s + "</msub>" }
func sup(base, s string) string       { return "<msup>" + base + s + "</msup>" }
func subsup(base, b, p string) string { return "<msubsup>" + base + b + p + "</msubsup>" }
func frac(num, den string) string     { return "<mfrac>" + num + den + "</mfrac>" }
func under(base, s string) string     { return "<munder>" + base + s + "</munder>" }
func paren(parts ...string) string    { return mrow(mo("("), mrow(parts...), mo(")")) }

// sym returns the report's symbol name with subscript n, e.g. z₂.
func sym(name string, n int) string { return sub(mi(name), mn(strconv.Itoa(n))) }

// dJ returns ∂J/∂x as a fraction.
func dJ(x string) string {
	return frac(mrow(mo("∂"), mi("J")), mrow(mo("∂"), x))
}

// sum returns Σ with an index under it.
func sum(index string) string { return under(mo("∑"), mi(index)) }
