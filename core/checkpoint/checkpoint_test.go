package checkpoint

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/nn"
	"github.com/backprop-playground/playground/core/rng"
	"github.com/backprop-playground/playground/core/train"
)

func testNet(t testing.TB) (*nn.Network, Header) {
	t.Helper()
	cfg := train.Default()
	cfg.Hidden, cfg.Init = []int{7, 5}, "he"
	net, err := nn.New(cfg.Spec(12, 3), rng.New(3))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range net.Params() { // make the biases non-zero too
		for i := range p.Data() {
			p.Data()[i] += 0.01 * float64(i%7)
		}
	}
	h := Header{Config: cfg, Classes: []string{"a", "b", "c"}, Metrics: map[string]float64{"val_acc": 0.5},
		Preprocess: &cifar.Preprocess{Kind: "none"}, Note: "test"}
	return net, h
}

func input() *mat.Dense {
	src := rng.New(9)
	x := mat.NewDense(40, 12, nil)
	src.RandnFill(x.RawMatrix().Data)
	return x
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	net, h := testNet(t)
	want := net.Predict(nil, input())
	wantProbs := mat.DenseCopyOf(net.Probs(input()))
	for _, dtype := range []string{"f64", "f32"} {
		c, err := New(net, h, dtype, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Unmarshal(b)
		if err != nil {
			t.Fatalf("%s: %v", dtype, err)
		}
		if back.Note != "test" || back.Metrics["val_acc"] != 0.5 || back.Classes[2] != "c" || back.Config.Hidden[1] != 5 {
			t.Errorf("%s: header did not survive: %+v", dtype, back.Header)
		}
		net2, err := back.Network(nil)
		if err != nil {
			t.Fatal(err)
		}
		probs := net2.Probs(input())
		tol := 0.0
		if dtype == "f32" {
			tol = 1e-6
		}
		if !mat.EqualApprox(probs, wantProbs, tol) {
			t.Errorf("%s: probabilities changed by more than %g", dtype, tol)
		}
		if dtype == "f64" {
			if got := net2.Predict(nil, input()); !equalInts(got, want) {
				t.Errorf("f64: predictions changed")
			}
		}
	}
	c32, _ := New(net, h, "f32", nil)
	c64, _ := New(net, h, "f64", nil)
	b32, _ := c32.Marshal()
	b64, _ := c64.Marshal()
	if len(b32) >= len(b64) {
		t.Errorf("f32 file %d bytes, f64 %d", len(b32), len(b64))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// resum recomputes the trailing checksum after an edit.
func resum(b []byte) []byte {
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return b
}

func TestCorrupt(t *testing.T) {
	t.Parallel()
	net, h := testNet(t)
	c, _ := New(net, h, "f64", nil)
	good, _ := c.Marshal()
	hlen := int(binary.LittleEndian.Uint32(good[12:]))
	mutate := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	for i, test := range []struct {
		name string
		b    []byte
		want error
		text string
	}{
		{"empty", nil, ErrFormat, "BPPMODEL"},
		{"png", []byte("\x89PNG\r\n\x1a\n...."), ErrFormat, "BPPMODEL"},
		{"truncated", good[:len(good)-100], ErrCorrupt, "checksum"},
		{"short", good[:12], ErrCorrupt, "short"},
		{"flipped weight", mutate(func(b []byte) []byte { b[len(b)-20] ^= 1; return b }), ErrCorrupt, "checksum"},
		{"version", mutate(func(b []byte) []byte { b[8] = 9; return resum(b) }), ErrVersion, "version 9"},
		{"header length", mutate(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[12:], 1<<30); return resum(b) }), ErrCorrupt, "header length"},
		{"bad json", mutate(func(b []byte) []byte { b[16] = '['; return resum(b) }), ErrCorrupt, "header"},
		{"mismatch", mutate(func(b []byte) []byte {
			s := strings.Replace(string(b[16:16+hlen]), `"rows":12`, `"rows":13`, 1)
			return resum([]byte(string(b[:16+0]) + s + string(b[16+hlen:])))
		}), ErrCorrupt, "announces"},
		{"hidden changed", mutate(func(b []byte) []byte {
			s := strings.Replace(string(b[16:16+hlen]), `"hidden":[7,5]`, `"hidden":[7,6]`, 1)
			return resum([]byte(string(b[:16]) + s + string(b[16+hlen:])))
		}), ErrMismatch, "W2"},
		{"nan", mutate(func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[16+hlen:], math.Float64bits(math.NaN()))
			return resum(b)
		}), ErrCorrupt, "non-finite"},
	} {
		_, err := Unmarshal(test.b)
		if !errors.Is(err, test.want) {
			t.Errorf("case %d (%s): %v, want %v", i, test.name, err, test.want)
		} else if !strings.Contains(err.Error(), test.text) {
			t.Errorf("case %d (%s): %q does not say %q", i, test.name, err, test.text)
		}
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	net, h := testNet(t)
	if _, err := New(net, h, "f16", nil); err == nil {
		t.Error("dtype f16 accepted")
	}
	h.Config.PCA = 100
	if _, err := New(net, h, "f64", nil); err == nil {
		t.Error("PCA model accepted")
	}
}

