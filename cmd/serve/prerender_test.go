//go:build !js

package main

import (
	"strconv"
	"testing"
)

// prerenderedJS fetches a page's prerendered HTML (what the browser shows
// before app.wasm mounts), parses it with the browser's own HTML parser
// and returns each select's shown value by id, and the number of boolean
// attributes written as "false" (which HTML reads as true).
const prerenderedJS = `(async (path) => {
  const html = await (await fetch(path, { cache: "no-store" })).text();
  const doc = new DOMParser().parseFromString(html, "text/html");
  const values = {};
  for (const s of doc.querySelectorAll("select[id]")) values[s.id] = s.value;
  const falses = (html.match(/\b(selected|checked|disabled|open)="false"/g) || []).length;
  return { values, falses };
})`

// liveSelectsJS returns each select's value by id in the mounted page.
const liveSelectsJS = `Object.fromEntries([...document.querySelectorAll("select[id]")].map((s) => [s.id, s.value]))`

type prerendered struct {
	Values map[string]string `json:"values"`
	Falses int               `json:"falses"`
}

// TestPrerenderedSelects: before app.wasm mounts, every select of /,
// /steps and /plane shows the option the mounted page shows (go-app's
// server writes Selected(false) as selected="false", which would make each
// select show its last option), and no boolean attribute is "false".
func TestPrerenderedSelects(t *testing.T) {
	b := newBrowser(t)
	for _, path := range []string{"/", "/steps", "/plane"} {
		b.open(path)
		live := evaluate[map[string]string](b, liveSelectsJS)
		pre := evaluate[prerendered](b, prerenderedJS+`(`+strconv.Quote(path)+`)`)
		if pre.Falses != 0 {
			t.Errorf("%s: %d boolean attributes are \"false\" in the prerendered HTML", path, pre.Falses)
		}
		if len(pre.Values) == 0 {
			t.Errorf("%s: no select in the prerendered HTML", path)
		}
		for id, v := range pre.Values {
			if lv, ok := live[id]; ok && lv != v {
				t.Errorf("%s: #%s shows %q before app.wasm mounts and %q after", path, id, v, lv)
			}
		}
		t.Logf("%s: %d selects prerendered with their chosen option", path, len(pre.Values))
	}
}
