// Package nn is the engine of the playground: a sequential multi-layer
// perceptron with hand-derived backpropagation, vectorized on gonum matrices.
//
// # Conventions
//
// Rows are samples (gonum is row-major). X is batch×in, a weight matrix W is
// in×out, a bias b is 1×out, and the scores Z are batch×classes. dW, db, dX and
// dY mean ∂J/∂W, ∂J/∂b, ∂J/∂X and ∂J/∂Y, where J is the mean loss over the
// batch plus the L2 penalty.
//
// # The report's two-layer net
//
// With Linear(W1, b1) → ReLU → Linear(W2, b2) → softmax the forward pass is
//
//	z2 = X W1 + b1,  a2 = relu(z2),  z3 = a2 W2 + b2,  P = softmax(z3)
//	J  = -1/N Σ log P[i, y_i] + reg (‖W1‖² + ‖W2‖²)
//
// (no 1/2 in front of the penalty), and the backward pass is
//
//	dz3 = (P - Δ) / N               Δ: the one-hot label matrix
//	dW2 = a2ᵀ dz3 + 2 reg W2        db2 = Σ_rows dz3
//	da2 = dz3 W2ᵀ                   dz2 = da2 ⊙ relu'(z2)
//	dW1 = Xᵀ dz2 + 2 reg W1         db1 = Σ_rows dz2
//
// Each Layer implements one line of this: Dense the linear maps, Activation
// the element-wise nonlinearities, and SoftmaxCrossEntropy the first line of
// the backward pass. Network chains any number of them.
//
// # Invariants
//
// Gradients accumulate: Backward adds into Param.Grad, and Network.ZeroGrad
// clears them (micrograd's zero_grad). Only an optimizer writes Param.Value.
// Matrix arguments are never modified, except the receiver or a dst argument.
// Shapes that the package builds itself are trusted and a mismatch is a
// programmer error that panics with an "nn: " message; everything a user can
// choose (sizes, names, rates) is checked by Spec.Validate first and reported
// as an error.
package nn
