package linkguard

import (
	"net/url"
	"strings"
	"testing"
)

func TestRepair(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"http://h/#lr=5%", "http://h/#lr=5%25"},
		{"http://h/#%zz", "http://h/#%25zz"},
		{"http://h/plane#%zz", "http://h/plane#%25zz"},
		{"http://h/pl%zzane?x=%zz#a%2", "http://h/pl%25zzane?x=%zz#a%252"},
		{"http://h/?x=%zz", "http://h/?x=%zz"}, // url.Parse takes it: untouched
		{"http://h/#lr=0.1&hidden=50", "http://h/#lr=0.1&hidden=50"},
		{"http://h/#a%20b", "http://h/#a%20b"},
	} {
		if _, err := url.Parse(c.in); err == nil && c.in != c.want {
			t.Fatalf("%q parses already: the test expects a change", c.in)
		}
		got, bad := Repair(c.in)
		if got != c.want {
			t.Errorf("Repair(%q) = %q, want %q", c.in, got, c.want)
		}
		if _, err := url.Parse(got); err != nil {
			t.Errorf("Repair(%q) = %q does not parse: %v", c.in, got, err)
		}
		if (got != c.in) != (len(bad) > 0) {
			t.Errorf("Repair(%q) reports %q", c.in, bad)
		}
	}
	_, bad := Repair("http://h/#lr=5%")
	if n := noticeOf(bad); !strings.Contains(n, `"#lr=5%"`) {
		t.Errorf("notice %q does not name the bad part", n)
	}
}

func FuzzRepair(f *testing.F) {
	for _, s := range []string{"http://h/#%zz", "http://h/a%/b?c=%#%%", "%", "x://"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, href string) {
		got, _ := Repair(href)
		if _, err := url.Parse(href); err == nil && got != href {
			t.Fatalf("changed a good address %q to %q", href, got)
		}
	})
}
