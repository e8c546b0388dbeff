package host

// This file defines the values an app opens once and shares between its
// runs (database pools), and the app's configuration of outside services.

import (
	"context"
	"errors"
	"io"
	"sort"
	"sync"
	"time"
)

// A Connection declares a database that the app's pages may open with
// sql.connect(name) ([connections.NAME] in stark.toml). It is data only:
// starlib opens it.
type Connection struct {
	Driver string // "sqlite" or "postgres"
	// DSN is the driver's data source name, environment variables already
	// expanded: it may hold a secret, so it is never logged or shown.
	DSN     string
	Timeout time.Duration // bounds one query; default DefaultQueryTimeout
	MaxRows int           // bounds the rows of one query; default DefaultMaxRows
}

// Defaults of the app's outside services.
const (
	DefaultHTTPMaxBytes = 10 << 20
	DefaultHTTPTimeout  = 10 * time.Second
	DefaultQueryTimeout = 10 * time.Second
	DefaultMaxRows      = 10_000
)

// HTTPAllow returns the hosts the app's http builtins may reach; none means
// no network at all.
func (a *App) HTTPAllow() []string { return a.opts.HTTPAllow }

// HTTPMaxBytes returns the bound of one response body.
func (a *App) HTTPMaxBytes() int64 {
	if a.opts.HTTPMaxBytes > 0 {
		return a.opts.HTTPMaxBytes
	}
	return DefaultHTTPMaxBytes
}

// HTTPTimeout returns the bound of one request that gives none.
func (a *App) HTTPTimeout() time.Duration {
	if a.opts.HTTPTimeout > 0 {
		return a.opts.HTTPTimeout
	}
	return DefaultHTTPTimeout
}

// Connection returns the database connection declared as name, defaults
// filled in.
func (a *App) Connection(name string) (Connection, bool) {
	c, ok := a.opts.Connections[name]
	if !ok {
		return Connection{}, false
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultQueryTimeout
	}
	if c.MaxRows <= 0 {
		c.MaxRows = DefaultMaxRows
	}
	return c, true
}

// ConnectionNames returns the names of the declared connections, sorted.
func (a *App) ConnectionNames() []string {
	names := make([]string, 0, len(a.opts.Connections))
	for n := range a.opts.Connections {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Deadline returns when the run's wall-time limit ends it.
func (sb *Sandbox) Deadline() time.Time { return sb.run.deadline }

// Context returns a context that is cancelled when the run is (its cause is
// then sb.Err()) and whose deadline is the run's. Builtins that wait on the
// outside world (http, sql) pass it down; call stop when done with it, on
// the thread's goroutine. Until stop the thread's run slot is given up (see
// [Sandbox.Idle]): stop queues for it again.
func (sb *Sandbox) Context() (ctx context.Context, stop context.CancelFunc) {
	ctx, cancel := context.WithDeadline(context.Background(), sb.run.deadline)
	go func() {
		select {
		case <-sb.run.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	resume := sb.Idle()
	stopped := false
	return ctx, func() {
		cancel()
		if !stopped {
			stopped = true
			resume()
		}
	}
}

// resources are the values an app opens once, by key.
type resources struct {
	mu     sync.Mutex
	m      map[string]any
	closed bool
}

// ErrClosed is returned by [App.Resource] once the app is closed.
var ErrClosed = errors.New("the app is closed")

// Resource returns the app's value for key, calling open the first time
// (and again after a failed open). open runs with the app's resource lock
// held, so it must be quick: database/sql's Open, which connects lazily, is.
func (a *App) Resource(key string, open func() (any, error)) (any, error) {
	r := &a.resources
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	if v, ok := r.m[key]; ok {
		return v, nil
	}
	v, err := open()
	if err != nil {
		return nil, err
	}
	if r.m == nil {
		r.m = make(map[string]any)
	}
	r.m[key] = v
	return v, nil
}

// Close closes the app's resources that are io.Closers (database pools);
// later calls of Resource fail. Runs in progress may see their queries fail;
// runs waiting for a run slot, and later runs, end as shut down.
func (a *App) Close() error {
	r := &a.resources
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		a.runs.close()
	}
	r.closed = true
	var errs []error
	for _, v := range r.m {
		if c, ok := v.(io.Closer); ok {
			errs = append(errs, c.Close())
		}
	}
	r.m = nil
	return errors.Join(errs...)
}
