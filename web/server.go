// Package web serves an app over HTTP: the app shell for every page URL,
// the embedded front end, one WebSocket per browser tab bound to a session,
// /healthz and /metrics.
//
// web knows nothing of Starlark: it moves frames between sockets and
// session.Conn values.
package web

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/session"
)

// Options configure a [Server]. The zero value works.
type Options struct {
	// AllowedOrigins lists origins (scheme://host[:port]) besides the
	// server's own that may open a socket. "*" allows any.
	AllowedOrigins []string
	// Grace is how long a disconnected session is kept; default 2 minutes.
	Grace time.Duration
	// RunGrace is how long the run of a session whose last connection
	// closed goes on; default 5 seconds (session.Options.RunGrace).
	RunGrace time.Duration
	Logger   *slog.Logger
	// PingInterval is how often the server pings a socket; a socket silent
	// for twice as long is closed. Default 30s.
	PingInterval time.Duration
	// HelloTimeout is how long a new socket has to say a hello that gives
	// it a session; past it the socket is closed. Default 10s.
	HelloTimeout time.Duration
	// Base is the URL path the app is served under ("/app", no trailing
	// slash), by a handler that strips it before the server sees the
	// request (as [Multi] does). The shell, the page URLs and the socket and
	// upload URLs of the front end carry it. "" serves the app at the root.
	Base string
	// Name labels the app's metrics (app="<name>") on Registry.
	Name string
	// Replicas, if set, connects this replica to the others (Redis;
	// docs/replicas.md): cache_data's entries are shared and sessions are
	// checkpointed after each run, for another replica to resume.
	Replicas Replicas
	// Registry, if set, is a registry shared by several servers; the
	// server's collectors are registered on it with the label app=Name and
	// unregistered by Close. Default: a registry of the server's own,
	// unlabelled.
	Registry *prometheus.Registry
	// Access is who may open the app (see access.go); nil: anyone.
	Access *Access
	// AllowPrivateOIDC lets the server's requests to issuers reach
	// loopback and private addresses (a provider on the same host or
	// network; the tests' own).
	AllowPrivateOIDC bool
	// Secret signs login cookies, at least [MinSecretBytes] bytes (see
	// [ParseSecret]). Default: a random secret, so that logins do not
	// survive a restart.
	Secret []byte
	// TrustProxy believes X-Forwarded-Proto and X-Forwarded-For: set it only
	// behind a proxy that sets them.
	TrustProxy bool
	// Now is the clock of login expiry and rate limits; default time.Now.
	Now func() time.Time
	// Clock is what the sessions' timers wait on (reconnect grace,
	// run-grace, batching, fragment timers); nil is the real clock. Tests
	// give a session.ManualClock.
	Clock session.Clock
	// ResumeNotice is shown to a browser that asks to resume a session the
	// server does not hold (see session.Options.ResumeNotice).
	ResumeNotice string
	// Identity, when set, says who the visitor of every request is (the
	// program that embeds the server decides, from its own
	// authentication): the user the runs of a socket see as st.user, nil
	// for nobody. An error refuses the request with its message: 401 when
	// it wraps [ErrUnauthenticated], else 403. /healthz is not asked.
	Identity func(*http.Request) (*host.User, error)
	// OnRun, when set, is given every run's result and whom its session is
	// shown to (nil before a connection), on the run's goroutine once the
	// browser has its end: for the embedding program's metrics and audit
	// log. It must not block.
	OnRun func(res *host.Result, v *host.Visitor)
}

// ErrUnauthenticated, wrapped by an error of Options.Identity, answers 401
// (the visitor must sign in) rather than 403 (the visitor may not enter).
var ErrUnauthenticated = errors.New("not signed in")

type identityKey struct{}

