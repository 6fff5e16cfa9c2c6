// Package train runs the training loop one step at a time, so that a
// browser worker can yield between steps and a command line can print a
// progress bar.
//
// A Trainer draws minibatches from a Data, runs Network.CostGrad, applies
// the optimizer with the scheduled learning rate, and reports each step as
// an Event. The report's SGD is reproduced exactly: with Sampling "choice"
// each batch is rng.Choice(N, batch) from the same generator that
// initialized the weights, and with the "step" schedule
//
//	per_epoch = max(N / batch, 1)          (a real division, as Python 3's)
//	if it % per_epoch == 0 { lr *= decay }  (after the update)
//
// which also marks the steps after which train and validation accuracies
// are measured (the notebook's epoch ends, it = 0 included).
//
// Config is every setting of a run with a declared text schema (Fields),
// shared by playground URLs, the command line and checkpoints.
package train
