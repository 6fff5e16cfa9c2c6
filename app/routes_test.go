package app

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/app/lesson"
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
		{lesson.PathSteps + "/", http.StatusOK, "Backprop Playground"},
		{lesson.PathPlane + "/?scenario=xor", http.StatusOK, "Backprop Playground"},
		{"/nope/", http.StatusNotFound, ""},
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

// TestPrerenderBooleans: no page's prerendered HTML writes a boolean
// attribute as "false" (HTML reads selected="false" as selected: every
// select would show its last option until app.wasm mounts), and each
// select's one selected option is the chosen value.
func TestPrerenderBooleans(t *testing.T) {
	Routes()
	h := Handler("test-version")
	selects := regexp.MustCompile(`(?s)<select[^>]*id="([^"]+)"[^>]*>(.*?)</select>`)
	chosen := regexp.MustCompile(`<option[^>]*selected`)
	for _, path := range []string{PathPlayground, lesson.PathSteps, lesson.PathPlane, lesson.PathClassroom} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		page := w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, w.Code)
		}
		for _, attr := range []string{"selected", "checked", "disabled", "open"} {
			if n := strings.Count(page, attr+`="false"`); n > 0 {
				t.Errorf("%s: %d %s=\"false\" attributes", path, n, attr)
			}
		}
		found := selects.FindAllStringSubmatch(page, -1)
		if len(found) == 0 && !strings.HasPrefix(path, lesson.PathClassroom) { // /classroom builds its view from the query, in the browser
			t.Errorf("%s: no select prerendered", path)
		}
		for _, m := range found {
			if n := len(chosen.FindAllString(m[2], -1)); n != 1 {
				t.Errorf("%s: select %s has %d selected options, want 1", path, m[1], n)
			}
		}
	}
}
