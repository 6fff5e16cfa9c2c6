package urlguard

import (
	"net/url"
	"strings"
	"testing"
)

func TestRepair(t *testing.T) {
	for _, c := range []struct {
		in, want string
		where    []string
	}{
		{"http://h:1/#lr=5%", "http://h:1/#lr=5%25", []string{"fragment"}},
		{"http://h:1/#%zz", "http://h:1/#%25zz", []string{"fragment"}},
		{"http://h:1/plane#%zz", "http://h:1/plane#%25zz", []string{"fragment"}},
		{"http://h:1/plane?data=spiral#a%2", "http://h:1/plane?data=spiral#a%252", []string{"fragment"}},
		{"http://h:1/a%zz/b?x=%zz#ok%20", "http://h:1/a%25zz/b?x=%zz#ok%20", []string{"path"}},
		// Readable addresses, the query's bad escape included, stay as they are.
		{"http://h:1/?x=%zz", "http://h:1/?x=%zz", nil},
		{"http://h:1/#lr=5%25&hidden=3", "http://h:1/#lr=5%25&hidden=3", nil},
		{"http://h:1", "http://h:1", nil},
	} {
		got, parts := Repair(c.in)
		if got != c.want {
			t.Errorf("Repair(%q) = %q, want %q", c.in, got, c.want)
		}
		if _, err := url.Parse(got); err != nil {
			t.Errorf("Repair(%q) = %q does not parse: %v", c.in, got, err)
		}
		var where []string
		for _, p := range parts {
			where = append(where, p.Where)
			if n := p.Notice(); !strings.Contains(n, p.Text) {
				t.Errorf("notice %q does not quote %q", n, p.Text)
			}
		}
		if strings.Join(where, ",") != strings.Join(c.where, ",") {
			t.Errorf("Repair(%q) parts %v, want %v", c.in, where, c.where)
		}
	}
}
