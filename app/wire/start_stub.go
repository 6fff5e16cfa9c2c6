//go:build !(js && wasm)

package wire

import (
	"errors"

	"github.com/backprop-playground/playground/msg"
)

// Start needs a browser: natively, where go-app prerenders the pages and
// tests run, it returns an error (tests use New).
func Start(string, func(func()), func(msg.Event)) (*Client, error) {
	return nil, errors.New("not in a browser")
}
