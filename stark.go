// Package stark embeds stark in a Go program: the program serves Starlark
// pages from inside itself (from an embed.FS, or any fs.FS), on its own
// mux, under its own authentication, and gives the pages Go builtins of its
// own.
//
//	//go:embed dashboards
//	var files embed.FS
//
//	pages, _ := fs.Sub(files, "dashboards")
//	app, err := stark.New(stark.Options{
//		Pages:    pages,
//		Base:     "/dash",
//		Modules:  starlark.StringDict{"orders": ordersModule},
//		Identity: func(r *http.Request) (*stark.User, error) { ... },
//	})
//	if err != nil { ... }
//	defer app.Close()
//	mux.Handle("/dash/", http.StripPrefix("/dash", app.Handler()))
//
// A Go builtin reaches the run that calls it through its thread, as stark's
// own builtins do: [host.ContextFor] returns the run's ScriptRunContext (or
// the standard "missing ScriptRunContext" error on a worker spawned without
// context=True), and [host.SandboxFor] the run's sandbox, whose Context
// method gives blocking Go work a context.Context that ends with the run.
// docs/embedding.md is the tutorial and the contract.
//
// The package sits at the module's root so that its import path is the
// module's, github.com/stark-dev/stark: the one name a Go program imports
// to embed stark; host, starlib, config and web stay importable for what it
// does not cover.
package stark

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/watch"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
	"go.starlark.net/starlark"
)

// A User is who the visitor is: pages see it as st.user.
type User = host.User

// ErrUnauthenticated, wrapped by an error of Options.Identity, answers the
// request with 401 (sign in first) rather than 403.
var ErrUnauthenticated = web.ErrUnauthenticated

// Options configure an [App]. Either Pages or Dir is set.
type Options struct {
	// Pages holds the app's files (pages, modules, data files, and
	// stark.toml when Config is nil): an embed.FS (often through fs.Sub),
	// an fstest.MapFS, any fs.FS. load(), data.* and st.image read only
	// from it, with the path rules of an app directory; symlinks are
	// refused. Nothing watches it: a change is seen at the next run.
	Pages fs.FS
	// Dir is an app directory on disk instead: its changes re-run the
	// sessions that show an affected page (hot reload), and SQLite files
	// live in it.
	Dir string
	// DataDir is where an app from Pages keeps SQLite files (a writable
	// directory the program names); empty, a page's SQLite connection
	// fails with an error that says so (":memory:" works).
	DataDir string
	// Config is what stark.toml would hold; nil reads stark.toml from
	// Pages or Dir when there is one, else the defaults.
	Config *config.Config
	// Modules are the program's own values, predeclared in every page and
	// module beside st (a module from starlarkstruct.Module, a builtin). A
	// name stark predeclares already is refused.
	Modules starlark.StringDict
	// Identity, when set, says who the visitor of each request is, from
	// the program's own authentication; pages see the user as st.user (nil:
	// nobody). An error refuses the request with its message: 401 when it
	// wraps ErrUnauthenticated, else 403.
	Identity func(*http.Request) (*User, error)
	// Base is the path prefix the app's handler is mounted under with
	// http.StripPrefix ("/dash"); the page, socket, upload and media URLs
	// carry it. "" mounts the app at the root.
	Base string
	// OnRun, when set, is told of every run that ends: for the program's
	// metrics and audit log. It is called on the run's goroutine and must
	// not block.
	OnRun func(RunInfo)
	// Name names the app in logs; default "app" (or Dir's base name).
	Name   string
	Logger *slog.Logger
	// Only, when set, serves this one page file of the app (stark run
	// FILE): the others are modules and data, not pages.
	Only string
	// NoWatch, with Dir, leaves watching the files to the program, which
	// tells the app of changes with Reload (stark run watches stark.toml
	// too, and builds the app again when it changes).
	NoWatch bool
	// Server, when set, holds the HTTP server's own options: the origins
	// that may open sockets besides the server's, the reconnect grace of a
	// session and of its run, the secret that signs login cookies, whether
	// X-Forwarded-* is believed. The fields Options sets itself (Logger,
	// Base, Name, Identity, Access, OnRun) are taken from Options.
	Server *web.Options
}

// RunInfo describes a run that ended, for Options.OnRun.
type RunInfo struct {
	Page string // the page's file, such as "orders.star"
	// Status is "completed", "failed", "stopped", "rerun", "cancelled" or
	// "switch_page"; Cause says why a run was cancelled ("superseded by a
	// newer run", "timeout", …), "" when it was not.
	Status   string
	Cause    string
	Duration time.Duration // from its start to the end of its last thread
	Err      error         // the page's error, for "failed"
	User     *User         // whom the session is shown to, nil for nobody
}

func runInfo(res *host.Result, v *host.Visitor) RunInfo {
	ri := RunInfo{Page: res.Page, Status: res.Status.String(), Duration: res.Duration}
	if res.Cause != host.NotCancelled {
		ri.Cause = res.Cause.String()
	}
	if res.Err != nil {
		ri.Err = res.Err
	}
	if v != nil {
		ri.User = v.User
	}
	return ri
}

// An App is a stark app served by a Go program.
type App struct {
	app       *host.App
	srv       *web.Server
	stopWatch func()
	closeOnce sync.Once
}

