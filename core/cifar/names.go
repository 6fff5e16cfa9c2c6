package cifar

// ClassNames returns CIFAR-10's class names in label order, as the
// dataset's batches.meta.txt lists them (Krizhevsky, "Learning Multiple
// Layers of Features from Tiny Images", 2009): ClassNames()[l] names label
// l. The slice is the caller's.
func ClassNames() []string {
	return []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}
}
