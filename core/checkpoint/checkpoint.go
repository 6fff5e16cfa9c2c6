// Package checkpoint saves and loads trained models: the architecture, the
// training settings, the preprocessing statistics (a model only works on
// features prepared as in training), the metrics and the weights.
//
// # File format, version 1
//
// All integers are little-endian.
//
//	offset  size  content
//	0       8     magic "BPPMODEL"
//	8       4     format version, uint32 (1)
//	12      4     header length H, uint32 (at most MaxHeader)
//	16      H     header, JSON (see Header)
//	16+H    ...   the parameters in Header.Params order, row-major, each
//	              value 4 bytes (dtype "f32", IEEE float32) or 8 ("f64")
//	end-4   4     CRC-32 (IEEE) of every byte before it
//
// The parameters are the network's (W1, b1, W2, b2, …) and, for a model
// trained on PCA features (Header.PCA set), two more: "pca_mean" (1×d) and
// "pca_vectors" (d×k), the projection applied after preprocessing (see
// cifar.PCA). A file without them is the same as before they existed.
//
// A checkpoint that continues a run (Header.Progress set, see
// train.Progress) may also keep its optimizer's memory (Header.Optimizer,
// an optim.State): after the network's and PCA's parameters come, for each
// moment in Header.Optimizer.Moments and each network parameter, one
// parameter named "opt_<moment>_<param>" of the network parameter's shape,
// always f64: for Adam opt_m_W1, opt_m_b1, …, opt_v_W1, …; for momentum
// opt_v_W1, …. Header.Optimizer.T is Adam's step count. With them a
// resumed run takes the steps the uninterrupted one would have (see
// train.Trainer.Resume); without them its moments start from zero.
//
// Loading checks the magic, the version, the lengths and the checksum
// before it allocates anything large, and then that the parameters fit the
// architecture, so a truncated, corrupt or mismatched file gives an error
// that says which.
package checkpoint

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/optim"
	"github.com/backprop-playground/playground/core/train"
)

// Magic starts every checkpoint file.
const Magic = "BPPMODEL"

// Version is the format version this package writes and reads.
const Version = 1

// Limits on what Load accepts, so that a corrupt length cannot make it
// allocate gigabytes (or kill a browser tab).
const (
	MaxHeader = 16 << 20
	MaxValues = 64 << 20
)

// Sentinel errors, for errors.Is.
var (
	ErrFormat   = errors.New("checkpoint: not a checkpoint file")
	ErrVersion  = errors.New("checkpoint: unsupported version")
	ErrCorrupt  = errors.New("checkpoint: corrupt file")
	ErrMismatch = errors.New("checkpoint: parameters do not fit the architecture")
)

// Header is the JSON part of a checkpoint.
type Header struct {
	Spec       nn.Spec            `json:"spec"`
	Config     train.Config       `json:"config"`
	Preprocess *cifar.Preprocess  `json:"preprocess,omitempty"`
	Classes    []string           `json:"classes,omitempty"`
	Metrics    map[string]float64 `json:"metrics,omitempty"` // e.g. val_acc, test_acc, iters, seconds
	Note       string             `json:"note,omitempty"`    // free text: what made it
	// PCA describes the projection of the features, stored as the
	// parameters pca_mean and pca_vectors; nil if the model reads the
	// preprocessed features directly.
	PCA *PCAInfo `json:"pca,omitempty"`
	// Progress is set in the checkpoints that continue a run (mlp train
	// -resume): where the run stood when the weights were saved.
	Progress *train.Progress `json:"progress,omitempty"`
	// Optimizer describes the optimizer's moments, stored as the last
	// parameters (opt_<moment>_<param>); nil if they are not kept. Its
	// Values are not in the header.
	Optimizer *optim.State `json:"optimizer_state,omitempty"`
	Params    []ParamInfo  `json:"params"`
}

// PCAInfo is the part of a cifar.PCA kept in the header; its mean and
// vectors are the parameters pca_mean and pca_vectors.
type PCAInfo struct {
	Whiten bool      `json:"whiten"`
	Vars   []float64 `json:"vars"` // variance along each component
}

// ParamInfo describes one stored parameter.
type ParamInfo struct {
	Name  string `json:"name"`
	Rows  int    `json:"rows"`
	Cols  int    `json:"cols"`
	DType string `json:"dtype"` // "f32" or "f64"
}

// Checkpoint is a loaded model file.
type Checkpoint struct {
	Header
	// Values holds each parameter's values, row-major, in Params order.
	Values [][]float64
}

