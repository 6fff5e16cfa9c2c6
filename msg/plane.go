package msg

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/backprop-playground/playground/core/plane"
)

// The 2D datasets of core/plane (the classroom's /plane page) travel as a
// dataset name that holds the whole dataset's description, so that the
// page and the worker generate the same points:
//
//	plane:spiral?classes=3&points=600&noise=0.05&split=0.5&dseed=1
//	plane:moons?classes=2&…&add=0.1%2C-0.25%2C1%3B0.5%2C0.5%2C0
//
// "add" lists the points added by hand (x,y,class;x,y,class…, escaped as
// a query value), which join the training set in order. The worker trains on the
// training points; the page, which generates the same set, measures the
// test accuracy on the snapshots it exports.
const (
	DataPlane   = "plane"
	planePrefix = DataPlane + ":"
	// MaxAdded bounds the points added by hand to a 2D dataset.
	MaxAdded = 1000
)

// PlaneData returns the dataset name of s with the points added by hand.
func PlaneData(s plane.Spec, added []plane.Point) string {
	var b strings.Builder
	b.WriteString(planePrefix)
	b.WriteString(s.Name)
	for i, f := range plane.Fields {
		v, _ := s.Get(f.Key)
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(f.Key + "=" + url.QueryEscape(v))
	}
	if len(added) > 0 {
		pts := make([]string, len(added))
		for i, p := range added {
			pts[i] = strconv.FormatFloat(p.X, 'g', -1, 64) + "," + strconv.FormatFloat(p.Y, 'g', -1, 64) + "," + strconv.Itoa(p.Class)
		}
		b.WriteString("&add=" + url.QueryEscape(strings.Join(pts, ";")))
	}
	return b.String()
}

// ParsePlaneData reads a name that PlaneData wrote. It returns an error
// for another name, a spec that fails Validate, or a bad added point.
func ParsePlaneData(name string) (plane.Spec, []plane.Point, error) {
	rest, ok := strings.CutPrefix(name, planePrefix)
	if !ok {
		return plane.Spec{}, nil, fmt.Errorf("unknown dataset %q: a 2D dataset's name starts with %q", name, planePrefix)
	}
	gen, query, _ := strings.Cut(rest, "?")
	values, err := url.ParseQuery(query)
	if err != nil {
		return plane.Spec{}, nil, fmt.Errorf("dataset %q: %v", name, err)
	}
	s := plane.DefaultSpec()
	s.Name = gen
	var added []plane.Point
	for key, vs := range values {
		if len(vs) != 1 {
			return plane.Spec{}, nil, fmt.Errorf("dataset %q: %s given %d times", name, key, len(vs))
		}
		if key == "add" {
			if added, err = parseAdded(vs[0]); err != nil {
				return plane.Spec{}, nil, fmt.Errorf("dataset %q: %v", name, err)
			}
			continue
		}
		if err := s.Set(key, vs[0]); err != nil {
			return plane.Spec{}, nil, err
		}
	}
	if err := s.Validate(); err != nil {
		return plane.Spec{}, nil, err
	}
	for i, p := range added {
		if p.Class < 0 || p.Class >= s.Classes {
			return plane.Spec{}, nil, fmt.Errorf("dataset %q: added point %d has class %d of %d", name, i, p.Class, s.Classes)
		}
	}
	return s, added, nil
}

func parseAdded(v string) ([]plane.Point, error) {
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ";")
	if len(parts) > MaxAdded {
		return nil, fmt.Errorf("%d points added, at most %d", len(parts), MaxAdded)
	}
	pts := make([]plane.Point, len(parts))
	for i, part := range parts {
		f := strings.Split(part, ",")
		if len(f) != 3 {
			return nil, fmt.Errorf("added point %d %q: want x,y,class", i, part)
		}
		x, errX := strconv.ParseFloat(f[0], 64)
		y, errY := strconv.ParseFloat(f[1], 64)
		c, errC := strconv.Atoi(f[2])
		if errX != nil || errY != nil || errC != nil || !(x >= -1 && x <= 1 && y >= -1 && y <= 1) {
			return nil, fmt.Errorf("added point %d %q: want x and y in [-1, 1] and an integer class", i, part)
		}
		pts[i] = plane.Point{X: x, Y: y, Class: c}
	}
	return pts, nil
}

// PlaneSet returns the points a PlaneData name describes: the generated
// set with the added points appended to its training set.
func PlaneSet(name string) (*plane.Set, error) {
	s, added, err := ParsePlaneData(name)
	if err != nil {
		return nil, err
	}
	set, err := plane.Generate(s)
	if err != nil {
		return nil, err
	}
	for _, p := range added {
		if err := set.Add(p); err != nil {
			return nil, err
		}
	}
	return set, nil
}
