package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	starkwatch "github.com/stark-dev/stark/watch"
	"github.com/stark-dev/stark/web"
)

// run serves an app (a directory of pages, or one page file) until SIGINT or
// SIGTERM.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf := addServerFlags(fs, "the app's files")
	cfgFile := fs.String("config", "", "the app's configuration file (default DIR/stark.toml, if there is one)")
	valued := map[string]bool{"config": true}
	for k := range serverValued {
		valued[k] = true
	}
	if err := fs.Parse(reorder(args, valued)); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: stark run DIR|FILE [--addr 127.0.0.1:8501] [--no-watch] [--config FILE]")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if percent, limit := tuneGC(); percent > 0 || limit > 0 {
		log.Debug("gc", "percent", percent, "memory_limit", limit)
	}
	target := fs.Arg(0)
	dir, only := target, ""
	if fi, err := os.Stat(target); err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 2
	} else if !fi.IsDir() {
		dir, only = filepath.Dir(target), filepath.Base(target)
	}
	var cfg *config.Config
	var err error
	if *cfgFile != "" {
		cfg, err = config.LoadFile(*cfgFile)
	} else {
		cfg, err = config.Load(dir)
	}
	if err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 2
	}
	opts := cfg.Options(starlib.Options(host.Limits{}))
	opts.Only = only
	opts.Logger = log
	app, err := host.NewApp(dir, opts)
	if err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 2
	}
	defer app.Close()
	if cfg.File != "" {
		log.Info("config", "file", cfg.File, "http_allow", len(cfg.HTTP.Allow), "connections", len(cfg.Connections))
	}
	if pages, err := app.Pages(); err != nil || len(pages) == 0 {
		fmt.Fprintf(stderr, "stark run: %s has no pages (.star files whose names do not start with _)\n", dir)
		return 2
	}
	wopts, err := sf.options(log)
	if err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 2
	}
	wopts.Access = webAccess(cfg.Access)
	srv, err := web.New(app, wopts)
	if err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 1
	}
	if a := os.Getenv("STARK_PPROF_ADDR"); a != "" {
		// A debugging aid: Go's profiler on a separate, local address.
		go func() { log.Warn("pprof", "err", http.ListenAndServe(a, nil)) }()
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	if !*sf.noWatch {
		stopWatch, err := watch(ctx, app, srv, log)
		if err != nil {
			log.Warn("not watching for changes", "err", err)
		} else {
			defer stopWatch()
		}
	}
	err = srv.ListenAndServe(ctx, *sf.addr, func(a string) {
		fmt.Fprintf(stderr, "stark: serving %s at http://%s\n", dir, a)
	})
	if err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "stark: stopped")
	return 0
}

// watch re-runs the sessions of pages whose files change, until ctx is done
// or the returned stop is called.
func watch(ctx context.Context, app *host.App, srv *web.Server, log *slog.Logger) (func(), error) {
	w, err := starkwatch.New(app.Root, starkwatch.Options{Match: func(rel string) bool { return strings.HasSuffix(rel, ".star") }})
	if err != nil {
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case err := <-w.Errors():
				log.Warn("watch", "err", err)
			case ch, ok := <-w.Changes():
				if !ok {
					return
				}
				r := app.Reload(ch.Files)
				n := srv.Sessions().Reload(r)
				attrs := []any{"files", ch.Files, "pages", r.Affected, "sessions_rerun", n}
				for page, e := range r.Errors {
					attrs = append(attrs, "error", page+": "+e.Error())
				}
				log.Info("reload", attrs...)
			}
		}
	}()
	return func() {
		w.Close()
		<-done
	}, nil
}

// webAccess is the server's form of an app's [access] table.
func webAccess(a config.Access) *web.Access {
	return &web.Access{Public: a.Public, Users: a.Users, Tokens: a.Tokens}
}
