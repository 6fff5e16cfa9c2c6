// Package urlguard keeps an address that Go cannot parse away from go-app.
//
// go-app v10.1.11 reads the page's address with url.Parse and ignores the
// error (browserWindow.URL in its js_wasm.go): a "%" that does not start
// an escape ("/#lr=5%", "/#%zz") gives a nil URL, and engineX.Navigate
// dereferences it, at start (RunWhenOnBrowser) and on every popstate
// (window.onpopstate, which a hash change fires). The panic ends the Go
// program and the page stays drawn but dead. Install, called before
// go-app starts, repairs the address before go-app reads it, at start and
// on each history change, and remembers what it could not read so that
// the page can say so (Unreadable, Notice).
//
// Only the path and the fragment are repaired: url.Parse keeps the query
// as it is (RawQuery), and the pages read it with their own parsers, which
// name what is wrong.
package urlguard

import (
	"fmt"
	"net/url"
	"strings"
)

// Part is a piece of the address that could not be read as written.
type Part struct {
	Where string // "path" or "fragment"
	Text  string // as the address had it
}

// Notice says what was wrong with the part and what the page did.
func (p Part) Notice() string {
	where := "the part of the link after “#”"
	if p.Where == "path" {
		where = "the link's path"
	}
	return fmt.Sprintf("%s (%q) has a “%%” that is not followed by two hexadecimal digits, so it could not be read as written; each such “%%” is read as a plain “%%”",
		where, shorten(p.Text))
}

func shorten(s string) string {
	const max = 80
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// Repair returns href with each "%" of its path and fragment that does
// not start a valid escape written as "%25", and the parts it changed. An
// href that url.Parse reads is returned unchanged, with no parts. If the
// repaired href still does not parse (which no browser address should
// do), the fragment is dropped.
func Repair(href string) (string, []Part) {
	if _, err := url.Parse(href); err == nil {
		return href, nil
	}
	rest, frag, hasFrag := strings.Cut(href, "#")
	prefix, query, hasQuery := strings.Cut(rest, "?")
	// The path starts after "scheme://host".
	origin := ""
	if i := strings.Index(prefix, "://"); i >= 0 {
		j := strings.IndexByte(prefix[i+3:], '/')
		if j < 0 {
			j = len(prefix) - i - 3
		}
		origin, prefix = prefix[:i+3+j], prefix[i+3+j:]
	}
	var parts []Part
	if p := escapeStray(prefix); p != prefix {
		parts = append(parts, Part{Where: "path", Text: prefix})
		prefix = p
	}
	if f := escapeStray(frag); f != frag {
		parts = append(parts, Part{Where: "fragment", Text: frag})
		frag = f
	}
	out := origin + prefix
	if hasQuery {
		out += "?" + query
	}
	if hasFrag {
		out += "#" + frag
	}
	if _, err := url.Parse(out); err != nil {
		out, _, _ = strings.Cut(out, "#")
		if hasFrag {
			parts = append(parts, Part{Where: "fragment", Text: frag})
		}
	}
	return out, parts
}

// escapeStray writes each "%" of s that is not followed by two hex digits
// as "%25".
func escapeStray(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && !(i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