// Server serves one app.
type Server struct {
	app      *host.App
	opts     Options
	log      *slog.Logger
	sessions *session.Manager
	assets   *assets
	metrics  *metrics
	guard    *guard    // nil for a public app
	auth     *oidcAuth // nil for an app without sign-in providers
	shellB   []byte
	mux      *http.ServeMux
	upgrader websocket.Upgrader
	uploads  chan struct{} // a slot of [limits] uploads per upload being read

	mu      sync.Mutex
	socks   map[*websocket.Conn]bool
	perAddr map[string]int // sockets by client address
	queued  atomic.Int64   // bytes queued for the app's sockets (see sendQueue)
	refused atomic.Int64   // sockets refused by [limits] sockets or client_sockets
	// draining is set when Shutdown begins: /healthz answers 503
	// "draining" so that a load balancer sends no one new, and a socket
	// that arrives meanwhile is closed with a reconnect hint.
	draining atomic.Bool
}

// Replicas is what connects the replicas of a deployment, per app
// (package replica's Redis).
type Replicas interface {
	Cache(app string) host.SharedCache
	Checkpoints(app string) session.Checkpointer
	// Attempt takes one of the login attempts of app's client addr at
	// now, counted across the replicas in a bucket of burst attempts
	// refilled one per every, or says how long until there is one. An
	// error says the store was not reached within its short timeout: the
	// replica's own count decides (docs/replicas.md).
	Attempt(app, addr string, now time.Time, burst int, every time.Duration) (bool, time.Duration, error)
	Lease() time.Duration
	// Up reports whether the last operation reached the store.
	Up() bool
}

// New returns a server of app.
func New(app *host.App, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.PingInterval == 0 {
		opts.PingInterval = 30 * time.Second
	}
	if opts.HelloTimeout == 0 {
		opts.HelloTimeout = 10 * time.Second
	}
	as, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{app: app, opts: opts, log: opts.Logger, assets: as, metrics: newMetrics(opts.Registry, opts.Name), socks: map[*websocket.Conn]bool{}, perAddr: map[string]int{}}
	s.shellB = as.shellFor(opts.Base)
	s.uploads = make(chan struct{}, app.Limits().Uploads)
	s.metrics.register(newCacheCollector(app.Cache), newRunQueueCollector(app),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "stark_send_queue_bytes", Help: "Bytes of frames queued for the app's sockets and not yet written."},
			func() float64 { return float64(s.queued.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "stark_sockets_refused_total", Help: "Sockets closed at once by [limits] sockets or client_sockets."},
			func() float64 { return float64(s.refused.Load()) }))
	sopts := session.Options{Grace: opts.Grace, RunGrace: opts.RunGrace, Clock: opts.Clock, Observer: s.metrics, Logger: opts.Logger, Base: opts.Base, OnLimit: s.metrics.limitHit, ResumeNotice: opts.ResumeNotice, OnResult: onResult(opts.OnRun)}
	name := opts.Name // the app's keys in the replicas' store
	if name == "" {
		name = filepath.Base(app.Root)
	}
	if r := opts.Replicas; r != nil {
		s.metrics.register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "stark_redis_up", Help: "1 when the last operation on the replicas' Redis succeeded, else 0."},
			func() float64 {
				if r.Up() {
					return 1
				}
				return 0
			}),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "stark_cache_shared_hits_total", Help: "cache_data values taken from the replicas' shared cache."},
				func() float64 { return float64(app.Cache.SharedHits.Load()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "stark_cache_shared_errors_total", Help: "Operations on the shared cache that failed (Redis unreachable); the value was computed locally."},
				func() float64 { return float64(app.Cache.SharedErrors.Load()) }))
		app.Cache.Share(r.Cache(name), r.Lease())
		sopts.Checkpoints = r.Checkpoints(name)
	}
	s.sessions = session.NewManager(app, sopts)
	s.upgrader = websocket.Upgrader{
		// A small read buffer and pooled write buffers: an idle socket
		// holds 256 bytes and no write buffer. A browser's messages are
		// small (a widget's value); a longer one is read past the buffer,
		// into the message, and a frame's header and a control frame (at
		// most 125 bytes) fit.
		ReadBufferSize:    256,
		WriteBufferSize:   16384,
		WriteBufferPool:   &sync.Pool{},
		CheckOrigin:       s.checkOrigin,
		EnableCompression: false,
	}
	var providers map[string]OIDCProvider
	if opts.Access != nil {
		providers = opts.Access.Auth
	}
	if len(s.opts.Secret) == 0 && (len(providers) > 0 || opts.Access != nil && !opts.Access.Public) {
		// One random secret signs the logins of the guard and the sign-in
		// providers alike.
		s.opts.Secret = make([]byte, MinSecretBytes)
		rand.Read(s.opts.Secret)
		opts.Logger.Warn("access: STARK_SECRET is not set; logins are signed with a random secret and will not survive a restart")
	}
	if s.auth, err = newOIDCAuth(providers, &s.opts); err != nil {
		return nil, err
	}
	if s.guard, err = newGuard(opts.Access, &s.opts); err != nil {
		return nil, err
	}
	if s.guard != nil {
		s.guard.auth = s.auth
		if opts.Replicas != nil {
			r := opts.Replicas
			s.guard.shared = func(addr string, now time.Time, burst int, every time.Duration) (bool, time.Duration, error) {
				return r.Attempt(name, addr, now, burst, every)
			}
		}
	}
	s.mux = http.NewServeMux()
	for _, m := range []string{"GET", "POST"} {
		s.mux.Handle(m+" /_stark/login", handler(s.log, s.login))
		s.mux.Handle(m+" /_stark/logout", handler(s.log, s.logout))
	}
	s.mux.Handle("GET /_stark/oidc/login", handler(s.log, s.oidcLogin))
	s.mux.Handle("GET /_stark/oidc/callback", handler(s.log, s.oidcCallback))
	s.mux.Handle("GET /_stark/ws", s.socket())
	s.mux.Handle("GET /_stark/static/{file...}", handler(s.log, func(w http.ResponseWriter, r *http.Request) error {
		return s.assets.serveAsset(w, r, r.PathValue("file"))
	}))
	s.mux.Handle("GET /healthz", handler(s.log, func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if s.draining.Load() {
			// A graceful stop: not ready for new visitors, whose browsers
			// reconnect to another replica (docs/replicas.md).
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "draining")
			return nil
		}
		fmt.Fprintln(w, "ok")
		if r := s.opts.Replicas; r != nil {
			// Still healthy: with Redis down the replica serves from its
			// own memory (docs/replicas.md).
			if r.Up() {
				fmt.Fprintln(w, "redis: up")
			} else {
				fmt.Fprintln(w, "redis: unreachable (cache local, sessions not checkpointed)")
			}
		}
		return nil
	}))
	s.mux.Handle("GET /_stark/memory", handler(s.log, s.memory))
	s.mux.Handle("GET /_stark/media/{hash}", handler(s.log, s.media))
	s.mux.Handle("GET /_stark/component/{hash}", handler(s.log, s.component))
	s.mux.Handle("POST /_stark/upload", handler(s.log, s.upload))
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	s.mux.Handle("GET /", handler(s.log, s.shell))
	return s, nil
}

