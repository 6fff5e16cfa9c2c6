// Command serve hosts the Backprop Playground. One binary holds everything
// the playground needs: the pages, the static files and the wasm binaries
// (package web), the CIFAR-10, digits and Fashion-MNIST samples and the
// pretrained models (package assets). With -data it also streams the full
// CIFAR-10 or Fashion-MNIST from a folder (-data may be given twice).
//
// Usage:
//
//	serve [-addr 127.0.0.1:8080] [-data DIR]... [-dev DIR]
//	serve -site DIR [-base /playground/] [-dev DIR]
//
// It prints the URL to open, logs one line per request on stderr, and stops
// gracefully on SIGINT or SIGTERM. See site for the routes.
//
// With -site it serves nothing: it writes a static copy of the site into
// DIR, for a plain host (GitHub Pages, S3, python3 -m http.server) to serve
// at the path -base (see writeStatic), and exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/backprop-playground/playground/web"

	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"
)

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	// go-app logs its server-side failures (e.g. a page that fails to
	// render) to stdout in colour: send them to the structured log instead.
	goapp.DefaultLogger = func(format string, v ...any) {
		slog.Warn(fmt.Sprintf(format, v...), "from", "go-app")
	}
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

// Server timeouts. Requests have no body, so reading one is quick. A whole
// response may take longer than writeTimeout only while it keeps moving:
// file downloads push their deadline stallTimeout ahead at each write (see
// keepAlive), so a 30 MB batch on a slow link finishes.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	shutdownTimeout   = 10 * time.Second
)

// run parses the flags, serves until ctx ends or a SIGINT or SIGTERM
// arrives, and then shuts down gracefully. It writes the URL to stdout and
// the logs to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on (loopback by default; port 0 picks a free one)")
	var dataDirs []string
	flags.Func("data", "folder with the full CIFAR-10 binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin, batches.meta.txt) "+
		"or the full Fashion-MNIST (train-images-idx3-ubyte.gz, … as Debian's dataset-fashion-mnist installs it); give -data twice for both", func(v string) error {
		dataDirs = append(dataDirs, v)
		return nil
	})
	devDir := flags.String("dev", "", "serve the web files from this folder (e.g. web/static) instead of the embedded ones")
	siteDir := flags.String("site", "", "write a static copy of the site into this folder (empty or new) and exit, instead of serving")
	siteBase := flags.String("base", "/", "with -site: the path the copy will be served at, e.g. /playground/ for http://host/playground/ (GitHub Pages: /REPOSITORY/)")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: serve [-addr 127.0.0.1:8080] [-data DIR]... [-dev DIR]\n       serve -site DIR [-base /playground/] [-dev DIR]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		flags.Usage()
		return fmt.Errorf("unexpected arguments: %q", flags.Args())
	}
	based := false
	flags.Visit(func(f *flag.Flag) { based = based || f.Name == "base" })
	switch {
	case based && *siteDir == "":
		return errors.New("-base applies to -site only: the server itself serves at /")
	case *siteDir != "" && len(dataDirs) > 0:
		return errors.New("-data cannot go with -site: a static copy holds the samples, not the full datasets")
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	webFS := web.FS()
	if *devDir != "" {
		root, err := os.OpenRoot(*devDir)
		if err != nil {
			return fmt.Errorf("-dev: %w", err)
		}
		defer root.Close()
		webFS = root.FS()
		logger.Info("serving web files from disk", "dir", *devDir)
	}
	c := config{Web: webFS, Data: embeddedData(), DataDirs: dataDirs, Logger: logger}
	if *siteDir != "" {
		// Warnings only (a missing app.wasm): the request log would list
		// every file.
		c.Base, c.Logger = *siteBase, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	s, err := newSite(c)
	if err != nil {
		return err
	}
	defer s.Close()
	if *siteDir != "" {
		files, bytes, err := s.writeStatic(*siteDir)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Backprop Playground: wrote a static copy to %s (%d files, %.1f MB) for a host to serve at %s\n",
			*siteDir, files, float64(bytes)/1e6, s.base)
		return nil
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	url := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(stdout, "Backprop Playground: open %s/\n", url)
	logger.Info("serving", "url", url, "data", strings.Join(dataDirs, ", "))

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		// Serve returned before any shutdown: the listener failed.
		return err
	case <-ctx.Done():
	}
	stop() // a second signal kills the process the default way
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Downloads still running after shutdownTimeout are cut.
		logger.Warn("closing connections that did not finish", "err", err)
		srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// displayAddr returns the address to put in a URL: a wildcard host (the
// server listens on every interface) becomes localhost.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
