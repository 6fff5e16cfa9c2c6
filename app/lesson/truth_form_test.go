package lesson

import (
	"testing"

	"github.com/backprop-playground/playground/core/train"
)

// TestFieldMessage: the step-through's form names settings as it labels
// them and says what is wrong in a sentence, not the engine's
// `invalid hidden[0] "abc"`.
func TestFieldMessage(t *testing.T) {
	t.Parallel()
	for _, test := range []struct{ key, value, want string }{
		{"hidden", "abc", `Hidden layers: layer 1, "abc", is not usable: it must be a whole number.`},
		{"hidden", "4,x", `Hidden layers: layer 2, "x", is not usable: it must be a whole number.`},
		{"lr", "-1", `Learning rate: -1 is not usable: it must be a number above 0.`},
		{"std", "big", `Init std: "big" is not usable: it must be a number.`},
	} {
		c := train.Default()
		err := c.Set(test.key, test.value)
		if err == nil {
			err = c.Validate()
		}
		if err == nil {
			t.Fatalf("%s=%s: no error", test.key, test.value)
		}
		if got := fieldMessage(err); got != test.want {
			t.Errorf("%s=%s: %q, want %q", test.key, test.value, got, test.want)
		}
	}
}
