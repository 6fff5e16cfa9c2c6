package plane

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/backprop-playground/playground/core/nn"
)

func TestRegistryReverseLookup(t *testing.T) {
	t.Parallel()
	for key, g := range Generators {
		if g.Name != key {
			t.Errorf("Generators[%q].Name = %q", key, g.Name)
		}
		if g.Title == "" || (g.Draw == nil) == (g.Value == nil) {
			t.Errorf("Generators[%q] is incomplete, or both a classification and a regression", key)
		}
	}
	if got, want := len(Names()), 8; got != want {
		t.Errorf("len(Names()) = %d, want %d", got, want)
	}
}

// every generator with several class counts
func allSpecs() []Spec {
	var specs []Spec
	for _, name := range Names() {
		if Generators[name].Regression() {
			continue // TestRegressionSets
		}
		for _, k := range []int{2, 3, 5, 16} {
			specs = append(specs, Spec{Name: name, Classes: k, Points: 403, Noise: 0.1, Split: 0.7, Seed: 7})
		}
	}
	return specs
}

func TestDeterminism(t *testing.T) {
	t.Parallel()
	for i, s := range allSpecs() {
		a, err := Generate(s)
		if err != nil {
			t.Fatalf("%d %+v: %v", i, s, err)
		}
		b, _ := Generate(s)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%d %+v: two runs differ", i, s)
		}
		s.Seed++
		c, _ := Generate(s)
		if reflect.DeepEqual(a.Train, c.Train) {
			t.Errorf("%d %+v: seeds %d and %d give the same points", i, s, s.Seed-1, s.Seed)
		}
	}
}

// TestGolden pins the first points of each generator, so a change of the
// shapes or of the order of random draws (which would change every shared
// link's data) is noticed. The values were printed by this package.
func TestGolden(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		name string
		want Point
	}{
		{"circles", Point{X: -0.06375215078132149, Y: -0.03806262678006694, Class: 0}},
		{"gauss", Point{X: -0.4737185290268552, Y: -0.3967513084946908, Class: 1}},
		{"moons", Point{X: -0.29880777452055746, Y: -0.02853120596580417, Class: 1}},
		{"spiral", Point{X: -0.14824448559424305, Y: -0.08931391332784715, Class: 1}},
		{"xor", Point{X: 0.09748098957241356, Y: 0.3768459359407542, Class: 0}},
	} {
		s := Spec{Name: test.name, Classes: 2, Points: 10, Noise: 0.01, Split: 0.5, Seed: 3}
		set, err := Generate(s)
		if err != nil {
			t.Fatal(err)
		}
		got := set.Train[0]
		if got.Class != test.want.Class || math.Abs(got.X-test.want.X) > 1e-12 || math.Abs(got.Y-test.want.Y) > 1e-12 {
			t.Errorf("%d %s: first point %+v, want %+v", i, test.name, got, test.want)
		}
	}
}

func TestShapesAndBalance(t *testing.T) {
	t.Parallel()
	for i, s := range allSpecs() {
		set, err := Generate(s)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if n := len(set.Train) + len(set.Test); n != s.Points {
			t.Errorf("%d %+v: %d points, want %d", i, s, n, s.Points)
		}
		total := make([]int, s.Classes)
		trained := make([]int, s.Classes)
		for _, p := range set.Train {
			trained[p.Class]++
		}
		for _, p := range append(append([]Point(nil), set.Train...), set.Test...) {
			if p.Class < 0 || p.Class >= s.Classes {
				t.Fatalf("%d %+v: class %d", i, s, p.Class)
			}
			if math.Abs(p.X) > 1 || math.Abs(p.Y) > 1 || math.IsNaN(p.X) || math.IsNaN(p.Y) {
				t.Errorf("%d %+v: point %+v outside [-1,1]²", i, s, p)
			}
			total[p.Class]++
		}
		for c := range s.Classes {
			want := s.Points / s.Classes
			if c < s.Points%s.Classes {
				want++
			}
			if total[c] != want {
				t.Errorf("%d %+v: class %d has %d points, want %d", i, s, c, total[c], want)
			}
			if w := int(math.Round(s.Split * float64(want))); trained[c] != w {
				t.Errorf("%d %+v: class %d has %d training points, want %d", i, s, c, trained[c], w)
			}
		}
		tr, te := set.TrainData(), set.TestData()
		if tr.Len() != len(set.Train) || tr.Dim() != 2 || te.Len() != len(set.Test) || te.Dim() != 2 {
			t.Errorf("%d: matrices %dx%d and %dx%d", i, tr.Len(), tr.Dim(), te.Len(), te.Dim())
		}
		if p := set.Train[0]; tr.X.At(0, 0) != p.X || tr.X.At(0, 1) != p.Y || tr.Y[0] != p.Class {
			t.Errorf("%d: row 0 of X is %v, want %+v", i, tr.X.RawRowView(0), p)
		}
	}
}

