package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

// serve serves every app of a directory, each under /<name>/, until SIGINT
// or SIGTERM (docs/serve.md).
func serve(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve")
	sf := addServerFlags(fs, "APPS_DIR")
	isolate := fs.String("isolate", "none", "none: every app runs in this process; process: each app runs in a worker process of its own under an operating-system memory limit")
	hosts := map[string]string{}
	fs.Func("host", "`HOST=APP`: serve APP alone on host name HOST, its / going to the app (repeatable)", func(v string) error {
		h, app, ok := strings.Cut(v, "=")
		if !ok || h == "" || app == "" {
			return fmt.Errorf("want HOST=APP, got %q", v)
		}
		hosts[strings.ToLower(h)] = app
		return nil
	})
	if code, ok := parseFlags(fs, args, 1, 1, stdout, stderr); !ok {
		return code
	}
	if *isolate != "none" && *isolate != "process" {
		fmt.Fprintf(stderr, "stark serve: --isolate is none or process, not %q\n", *isolate)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if percent, limit := tuneGC(); percent > 0 || limit > 0 {
		log.Debug("gc", "percent", percent, "memory_limit", limit)
	}
	root := fs.Arg(0)
	wopts, err := sf.options(log)
	if err != nil {
		fmt.Fprintf(stderr, "stark serve: %v\n", err)
		return 2
	}
	mopts := web.MultiOptions{
		Server:        wopts,
		Open:          openApp(log),
		OperatorToken: os.Getenv("STARK_OPERATOR_TOKEN"),
		Hosts:         hosts,
	}
	if *isolate == "process" {
		secret := wopts.Secret
		if secret == nil {
			// One secret for all the workers and their restarts, so that a
			// restart keeps the logins.
			secret = make([]byte, 32)
			rand.Read(secret)
		}
		if mopts.Worker, err = workerOptions(sf, secret, stderr); err != nil {
			fmt.Fprintf(stderr, "stark serve: %v\n", err)
			return 2
		}
	}
	m, err := web.NewMulti(root, mopts)
	if err != nil {
		fmt.Fprintf(stderr, "stark serve: %v\n", err)
		return 2
	}
	defer m.Close()
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	if !*sf.noWatch {
		stop, err := m.Watch(ctx)
		if err != nil {
			log.Warn("not watching for changes", "err", err)
		} else {
			defer stop()
		}
	}
	if late := m.WaitReady(30 * time.Second); len(late) > 0 {
		log.Warn("workers not ready yet; their apps answer once they are", "apps", late)
	}
	srv := web.HTTPServer(m)
	ln, err := net.Listen("tcp", *sf.addr)
	if err != nil {
		fmt.Fprintf(stderr, "stark serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "stark: serving the apps of %s at http://%s (%s)\n", root, ln.Addr(), strings.Join(m.Apps(), ", "))
	if err := serveUntil(ctx, srv, ln, m.Close); err != nil {
		fmt.Fprintf(stderr, "stark serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "stark: stopped")
	return 0
}

// openApp builds the app of a directory of stark serve with its
// stark.toml, as stark run does.
func openApp(log *slog.Logger) func(dir string) (*host.App, *web.Access, error) {
	return func(dir string) (*host.App, *web.Access, error) {
		cfg, err := config.LoadApp(dir, filepath.Base(dir))
		if err != nil {
			return nil, nil, err
		}
		opts := cfg.Options(starlib.Options(host.Limits{}))
		opts.Logger = log.With("app", filepath.Base(dir))
		if opts.Limits.Runs == 0 {
			opts.Limits.Runs = host.SharedRuns() // one core is left to the other apps
		}
		app, err := host.NewApp(dir, opts)
		if err != nil {
			return nil, nil, err
		}
		return app, webAccess(cfg), nil
	}
}
