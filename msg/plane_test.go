package msg

import (
	"reflect"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/plane"
)

func TestPlaneDataRoundTrip(t *testing.T) {
	t.Parallel()
	s := plane.Spec{Name: "moons", Classes: 5, Points: 123, Noise: 0.125, Split: 1.0 / 3, Seed: 4294967295}
	added := []plane.Point{{X: 0.1, Y: -0.25, Class: 4}, {X: -1, Y: 1, Class: 0}, {X: 1.0 / 3, Y: 0, Class: 2}}
	for i, pts := range [][]plane.Point{nil, added} {
		s.Added = pts
		name := PlaneData(s)
		gotS, err := ParsePlaneData(name)
		if err != nil {
			t.Fatalf("%d: ParsePlaneData(%s): %v", i, name, err)
		}
		if !reflect.DeepEqual(gotS, s) {
			t.Errorf("%d: %s reads back as %+v", i, name, gotS)
		}
		if kind, _, err := ParseData(name); err != nil || kind != DataPlane {
			t.Errorf("%d: ParseData(%s) = %q, %v", i, name, kind, err)
		}
	}
	for i, bad := range []string{
		"spiral",
		"plane:swirl?classes=3",
		"plane:spiral?classes=1",
		"plane:spiral?colour=red",
		"plane:spiral?classes=3&classes=4",
		"plane:spiral?classes=3&add=0,0,3",
		"plane:spiral?add=2,0,0",
		"plane:spiral?add=0,0",
		"plane:spiral?add=a,b,c",
		"plane:spiral?add=" + strings.Repeat("0,0,0;", plane.MaxAdded) + "0,0,0",
	} {
		if _, err := ParsePlaneData(bad); err == nil {
			t.Errorf("%d: ParsePlaneData(%.60s) accepted", i, bad)
		}
	}
}

// TestPlaneSet: the set a name describes is plane.Generate's, with the
// added points at the end of the training set.
func TestPlaneSet(t *testing.T) {
	t.Parallel()
	s := plane.DefaultSpec()
	want, err := plane.Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	p := plane.Point{X: 0.5, Y: 0.5, Class: 2}
	s.Added = []plane.Point{p}
	got, err := PlaneSet(PlaneData(s))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Test, want.Test) || !reflect.DeepEqual(got.Train[:len(want.Train)], want.Train) ||
		got.Train[len(got.Train)-1] != p {
		t.Error("PlaneSet differs from plane.Generate plus the added point")
	}
}
