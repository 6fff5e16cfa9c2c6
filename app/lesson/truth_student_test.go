package lesson

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/backprop-playground/playground/app/classroom"
)

// TestStudentViewHasNoTeacherLink: a student's scenario page does not
// invite them to edit it.
func TestStudentViewHasNoTeacherLink(t *testing.T) {
	t.Parallel()
	for _, key := range classroom.ReadyKeys() {
		s, _ := classroom.Ready(key)
		p := &scenarioPage{s: s}
		html := app.HTMLString(app.Div().Body(p.student()[0]))
		if strings.Contains(html, "Teachers") || strings.Contains(html, "every control") {
			t.Errorf("%s: the student view shows the teacher's link: %s", key, html)
		}
		if !strings.Contains(html, "scenario-title") {
			t.Errorf("%s: no scenario in %s", key, html)
		}
	}
}
