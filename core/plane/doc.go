// Package plane generates the playground's 2D classification datasets:
// spiral, circles, XOR, Gaussian clusters and moons, each with any number
// of classes k ≥ 2 (TensorFlow Playground has two), a noise level, a
// train/test split and points added by hand.
//
// # Usage
//
//	set, err := plane.Generate(plane.Spec{Name: "spiral", Classes: 3, Points: 600, Noise: 0.05, Split: 0.5, Seed: 1})
//	if err != nil { ... }                    // a *nn.ConfigError naming the field
//	tr, te := set.TrainData(), set.TestData() // train.Matrix: X is n×2, Y the labels
//	t, err := train.NewTrainer(cfg, net, tr, te, src)
//
// # Invariants
//
// Generate is deterministic: the same Spec (Seed included) gives the same
// points in the same order, because every random draw comes from a core/rng
// generator seeded with Spec.Seed and nothing depends on map order. amd64
// and wasm give identical bits; a CPU that fuses multiply-adds (arm64) may
// differ in the last bits of a coordinate.
//
// Every coordinate lies in [-1, 1]: the clean shapes are drawn inside that
// square and noisy points are clamped to it. Points added by hand must lie
// in it too.
//
// Classes are balanced: with n points and k classes, class c has n/k points,
// plus one for the first n mod k classes. The split is stratified: each
// class sends round(Split·n_c) of its points to the training set, so both
// sets keep the balance.
//
// # The k-class shapes
//
// Each generator reduces to TensorFlow Playground's (src/dataset.ts) for
// k = 2, up to scale, and generalizes it so that the classes stay
// symmetric and equally hard:
//
//	spiral   k arms starting 2π/k apart, each one turn long
//	circles  k concentric rings of equal width (class 0 is the central disc)
//	xor      2k angular sectors, class = sector mod k (opposite sectors share
//	         a class); for k = 2 these are the four quadrants of XOR
//	gauss    k Gaussian blobs evenly spaced on a circle
//	moons    k interleaved half circles, alternately opening down and up,
//	         each hooking into its neighbours (scikit-learn's make_moons for k = 2)
//
// Noise is the standard deviation of a Gaussian jitter added to each
// coordinate, in input units (the square is 2 wide): 0 gives clean shapes,
// 0.05 is visible, 0.2 blurs neighbouring classes together.
package plane
