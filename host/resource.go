package host

// This file defines the values an app opens once and shares between its
// runs (database pools), and the settings of the packages above host that
// an app carries for them (Setting).

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// A Setting is a value of type T that a package above host keeps per app
// (the http module's allow-list, the sql module's connections): set on the
// Options an app is made with, read from the app by the package's builtins.
// host stores it under the Setting itself and never reads it, so host knows
// nothing of the settings of the modules built on it.
type Setting[T any] struct{ name string }

// NewSetting returns a new setting; name says what it holds, for people
// reading a dump of Options.
func NewSetting[T any](name string) *Setting[T] { return &Setting[T]{name: name} }

// String returns the setting's name.
func (s *Setting[T]) String() string { return s.name }

// Set sets the setting's value in o. Options are values: Set copies o's
// settings before changing them, so a copy of o made before, and an app
// made with it, keep theirs.
func (s *Setting[T]) Set(o *Options, v T) {
	m := make(map[any]any, len(o.settings)+1)
	for k, x := range o.settings {
		m[k] = x
	}
	m[s] = v
	o.settings = m
}

// Of returns o's value of the setting, and whether o sets one: what a
// change of an app's options (a test's fixture) starts from.
func (s *Setting[T]) Of(o *Options) (T, bool) {
	v, ok := o.settings[s].(T)
	return v, ok
}

// Get returns the app's value of the setting, and whether its Options set
// one; the zero T when they did not.
func (s *Setting[T]) Get(a *App) (T, bool) {
	v, ok := a.opts.settings[s].(T)
	return v, ok
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
// runs waiting for a run slot, and later runs, end as shut down; the
// goroutines that wait to start the app's next run end (until Close, an app
// that ran keeps up to GOMAXPROCS of them, see [App.Start]).
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
