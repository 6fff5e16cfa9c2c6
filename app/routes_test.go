package app

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRoutes(t *testing.T) {
	Routes()
	Routes() // registering twice is harmless
	h := Handler("test-version")
	for i, test := range []struct {
		path     string
		status   int
		contains string
	}{
		{PathPlayground, http.StatusOK, `id="` + IDPlayground + `"`},
		{PathPlayground + "?lr=abc", http.StatusOK, "Backprop Playground"},
		{"/nope", http.StatusNotFound, ""},
		{"/playground", http.StatusNotFound, ""},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", test.path, nil))
		if w.Code != test.status || !strings.Contains(w.Body.String(), test.contains) {
			t.Errorf("%d: GET %s: status %d, want %d with %q in:\n%.400s", i, test.path, w.Code, test.status, test.contains, w.Body)
		}
	}
}

func TestHandler(t *testing.T) {
	h := Handler("v1")
	if h.Version != "v1" {
		t.Errorf("Version %q, want v1", h.Version)
	}
	for _, icon := range []string{h.Icon.Default, h.Icon.Large, h.Icon.Maskable, h.Icon.SVG} {
		if !strings.HasPrefix(icon, "/web/") {
			t.Errorf("icon %q is not a local /web/ file", icon)
		}
	}
	if len(h.Styles) != 2 || h.Styles[0] != "/web/app.css" || h.Styles[1] != "/web/lesson.css" {
		t.Errorf("Styles %q, want [/web/app.css /web/lesson.css]", h.Styles)
	}
	if h.Name != "Backprop Playground" || h.Title != "Backprop Playground" || h.Description == "" {
		t.Errorf("Name %q, Title %q, Description %q", h.Name, h.Title, h.Description)
	}
}
