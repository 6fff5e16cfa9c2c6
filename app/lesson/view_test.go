package lesson

import (
	"fmt"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/classroom"
)

// Component tests: the views render natively (go-app's test engine), so
// their ids and the controls a scenario hides are checked without a
// browser. What needs one (workers, canvases, events) is in
// cmd/serve/lesson_test.go.

// htmlOf loads c into a test engine and returns its HTML.
func htmlOf(t *testing.T, c app.Composer) string {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return app.HTMLString(c)
}

func has(html, id string) bool { return strings.Contains(html, `id="`+id+`"`) }

func TestStepsViewRenders(t *testing.T) {
	v := &stepsView{Scenario: ScenarioOf()}
	html := htmlOf(t, v)
	for _, id := range []string{IDSteps, IDStepsStage, "steps-formula", "steps-next", "steps-prev", "steps-go-x", "steps-go-dW1",
		"steps-go-update", "m-X", "m-Delta", IDNetFrame, IDNetHover, "steps-sample", "steps-hidden", IDTeacher, IDTeacherLink} {
		if !has(html, id) {
			t.Errorf("no #%s", id)
		}
	}
	if !strings.Contains(html, `<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">`) {
		t.Error("no MathML formula")
	}
	// Every stage renders its matrices with their values.
	for i, st := range v.pass.Stages {
		v.stage = i
		html := app.HTMLString(v.Render())
		for _, m := range st.Matrices() {
			if !has(html, MatrixID(m.Name)) || !strings.Contains(html, `data-values="`+m.valuesJSON()+`"`) {
				t.Errorf("stage %s: matrix %s missing or without its values", st.Key, m.Name)
			}
		}
		for _, c := range st.Checks {
			if !has(html, "relerr-"+c.Analytic) {
				t.Errorf("stage %s: no relative error of %s", st.Key, c.Analytic)
			}
		}
	}
}

// TestStepsStudent: a student sees only the controls the scenario shows,
// and no teacher's panel.
func TestStepsStudent(t *testing.T) {
	s := ScenarioOf()
	s.Hide = append(s.Hide, "lr", "network")
	html := htmlOf(t, &stepsView{Scenario: s, Student: true})
	for _, id := range []string{"steps-lr", "steps-points", "steps-classes", IDNetFrame, IDTeacher} {
		if has(html, id) {
			t.Errorf("#%s shown to students", id)
		}
	}
	for _, id := range []string{"steps-hidden", "steps-act", "m-X"} {
		if !has(html, id) {
			t.Errorf("#%s not shown", id)
		}
	}
}

// TestStepsBadSetup: a net too large to show is an error on the page, with
// the form to change it.
func TestStepsBadSetup(t *testing.T) {
	s := ScenarioOf()
	s.Config.Hidden = []int{40}
	html := htmlOf(t, &stepsView{Scenario: s})
	if !has(html, "steps-error") || !strings.Contains(html, "hidden[0]") || !has(html, "steps-hidden") {
		t.Errorf("no error naming hidden[0], or no form:\n%.500s", html)
	}
}

// TestTrainViewRenders: the 2D playground, one net and two.
func TestTrainViewRenders(t *testing.T) {
	html := htmlOf(t, &trainView{Scenario: classroom.Default()})
	for _, id := range []string{IDPlane, "plane-train", "plane-step", "plane-reset", "plane-compare", "plane-data", "plane-classes",
		"plane-addpoints", "plane-hidden", "plane-lr", "plane-regions", "plane-stats", "plane-curves", "plane-neurons-1",
		"plane-neurons-2", "plane-net", IDTeacher} {
		if !has(html, id) {
			t.Errorf("no #%s", id)
		}
	}
	if has(html, "plane-vs-runner") {
		t.Error("a second net without Compare")
	}
	s, _ := classroom.Ready("bad-init")
	html = htmlOf(t, &trainView{Scenario: s, Student: true})
	for _, id := range []string{"plane-runner", "plane-vs-runner", "plane-vs-regions", "plane-vs-neurons-4", "plane-std", "plane-vs-lr"} {
		if !has(html, id) {
			t.Errorf("bad-init: no #%s", id)
		}
	}
	for _, id := range append([]string{IDTeacher, "plane-compare", "plane-vs-std"}, prefixed("plane-", s.Hide)...) {
		if has(html, id) {
			t.Errorf("bad-init: #%s shown to students", id)
		}
	}
}

func prefixed(p string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = p + id
	}
	return out
}

// TestClassroomIndex lists every ready scenario.
func TestClassroomIndex(t *testing.T) {
	html := app.HTMLString(index())
	for _, key := range classroom.ReadyKeys() {
		if !has(html, "ready-"+key) || !strings.Contains(html, fmt.Sprintf(`href="%s?scenario=%s"`, PathClassroom, key)) {
			t.Errorf("no link to %s", key)
		}
	}
}

// TestTeacherLink: the teacher's panel writes the scenario's link, and a
// title from a link never becomes markup in the prerendered page.
func TestTeacherLink(t *testing.T) {
	s := classroom.Default()
	s.Title = `"><script>alert(1)</script>`
	s.Text = "</textarea><script>alert(2)</script>"
	s.Hide = []string{"lr"}
	html := app.HTMLString(teacherPanel(func() classroom.Scenario { return s }, planeControls, nil, ""))
	if want := `href="` + PathClassroom + "?" + s.Encode() + `"`; !strings.Contains(html, want) {
		t.Errorf("the link %s is not in the panel", want)
	}
	if strings.Contains(html, "<script>") {
		t.Errorf("a title or text became markup:\n%s", html)
	}
	if !checkedTag(html, "teacher-hide-lr") || checkedTag(html, "teacher-hide-data") {
		t.Error("the hidden controls are not the checked ones")
	}
}

// checkedTag reports whether the tag with the given id has a checked
// attribute, whatever the order go-app writes the attributes in.
func checkedTag(html, id string) bool {
	i := strings.Index(html, `id="`+id+`"`)
	if i < 0 {
		return false
	}
	start := strings.LastIndex(html[:i], "<")
	end := i + strings.Index(html[i:], ">")
	tag := html[start:end]
	return strings.Contains(tag, " checked ") || strings.HasSuffix(tag, " checked") || strings.Contains(tag, ` checked="`) && !strings.Contains(tag, `checked="false"`)
}

func TestEdgeFactor(t *testing.T) {
	t.Parallel()
	small := [][]float64{{1e-4, -2e-4}, {3e-4}}
	if f := edgeFactor(small); f != 1 {
		t.Errorf("small weights scaled by %g", f)
	}
	big := make([]float64, 1024)
	for i := range big {
		big[i] = -2 // |w| = 2 everywhere, drawn 0.75 px wide between 32-unit layers
	}
	if f := edgeFactor([][]float64{big}); f != 0.25/2 {
		t.Errorf("a 32×32 layer of weights ±2 scaled by %g, want %g", f, 0.25/2)
	}
}

func TestFormatCell(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {16.234, "16.2"}, {-0.012345, "-0.0123"}, {0.001, "0.001"}, {-0.000355, "-3.55e-4"},
		{1.2345e-9, "1.23e-9"}, {1, "1"}, {-23.04, "-23"}, {123456, "1.23e+5"}, {1.30378789, "1.3"},
	} {
		if got := FormatCell(test.v); got != test.want || len(got) > 8 {
			t.Errorf("%d: FormatCell(%g) = %q, want %q", i, test.v, got, test.want)
		}
	}
}