// New returns a checkpoint of net's current parameters. dtype is "f64"
// (exact) or "f32" (half the size; predictions may differ in rare ties).
// pca is the PCA whose components are the model's inputs, or nil: a model
// trained on PCA features (h.Config.PCA > 0) needs it. The PCA is stored in
// f64 whatever dtype is, as its vectors feed every prediction.
func New(net *nn.Network, h Header, dtype string, pca *cifar.PCA) (*Checkpoint, error) {
	if h.Config.PCA > 0 && pca == nil {
		return nil, errors.New("checkpoint: a model trained on PCA features needs its PCA")
	}
	if dtype != "f32" && dtype != "f64" {
		return nil, fmt.Errorf("checkpoint: dtype %q, want f32 or f64", dtype)
	}
	h.Spec = net.Spec
	h.Params = nil
	h.PCA = nil
	if pca != nil {
		if pca.K() != net.Spec.Inputs {
			return nil, fmt.Errorf("checkpoint: a pca of %d components for a network of %d inputs", pca.K(), net.Spec.Inputs)
		}
		h.PCA = &PCAInfo{Whiten: pca.Whiten, Vars: append([]float64(nil), pca.Vars...)}
	}
	c := &Checkpoint{Header: h}
	for _, p := range net.Params() {
		r, cols := p.Value.Dims()
		c.Params = append(c.Params, ParamInfo{Name: p.Name, Rows: r, Cols: cols, DType: dtype})
		vals := append([]float64(nil), p.Data()...)
		if dtype == "f32" {
			for i, v := range vals {
				vals[i] = float64(float32(v))
			}
		}
		c.Values = append(c.Values, vals)
	}
	if pca != nil {
		d, k := pca.Vectors.Dims()
		c.Params = append(c.Params,
			ParamInfo{Name: "pca_mean", Rows: 1, Cols: d, DType: "f64"},
			ParamInfo{Name: "pca_vectors", Rows: d, Cols: k, DType: "f64"})
		c.Values = append(c.Values, append([]float64(nil), pca.Mean...), mat.DenseCopyOf(pca.Vectors).RawMatrix().Data)
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// PCAModel returns the PCA the model's inputs come from, or nil if it has
// none.
func (c *Checkpoint) PCAModel() *cifar.PCA {
	if c.PCA == nil {
		return nil
	}
	n := c.netParams()
	vec := c.Params[n+1]
	return &cifar.PCA{
		Mean:    append([]float64(nil), c.Values[n]...),
		Vectors: mat.NewDense(vec.Rows, vec.Cols, append([]float64(nil), c.Values[n+1]...)),
		Vars:    append([]float64(nil), c.PCA.Vars...),
		Whiten:  c.PCA.Whiten,
	}
}

// netParams returns the number of the network's parameters (W1, b1, …),
// which come first.
func (c *Checkpoint) netParams() int { return 2 * (len(c.Spec.Sizes()) - 1) }

// SetOptimizer keeps s, the optimizer's memory for the network's
// parameters (in their order, as optim.StateOf takes it), in the
// checkpoint, replacing any kept before. It returns an error if s does
// not fit the network.
func (c *Checkpoint) SetOptimizer(s optim.State) error {
	n := c.netParams()
	if c.Optimizer != nil {
		k := len(c.Optimizer.Moments) * n
		c.Params, c.Values = c.Params[:len(c.Params)-k], c.Values[:len(c.Values)-k]
		c.Optimizer = nil
	}
	if len(s.Values) != len(s.Moments) {
		return fmt.Errorf("checkpoint: optimizer state with %d moments and %d value sets", len(s.Moments), len(s.Values))
	}
	for k, m := range s.Moments {
		if len(s.Values[k]) != n {
			return fmt.Errorf("checkpoint: optimizer moment %s of %d parameters, the network has %d", m, len(s.Values[k]), n)
		}
		for i, p := range c.Params[:n] {
			if len(s.Values[k][i]) != p.Rows*p.Cols {
				return fmt.Errorf("checkpoint: optimizer moment %s of %s has %d values, want %d×%d", m, p.Name, len(s.Values[k][i]), p.Rows, p.Cols)
			}
		}
	}
	for k, m := range s.Moments {
		for i, p := range c.Params[:n] {
			c.Params = append(c.Params, ParamInfo{Name: "opt_" + m + "_" + p.Name, Rows: p.Rows, Cols: p.Cols, DType: "f64"})
			c.Values = append(c.Values, append([]float64(nil), s.Values[k][i]...))
		}
	}
	h := s
	h.Values, h.Moments = nil, slices.Clone(s.Moments)
	c.Optimizer = &h
	return c.check()
}

// OptimizerState returns a copy of the kept optimizer memory, or nil if
// the checkpoint has none.
func (c *Checkpoint) OptimizerState() *optim.State {
	if c.Optimizer == nil {
		return nil
	}
	s := *c.Optimizer
	s.Moments = slices.Clone(s.Moments)
	n := c.netParams()
	first := len(c.Params) - len(s.Moments)*n
	s.Values = make([][][]float64, len(s.Moments))
	for k := range s.Moments {
		for i := range n {
			s.Values[k] = append(s.Values[k], append([]float64(nil), c.Values[first+k*n+i]...))
		}
	}
	return &s
}

// Marshal returns the file's bytes.
func (c *Checkpoint) Marshal() ([]byte, error) {
	header, err := json.Marshal(c.Header)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: encoding header: %w", err)
	}
	if len(c.Values) != len(c.Params) {
		return nil, fmt.Errorf("checkpoint: %d value slices for %d params", len(c.Values), len(c.Params))
	}
	var b bytes.Buffer
	b.WriteString(Magic)
	binary.Write(&b, binary.LittleEndian, uint32(Version))
	binary.Write(&b, binary.LittleEndian, uint32(len(header)))
	b.Write(header)
	for i, p := range c.Params {
		if len(c.Values[i]) != p.Rows*p.Cols {
			return nil, fmt.Errorf("checkpoint: %s has %d values, want %d×%d", p.Name, len(c.Values[i]), p.Rows, p.Cols)
		}
		for _, v := range c.Values[i] {
			if p.DType == "f32" {
				binary.Write(&b, binary.LittleEndian, math.Float32bits(float32(v)))
			} else {
				binary.Write(&b, binary.LittleEndian, math.Float64bits(v))
			}
		}
	}
	binary.Write(&b, binary.LittleEndian, crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes(), nil
}

// Load reads a whole checkpoint from r (at most MaxHeader + 8·MaxValues
// bytes) and parses it.
func Load(r io.Reader) (*Checkpoint, error) {
	b, err := io.ReadAll(io.LimitReader(r, 32+MaxHeader+8*MaxValues+1))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: reading: %w", err)
	}
	return Unmarshal(b)
}

// CheckPrefix checks the start of a file of size bytes without reading
// the rest: the magic, the version, the header (if prefix holds it) and
// that the sizes the header declares add up to size. It returns the
// prefix length it needs to check the header (16+H) when prefix is
// shorter, with a nil error: read that much and call it again. A 100 MB
// file that starts with the magic is refused from its first kilobytes
// instead of after reading all of it.
func CheckPrefix(prefix []byte, size int64) (need int, err error) {
	if len(prefix) < 8 || string(prefix[:8]) != Magic {
		return 0, fmt.Errorf("%w (it does not start with %q)", ErrFormat, Magic)
	}
	if len(prefix) < 16 || size < 20 {
		return 0, fmt.Errorf("%w: %d bytes is too short (truncated?)", ErrCorrupt, size)
	}
	if v := binary.LittleEndian.Uint32(prefix[8:]); v != Version {
		return 0, fmt.Errorf("%w %d (this build reads version %d)", ErrVersion, v, Version)
	}
	hlen := int64(binary.LittleEndian.Uint32(prefix[12:]))
	if hlen > MaxHeader || 16+hlen+4 > size {
		return 0, fmt.Errorf("%w: header length %d does not fit the file", ErrCorrupt, hlen)
	}
	if int64(len(prefix)) < 16+hlen {
		return int(16 + hlen), nil
	}
	var h Header
	if err := json.Unmarshal(prefix[16:16+hlen], &h); err != nil {
		return 0, fmt.Errorf("%w: header: %v", ErrCorrupt, err)
	}
	var values int64
	for _, p := range h.Params {
		bytes := map[string]int64{"f32": 4, "f64": 8}[p.DType]
		if bytes == 0 || p.Rows <= 0 || p.Cols <= 0 || p.Rows > nn.MaxUnits || p.Cols > nn.MaxUnits {
			return 0, fmt.Errorf("%w: parameter %q is %d×%d %q", ErrCorrupt, p.Name, p.Rows, p.Cols, p.DType)
		}
		if values += int64(p.Rows) * int64(p.Cols) * bytes; values > 8*MaxValues {
			return 0, fmt.Errorf("%w: more than %d values", ErrCorrupt, MaxValues)
		}
	}
	if want := 16 + hlen + values + 4; want != size {
		return 0, fmt.Errorf("%w: the header announces a file of %d bytes, this one has %d", ErrCorrupt, want, size)
	}
	return 0, nil
}

// Unmarshal parses a checkpoint file's bytes. Every error wraps one of
// ErrFormat, ErrVersion, ErrCorrupt or ErrMismatch and says what is wrong.
func Unmarshal(b []byte) (*Checkpoint, error) {
	if len(b) < 8 || string(b[:8]) != Magic {
		return nil, fmt.Errorf("%w (it does not start with %q)", ErrFormat, Magic)
	}
	if len(b) < 20 {
		return nil, fmt.Errorf("%w: %d bytes is too short (truncated?)", ErrCorrupt, len(b))
	}
	if v := binary.LittleEndian.Uint32(b[8:]); v != Version {
		return nil, fmt.Errorf("%w %d (this build reads version %d)", ErrVersion, v, Version)
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch (the file is truncated or damaged)", ErrCorrupt)
	}
	hlen := binary.LittleEndian.Uint32(b[12:])
	if hlen > MaxHeader || int(hlen) > len(body)-16 {
		return nil, fmt.Errorf("%w: header length %d does not fit the file", ErrCorrupt, hlen)
	}
	c := &Checkpoint{}
	if err := json.Unmarshal(body[16:16+hlen], &c.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrCorrupt, err)
	}
	data := body[16+hlen:]
	need := 0
	for _, p := range c.Params {
		size := map[string]int{"f32": 4, "f64": 8}[p.DType]
		if size == 0 || p.Rows <= 0 || p.Cols <= 0 || p.Rows > nn.MaxUnits || p.Cols > nn.MaxUnits {
			return nil, fmt.Errorf("%w: parameter %q is %d×%d %q", ErrCorrupt, p.Name, p.Rows, p.Cols, p.DType)
		}
		if need += p.Rows * p.Cols * size; need > 8*MaxValues {
			return nil, fmt.Errorf("%w: more than %d values", ErrCorrupt, MaxValues)
		}
	}
	if need != len(data) {
		return nil, fmt.Errorf("%w: the header announces %d bytes of weights, the file has %d", ErrCorrupt, need, len(data))
	}
	for _, p := range c.Params {
		vals := make([]float64, p.Rows*p.Cols)
		for i := range vals {
			if p.DType == "f32" {
				vals[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(data)))
				data = data[4:]
			} else {
				vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(data))
				data = data[8:]
			}
			if math.IsNaN(vals[i]) || math.IsInf(vals[i], 0) {
				return nil, fmt.Errorf("%w: %s holds a non-finite value", ErrCorrupt, p.Name)
			}
		}
		c.Values = append(c.Values, vals)
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// check verifies that the header describes a valid network whose
// parameters are the stored ones.
func (c *Checkpoint) check() error {
	if err := c.Spec.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrMismatch, err)
	}
	if c.Preprocess != nil {
		if err := c.Preprocess.Validate(); err != nil {
			return fmt.Errorf("%w: preprocessing: %v", ErrMismatch, err)
		}
	}
	if err := checkMetrics(c.Metrics); err != nil {
		return err
	}
	if len(c.Classes) != 0 && len(c.Classes) != c.Spec.Classes {
		return fmt.Errorf("%w: %d class names for %d classes", ErrMismatch, len(c.Classes), c.Spec.Classes)
	}
	sizes := c.Spec.Sizes()
	params := c.Params
	if o := c.Optimizer; o != nil {
		n := 2 * (len(sizes) - 1)
		k := len(o.Moments) * n
		if len(o.Moments) > 2 || k > len(params)-n || o.T < 0 {
			return fmt.Errorf("%w: an optimizer state of moments %q (step %d) for %d parameters", ErrMismatch, o.Moments, o.T, len(params))
		}
		opt := params[len(params)-k:]
		for j, p := range opt {
			w := params[j%n]
			if want := "opt_" + o.Moments[j/n] + "_" + w.Name; p.Name != want || p.Rows != w.Rows || p.Cols != w.Cols {
				return fmt.Errorf("%w: optimizer parameter %s %d×%d, want %s %d×%d", ErrMismatch, p.Name, p.Rows, p.Cols, want, w.Rows, w.Cols)
			}
		}
		params = params[:len(params)-k]
	}
	if c.PCA != nil {
		if len(params) < 2 {
			return fmt.Errorf("%w: a pca model without pca_mean and pca_vectors", ErrMismatch)
		}
		mean, vec := params[len(params)-2], params[len(params)-1]
		params = params[:len(params)-2]
		if mean.Name != "pca_mean" || vec.Name != "pca_vectors" || mean.Rows != 1 || vec.Rows != mean.Cols || vec.Cols != c.Spec.Inputs {
			return fmt.Errorf("%w: pca parameters %s %d×%d and %s %d×%d, want pca_mean 1×d and pca_vectors d×%d",
				ErrMismatch, mean.Name, mean.Rows, mean.Cols, vec.Name, vec.Rows, vec.Cols, c.Spec.Inputs)
		}
		if len(c.PCA.Vars) != vec.Cols {
			return fmt.Errorf("%w: %d pca variances for %d components", ErrMismatch, len(c.PCA.Vars), vec.Cols)
		}
		for j, v := range c.PCA.Vars {
			if !(v >= 0) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: pca variance %d is %v", ErrMismatch, j, v)
			}
		}
		if c.Preprocess != nil && c.Preprocess.Kind != "" && c.Preprocess.Kind != cifar.KindNone && mean.Cols != cifar.ImageBytes {
			return fmt.Errorf("%w: a pca of %d features after %q preprocessing, want %d", ErrMismatch, mean.Cols, c.Preprocess.Kind, cifar.ImageBytes)
		}
	} else if c.Config.PCA > 0 {
		return fmt.Errorf("%w: trained on %d PCA components but the file has no PCA", ErrMismatch, c.Config.PCA)
	}
	if len(params) != 2*(len(sizes)-1) {
		return fmt.Errorf("%w: %d parameters, a %v net has %d", ErrMismatch, len(params), sizes, 2*(len(sizes)-1))
	}
	for i := 1; i < len(sizes); i++ {
		w, b := params[2*i-2], params[2*i-1]
		if w.Name != fmt.Sprintf("W%d", i) || w.Rows != sizes[i-1] || w.Cols != sizes[i] {
			return fmt.Errorf("%w: %s is %d×%d, want W%d %d×%d", ErrMismatch, w.Name, w.Rows, w.Cols, i, sizes[i-1], sizes[i])
		}
		if b.Name != fmt.Sprintf("b%d", i) || b.Rows != 1 || b.Cols != sizes[i] {
			return fmt.Errorf("%w: %s is %d×%d, want b%d 1×%d", ErrMismatch, b.Name, b.Rows, b.Cols, i, sizes[i])
		}
	}
	if len(c.Values) != len(c.Params) {
		return fmt.Errorf("%w: %d value slices for %d parameters", ErrMismatch, len(c.Values), len(c.Params))
	}
	for i, p := range c.Params {
		if len(c.Values[i]) != p.Rows*p.Cols {
			return fmt.Errorf("%w: %s has %d values, want %d×%d", ErrMismatch, p.Name, len(c.Values[i]), p.Rows, p.Cols)
		}
	}
	return nil
}

