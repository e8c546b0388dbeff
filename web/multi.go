package web

// This file serves many apps from one process: every subdirectory of an
// apps directory that has pages is an app, served under /<name>/ by a
// Server of its own (its own host.App, configuration, caches, sessions and
// limits), with one metrics registry whose stark series carry app="<name>".

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
	"github.com/stark-dev/stark/host"
	starkwatch "github.com/stark-dev/stark/internal/watch"
)

// MultiOptions configure a [Multi].
type MultiOptions struct {
	// Server is the template of every app's server options; Base, Name and
	// Registry are set per app.
	Server Options
	// Open builds the app of a directory, its stark.toml loaded, and
	// returns who may open it (its [access] table; nil: anyone). An error
	// (an invalid stark.toml, say) leaves a running app as it was.
	Open func(dir string) (*host.App, *Access, error)
	// OperatorToken, if set, opens GET /_stark/apps to requests with
	// "Authorization: Bearer <token>". Unset: /_stark/apps is not found.
	OperatorToken string
	// Worker, if set, runs every app in a worker process of its own
	// (worker.go) instead of in this one; Open is then not used.
	Worker *WorkerOptions
	// Hosts maps host names (without port) to apps: a request for such a
	// host reaches that app only, and its / goes to the app's first page.
	Hosts map[string]string
}

// appNameRE is what an app's directory name must be: it is a URL path
// segment and a metrics label.
var appNameRE = regexp.MustCompile(`^[a-z0-9_-]+$`)

// A Multi serves the apps of a directory, each under /<name>/, with an
// index of them at /, /metrics for all of them, and the operator's
// /_stark/apps.
type Multi struct {
	root string
	opts MultiOptions
	log  *slog.Logger
	reg  *prometheus.Registry
	mux  *http.ServeMux // routes, from routes

	sockDir string // the workers' Unix sockets, with Worker

	mu      sync.RWMutex
	apps    map[string]*multiApp
	skipped map[string]bool // names logged as skipped, not to log them again
	closed  bool
}

// A multiApp is an app served in this process (app, srv) or by a worker
// process (w).
type multiApp struct {
	name string
	dir  string
	app  *host.App
	srv  *Server
	w    *worker
	h    http.Handler
}

// stats are the app's counts for /_stark/apps.
func (a *multiApp) stats() Stats {
	if a.w == nil {
		return a.srv.Stats()
	}
	st, ws := a.w.stats()
	st.Worker = &ws
	return st
}

// public reports whether anyone may open the app.
func (a *multiApp) public() bool {
	if a.w != nil {
		return a.w.config().Public
	}
	return a.srv.guard == nil
}

// close ends the app: its sessions, its runs, its worker.
func (a *multiApp) close() {
	if a.w != nil {
		a.w.stop()
		return
	}
	a.srv.Close()
	a.app.Close()
}

// NewMulti returns a server of the apps under root, opened now; see
// [Multi.Sync] and [Multi.Watch] for later changes.
func NewMulti(root string, opts MultiOptions) (*Multi, error) {
	if opts.Worker != nil {
		w := *opts.Worker
		if w.Command == nil || w.Check == nil {
			return nil, errNoWorker
		}
		orDefault(&w.Stderr, io.Writer(os.Stderr))
		orDefault(&w.Backoff, 100*time.Millisecond)
		orDefault(&w.MaxBackoff, 5*time.Second)
		orDefault(&w.StableAfter, 10*time.Second)
		opts.Worker = &w
	} else if opts.Open == nil {
		return nil, fmt.Errorf("web.NewMulti: no Open")
	}
	if opts.Server.Logger == nil {
		opts.Server.Logger = slog.Default()
	}
	if _, err := loadAssets(); err != nil {
		return nil, err
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", root)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &Multi{root: root, opts: opts, log: opts.Server.Logger, reg: reg, apps: map[string]*multiApp{}, skipped: map[string]bool{}}
	m.mux = m.routes()
	if opts.Worker != nil {
		// Only this process (its user) may reach the workers' sockets.
		if m.sockDir, err = os.MkdirTemp("", "stark-workers-"); err != nil {
			return nil, err
		}
	}
	m.Sync()
	return m, nil
}

// Apps returns the names of the apps served, sorted.
func (m *Multi) Apps() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	names := make([]string, 0, len(m.apps))
	for n := range m.apps {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Server returns the server of an app, or nil.
func (m *Multi) Server(name string) *Server {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if a := m.apps[name]; a != nil {
		return a.srv
	}
	return nil
}

// hasPages reports whether dir holds a page, as host.App.Pages sees them:
// a .star file at its top whose name starts with neither "_" nor ".".
func hasPages(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".star") && !strings.HasPrefix(n, "_") && !strings.HasPrefix(n, ".") {
			return true
		}
	}
	return false
}