// New returns the app that Options describe. Close it when done.
func New(opts Options) (*App, error) {
	if (opts.Pages == nil) == (opts.Dir == "") {
		return nil, errors.New("stark.New: set exactly one of Options.Pages (an fs.FS) and Options.Dir (a directory)")
	}
	if opts.Base != "" && (!strings.HasPrefix(opts.Base, "/") || strings.HasSuffix(opts.Base, "/")) {
		return nil, fmt.Errorf("stark.New: Options.Base %q: want a path that starts with / and does not end with one, such as \"/dash\"", opts.Base)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	cfg := opts.Config
	if cfg == nil {
		var err error
		if cfg, err = loadConfig(opts); err != nil {
			return nil, err
		}
	}
	hopts := cfg.Options(starlib.Options(host.Limits{}))
	hopts.Logger = opts.Logger
	hopts.Name = opts.Name
	hopts.Only = opts.Only
	if len(opts.Modules) > 0 {
		pre := make(starlark.StringDict, len(hopts.Predeclared)+len(opts.Modules))
		for k, v := range hopts.Predeclared {
			pre[k] = v
		}
		for k, v := range opts.Modules {
			if _, dup := pre[k]; dup {
				return nil, fmt.Errorf("stark.New: Options.Modules: %q is a name stark predeclares; choose another", k)
			}
			if v == nil {
				return nil, fmt.Errorf("stark.New: Options.Modules: %q is nil", k)
			}
			v.Freeze() // shared by every run and thread
			pre[k] = v
		}
		hopts.Predeclared = pre
	}
	var app *host.App
	var err error
	if opts.Pages != nil {
		hopts.DataDir = opts.DataDir
		app, err = host.NewAppFS(opts.Pages, hopts)
	} else {
		app, err = host.NewApp(opts.Dir, hopts)
	}
	if err != nil {
		return nil, fmt.Errorf("stark.New: %w", err)
	}
	var wopts web.Options
	if opts.Server != nil {
		wopts = *opts.Server
	}
	wopts.Logger, wopts.Base, wopts.Name, wopts.Identity, wopts.Access = opts.Logger, opts.Base, opts.Name, opts.Identity, access(cfg)
	if f := opts.OnRun; f != nil {
		wopts.OnRun = func(res *host.Result, v *host.Visitor) { f(runInfo(res, v)) }
	}
	srv, err := web.New(app, wopts)
	if err != nil {
		app.Close()
		return nil, fmt.Errorf("stark.New: %w", err)
	}
	a := &App{app: app, srv: srv}
	if opts.Dir != "" && !opts.NoWatch {
		match := func(rel string) bool { return strings.HasSuffix(rel, ".star") }
		stop, err := watch.Apply(context.Background(), app.Root, watch.Options{Match: match}, srv.ReloadPages,
			func(err error) { opts.Logger.Warn("watch", "err", err) })
		if err != nil {
			opts.Logger.Warn("not watching for changes", "dir", opts.Dir, "err", err)
		} else {
			a.stopWatch = stop
			app.SetWatched(true) // the watcher's reloads drop a changed file's stamp: no stat per run
		}
	}
	return a, nil
}

// access is the [access] and [auth] of the configuration, as `stark run`
// applies them: an embedded app's own sign-in, beside (or instead of) the
// program's Identity.
func access(cfg *config.Config) *web.Access {
	a := cfg.Access
	if a.Public && len(cfg.Auth) == 0 {
		return nil
	}
	w := &web.Access{Public: a.Public, Users: a.Users, Tokens: a.Tokens, OIDC: a.OIDC, Emails: a.Emails}
	if len(cfg.Auth) > 0 {
		w.Auth = make(map[string]web.OIDCProvider, len(cfg.Auth))
		for name, p := range cfg.Auth {
			w.Auth[name] = web.OIDCProvider{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Issuer: p.Issuer, MetadataURL: p.MetadataURL, Scopes: p.Scopes}
		}
	}
	return w
}

// loadConfig reads stark.toml from the app's files, or returns the
// defaults when there is none.
func loadConfig(opts Options) (*config.Config, error) {
	if opts.Dir != "" {
		return config.Load(opts.Dir)
	}
	data, err := fs.ReadFile(opts.Pages, config.FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return config.Default(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("stark.New: %s: %s", config.FileName, host.FileError(err))
	}
	return config.Parse(config.FileName, data, os.LookupEnv)
}

// Handler serves the app: the page URLs, the front end, the WebSockets,
// uploads and media. Mount it under Options.Base with http.StripPrefix.
func (a *App) Handler() http.Handler { return a.srv }

// Rerun re-runs every session that shows page (its file, such as
// "orders.star"), keeping its state, as when the data the page shows has
// changed; it returns how many sessions it asked.
func (a *App) Rerun(page string) int { return a.srv.Sessions().Rerun(page) }

// Pages lists the app's pages.
func (a *App) Pages() ([]host.Page, error) { return a.app.Pages() }

// Host returns the app's host.App (its limits, cache and media stores).
func (a *App) Host() *host.App { return a.app }

// Reload tells the app that files changed (paths relative to the app, such
// as "orders.star" or "lib/q.star"): they are compiled again and the
// sessions showing a page they affect re-run, as on a saved file under
// stark run. For a program that watches the files itself (NoWatch), or
// whose Pages changed.
func (a *App) Reload(files ...string) { a.srv.ReloadPages(files) }

// Shutdown cancels every run and closes every socket with "going away",
// so that browsers reconnect to the program's next app or server; Close
// still releases the app.
func (a *App) Shutdown() { a.srv.Shutdown() }

// Close cancels every run, closes every socket and the app's resources
// (database connections), and stops watching Dir.
func (a *App) Close() error {
	var err error
	a.closeOnce.Do(func() {
		if a.stopWatch != nil {
			a.stopWatch()
		}
		a.srv.Close()
		err = a.app.Close()
	})
	return err
}
