package base

import "testing"

func TestClean(t *testing.T) {
	t.Parallel()
	for i, test := range []struct{ in, want string }{
		{"", "/"},
		{"/", "/"},
		{"/playground", "/playground/"},
		{"/playground/", "/playground/"},
		{"playground", "/playground/"},
		{"/a/b/", "/a/b/"},
	} {
		if got := clean(test.in); got != test.want {
			t.Errorf("%d: clean(%q) = %q, want %q", i, test.in, got, test.want)
		}
	}
}

// On the server URL leaves paths alone: the handler's resolver adds the
// base when go-app prerenders (cmd/serve TestStaticSite checks both ends).
func TestURLOnServer(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"/", "/steps", "/classroom?scenario=xor", "/data/info", "web/x"} {
		if got := URL(p); got != p {
			t.Errorf("URL(%q) = %q on the server, want it unchanged", p, got)
		}
	}
	if r := Root(); r != "/" {
		t.Errorf("Root() = %q on the server, want /", r)
	}
}
