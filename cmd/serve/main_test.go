package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// urlPattern finds the URL in the line run prints.
var urlPattern = regexp.MustCompile(`http://[^\s/]+`)

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestRunFlags(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "nope")
	for i, test := range []struct {
		args []string
		want string // in the error
	}{
		{[]string{"-nope"}, "not defined"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-data", missing}, "-data"},
		{[]string{"-dev", missing}, "-dev"},
		{[]string{"-addr", "256.0.0.1:1"}, "256.0.0.1"},
	} {
		err := run(context.Background(), test.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%d: run %q: error %v, want one containing %q", i, test.args, err, test.want)
		}
	}
	if err := run(context.Background(), []string{"-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run -h: %v, want flag.ErrHelp", err)
	}
}

// TestRunShutdown starts the server, fetches the page and cancels the
// context: run must return nil (http.ErrServerClosed is a clean exit).
func TestRunShutdown(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	stdout := writerFunc(func(p []byte) (int, error) {
		if u := urlPattern.Find(p); u != nil {
			urls <- string(u)
		}
		return len(p), nil
	})
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, stdout, &logs) }()
	var url string
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatalf("run stopped at start: %v", err)
	case <-time.After(5 * time.Minute): // a hang guard, not a speed requirement
		t.Fatal("no URL printed within 5 min")
	}
	res, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET /: status %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel: %v, want nil", err)
		}
	case <-time.After(5 * time.Minute):
		t.Fatal("run did not return within 5 min of the cancel")
	}
	if !strings.Contains(logs.String(), "msg=http") || !strings.Contains(logs.String(), "status=200") {
		t.Errorf("no access log line for GET /:\n%s", logs.String())
	}
}