// onResult is the sessions' OnResult for Options.OnRun.
func onResult(f func(*host.Result, *host.Visitor)) func(*session.Session, *host.Result) {
	if f == nil {
		return nil
	}
	return func(s *session.Session, res *host.Result) { f(res, s.Visitor()) }
}

// ReloadPages recompiles changed files of the app (pages and modules,
// relative to its root), re-runs the sessions that show a page they affect,
// and logs what it did, with each compile error.
func (s *Server) ReloadPages(files []string) {
	r := s.app.Reload(files)
	n := s.sessions.Reload(r)
	var attrs []any
	if s.opts.Name != "" {
		attrs = append(attrs, "app", s.opts.Name)
	}
	attrs = append(attrs, "files", files, "pages", r.Affected, "sessions_rerun", n)
	for page, e := range r.Errors {
		attrs = append(attrs, "error", page+": "+e.Error())
	}
	s.log.Info("reload", attrs...)
}

// Sessions returns the server's session manager.
func (s *Server) Sessions() *session.Manager { return s.sessions }

// ServeHTTP implements http.Handler.
// Every request but those for public paths passes the app's access check.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.Identity != nil && r.URL.Path != "/healthz" {
		u, err := s.opts.Identity(r)
		if err != nil {
			status := http.StatusForbidden
			if errors.Is(err, ErrUnauthenticated) {
				status = http.StatusUnauthorized
			}
			writeError(w, r, s.log, httpErr(status, err.Error()))
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), identityKey{}, u))
	}
	if s.guard != nil {
		if ok, err := s.guard.admit(w, r); err != nil {
			writeError(w, r, s.log, err)
			return
		} else if !ok {
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// Stats are an app's counts since its server started, for /_stark/apps.
type Stats struct {
	Sessions int   `json:"sessions"`
	Runs     int64 `json:"runs"`
	Errors   int64 `json:"errors"`
	// LimitHits counts the runs a limit stopped (steps, wall time, threads,
	// elements, element bytes, memory) and the browsers refused by the
	// sessions limit.
	LimitHits int64 `json:"limit_hits"`
	// CacheBytes is the estimated size of the app's cache store.
	CacheBytes int64 `json:"cache_bytes"`
	// Sockets is the WebSockets open; SendQueueBytes the bytes of frames
	// queued for them and not yet written.
	Sockets        int   `json:"sockets"`
	SendQueueBytes int64 `json:"send_queue_bytes"`
	// Worker is the app's worker process under `stark serve
	// --isolate=process`; nil when the app runs in the server's process.
	Worker *WorkerStats `json:"worker,omitempty"`
}

// Stats returns the server's counts.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	socks := len(s.socks)
	s.mu.Unlock()
	return Stats{Sessions: s.sessions.Len(), Runs: s.metrics.nRuns.Load(), Errors: s.metrics.nErrors.Load(), LimitHits: s.metrics.nLimitHits.Load(),
		CacheBytes: s.app.Cache.Stats().Bytes, Sockets: socks, SendQueueBytes: s.queued.Load()}
}

// Close shuts the server down and unregisters its metrics from a shared
// registry.
func (s *Server) Close() {
	s.metrics.close() // first: a scrape meanwhile no longer reports the app
	s.Shutdown()
}

// Shutdown marks the server draining (/healthz answers 503 "draining" and
// new sockets are closed with a reconnect hint), cancels every run, closes
// every socket with "going away", and forgets the sessions.
func (s *Server) Shutdown() {
	s.draining.Store(true)
	s.sessions.Shutdown()
	s.mu.Lock()
	socks := s.socks
	s.socks = map[*websocket.Conn]bool{}
	s.mu.Unlock()
	deadline := time.Now().Add(time.Second)
	for ws := range socks {
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"), deadline)
		ws.Close()
	}
}

// memory reports the live heap after a collection, for `stark bench --idle`.
// It answers loopback clients only: a collection is not free.
func (s *Server) memory(w http.ResponseWriter, r *http.Request) error {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return httpErr(http.StatusForbidden, "loopback clients only")
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(map[string]any{
		"heap_live_bytes": ms.HeapAlloc, "heap_inuse_bytes": ms.HeapInuse, "stack_inuse_bytes": ms.StackInuse,
		"goroutines": runtime.NumGoroutine(), "sessions": s.sessions.Len(),
	})
}

// shell serves the app shell for every page URL; the front end reads the
// page from the URL and asks its session for it.
func (s *Server) shell(w http.ResponseWriter, r *http.Request) error {
	if s.shellB == nil {
		return httpErr(http.StatusInternalServerError, "the front end is not built")
	}
	name := strings.Trim(r.URL.Path, "/")
	if strings.Contains(name, "/") || strings.HasPrefix(name, "_stark") {
		return errNotFound
	}
	h := w.Header()
	htmlHeaders(h, "no-cache", cspShell)
	h.Set("Referrer-Policy", "same-origin")
	w.Write(s.shellB)
	return nil
}

// checkOrigin admits sockets from the server's own origin and from the
// allow-list. Clients that send no Origin (not browsers) are admitted.
func (s *Server) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	for _, o := range s.opts.AllowedOrigins {
		if o == "*" || strings.EqualFold(strings.TrimRight(o, "/"), origin) {
			return true
		}
	}
	return false
}

// ListenAndServe serves on addr until ctx is done, then shuts down: runs
// cancelled, sockets closed with "going away".
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(addr string)) error {
	srv := HTTPServer(s)
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Shutdown()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
