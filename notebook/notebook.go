// Package notebook moves a model's weights between the playground and the
// report's numpy notebook, as an .npz file (a zip of .npy arrays) that
// np.load opens.
//
// # Layout
//
// The notebook keeps net.params = {'W1', 'b1', 'W2', 'b2'}; a deeper net
// adds W3, b3, …. An exported file holds, all float64:
//
//	W1 (in×h1), b1 (h1), W2 (h1×h2), b2 (h2), …   the linear layers, scores = relu(X·W1+b1)·W2+b2 …
//	mean (in)      subtracted from every raw pixel vector before W1 (optional)
//	std (in)       then divided by, feature by feature (optional)
//	classes        the class names, a numpy unicode array ('<U…')
//
// Import reads the same names back; only W1 and b1 are required, float32
// arrays are accepted (as np.float32 weights are common) and mean, std and
// classes may be missing.
//
// # Why a library and a little by hand
//
// The .npy arrays are read and written by github.com/sbinet/npyio (gonum's
// ecosystem, the maintained Go reader of the format). It has no string
// arrays, so the class names' '<U' array is written here (the .npy header
// is the documented dict literal, NEP 1) and read with a small parser.
package notebook

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/sbinet/npyio/npy"
	"github.com/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/nn"
)

// Model is what an .npz carries: the linear layers in order, the
// preprocessing and the class names.
type Model struct {
	W       []*mat.Dense // W[i] is in_i×out_i, with out_i == in_{i+1}
	B       [][]float64  // B[i] has out_i values
	Mean    []float64    // nil, or one value per input
	Std     []float64    // nil, or one positive value per input
	Classes []string     // nil, or one name per output
}

// ErrFormat is wrapped by every error that Import returns for a file that
// is not a model of the documented layout.
var ErrFormat = errors.New("not a model .npz")

// maxValues bounds every array Import reads (16M values, 128 MB as float64),
// so that a corrupt or hostile header cannot exhaust memory.
const maxValues = 1 << 24

// FromNetwork returns the weights of net (copies), with the given
// preprocessing and class names.
func FromNetwork(net *nn.Network, mean, std []float64, classes []string) *Model {
	m := &Model{Mean: mean, Std: std, Classes: classes}
	for _, d := range net.Dense() {
		m.W = append(m.W, mat.DenseCopyOf(d.W.Value))
		m.B = append(m.B, append([]float64(nil), d.B.Data()...))
	}
	return m
}

// Scores returns the scores of the raw feature rows x (batch×in): each row
// minus Mean, divided by Std, then the layers with ReLU between them, as
// the notebook's two-layer net computes them.
func (m *Model) Scores(x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	a := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			v := x.At(i, j)
			if m.Mean != nil {
				v -= m.Mean[j]
			}
			if m.Std != nil {
				v /= m.Std[j]
			}
			a.Set(i, j, v)
		}
	}
	for k, w := range m.W {
		var z mat.Dense
		z.Mul(a, w)
		zr := z.RawMatrix()
		for i := range zr.Rows {
			row := zr.Data[i*zr.Stride : i*zr.Stride+zr.Cols]
			for j := range row {
				row[j] += m.B[k][j]
				if k < len(m.W)-1 && row[j] < 0 {
					row[j] = 0
				}
			}
		}
		a = &z
	}
	return a
}

// Export writes m to w as an .npz file.
func Export(w io.Writer, m *Model) error {
	if err := m.validate(); err != nil {
		return err
	}
	return exportUnchecked(w, m)
}

// exportUnchecked writes m without validating it (tests write bad files
// with it).
func exportUnchecked(w io.Writer, m *Model) error {
	zw := zip.NewWriter(w)
	put := func(name string, v any) error {
		f, err := zw.Create(name + ".npy")
		if err != nil {
			return err
		}
		return npy.Write(f, v)
	}
	for i, wi := range m.W {
		if err := put(fmt.Sprintf("W%d", i+1), wi); err != nil {
			return err
		}
		if err := put(fmt.Sprintf("b%d", i+1), m.B[i]); err != nil {
			return err
		}
	}
	if m.Mean != nil {
		if err := put("mean", m.Mean); err != nil {
			return err
		}
	}
	if m.Std != nil {
		if err := put("std", m.Std); err != nil {
			return err
		}
	}
	if m.Classes != nil {
		f, err := zw.Create("classes.npy")
		if err != nil {
			return err
		}
		if _, err := f.Write(unicodeNPY(m.Classes)); err != nil {
			return err
		}
	}
	return zw.Close()
}

