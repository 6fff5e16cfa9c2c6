package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// withCode renders a message in which commands and flags are written
// between backticks, as Go error strings and docs write them, with each
// such span as <code>: "get it with `make data`" shows make data in code
// type instead of the backticks. An unmatched backtick is kept as text.
func withCode(s string) []app.UI {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // unmatched: keep the text as it is
		return []app.UI{app.Text(s)}
	}
	var out []app.UI
	for i, part := range parts {
		switch {
		case part == "":
		case i%2 == 1:
			out = append(out, app.Code().Text(part))
		default:
			out = append(out, app.Text(part))
		}
	}
	return out
}