// FuzzUnmarshal checks that Unmarshal never panics and that whatever it
// accepts builds a network.
func FuzzUnmarshal(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.bppmodel"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Unmarshal(b)
		if err != nil {
			return
		}
		if _, err := c.Network(nil); err != nil {
			t.Fatalf("accepted a checkpoint whose network fails: %v", err)
		}
		again, err := c.Marshal()
		if err != nil {
			t.Fatalf("re-marshal: %v", err)
		}
		if _, err := Unmarshal(again); err != nil {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzUnmarshalBody fuzzes what follows the checksum: the input is a
// file without its last 4 bytes, and the harness appends the right CRC-32,
// so that the fuzzer's mutations reach the header, the metadata and the
// weights (FuzzUnmarshal's almost never pass the checksum).
func FuzzUnmarshalBody(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.bppmodel"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) >= 4 {
			f.Add(b[:len(b)-4])
		}
	}
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, body []byte) {
		b := binary.LittleEndian.AppendUint32(slices.Clip(body), crc32.ChecksumIEEE(body))
		c, err := Unmarshal(b)
		if err != nil {
			return
		}
		if _, err := c.Network(nil); err != nil {
			t.Fatalf("accepted a checkpoint whose network fails: %v", err)
		}
		again, err := c.Marshal()
		if err != nil {
			t.Fatalf("re-marshal: %v", err)
		}
		if _, err := Unmarshal(again); err != nil {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// TestWriteSeed keeps the fuzz corpus's seed file in step with the format.
func TestWriteSeed(t *testing.T) {
	net, h := testNet(t)
	c, _ := New(net, h, "f32", nil)
	b, _ := c.Marshal()
	path := filepath.Join("testdata", "small.bppmodel")
	old, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(old, b) {
		if os.Getenv("UPDATE_TESTDATA") == "" {
			t.Fatalf("%s is missing or stale: run UPDATE_TESTDATA=1 go test ./core/checkpoint/", path)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBadMetrics: metrics the pages would misprint are refused on load.
func TestBadMetrics(t *testing.T) {
	net, h := testNet(t)
	for _, m := range []map[string]float64{
		{"iters": 1e300}, {"iters": -1}, {"iters": 2.5}, {"val_acc": 2}, {"test_acc": -0.1}, {"seconds": 1e300},
	} {
		c, err := New(net, h, "f64", nil)
		if err != nil {
			t.Fatal(err)
		}
		c.Metrics = m
		b, err := c.Marshal()
		if err != nil {
			continue // refused on save as well: fine
		}
		if _, err := Unmarshal(b); err == nil || !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), "metric") {
			t.Errorf("metrics %v: %v, want a refusal naming the metric", m, err)
		}
	}
	c, _ := New(net, h, "f64", nil)
	c.Metrics = map[string]float64{"iters": 1200, "val_acc": 0.4, "seconds": 12.5, "loss": 1.9}
	b, _ := c.Marshal()
	if _, err := Unmarshal(b); err != nil {
		t.Errorf("good metrics refused: %v", err)
	}
}

// TestCheckPrefix: a file's start says whether its size fits, without the
// rest of it.
func TestCheckPrefix(t *testing.T) {
	net, h := testNet(t)
	c, err := New(net, h, "f64", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	size := int64(len(b))
	need, err := CheckPrefix(b[:16], size)
	if err != nil || need <= 16 || need > len(b) {
		t.Fatalf("first 16 bytes: need %d, %v", need, err)
	}
	if _, err := CheckPrefix(b[:need], size); err != nil {
		t.Errorf("the good file: %v", err)
	}
	if _, err := CheckPrefix(b[:need], 100<<20); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a 100 MB file with this header: %v, want ErrCorrupt", err)
	}
	if _, err := CheckPrefix([]byte("PNG....."), size); !errors.Is(err, ErrFormat) {
		t.Errorf("not a model: %v", err)
	}
}