// TestCleanShapes checks each clean shape's defining property.
func TestCleanShapes(t *testing.T) {
	t.Parallel()
	gen := func(name string, k int) []Point {
		set, err := Generate(Spec{Name: name, Classes: k, Points: 600, Split: 0.5, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		return append(set.Train, set.Test...)
	}
	// XOR with k = 2: class 0 in the first and third quadrants.
	for _, p := range gen("xor", 2) {
		if (p.X*p.Y > 0) != (p.Class == 0) || math.Abs(p.X) < xorPad || math.Abs(p.Y) < xorPad {
			t.Errorf("xor: %+v", p)
		}
	}
	// Circles: class c within ring c.
	for _, k := range []int{2, 4} {
		for _, p := range gen("circles", k) {
			r := math.Hypot(p.X, p.Y) / (reach / float64(k))
			if r < float64(p.Class) || r > float64(p.Class+1) {
				t.Errorf("circles k=%d: %+v at ring radius %g", k, p, r)
			}
		}
	}
	// Gaussian clusters: each point is nearest to its own centre.
	for _, k := range []int{2, 6} {
		miss := 0
		for _, p := range gen("gauss", k) {
			best, bestD := -1, math.Inf(1)
			for c := range k {
				a := math.Pi/4 + 2*math.Pi*float64(c)/float64(k)
				if d := math.Hypot(p.X-gaussRadius*math.Cos(a), p.Y-gaussRadius*math.Sin(a)); d < bestD {
					best, bestD = c, d
				}
			}
			if best != p.Class {
				miss++
			}
		}
		// Three deviations to the midpoint: a 2D Gaussian crosses it with
		// probability < 0.3%; allow 1%.
		if miss > 6 {
			t.Errorf("gauss k=%d: %d of 600 points nearer another centre", k, miss)
		}
	}
	// Spiral and moons: clean points stay within reach.
	for _, name := range []string{"spiral", "moons"} {
		for _, p := range gen(name, 3) {
			if math.Abs(p.X) > reach+1e-12 || math.Abs(p.Y) > reach+1e-12 {
				t.Errorf("%s: %+v beyond %g", name, p, reach)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	good := DefaultSpec()
	for i, test := range []struct {
		edit  func(*Spec)
		field string
	}{
		{func(s *Spec) { s.Name = "swirl" }, "data"},
		{func(s *Spec) { s.Name = "" }, "data"},
		{func(s *Spec) { s.Classes = 1 }, "classes"},
		{func(s *Spec) { s.Classes = MaxClasses + 1 }, "classes"},
		{func(s *Spec) { s.Points = 0 }, "points"},
		{func(s *Spec) { s.Points = -5 }, "points"},
		{func(s *Spec) { s.Points = MaxPoints + 1 }, "points"},
		{func(s *Spec) { s.Noise = math.NaN() }, "noise"},
		{func(s *Spec) { s.Noise = -0.1 }, "noise"},
		{func(s *Spec) { s.Noise = math.Inf(1) }, "noise"},
		{func(s *Spec) { s.Split = 0 }, "split"},
		{func(s *Spec) { s.Split = 1 }, "split"},
		{func(s *Spec) { s.Split = math.NaN() }, "split"},
	} {
		s := good
		test.edit(&s)
		_, err := Generate(s)
		var ce *nn.ConfigError
		if !errors.As(err, &ce) || ce.Field != test.field {
			t.Errorf("%d: Generate(%+v) = %v, want an error naming %q", i, s, err, test.field)
		}
	}
	if err := good.Validate(); err != nil {
		t.Errorf("DefaultSpec: %v", err)
	}
}

func TestSmallSplits(t *testing.T) {
	t.Parallel()
	for i, test := range []struct {
		points     int
		split      float64
		train, tst int
	}{
		{2, 0.01, 1, 1}, // round would train on nothing
		{2, 0.99, 1, 1}, // or test on nothing
		{3, 0.5, 2, 1},  // classes of 2 and 1 points: round(1) + round(0.5) = 2
		{10, 0.3, 4, 6}, // 5 per class: round(1.5) = 2 each
	} {
		set, err := Generate(Spec{Name: "gauss", Classes: 2, Points: test.points, Split: test.split})
		if err != nil {
			t.Fatal(err)
		}
		if len(set.Train) != test.train || len(set.Test) != test.tst {
			t.Errorf("%d: %d train, %d test; want %d, %d", i, len(set.Train), len(set.Test), test.train, test.tst)
		}
	}
}

func TestAdd(t *testing.T) {
	t.Parallel()
	set, err := Generate(Spec{Name: "moons", Classes: 4, Points: 40, Split: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	n := len(set.Train)
	if err := set.Add(Point{X: 0.5, Y: -1, Class: 3}); err != nil {
		t.Fatal(err)
	}
	if len(set.Train) != n+1 || set.Train[n] != (Point{X: 0.5, Y: -1, Class: 3}) {
		t.Errorf("Add did not append: %v", set.Train[n:])
	}
	if m := set.TrainData(); m.Len() != n+1 || m.Y[n] != 3 {
		t.Errorf("TrainData after Add has %d rows", m.Len())
	}
	for i, p := range []Point{{0, 0, 4, 0}, {0, 0, -1, 0}, {1.5, 0, 0, 0}, {0, math.NaN(), 0, 0}, {math.Inf(-1), 0, 0, 0}} {
		if err := set.Add(p); err == nil {
			t.Errorf("%d: Add(%+v) = nil, want an error", i, p)
		}
	}
	if len(set.Train) != n+1 {
		t.Errorf("a rejected Add changed the set")
	}
}

func TestFieldsRoundTrip(t *testing.T) {
	t.Parallel()
	s := Spec{Name: "xor", Classes: 7, Points: 1234, Noise: 0.125, Split: 1.0 / 3, Seed: 4294967295,
		Added: []Point{{X: 0.1, Y: -0.25, Class: 6}, {X: -1, Y: 1, Class: 0}}}
	var got Spec
	got.Name = s.Name
	for _, f := range Fields {
		v, ok := s.Get(f.Key)
		if !ok {
			t.Fatalf("Get(%q) not found", f.Key)
		}
		if err := got.Set(f.Key, v); err != nil {
			t.Fatalf("Set(%q, %q): %v", f.Key, v, err)
		}
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("round trip: got %+v, want %+v", got, s)
	}
	for i, test := range []struct{ key, value, field string }{
		{"add", "0.1,0.2", "add"},
		{"add", "0.1,x,1", "add"},
		{"classes", "three", "classes"},
		{"points", "1e3", "points"},
		{"noise", "NaN", "noise"},
		{"split", "Inf", "split"},
		{"dseed", "-1", "dseed"},
		{"colour", "red", "setting"},
	} {
		var ce *nn.ConfigError
		if err := got.Set(test.key, test.value); !errors.As(err, &ce) || ce.Field != test.field {
			t.Errorf("%d: Set(%q, %q) = %v, want an error naming %q", i, test.key, test.value, err, test.field)
		}
	}
	if _, ok := got.Get("nope"); ok {
		t.Error(`Get("nope") found a field`)
	}
}

// TestAddedPoints: points added by hand travel with the spec (the "add"
// key of a link), join the training points after the generated ones, are
// left out of a link that has none, and are validated like the rest.
func TestAddedPoints(t *testing.T) {
	t.Parallel()
	s := DefaultSpec()
	if q := Fields.Encode(&s, nil); strings.Contains(q, "add=") {
		t.Errorf("a spec without added points encodes %q", q)
	}
	plain, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	s.Added = []Point{{X: 0.5, Y: 0.5, Class: 2}, {X: -0.5, Y: 0.25, Class: 0}}
	q := Fields.Encode(&s, nil)
	if !strings.Contains(q, "add=0.5%2C0.5%2C2%3B-0.5%2C0.25%2C0") {
		t.Errorf("encoded %q, want the two added points", q)
	}
	set, err := Generate(s)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(plain.Train); len(set.Train) != n+2 || set.Train[n] != s.Added[0] || set.Train[n+1] != s.Added[1] || len(set.Test) != len(plain.Test) {
		t.Errorf("train %d (want %d, ending with the added points), test %d (want %d)", len(set.Train), n+2, len(set.Test), len(plain.Test))
	}
	// A click adds to the set and to its spec, so the spec still says
	// what the set holds.
	p := Point{X: 0, Y: -0.75, Class: 1}
	if err := set.Add(p); err != nil {
		t.Fatal(err)
	}
	again, err := Generate(set.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.Train, set.Train) {
		t.Error("the set's spec does not regenerate the set after Add")
	}
	for _, bad := range [][]Point{
		{{X: 0, Y: 0, Class: 3}},
		{{X: 1.5, Y: 0, Class: 0}},
		make([]Point, MaxAdded+1),
	} {
		b := DefaultSpec()
		b.Added = bad
		var ce *nn.ConfigError
		if err := b.Validate(); !errors.As(err, &ce) || ce.Field != "add" {
			t.Errorf("%d added points (first %+v): Validate = %v, want an error naming add", len(bad), bad[0], err)
		}
	}
}

// TestSpiralTurns: the arms of "spiral" turn once (cs231n's) and those of
// "tfspiral" 1.75 times (TF Playground's), measured by unwrapping the
// angle along an arm.
func TestSpiralTurns(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]float64{"spiral": 1, "tfspiral": 1.75} {
		draw := Generators[name].Draw
		const n = 1000
		total, last := 0.0, 0.0
		for i := range n + 1 {
			x, y := draw(nil, 0, 2, float64(i)/n)
			a := math.Atan2(y, x)
			if i > 0 {
				d := a - last
				for d > math.Pi {
					d -= 2 * math.Pi
				}
				for d < -math.Pi {
					d += 2 * math.Pi
				}
				total += d
			}
			last = a
		}
		if got := total / (2 * math.Pi); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: %.6f turns, want %g", name, got, want)
		}
	}
}

// TestRegressionSets checks TF Playground's two regression datasets: the
// targets are their functions at the points (noise 0), within [-1, 1],
// the split keeps its fraction, TrainData carries the targets, and points
// cannot be added by hand.
func TestRegressionSets(t *testing.T) {
	t.Parallel()
	if got := tiltedPlane(1, 1); got != 1 {
		t.Errorf("plane at (1, 1) = %g, want 1", got)
	}
	if got := tiltedPlane(-1, 0.5); got != -0.25 {
		t.Errorf("plane at (-1, 0.5) = %g, want -0.25", got)
	}
	// The bumps' centres read ±1 with TF Playground's signs; far from all
	// of them the target is 0.
	for _, b := range gaussBumps {
		if got := multiGauss(b.x, b.y); got != b.sign {
			t.Errorf("multi-Gaussian at its bump (%g, %g) = %g, want %g", b.x, b.y, got, b.sign)
		}
	}
	if got := multiGauss(0, -0.99); got != 0 {
		t.Errorf("multi-Gaussian far from the bumps = %g, want 0", got)
	}
	for _, name := range []string{"regplane", "reggauss"} {
		s := Spec{Name: name, Classes: 2, Points: 500, Noise: 0, Split: 0.6, Seed: 3}
		if !s.Regression() {
			t.Fatalf("%s is not a regression set", name)
		}
		set, err := Generate(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(set.Train) != 300 || len(set.Test) != 200 {
			t.Errorf("%s: %d train and %d test points, want 300 and 200", name, len(set.Train), len(set.Test))
		}
		spread := 0.0
		for _, p := range append(set.Train, set.Test...) {
			if want := Generators[name].Value(p.X, p.Y); p.Value != want || p.Class != 0 || p.Value < -1 || p.Value > 1 {
				t.Fatalf("%s: point %+v, want value %g of class 0", name, p, want)
			}
			spread = math.Max(spread, math.Abs(p.Value))
		}
		if spread < 0.5 {
			t.Errorf("%s: targets within ±%g: the function is flat", name, spread)
		}
		m := set.TrainData()
		if len(m.T) != m.Len() || m.T[7] != set.Train[7].Value {
			t.Errorf("%s: TrainData has %d targets for %d rows", name, len(m.T), m.Len())
		}
		if err := set.Add(Point{X: 0, Y: 0}); err == nil || !strings.Contains(err.Error(), "regression") {
			t.Errorf("%s: Add = %v, want a refusal naming regression", name, err)
		}
		s.Added = []Point{{X: 0, Y: 0}}
		if err := s.Validate(); err == nil {
			t.Errorf("%s: a spec with points added by hand passed Validate", name)
		}
		// Noise moves where the target is read: some targets differ.
		s.Added, s.Noise = nil, 0.2
		noisy, _ := Generate(s)
		moved := 0
		for _, p := range noisy.Train {
			if p.Value != Generators[name].Value(p.X, p.Y) {
				moved++
			}
		}
		if moved < len(noisy.Train)/2 {
			t.Errorf("%s: noise 0.2 changed %d of %d targets", name, moved, len(noisy.Train))
		}
	}
}
