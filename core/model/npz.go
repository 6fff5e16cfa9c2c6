package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"codeberg.org/sbinet/npyio/npz"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/train"
)

// The notebook's format: a model as numpy's .npz (a zip of .npy arrays,
// what np.savez writes and np.load reads), named as the report's notebook
// names its net.params. Reading and writing .npy goes through
// codeberg.org/sbinet/npyio (BSD-3, maintained, gonum-aware); this file
// only maps arrays to a Model and bounds what it reads.
//
//	W1, b1, W2, b2, …  float64 weights (inputs×hidden, …) and biases (hidden,)
//	activation        0-d string: relu, tanh, sigmoid, … (nn.Activations)
//	classes           the class names, a 1-d string array
//	preprocess        0-d string: none, mean-image or channel (cifar.Kinds)
//	precision         0-d string, optional: f64 or f32, the arithmetic of the
//	                  playground's passes (nn.Precisions; weights are float64 either way)
//	mean, std         its statistics: the mean image (3072,), or the R, G, B
//	                  means and standard deviations (3,); for a net on 28×28
//	                  gray digits (784 inputs) the mean image (784,) or one
//	                  mean and std (1,)
//
// The inputs are the CIFAR-10 binary's bytes in its order (the 1024 red
// pixels row by row, then green, then blue), or the 784 gray pixels of a
// 28×28 image row by row, preprocessed as above, so
//
//	f = np.load("model.npz"); a = X - f["mean"]
//	for i in 1..L-1: a = relu(a @ f[f"W{i}"] + f[f"b{i}"])
//	scores = a @ f[f"W{L}"] + f[f"b{L}"]
//
// gives the scores the playground computes. On import only W and b are
// required: activation defaults to relu, preprocess to mean-image
// when mean has 3072 entries, channel when mean and std have 3, none
// without mean. A bias may also be 1×n, a mean 1×3072, as notebooks often
// keep them; float32 arrays are read as float64. Without classes the
// Model has no class names (Classes is nil): made-up names such as
// "class 7" would read as facts, and the caller knows what the outputs
// can be taken for (the playground's worker takes ten for CIFAR-10's).

// MaxNPZBytes bounds the .npz file ReadNPZ accepts, and MaxNPZValues the
// numbers in it (checked from each array's header before it is read, so a
// file that claims a huge array costs nothing).
const (
	MaxNPZBytes  = 256 << 20
	MaxNPZValues = 32 << 20
)

// ErrNPZ wraps every reason ReadNPZ refuses a file.
var ErrNPZ = errors.New("not a model in the notebook's .npz format")

// WriteNPZ writes m to w as .npz. Models that read principal components
// are refused: the notebook's net reads pixels.
func (m *Model) WriteNPZ(w io.Writer) error {
	if m.PCA != nil {
		return errors.New("model: a model that reads principal components cannot be exported as .npz (the notebook's net reads pixels)")
	}
	z := npz.NewWriter(w)
	put := func(name string, v any) error { return z.Write(name+".npy", v) }
	for _, p := range m.Net.Params() {
		v := any(p.Value)
		if !p.Decay { // a bias: the notebook's (n,) vector, not 1×n
			v = slices.Clone(p.Value.RawRowView(0))
		}
		if err := put(p.Name, v); err != nil {
			return err
		}
	}
	kind := cifar.KindNone
	if m.Pre != nil && m.Pre.Kind != "" {
		kind = m.Pre.Kind
	}
	if err := put("activation", m.Net.Spec.Activation); err != nil {
		return err
	}
	if err := put("preprocess", kind); err != nil {
		return err
	}
	if p := m.Net.Spec.Precision; p != "" {
		if err := put("precision", p); err != nil { // f32 or f64: the arithmetic its scores were computed in
			return err
		}
	}
	if m.Pre != nil && len(m.Pre.Mean) > 0 {
		if err := put("mean", m.Pre.Mean); err != nil {
			return err
		}
	}
	if m.Pre != nil && len(m.Pre.Std) > 0 {
		if err := put("std", m.Pre.Std); err != nil {
			return err
		}
	}
	if len(m.Classes) > 0 {
		if err := put("classes", m.Classes); err != nil {
			return err
		}
	}
	return z.Close()
}

