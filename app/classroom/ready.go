package classroom

import (
	"github.com/backprop-playground/playground/core/plane"
	"github.com/backprop-playground/playground/core/train"
)

// ready maps each shipped scenario's key (the link's "scenario") to a
// function that builds it afresh.
var ready = map[string]func() Scenario{
	"spiral":     spiral,
	"toy":        toyNet,
	"bad-init":   badInit,
	"overfit-l2": overfitL2,
	"high-lr":    highLR,
}

// readyOrder is the order a menu lists them in.
var readyOrder = []string{"spiral", "toy", "bad-init", "overfit-l2", "high-lr"}

// ReadyKeys returns the keys of the shipped scenarios, in menu order.
func ReadyKeys() []string { return append([]string(nil), readyOrder...) }

// Ready returns the shipped scenario with the given key.
func Ready(key string) (Scenario, bool) {
	f, ok := ready[key]
	if !ok {
		return Scenario{}, false
	}
	return f(), true
}

// dataControls are the dataset's controls, hidden when a lesson depends on
// its data.
var dataControls = []string{"data", "classes", "points", "noise", "split", "dseed", "features", "addpoints"}

func spiral() Scenario {
	s := Default()
	s.Title = "Three-class spiral"
	s.Text = "A 2-16-16-3 ReLU network trained with Adam separates three interleaved spiral arms; " +
		"it passes 95% test accuracy after a few hundred steps.\n\n" +
		"The background shows the class the network predicts at each point of the plane, paler where it is unsure. " +
		"Discs are training points, diamonds test points. Click the plane to add points of a class, " +
		"or change the number of classes and the noise."
	return s
}

// toyNet is the report's toy problem (core/toy): the step-through shows its
// forward and backward pass with the loss's reg 0.05, and an update with
// the notebook's lr 0.1.
func toyNet() Scenario {
	return Scenario{
		Title: "The report's toy net",
		Text: "A 4-10-3 ReLU network on five points, with the report's weights (0.1 · randn from numpy's seed 0) " +
			"and data (10 · randn from seed 1, labels 0 1 2 2 1).\n\n" +
			"Step forward through z2 = X W1 + b1, the ReLU, the scores z3 and the softmax loss with reg 0.05, " +
			"then backward from dJ/dz3 = (softmax − Δ)/N through dW2, db2, the ReLU mask and dz2 down to dW1, db1 " +
			"and the update. Every number is the report's, and each analytic gradient is shown beside its numerical estimate.",
		View: ViewSteps,
		Data: plane.Spec{Name: ToyData, Classes: 3, Points: 5, Seed: 1},
		Config: train.Config{Data: ToyData, Hidden: []int{10}, Activation: "relu", Init: "std", Std: 0.1,
			Optimizer: "sgd", LR: 0.1, Schedule: "step", Decay: 0.95, Momentum: 0.9, Reg: 0.05,
			Batch: 200, Iters: 100, Sampling: "choice", Preprocess: "none", Seed: 0},
		Hide: []string{"data", "classes", "points", "noise", "split", "dseed", "addpoints", "regions", "neurons"},
	}
}

// badInit puts the report's std 1e-4 initialization beside He's on a
// 5-layer net (TestBadInit measures both).
func badInit() Scenario {
	c := train.Config{Data: "spiral", Hidden: []int{32, 32, 32, 32}, Activation: "relu", Init: "std", Std: 1e-4,
		Optimizer: "sgd", LR: 0.1, Schedule: "constant", Decay: 1, Momentum: 0.9, Batch: 32, Iters: 2000,
		Sampling: "shuffle", Preprocess: "none", Seed: 1}
	he := c
	he.Hidden = append([]int(nil), c.Hidden...)
	he.Init = "he"
	return Scenario{
		Title: "Why deep nets collapse with a bad init",
		Text: "Two 5-layer ReLU networks (2-32-32-32-32-3) learn the same spiral with the same SGD.\n\n" +
			"Left: the report's initialization, weights = 1e-4 · randn. Each layer scales the signal by about " +
			"1e-4 · √32 / √2 ≈ 4e-4, so four layers in, the activations are around 1e-14, and the gradients that " +
			"reach the first layers are as small. The network predicts the same class everywhere and stays at chance (33%).\n\n" +
			"Right: He initialization, weights = randn · √(2 / inputs), keeps the signal's scale through every layer, " +
			"and the same network learns the spiral.",
		View:    ViewTrain,
		Data:    plane.DefaultSpec(),
		Config:  c,
		Compare: &he,
		Hide:    append([]string(nil), dataControls...),
	}
}

// overfitL2 trains a large net on few noisy points, without and with L2
// (TestOverfitL2 measures both).
func overfitL2() Scenario {
	c := train.Config{Data: "moons", Hidden: []int{64, 64}, Activation: "relu", Init: "he",
		Optimizer: "adam", LR: 0.01, Schedule: "constant", Decay: 1, Momentum: 0.9, Batch: 16, Iters: 2000,
		Sampling: "shuffle", Preprocess: "none", Seed: 1}
	l2 := c
	l2.Hidden = append([]int(nil), c.Hidden...)
	l2.Reg = 0.01
	return Scenario{
		Title: "Overfitting and L2",
		Text: "Forty noisy points to learn from, 160 to test on, and a large network (2-64-64-2).\n\n" +
			"Left, no regularization: the boundary bends around every training point, training accuracy reaches 100%, " +
			"and the test points (diamonds) do worse.\n\n" +
			"Right, L2 regularization with reg = 0.01 adds reg · ‖W‖² to the loss: smaller weights, a smoother boundary, " +
			"lower training accuracy and better test accuracy. Try other values of reg, or more points.",
		View:    ViewTrain,
		Data:    plane.Spec{Name: "moons", Classes: 2, Points: 200, Noise: 0.3, Split: 0.2, Seed: 1},
		Config:  c,
		Compare: &l2,
		Hide:    []string{"data", "classes", "dseed", "addpoints"},
	}
}

// highLR trains with plain SGD at learning rate 3 beside 0.1 (TestHighLR
// measures both).
func highLR() Scenario {
	c := train.Config{Data: "spiral", Hidden: []int{16, 16}, Activation: "relu", Init: "he",
		Optimizer: "sgd", LR: 3, Schedule: "constant", Decay: 1, Momentum: 0.9, Batch: 32, Iters: 2000,
		Sampling: "shuffle", Preprocess: "none", Seed: 1}
	slow := c
	slow.Hidden = append([]int(nil), c.Hidden...)
	slow.LR = 0.1
	return Scenario{
		Title: "Learning rate too high",
		Text: "Plain SGD on the spiral with learning rate 3 (left) and 0.1 (right).\n\n" +
			"Each step moves the weights by the learning rate times the gradient. Too large a step jumps across the " +
			"valley of the loss instead of going down into it: the loss jumps around, and ReLU units thrown far " +
			"negative stop passing any gradient, for good. The network ends near chance.\n\n" +
			"Lower the learning rate on the left and train again: where does it start to work?",
		View:    ViewTrain,
		Data:    plane.DefaultSpec(),
		Config:  c,
		Compare: &slow,
		Hide:    append([]string(nil), dataControls...),
	}
}
