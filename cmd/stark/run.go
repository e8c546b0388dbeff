package main

import (
	"context"
	"crypto/rand"
	"fmt"
	starkapi "github.com/stark-dev/stark"
	"io"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	starkwatch "github.com/stark-dev/stark/internal/watch"

	"github.com/stark-dev/stark/web"
)

// run serves an app (a directory of pages, or one page file) until SIGINT or
// SIGTERM.
func run(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("run")
	sf := addServerFlags(fs, "the app's files")
	cfgFile := fs.String("config", "", "the app's configuration file (default DIR/stark.toml, if there is one)")
	if code, ok := parseFlags(fs, args, 1, 1, stdout, stderr); !ok {
		return code
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
	wopts, err := sf.options(log)
	if err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 2
	}
	if wopts.Secret == nil {
		// One secret for every build of the app, so that a new stark.toml
		// keeps the logins it still allows (the server's restart does not).
		wopts.Secret = make([]byte, web.MinSecretBytes)
		rand.Read(wopts.Secret)
	}
	r := &runner{dir: dir, only: only, cfgFile: *cfgFile, wopts: wopts, log: log}
	if err := r.open(); err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 2
	}
	defer r.close()
	if pages, err := r.current().Pages(); err != nil || len(pages) == 0 {
		fmt.Fprintf(stderr, "stark run: %s has no pages (.star files whose names do not start with _)\n", dir)
		return 2
	}
	if a := os.Getenv("STARK_PPROF_ADDR"); a != "" {
		// A debugging aid: Go's profiler on a separate, local address.
		go func() {
			ps := web.HTTPServer(http.DefaultServeMux)
			ps.Addr = a
			log.Warn("pprof", "err", ps.ListenAndServe())
		}()
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	if !*sf.noWatch {
		match := func(rel string) bool {
			return strings.HasSuffix(rel, ".star") || rel == config.FileName && r.cfgFile == ""
		}
		stopWatch, err := starkwatch.Apply(ctx, dir, starkwatch.Options{Match: match}, r.changed, func(err error) { log.Warn("watch", "err", err) })
		if err != nil {
			log.Warn("not watching for changes", "err", err)
		} else {
			defer stopWatch()
			r.setWatched()
		}
	}
	hs := web.HTTPServer(r)
	ln, err := net.Listen("tcp", *sf.addr)
	if err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "stark: serving %s at http://%s\n", dir, ln.Addr())
	if err := serveUntil(ctx, hs, ln, func() { r.current().Shutdown() }); err != nil {
		fmt.Fprintf(stderr, "stark run: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "stark: stopped")
	return 0
}

// A runner is what `stark run` serves: an app of the public embedding API
// (the root package, stark.New), built again when the app's stark.toml
// changes. The command is the API's first user: what it serves, a Go
// program can serve the same way.
type runner struct {
	dir, only, cfgFile string
	wopts              web.Options
	log                *slog.Logger

	mu      sync.Mutex
	cur     *starkapi.App
	watched bool // the watcher runs: each app built trusts its stamps (host.App.SetWatched)
}

// setWatched tells the app, and every app built from now on, that the
// watcher runs.
func (r *runner) setWatched() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.watched = true
	r.cur.Host().SetWatched(true)
}

// build makes the app from the configuration file as it is now.
func (r *runner) build() (*starkapi.App, error) {
	var cfg *config.Config
	var err error
	if r.cfgFile != "" {
		cfg, err = config.LoadFile(r.cfgFile)
	} else {
		cfg, err = config.Load(r.dir)
	}
	if err != nil {
		return nil, err
	}
	if cfg.File != "" {
		r.log.Info("config", "file", cfg.File, "http_allow", len(cfg.HTTP.Allow), "connections", len(cfg.Connections))
	}
	if !cfg.Access.Public && os.Getenv("STARK_SECRET") == "" {
		r.log.Warn("access: STARK_SECRET is not set; logins are signed with a random secret and will not survive a restart")
	}
	wopts := r.wopts
	// The runner watches the files (stark.toml too) and tells the app.
	app, err := starkapi.New(starkapi.Options{Dir: r.dir, Only: r.only, Config: cfg, Logger: r.log, NoWatch: true, Server: &wopts})
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	app.Host().SetWatched(r.watched)
	r.mu.Unlock()
	return app, nil
}

func (r *runner) open() error {
	app, err := r.build()
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.cur = app
	r.mu.Unlock()
	return nil
}

func (r *runner) current() *starkapi.App {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cur
}

func (r *runner) close() { r.current().Close() }

func (r *runner) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.current().Handler().ServeHTTP(w, req)
}

// changed applies a batch of changed files: a new stark.toml builds the app
// again (its sessions end and the browsers reconnect to new ones, as under
// stark serve; an invalid file keeps the last good build), changed pages
// re-run their sessions.
func (r *runner) changed(files []string) {
	var pages []string
	for _, f := range files {
		if f == config.FileName {
			app, err := r.build()
			if err != nil {
				r.log.Error("config not reloaded; the app keeps its last good configuration", "err", err)
				continue
			}
			r.mu.Lock()
			old := r.cur
			r.cur = app
			r.mu.Unlock()
			r.log.Info("config reloaded: the app was rebuilt and its sessions started anew", "file", config.FileName)
			old.Shutdown()
			old.Close()
			return // every page compiled afresh
		}
		if strings.HasSuffix(f, ".star") {
			pages = append(pages, f)
		}
	}
	if len(pages) > 0 {
		r.current().Reload(pages...)
	}
}

// watch re-runs the sessions of pages whose files change, until ctx is done
// or the returned stop is called.
func watch(ctx context.Context, app *host.App, srv *web.Server, log *slog.Logger) (func(), error) {
	isPage := func(rel string) bool { return strings.HasSuffix(rel, ".star") }
	stop, err := starkwatch.Apply(ctx, app.Root, starkwatch.Options{Match: isPage},
		srv.ReloadPages, func(err error) { log.Warn("watch", "err", err) })
	if err == nil {
		app.SetWatched(true)
	}
	return stop, err
}

// webAccess is the server's form of an app's [access] table.
func webAccess(cfg *config.Config) *web.Access {
	a := cfg.Access
	w := &web.Access{Public: a.Public, Users: a.Users, Tokens: a.Tokens, OIDC: a.OIDC, Emails: a.Emails}
	if len(cfg.Auth) > 0 {
		w.Auth = make(map[string]web.OIDCProvider, len(cfg.Auth))
		for name, p := range cfg.Auth {
			w.Auth[name] = web.OIDCProvider{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Issuer: p.Issuer, MetadataURL: p.MetadataURL, Scopes: p.Scopes}
		}
	}
	return w
}