// ReadNPZ reads a model from the bytes of an .npz file (see the format
// above). Every error wraps ErrNPZ and says what is wrong in words a
// student can act on.
func ReadNPZ(b []byte) (m *Model, err error) {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrNPZ, fmt.Sprintf(format, a...))
	}
	if len(b) > MaxNPZBytes {
		return nil, fail("the file is larger than %d MB", MaxNPZBytes>>20)
	}
	// npyio panics on some malformed headers: a bad file is an error,
	// never a crash of the worker.
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fail("the file is damaged (%v)", r)
		}
	}()
	z, err := npz.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fail("it is not a zip archive (np.savez writes one)")
	}
	names := map[string]bool{}
	for _, k := range z.Keys() {
		names[strings.TrimSuffix(k, ".npy")] = true
	}
	values := 0
	read := func(name string, dims int) (data []float64, shape []int, err error) {
		h := z.Header(name + ".npy")
		if h == nil {
			return nil, nil, fail("%s is not a numpy array", name)
		}
		shape = h.Descr.Shape
		n := 1
		for _, d := range shape {
			if d < 0 || d > MaxNPZValues || n > MaxNPZValues/max(d, 1) {
				return nil, nil, fail("%s is too large", name)
			}
			n *= d
		}
		if values += n; values > MaxNPZValues {
			return nil, nil, fail("the arrays hold more than %d numbers", MaxNPZValues)
		}
		if len(shape) != dims && !(dims == 1 && len(shape) == 2 && shape[0] == 1) {
			return nil, nil, fail("%s has shape %v, want %d dimensions", name, shape, dims)
		}
		switch strings.Trim(h.Descr.Type, `'"`) {
		case "<f8", "|f8", "float64":
			err = z.Read(name+".npy", &data)
		case "<f4", "|f4", "float32":
			var f []float32
			err = z.Read(name+".npy", &f)
			data = make([]float64, len(f))
			for i, v := range f {
				data[i] = float64(v)
			}
		default:
			return nil, nil, fail("%s holds %s values, want float64 or float32 numbers", name, strings.Trim(h.Descr.Type, `'"`))
		}
		if err != nil {
			return nil, nil, fail("%s: %v", name, err)
		}
		if len(data) != n {
			return nil, nil, fail("%s holds %d numbers, its shape %v says %d", name, len(data), shape, n)
		}
		if h.Descr.Fortran && len(shape) == 2 { // column-major: transpose into row-major
			t := make([]float64, n)
			for i := range shape[0] {
				for j := range shape[1] {
					t[i*shape[1]+j] = data[j*shape[0]+i]
				}
			}
			data = t
		}
		for i, v := range data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, fail("%s[%d] is %v, not a finite number", name, i, v)
			}
		}
		if len(shape) == 2 && dims == 1 {
			shape = shape[1:]
		}
		return data, shape, nil
	}
	readString := func(name string) (string, error) {
		var s string
		if err := z.Read(name+".npy", &s); err != nil {
			return "", fail("%s is not a string", name)
		}
		return s, nil
	}

	// The layers: W1, b1, W2, b2, … as long as they come.
	var ws, bs [][]float64
	sizes := []int{}
	for i := 1; names["W"+strconv.Itoa(i)]; i++ {
		wn, bn := "W"+strconv.Itoa(i), "b"+strconv.Itoa(i)
		w, ws2, err := read(wn, 2)
		if err != nil {
			return nil, err
		}
		if len(sizes) == 0 {
			sizes = append(sizes, ws2[0])
		} else if ws2[0] != sizes[len(sizes)-1] {
			return nil, fail("%s is %d×%d but the layer before gives %d numbers", wn, ws2[0], ws2[1], sizes[len(sizes)-1])
		}
		sizes = append(sizes, ws2[1])
		if !names[bn] {
			return nil, fail("%s is missing (the biases of layer %d)", bn, i)
		}
		b, bshape, err := read(bn, 1)
		if err != nil {
			return nil, err
		}
		if bshape[0] != ws2[1] {
			return nil, fail("%s has %d entries, %s has %d columns", bn, bshape[0], wn, ws2[1])
		}
		ws, bs = append(ws, w), append(bs, b)
	}
	if len(ws) == 0 {
		return nil, fail("it has no W1 (the first layer's weights)")
	}
	act := "relu"
	if names["activation"] {
		if act, err = readString("activation"); err != nil {
			return nil, err
		}
	}
	spec := nn.Spec{Inputs: sizes[0], Hidden: sizes[1 : len(sizes)-1], Classes: sizes[len(sizes)-1], Activation: act, Init: "std", Std: 1}
	if names["precision"] {
		if spec.Precision, err = readString("precision"); err != nil {
			return nil, err
		}
	}
	if err := spec.Validate(); err != nil {
		return nil, fail("%v", err)
	}
	net, err := nn.New(spec, zeroSource{})
	if err != nil {
		return nil, fail("%v", err)
	}
	for i, d := range net.Dense() {
		copy(d.W.Data(), ws[i])
		copy(d.B.Value.RawRowView(0), bs[i])
	}

	pre := &cifar.Preprocess{Kind: cifar.KindNone}
	if names["mean"] {
		if pre.Mean, _, err = read("mean", 1); err != nil {
			return nil, err
		}
		pre.Kind = cifar.KindMeanImage
	}
	if names["std"] {
		if pre.Std, _, err = read("std", 1); err != nil {
			return nil, err
		}
		pre.Kind = cifar.KindChannel
	}
	if names["preprocess"] {
		if pre.Kind, err = readString("preprocess"); err != nil {
			return nil, err
		}
	}
	if _, ok := cifar.ShapeOf(spec.Inputs); ok || pre.Kind != cifar.KindNone {
		if err := pre.Fits(spec.Inputs); err != nil {
			return nil, fail("%v", err)
		}
	}

	var classes []string
	if names["classes"] {
		h := z.Header("classes.npy")
		if h == nil || len(h.Descr.Shape) != 1 || h.Descr.Shape[0] != spec.Classes {
			return nil, fail("classes must list the %d class names", spec.Classes)
		}
		if err := z.Read("classes.npy", &classes); err != nil {
			return nil, fail("classes is not a list of names: %v", err)
		}
	}
	cfg := train.Default()
	cfg.Hidden, cfg.Activation, cfg.Preprocess = slices.Clone(spec.Hidden), act, pre.Kind
	if spec.Precision != "" {
		cfg.Precision = spec.Precision
	}
	return &Model{Net: net, Pre: pre, Classes: classes, Config: cfg}, nil
}

// zeroSource draws zeros: ReadNPZ overwrites every weight it inits.
type zeroSource struct{}

func (zeroSource) Float64() float64 { return 0 }
func (zeroSource) Randn() float64   { return 0 }

// IsNPZ reports whether b starts like a notebook's .npz: a zip archive,
// told apart from a checkpoint by the zip signature "PK\x03\x04".
func IsNPZ(b []byte) bool { return bytes.HasPrefix(b, []byte("PK\x03\x04")) }
