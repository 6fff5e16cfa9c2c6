package cifar

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// featureStats returns, over all images of s preprocessed by p, the mean of
// each feature and the mean and standard deviation of each channel.
func featureStats(s *Set, p *Preprocess) (feature []float64, mean, std [Channels]float64) {
	feature = make([]float64, ImageBytes)
	row := make([]float64, ImageBytes)
	var sum, sq [Channels]float64
	for i := range s.Len() {
		p.Apply(row, s.Image(i))
		for j, v := range row {
			feature[j] += v
			sum[j/PlaneBytes] += v
			sq[j/PlaneBytes] += v * v
		}
	}
	n := float64(s.Len())
	for j := range feature {
		feature[j] /= n
	}
	for c := range Channels {
		mean[c] = sum[c] / (n * PlaneBytes)
		std[c] = math.Sqrt(sq[c]/(n*PlaneBytes) - mean[c]*mean[c])
	}
	return feature, mean, std
}

func TestPreprocessFull(t *testing.T) {
	t.Parallel()
	d := fullData(t)
	// The report's preprocessing: subtracting the mean training image
	// leaves every feature with mean 0 over the training split.
	p, err := FitPreprocess(KindMeanImage, d.Train)
	if err != nil {
		t.Fatal(err)
	}
	feature, _, _ := featureStats(d.Train, p)
	for j, v := range feature {
		if math.Abs(v) > 1e-9 {
			t.Fatalf("mean-image: feature %d has mean %g over train, want 0", j, v)
		}
	}
	// Per-channel standardization: mean 0 and std 1 per channel.
	p, err = FitPreprocess(KindChannel, d.Train)
	if err != nil {
		t.Fatal(err)
	}
	_, mean, std := featureStats(d.Train, p)
	for c := range Channels {
		if math.Abs(mean[c]) > 1e-9 || math.Abs(std[c]-1) > 1e-9 {
			t.Errorf("channel %d: mean %g std %g over train, want 0 and 1", c, mean[c], std[c])
		}
	}
}

func TestPreprocessSynthetic(t *testing.T) {
	t.Parallel()
	s := synthetic(37, 3)
	for _, kind := range Kinds() {
		p, err := FitPreprocess(kind, s)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if p.Kind != kind {
			t.Errorf("FitPreprocess(%q) has Kind %q", kind, p.Kind)
		}
		feature, mean, std := featureStats(s, p)
		for c := range Channels {
			var fm float64 // mean of the channel's per-feature means
			for _, v := range feature[c*PlaneBytes : (c+1)*PlaneBytes] {
				fm += v / PlaneBytes
			}
			switch kind {
			case KindMeanImage:
				for j, v := range feature[c*PlaneBytes : (c+1)*PlaneBytes] {
					if math.Abs(v) > 1e-9 {
						t.Fatalf("%s: feature %d mean %g, want 0", kind, c*PlaneBytes+j, v)
					}
				}
			case KindChannel:
				if math.Abs(mean[c]) > 1e-9 || math.Abs(std[c]-1) > 1e-9 {
					t.Errorf("%s: channel %d mean %g std %g, want 0 and 1", kind, c, mean[c], std[c])
				}
			case KindNone:
				if math.Abs(mean[c]-127.5) > 2 { // uniform random bytes
					t.Errorf("%s: channel %d mean %g, want about 127.5", kind, c, mean[c])
				}
			}
		}
		// The statistics travel with a model as JSON.
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var q Preprocess
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if q.Kind != p.Kind || !slices.Equal(q.Mean, p.Mean) || !slices.Equal(q.Std, p.Std) {
			t.Errorf("%s: JSON round trip changed the statistics", kind)
		}
	}
}