// Network builds the network the checkpoint describes and loads its
// weights. src feeds the dropout layers if training continues; nil is fine
// for evaluation.
func (c *Checkpoint) Network(src nn.Source) (*nn.Network, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if src == nil {
		src = zeroSource{}
	}
	net, err := nn.New(c.Spec, src)
	if err != nil {
		return nil, err
	}
	for i, p := range net.Params() {
		copy(p.Data(), c.Values[i])
	}
	return net, nil
}

// zeroSource initializes weights that Network overwrites at once.
type zeroSource struct{}

func (zeroSource) Float64() float64 { return 0 }
func (zeroSource) Randn() float64   { return 0 }

// maxCount bounds a counting metric (steps, images, epochs): far above any
// run (a trillion steps), far below where its int conversion overflows.
const maxCount = 1e12

// checkMetrics refuses metrics the pages would misprint: any non-finite
// value, an accuracy (a name ending in "acc") outside [0, 1], and a count
// (iters, iter, epochs, test_images, ...) that is negative, fractional or
// over maxCount. iters=1e300 used to print as 9,223,372,036,854,775,807
// steps.
func checkMetrics(m map[string]float64) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			return fmt.Errorf("%w: metric %s is %v", ErrMismatch, k, v)
		case strings.HasSuffix(k, "acc") && (v < 0 || v > 1):
			return fmt.Errorf("%w: metric %s is %v, want an accuracy in [0, 1]", ErrMismatch, k, v)
		case countMetric(k) && (v < 0 || v > maxCount || v != math.Trunc(v)):
			return fmt.Errorf("%w: metric %s is %v, want a whole number from 0 to %g", ErrMismatch, k, v, float64(maxCount))
		case v < -maxCount || v > maxCount:
			return fmt.Errorf("%w: metric %s is %v, out of range", ErrMismatch, k, v)
		}
	}
	return nil
}

// countMetric reports whether a metric counts something.
func countMetric(k string) bool {
	switch k {
	case "iter", "iters", "epoch", "epochs", "test_images", "params":
		return true
	}
	return strings.HasSuffix(k, "_images")
}
