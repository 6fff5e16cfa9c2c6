package cifar_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/backprop-playground/playground/core/cifar"
)

func ExampleDecode() {
	// Two records: label 6 with a black image, label 9 with a white one.
	var buf bytes.Buffer
	buf.WriteByte(6)
	buf.Write(make([]byte, cifar.ImageBytes))
	buf.WriteByte(9)
	buf.Write(bytes.Repeat([]byte{255}, cifar.ImageBytes))

	s, err := cifar.Decode(&buf, "two.bin")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Len(), s.Labels, s.Image(1)[0])
	// Output: 2 [6 9] 255
}

func ExampleDecode_error() {
	b := make([]byte, 13*cifar.RecordBytes)
	b[12*cifar.RecordBytes] = 11 // the label of record 12
	_, err := cifar.Decode(bytes.NewReader(b), "data_batch_1.bin")
	fmt.Println(err)
	fmt.Println(errors.Is(err, cifar.ErrLabel))
	// Output:
	// cifar: data_batch_1.bin: record 12 (offset 36876): label 11 out of range [0,9]
	// true
}

// source adapts math/rand/v2 to the two methods Batch draws with; in the
// program, pass a *rng.RandomState.
type source struct{ *rand.Rand }

func (s source) Intn(n int) int { return s.IntN(n) }

func ExampleSet_Batch() {
	// A training set of four grey images.
	train := &cifar.Set{Pixels: make([]uint8, 4*cifar.ImageBytes), Labels: []uint8{0, 1, 2, 3}}
	for i := range train.Pixels {
		train.Pixels[i] = uint8(10 * (i / cifar.ImageBytes))
	}
	p, err := cifar.FitPreprocess(cifar.KindMeanImage, train)
	if err != nil {
		fmt.Println(err)
		return
	}
	aug := &cifar.Augment{FlipH: true, FlipV: true}
	src := source{rand.New(rand.NewPCG(1, 2))}
	labels := make([]int, 2)
	X := train.Batch(nil, labels, []int{3, 0}, p, aug, src)
	r, c := X.Dims()
	fmt.Println(r, c, labels, X.At(0, 0), X.At(1, 0))
	// Output: 2 3072 [3 0] 15 -15
}