// Sync opens the apps that appeared under the root and closes those whose
// directories went away or lost their pages. It returns the names of the
// apps it opened.
func (m *Multi) Sync() []string {
	entries, err := os.ReadDir(m.root)
	if err != nil {
		m.log.Error("apps", "dir", m.root, "err", err)
		return nil
	}
	want := map[string]string{}
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		dir := filepath.Join(m.root, e.Name())
		if !hasPages(dir) {
			continue
		}
		if !appNameRE.MatchString(e.Name()) {
			m.mu.Lock()
			logged := m.skipped[e.Name()]
			m.skipped[e.Name()] = true
			m.mu.Unlock()
			if !logged {
				m.log.Warn("app skipped: its name must be of a-z, 0-9, _ and -", "dir", dir)
			}
			continue
		}
		want[e.Name()] = dir
	}
	m.mu.RLock()
	var gone, added []string
	for n := range m.apps {
		if _, ok := want[n]; !ok {
			gone = append(gone, n)
		}
	}
	for n := range want {
		if _, ok := m.apps[n]; !ok {
			added = append(added, n)
		}
	}
	m.mu.RUnlock()
	sort.Strings(added)
	for _, n := range gone {
		m.remove(n)
	}
	var opened []string
	for _, n := range added {
		if err := m.open(n, want[n]); err != nil {
			m.log.Error("app not opened", "app", n, "err", err)
			continue
		}
		opened = append(opened, n)
	}
	return opened
}

// open builds and mounts an app, or rebuilds it (a new configuration):
// the old server is closed, its sessions ended, once the new app is built.
func (m *Multi) open(name, dir string) error {
	if m.opts.Worker != nil {
		return m.openWorker(name, dir)
	}
	app, access, err := m.opts.Open(dir)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		app.Close()
		return fmt.Errorf("shutting down")
	}
	old := m.apps[name]
	if old != nil {
		// Its metrics must be unregistered before the new server's are
		// registered; its sessions end outside the lock, so that ending
		// its runs holds up no request.
		old.srv.metrics.close()
		defer func() {
			go func() {
				old.srv.Shutdown()
				old.app.Close()
			}()
		}()
	}
	opts := m.opts.Server
	opts.Base, opts.Name, opts.Registry, opts.Access = "/"+name, name, m.reg, access
	srv, err := New(app, opts)
	if err != nil {
		app.Close()
		delete(m.apps, name)
		return err
	}
	m.apps[name] = &multiApp{name: name, dir: dir, app: app, srv: srv, h: http.StripPrefix("/"+name, srv)}
	if old != nil {
		m.log.Info("app reloaded", "app", name, "dir", dir)
	} else {
		m.log.Info("app added", "app", name, "dir", dir, "url", "/"+name+"/")
	}
	return nil
}

// openWorker starts the worker of an app, or restarts it with a new
// configuration once the configuration has been checked.
func (m *Multi) openWorker(name, dir string) error {
	cfg, err := m.opts.Worker.Check(dir)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return fmt.Errorf("shutting down")
	}
	if old := m.apps[name]; old != nil {
		old.w.restart(cfg, "its configuration (stark.toml) changed")
		m.log.Info("app reloaded", "app", name, "dir", dir)
		return nil
	}
	w := newWorker(name, dir, m.sockDir, cfg, m.opts.Worker, m.log, m.opts.Server.TrustProxy)
	m.apps[name] = &multiApp{name: name, dir: dir, w: w, h: w}
	m.log.Info("app added", "app", name, "dir", dir, "url", "/"+name+"/", "isolate", "process")
	return nil
}

