// Package linkguard repairs the page's address before go-app reads it.
//
// go-app v10.1.11 reads location.href with url.Parse and ignores the
// error: a fragment or path with a stray "%" (a mistyped "#lr=5%", a chat
// app's mangled "#%zz") gives it a nil URL, and engineX.Navigate panics,
// which ends the Go program and leaves a drawn but dead page. Install runs
// before go-app starts and again on every popstate and hashchange (its
// listeners come first, so go-app reads the repaired address): it
// escapes each stray "%" as "%25", replaces the address without a history
// entry, and keeps a sentence naming what it could not read for the page
// to show (Notice).
//
// The query string is left alone: url.Parse does not check it, and the
// pages report its escapes themselves (url.ParseQuery).
package linkguard

import (
	"fmt"
	"net/url"
	"strings"
)

// notice names the part of the current address that could not be read,
// or is empty. Only the UI goroutine and browser callbacks touch it, and
// those run one at a time (js/wasm has one thread).
var notice string

// Notice returns a sentence naming the part of the link that could not
// be read, or "" when the address was fine.
func Notice() string { return notice }

// Repair returns href with every "%" of its path and fragment that does
// not start a valid escape written as "%25", and the parts it changed
// (the original path and fragment, quoted). It returns href unchanged and
// no parts when url.Parse already accepts it. If the result still does not
// parse, the fragment is dropped.
func Repair(href string) (fixed string, bad []string) {
	if _, err := url.Parse(href); err == nil {
		return href, nil
	}
	rest, frag, hasFrag := strings.Cut(href, "#")
	prefix, path := "", rest
	if i := strings.Index(rest, "://"); i >= 0 {
		if j := strings.IndexByte(rest[i+3:], '/'); j >= 0 {
			prefix, path = rest[:i+3+j], rest[i+3+j:]
		} else {
			prefix, path = rest, ""
		}
	}
	path, query, hasQuery := strings.Cut(path, "?")
	if p := escapeStray(path); p != path {
		bad = append(bad, path)
		path = p
	}
	fixed = prefix + path
	if hasQuery {
		fixed += "?" + query
	}
	if hasFrag {
		if f := escapeStray(frag); f != frag {
			bad = append(bad, "#"+frag)
			frag = f
		}
		fixed += "#" + frag
	}
	if _, err := url.Parse(fixed); err != nil && hasFrag {
		fixed, _, _ = strings.Cut(fixed, "#")
	}
	return fixed, bad
}

// escapeStray writes each "%" that is not followed by two hex digits as
// "%25", so that it reads as a literal percent sign.
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

// noticeOf is the sentence for the parts Repair changed.
func noticeOf(bad []string) string {
	if len(bad) == 0 {
		return ""
	}
	q := make([]string, len(bad))
	for i, b := range bad {
		q[i] = fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("Part of this link could not be read: %s has a %% sign that is not followed by two hexadecimal digits, so it was read as a plain %% sign.",
		strings.Join(q, " and "))
}