func TestPreprocessApply(t *testing.T) {
	t.Parallel()
	img := synthetic(1, 9).Image(0)
	dst := make([]float64, ImageBytes)
	mean := make([]float64, ImageBytes)
	for j := range mean {
		mean[j] = float64(j % 7)
	}
	for i, test := range []struct {
		p    *Preprocess
		want func(j int, v uint8) float64
	}{
		{nil, func(j int, v uint8) float64 { return float64(v) }},
		{&Preprocess{}, func(j int, v uint8) float64 { return float64(v) }},
		{&Preprocess{Kind: KindNone}, func(j int, v uint8) float64 { return float64(v) }},
		{&Preprocess{Kind: KindMeanImage, Mean: mean}, func(j int, v uint8) float64 { return float64(v) - float64(j%7) }},
		{&Preprocess{Kind: KindChannel, Mean: []float64{1, 2, 3}, Std: []float64{2, 4, 0.5}},
			func(j int, v uint8) float64 {
				c := j / PlaneBytes
				return (float64(v) - float64(c+1)) / []float64{2, 4, 0.5}[c]
			}},
	} {
		if err := test.p.Validate(); err != nil {
			t.Errorf("case %d: %v", i, err)
		}
		test.p.Apply(dst, img)
		for j, v := range img {
			if want := test.want(j, v); math.Abs(dst[j]-want) > 1e-12 {
				t.Fatalf("case %d: feature %d = %g, want %g", i, j, dst[j], want)
			}
		}
	}
	for i, test := range []struct {
		fn  func()
		msg string
	}{
		{func() { (*Preprocess)(nil).Apply(dst[:10], img) }, "cifar: preprocess 3072 bytes into 10 features, want an image of 3072 or 784"},
		{func() { (&Preprocess{Kind: KindMeanImage}).Apply(dst, img) }, "cifar: mean-image preprocessing has 0 means, want 3072"},
		{func() { (&Preprocess{Kind: KindChannel, Mean: []float64{1}}).Apply(dst, img) },
			"cifar: channel preprocessing has 1 means and 0 stds, want 3"},
		{func() { (&Preprocess{Kind: "zca"}).Apply(dst, img) }, `cifar: unknown preprocessing kind "zca"`},
	} {
		if p, msg := panics(test.fn); !p || msg != test.msg {
			t.Errorf("panic case %d: panicked %v with %q, want %q", i, p, msg, test.msg)
		}
	}
}

func TestPreprocessErrors(t *testing.T) {
	t.Parallel()
	if _, err := FitPreprocess("zca", synthetic(2, 1)); err == nil ||
		err.Error() != `cifar: unknown preprocessing kind "zca", want one of none, mean-image, channel` {
		t.Errorf("unknown kind: error %v", err)
	}
	if _, err := FitPreprocess(KindMeanImage, &Set{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty set: error %v, want ErrEmpty", err)
	}
	if _, err := FitPreprocess(KindChannel, nil); err == nil {
		t.Error("nil set: no error")
	}
	// A constant channel gets std 1, not a division by zero.
	flat := &Set{Pixels: make([]uint8, ImageBytes), Labels: []uint8{0}}
	if p, err := FitPreprocess(KindChannel, flat); err != nil || !slices.Equal(p.Std, []float64{1, 1, 1}) {
		t.Errorf("flat image: %v, %v, want std 1", p, err)
	}
	for i, test := range []struct {
		json string
		err  string
	}{
		{`{"kind":"none"}`, ""},
		{`{}`, ""},
		{`{"kind":"channel","mean":[1,2,3],"std":[1,2,3]}`, ""},
		{`{"kind":"zca"}`, `cifar: unknown preprocessing kind "zca", want one of none, mean-image, channel`},
		{`{"kind":"mean-image","mean":[1,2]}`, `cifar: "mean-image" preprocessing has 2 means and 0 stds, want 3072 and 0`},
		{`{"kind":"channel","mean":[1,2,3],"std":[1,0,3]}`, `cifar: "channel" preprocessing: std[1] = 0, want a finite positive number`},
		{`{"kind":"channel","mean":[1,2,3],"std":[1,-2,3]}`, `cifar: "channel" preprocessing: std[1] = -2, want a finite positive number`},
		{`{"kind":"none","mean":[1]}`, `cifar: "none" preprocessing has 1 means and 0 stds, want 0 and 0`},
		{`{"kind":"channel","mean":[1,2,1e999],"std":[1,2,3]}`, "json: cannot unmarshal…"},
		{`[1]`, "json: cannot unmarshal…"},
	} {
		var p Preprocess
		err := json.Unmarshal([]byte(test.json), &p)
		switch prefix, cut := strings.CutSuffix(test.err, "…"); {
		case test.err == "" && err != nil:
			t.Errorf("case %d: unexpected error %v", i, err)
		case test.err != "" && err == nil:
			t.Errorf("case %d: no error, want %q", i, test.err)
		case cut && !strings.HasPrefix(err.Error(), prefix):
			t.Errorf("case %d: error %q, want %q", i, err, test.err)
		case !cut && test.err != "" && err.Error() != test.err:
			t.Errorf("case %d: error\n got %q\nwant %q", i, err, test.err)
		}
	}
}
