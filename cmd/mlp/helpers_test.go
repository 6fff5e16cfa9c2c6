package main

import "bytes"

// mlp runs the command line and returns its exit code and outputs.
func mlp(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}
