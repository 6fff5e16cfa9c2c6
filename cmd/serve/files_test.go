package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"
)

// TestSlowDownload checks the write deadlines: a download that keeps
// moving may outlast the server's WriteTimeout, and one whose client stops
// reading is cut after the stall timeout. The pauses of the reader are the
// test's input (time must pass for a deadline to matter); nothing is timed:
// the stalled reader waits until the server's handler has given up.
func TestSlowDownload(t *testing.T) {
	t.Parallel()
	const (
		writeTimeout = 300 * time.Millisecond
		stall        = 300 * time.Millisecond
	)
	// Larger than the socket buffers on both ends, so that a client that
	// stops reading blocks the server's writes.
	big := bytes.Repeat([]byte("0123456789abcdef"), 4<<20) // 64 MiB
	f := newFiles(fstest.MapFS{"big.bin": {Data: big}})
	f.stall = stall
	served := make(chan struct{}, 2) // a handler returned
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { served <- struct{}{} }()
		if err := f.serve(w, r, "big.bin"); err != nil {
			t.Error(err)
		}
	}))
	ts.Config.WriteTimeout = writeTimeout
	ts.Start()
	defer ts.Close()

	// A slow reader: 64 MiB in steps, each pause shorter than the stall
	// time, all of them together longer than the WriteTimeout.
	res, err := http.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for {
		m, err := io.CopyN(io.Discard, res.Body, 8<<20)
		n += m
		if err != nil {
			break
		}
		time.Sleep(writeTimeout / 4) // the reader's pause (8 of them: twice the WriteTimeout)
	}
	res.Body.Close()
	<-served
	if n != int64(len(big)) {
		t.Errorf("slow reader got %d of %d bytes; want all, though it took longer than the WriteTimeout (%v)", n, len(big), writeTimeout)
	}

	// A stalled reader: takes a little, then nothing until the server's
	// handler has returned (it cuts the response after the stall time).
	res, err = http.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(io.Discard, res.Body, 1<<20); err != nil {
		t.Fatal(err)
	}
	<-served
	rest, _ := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if got := 1<<20 + rest; got >= int64(len(big)) {
		t.Errorf("stalled reader got all %d bytes; want the server to cut it", got)
	}
}
