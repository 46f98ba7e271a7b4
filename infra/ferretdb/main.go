// Command ferretdb runs FerretDB 1.x, a MongoDB-wire-compatible server, with the SQLite backend.
//
// It embeds FerretDB through its public `ferretdb` package instead of building FerretDB's own
// cmd: a plain `go install` of that cmd panics on the version file its release build generates.
// By default FerretDB listens on a private Unix socket behind a serializer that makes every
// request atomic (serializer.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data-dir", "", "directory for the SQLite databases (required)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	serialize := flag.Bool("serialize", true, "let one request at a time through, so single-document writes are atomic (see serializer.go)")
	pprofAddress := flag.String("pprof", "", "serve Go's pprof endpoints on this address (e.g. 127.0.0.1:6060); off when empty")
	flag.Parse()
	if *pprofAddress != "" {
		// net/http/pprof registers on the default mux: CPU profiles for finding what FerretDB
		// spends its time on (infra/README.md, "Profiling FerretDB").
		go func() { _ = http.ListenAndServe(*pprofAddress, nil) }()
	}

	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb: --data-dir is required")
		os.Exit(2)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: bad --log-level %q\n", *logLevel)
		os.Exit(2)
	}

	dir, err := filepath.Abs(*dataDir)
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: data directory: %v\n", err)
		os.Exit(1)
	}

	logger := slog.New(newLazyHandler(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})))

	listener := ferretdb.ListenerConfig{TCP: *listen}
	socket := filepath.Join(os.TempDir(), fmt.Sprintf("danvan-ferretdb-%d.sock", os.Getpid()))
	if *serialize {
		listener = ferretdb.ListenerConfig{Unix: socket}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: listener,
		Logger:   logger,
		Handler:  "sqlite",
		// The SQLite backend takes a directory URI; the trailing slash is required. FerretDB puts
		// the databases in WAL mode; synchronous=normal then commits without an fsync each time
		// (only checkpoints sync). A crash of the machine may lose the last commits, never
		// corrupt: right for development and test data, and it makes writes several times faster.
		SQLiteURL: "file:" + dir + "/?_pragma=synchronous(normal)",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if *serialize {
		front, err := net.Listen("tcp", *listen)
		if err != nil {
			fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
			os.Exit(1)
		}
		defer os.Remove(socket)
		s := &serializer{backend: socket, logger: logger}
		go func() {
			<-ctx.Done()
			front.Close()
		}()
		go func() {
			if err := s.serve(front); err != nil {
				logger.Error("serializer stopped", "error", err)
				stop()
			}
		}()
	}

	logger.Info("listening", "address", *listen, "data", dir, "serialized", *serialize)
	if err := f.Run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}
}