// unicodeNPY encodes names as a 1-D numpy '<U n' array: a version 1.0
// header (magic, version, little-endian header length, the dict literal
// padded with spaces to a multiple of 64 bytes and ended by a newline;
// NEP 1), then n UTF-32LE code points per name, zero-padded.
func unicodeNPY(names []string) []byte {
	n := 1
	for _, s := range names {
		n = max(n, utf8.RuneCountInString(s))
	}
	dict := fmt.Sprintf("{'descr': '<U%d', 'fortran_order': False, 'shape': (%d,), }", n, len(names))
	pad := 64 - (10+len(dict)+1)%64
	if pad == 64 {
		pad = 0
	}
	hdr := dict + strings.Repeat(" ", pad) + "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(hdr)))
	b.WriteString(hdr)
	for _, s := range names {
		k := 0
		for _, r := range s {
			binary.Write(&b, binary.LittleEndian, uint32(r))
			k++
		}
		b.Write(make([]byte, 4*(n-k)))
	}
	return b.Bytes()
}

// Import reads an .npz of the documented layout from r (size bytes). It
// returns an error wrapping ErrFormat if the file is not a zip of .npy
// arrays, W1 or b1 is missing, the layers are not numbered W1, b1, W2, b2 …
// without gaps, a shape does not chain, an array is not float64 or float32
// in C order, a value is not finite, Std has a value ≤ 0, or an array has
// more than 16M values.
func Import(r io.ReaderAt, size int64) (m *Model, err error) {
	// npyio panics on some malformed .npy headers (a slice out of range in
	// its header reader, found by FuzzImport): a bad file is an error, not a
	// crash of the page or the command.
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("notebook: %w: a malformed .npy header (%v)", ErrFormat, p)
		}
	}()
	zr, err := npz.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w: not a zip file", ErrFormat)
	}
	has := map[string]bool{}
	var keys []string
	for _, k := range zr.Keys() {
		k = strings.TrimSuffix(k, ".npy") // np.savez names its entries W1.npy, …
		has[k] = true
		keys = append(keys, k)
	}
	m = &Model{}
	for i := 1; has[fmt.Sprintf("W%d", i)] || has[fmt.Sprintf("b%d", i)]; i++ {
		w, wshape, err := readFloats(zr, fmt.Sprintf("W%d", i))
		if err != nil {
			return nil, err
		}
		b, bshape, err := readFloats(zr, fmt.Sprintf("b%d", i))
		if err != nil {
			return nil, err
		}
		if len(wshape) != 2 || wshape[0] == 0 || wshape[1] == 0 {
			return nil, fmt.Errorf("notebook: %w: W%d has shape %v, want a matrix (in, out)", ErrFormat, i, wshape)
		}
		if len(bshape) == 2 && bshape[0] == 1 {
			bshape = bshape[1:] // a (1, out) row, as some notebooks keep biases
		}
		if len(bshape) != 1 || bshape[0] != wshape[1] {
			return nil, fmt.Errorf("notebook: %w: b%d has shape %v, want (%d,) for W%d of shape %v", ErrFormat, i, bshape, wshape[1], i, wshape)
		}
		m.W = append(m.W, mat.NewDense(wshape[0], wshape[1], w))
		m.B = append(m.B, b)
	}
	if len(m.W) == 0 {
		return nil, fmt.Errorf("notebook: %w: no W1 and b1 (found %s)", ErrFormat, strings.Join(keys, ", "))
	}
	for _, name := range []string{"mean", "std"} {
		if !has[name] {
			continue
		}
		v, _, err := readFloats(zr, name)
		if err != nil {
			return nil, err
		}
		if name == "mean" {
			m.Mean = v
		} else {
			m.Std = v
		}
	}
	if has["classes"] {
		if m.Classes, err = readNames(zr); err != nil {
			return nil, err
		}
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// validate checks that the shapes chain, values are finite and the
// preprocessing and names fit the layers.
func (m *Model) validate() error {
	if len(m.W) == 0 || len(m.W) != len(m.B) {
		return fmt.Errorf("notebook: %w: %d weight matrices and %d bias vectors", ErrFormat, len(m.W), len(m.B))
	}
	in, _ := m.W[0].Dims()
	prev := in
	for i, w := range m.W {
		r, c := w.Dims()
		if r != prev {
			return fmt.Errorf("notebook: %w: W%d has %d rows, want %d (the outputs of the layer before)", ErrFormat, i+1, r, prev)
		}
		if len(m.B[i]) != c {
			return fmt.Errorf("notebook: %w: b%d has %d values, want %d", ErrFormat, i+1, len(m.B[i]), c)
		}
		if c > nn.MaxUnits || r > nn.MaxUnits {
			return fmt.Errorf("notebook: %w: W%d is %d×%d, more than %d units", ErrFormat, i+1, r, c, nn.MaxUnits)
		}
		for _, v := range append(append([]float64(nil), w.RawMatrix().Data...), m.B[i]...) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("notebook: %w: layer %d has a value %v, want finite numbers", ErrFormat, i+1, v)
			}
		}
		prev = c
	}
	if m.Mean != nil && len(m.Mean) != in {
		return fmt.Errorf("notebook: %w: mean has %d values for %d inputs", ErrFormat, len(m.Mean), in)
	}
	if m.Std != nil {
		if len(m.Std) != in {
			return fmt.Errorf("notebook: %w: std has %d values for %d inputs", ErrFormat, len(m.Std), in)
		}
		for j, v := range m.Std {
			if !(v > 0) || math.IsInf(v, 0) {
				return fmt.Errorf("notebook: %w: std[%d] is %v, want a positive number", ErrFormat, j, v)
			}
		}
	}
	if m.Classes != nil && len(m.Classes) != prev {
		return fmt.Errorf("notebook: %w: %d class names for %d outputs", ErrFormat, len(m.Classes), prev)
	}
	return nil
}

