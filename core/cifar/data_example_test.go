package cifar_test

import (
	"github.com/backprop-playground/playground/core/cifar"
	"github.com/backprop-playground/playground/core/train"
)

// Data is what a Trainer draws its minibatches from.
var _ train.Data = (*cifar.Data)(nil)
