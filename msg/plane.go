package msg

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/backprop-playground/playground/core/plane"
)

// The 2D datasets of core/plane (the classroom's /plane page) travel as a
// dataset name that holds the whole dataset's description (plane.Fields,
// the points added by hand included), so that the page and the worker
// generate the same points:
//
//	plane:spiral?classes=3&points=600&noise=0.05&split=0.5&dseed=1
//	plane:moons?classes=2&…&add=0.1%2C-0.25%2C1%3B0.5%2C0.5%2C0
//
// The worker trains on the training points; the page, which generates the
// same set, measures the test accuracy on the snapshots it exports.
const (
	DataPlane   = "plane"
	planePrefix = DataPlane + ":"
)

// PlaneData returns the dataset name of s.
func PlaneData(s plane.Spec) string {
	return planePrefix + s.Name + "?" + plane.Fields.Encode(&s, nil)
}

// ParsePlaneData reads a name that PlaneData wrote. It returns an error
// for another name or a spec that fails Validate.
func ParsePlaneData(name string) (plane.Spec, error) {
	rest, ok := strings.CutPrefix(name, planePrefix)
	if !ok {
		return plane.Spec{}, fmt.Errorf("unknown dataset %q: a 2D dataset's name starts with %q", name, planePrefix)
	}
	gen, query, _ := strings.Cut(rest, "?")
	values, err := url.ParseQuery(query)
	if err != nil {
		return plane.Spec{}, fmt.Errorf("dataset %q: %v", name, err)
	}
	s := plane.DefaultSpec()
	s.Name = gen
	for key, vs := range values {
		if len(vs) != 1 {
			return plane.Spec{}, fmt.Errorf("dataset %q: %s given %d times", name, key, len(vs))
		}
		if err := s.Set(key, vs[0]); err != nil {
			return plane.Spec{}, err
		}
	}
	if err := s.Validate(); err != nil {
		return plane.Spec{}, err
	}
	return s, nil
}

// PlaneSet returns the points a PlaneData name describes.
func PlaneSet(name string) (*plane.Set, error) {
	s, err := ParsePlaneData(name)
	if err != nil {
		return nil, err
	}
	return plane.Generate(s)
}
