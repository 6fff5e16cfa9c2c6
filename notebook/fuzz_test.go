package notebook

import (
	"bytes"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// FuzzImport checks that Import never panics and that whatever it accepts
// is a model whose shapes chain (Scores runs on it).
func FuzzImport(f *testing.F) {
	var buf bytes.Buffer
	m := &Model{W: []*mat.Dense{mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})}, B: [][]float64{{0, 1, 0}},
		Mean: []float64{1, 2}, Classes: []string{"a", "b", "c"}}
	if err := Export(&buf, m); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Import(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		in, _ := m.W[0].Dims()
		m.Scores(mat.NewDense(1, in, nil))
	})
}