// WaitReady waits, up to d, until the worker of every app is ready to
// serve, and returns the names of those that are not. Apps in this
// process are always ready.
func (m *Multi) WaitReady(d time.Duration) []string {
	deadline := time.Now().Add(d)
	m.mu.RLock()
	apps := make([]*multiApp, 0, len(m.apps))
	for _, a := range m.apps {
		apps = append(apps, a)
	}
	m.mu.RUnlock()
	var late []string
	for _, a := range apps {
		if a.w != nil && !a.w.waitReady(time.Until(deadline)) {
			late = append(late, a.name)
		}
	}
	sort.Strings(late)
	return late
}

// Kill kills the worker process of an app (SIGKILL), as a crash would: its
// supervisor starts it again. It reports whether the app has a worker.
func (m *Multi) Kill(name string) bool {
	m.mu.RLock()
	a := m.apps[name]
	m.mu.RUnlock()
	if a == nil || a.w == nil {
		return false
	}
	a.w.kill()
	return true
}

func (m *Multi) remove(name string) {
	m.mu.Lock()
	a := m.apps[name]
	if a != nil && a.srv != nil {
		// Its metrics go before its URLs do: once /<app>/ answers 404,
		// /metrics no longer reports it.
		a.srv.metrics.close()
	}
	delete(m.apps, name)
	m.mu.Unlock()
	if a != nil {
		a.close()
		m.log.Info("app removed", "app", name)
	}
}

// Reload applies changed files of an app (relative to its directory): a
// changed stark.toml rebuilds the app with it (an invalid file keeps the
// last good build and is logged), changed pages re-run their sessions as
// in `stark run`.
func (m *Multi) Reload(name string, files []string) {
	m.mu.RLock()
	a := m.apps[name]
	m.mu.RUnlock()
	if a == nil {
		return
	}
	var pages []string
	config := false
	for _, f := range files {
		switch {
		case f == "stark.toml":
			config = true
		case strings.HasSuffix(f, ".star"):
			pages = append(pages, f)
		}
	}
	if config {
		if err := m.open(name, a.dir); err != nil {
			m.log.Error("config not reloaded; the app keeps its last good configuration", "app", name, "err", err)
		} else {
			return // a new app: every page compiled afresh
		}
	}
	if len(pages) == 0 || a.w != nil {
		return // a worker watches its own pages
	}
	a.srv.ReloadPages(pages)
}

// Watch applies changes under the root until ctx is done or the returned
// stop is called: apps appear and disappear with their directories, and
// changes inside an app go to [Multi.Reload].
func (m *Multi) Watch(ctx context.Context) (stop func(), err error) {
	return starkwatch.Apply(ctx, m.root, starkwatch.Options{}, m.changed, func(err error) { m.log.Warn("watch", "err", err) })
}

// changed handles one batch of changed files, relative to the root.
func (m *Multi) changed(files []string) {
	opened := map[string]bool{}
	for _, n := range m.Sync() {
		opened[n] = true
	}
	byApp := map[string][]string{}
	for _, f := range files {
		app, rest, ok := strings.Cut(f, "/")
		if !ok || opened[app] {
			continue
		}
		byApp[app] = append(byApp[app], rest)
	}
	for app, fs := range byApp {
		m.Reload(app, fs)
	}
}

// Close closes every app.
func (m *Multi) Close() {
	m.mu.Lock()
	m.closed = true
	apps := m.apps
	m.apps = map[string]*multiApp{}
	m.mu.Unlock()
	var wg sync.WaitGroup
	for _, a := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.close()
		}()
	}
	wg.Wait()
	if m.sockDir != "" {
		os.RemoveAll(m.sockDir)
	}
}