// readFloats reads the array name as float64 values, after checking its
// header: float64 or float32, C order, at most maxValues values.
func readFloats(zr *npz.Reader, name string) ([]float64, []int, error) {
	h := zr.Header(name + ".npy")
	if h == nil {
		return nil, nil, fmt.Errorf("notebook: %w: no array %s", ErrFormat, name)
	}
	if h.Descr.Fortran {
		return nil, nil, fmt.Errorf("notebook: %w: %s is in Fortran order; save np.ascontiguousarray(%s)", ErrFormat, name, name)
	}
	n := 1
	for _, d := range h.Descr.Shape {
		if d < 0 || d > maxValues || n*d > maxValues {
			return nil, nil, fmt.Errorf("notebook: %w: %s has shape %v, more than %d values", ErrFormat, name, h.Descr.Shape, maxValues)
		}
		n *= d
	}
	// npyio decodes straight from the zip's inflating reader with single
	// Read calls, which return short counts on large arrays (a 784×32 W1
	// came back with NaNs), so the entry is read whole first.
	rc, err := zr.Open(name + ".npy")
	if err != nil {
		return nil, nil, fmt.Errorf("notebook: %w: %v", ErrFormat, err)
	}
	raw, err := io.ReadAll(io.LimitReader(rc, 8*maxValues+1<<16))
	rc.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("notebook: %w: %s: %v", ErrFormat, name, err)
	}
	switch h.Descr.Type {
	case "<f8":
		var v []float64
		if err := npy.Read(bytes.NewReader(raw), &v); err != nil {
			return nil, nil, fmt.Errorf("notebook: %w: %v", ErrFormat, err)
		}
		return v, h.Descr.Shape, nil
	case "<f4":
		var v32 []float32
		if err := npy.Read(bytes.NewReader(raw), &v32); err != nil {
			return nil, nil, fmt.Errorf("notebook: %w: %v", ErrFormat, err)
		}
		v := make([]float64, len(v32))
		for i, x := range v32 {
			v[i] = float64(x)
		}
		return v, h.Descr.Shape, nil
	}
	return nil, nil, fmt.Errorf("notebook: %w: %s has dtype %s, want float64 or float32", ErrFormat, name, h.Descr.Type)
}

// readNames reads classes, a 1-D '<U n' array, by hand (npyio has no
// strings): the raw entry after its header, n UTF-32LE code points a name.
func readNames(zr *npz.Reader) ([]string, error) {
	h := zr.Header("classes.npy")
	var n int
	if h == nil || len(h.Descr.Shape) != 1 || h.Descr.Shape[0] > nn.MaxUnits {
		return nil, fmt.Errorf("notebook: %w: classes is not a list of names", ErrFormat)
	}
	if _, err := fmt.Sscanf(h.Descr.Type, "<U%d", &n); err != nil || n < 1 || n > 256 {
		return nil, fmt.Errorf("notebook: %w: classes has dtype %s, want a unicode string array such as <U10", ErrFormat, h.Descr.Type)
	}
	rc, err := zr.Open("classes.npy")
	if err != nil {
		return nil, fmt.Errorf("notebook: %w: %v", ErrFormat, err)
	}
	defer rc.Close()
	raw, err := io.ReadAll(io.LimitReader(rc, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("notebook: %w: classes: %v", ErrFormat, err)
	}
	body := 4 * n * h.Descr.Shape[0]
	if len(raw) < body {
		return nil, fmt.Errorf("notebook: %w: classes ends early", ErrFormat)
	}
	raw = raw[len(raw)-body:] // the data is the tail after the header
	names := make([]string, h.Descr.Shape[0])
	for i := range names {
		var sb strings.Builder
		for k := range n {
			r := binary.LittleEndian.Uint32(raw[4*(i*n+k):])
			if r == 0 {
				break
			}
			sb.WriteRune(rune(r))
		}
		names[i] = sb.String()
	}
	return names, nil
}