// ServeHTTP implements http.Handler. Requests are routed by their clean
// path: any other ("/a/../b/", "//b") is redirected to it first, so that
// the app a path names is the app that answers it.
func (m *Multi) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if cp := cleanPath(p); cp != p {
		u := *r.URL
		u.Path, u.RawPath = cp, ""
		http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
		return
	}
	if only, ok := m.opts.Hosts[strings.ToLower(hostName(r.Host))]; ok && p != "/healthz" {
		// A host of one app: its URLs only.
		if p == "/" {
			http.Redirect(w, r, "/"+only+"/", http.StatusFound)
			return
		}
		if p != "/"+only && !strings.HasPrefix(p, "/"+only+"/") {
			writeError(w, r, m.log, errNoApp)
			return
		}
	}
	m.mux.ServeHTTP(w, r)
}

// routes are Multi's own paths, and an app by the first segment of the
// path. The most specific pattern wins: /metrics is the server's, not an
// app's called "metrics".
func (m *Multi) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/{$}", handler(m.log, m.index))
	mux.Handle("/metrics", promhttp.HandlerFor(prometheus.GathererFunc(m.gather), promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("/_stark/apps", handler(m.log, m.operator))
	mux.Handle("/{app}", handler(m.log, m.app))
	mux.Handle("/{app}/", handler(m.log, m.app))
	return mux
}

// app hands a request to the app its path names; /NAME is redirected to
// /NAME/.
func (m *Multi) app(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("app")
	m.mu.RLock()
	a := m.apps[name]
	m.mu.RUnlock()
	if a == nil {
		return errNoApp
	}
	if r.URL.Path == "/"+name {
		u := *r.URL
		u.Path = r.URL.Path + "/"
		http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
		return nil
	}
	a.h.ServeHTTP(w, r)
	return nil
}

// cleanPath is p with "." and ".." resolved and repeated slashes removed,
// rooted, keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	cp := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && cp != "/" {
		cp += "/"
	}
	return cp
}

// hostName is the host of a Host header, without its port.
func hostName(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

// index lists the apps anyone may open. Private apps are not listed: their
// names are their teams' business, and the index cannot know who is logged
// in to which (login cookies are scoped to their app's path).
func (m *Multi) index(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return errNotAllowed
	}
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>stark apps</title>\n</head>\n<body>\n<h1>Apps</h1>\n<ul>\n")
	m.mu.RLock()
	var names []string
	for n, a := range m.apps {
		if a.public() {
			names = append(names, n)
		}
	}
	m.mu.RUnlock()
	sort.Strings(names)
	for _, n := range names {
		e := html.EscapeString(n)
		fmt.Fprintf(&b, "<li><a href=\"/%s/\">%s</a></li>\n", e, e)
	}
	b.WriteString("</ul>\n<p>Apps that ask for a login are not listed: open them by their address.</p>\n</body>\n</html>\n")
	htmlHeaders(w.Header(), "no-cache", cspIndex)
	w.Write([]byte(b.String()))
	return nil
}

// operator answers GET /_stark/apps: each app's counts, to the operator's
// bearer token only; without a token configured it does not exist.
func (m *Multi) operator(w http.ResponseWriter, r *http.Request) error {
	tok := m.opts.OperatorToken
	if tok == "" || r.Method != http.MethodGet {
		return errNotFound
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(tok)) != 1 {
		return httpErr(http.StatusUnauthorized, "unauthorized", "WWW-Authenticate", `Bearer realm="stark operator"`)
	}
	m.mu.RLock()
	apps := make([]*multiApp, 0, len(m.apps))
	for _, a := range m.apps {
		apps = append(apps, a)
	}
	m.mu.RUnlock()
	out := make(map[string]Stats, len(apps))
	for _, a := range apps {
		out[a.name] = a.stats()
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(map[string]any{"apps": out})
}

// gather collects the metrics of this process and of every worker.
func (m *Multi) gather() ([]*dto.MetricFamily, error) {
	gs := prometheus.Gatherers{m.reg}
	m.mu.RLock()
	for _, a := range m.apps {
		if a.w != nil {
			gs = append(gs, a.w)
		}
	}
	m.mu.RUnlock()
	return gs.Gather()
}
