package host

// This file defines Work, the meter of one builtin call's Go-side loop: it
// checks the run's cancellation every few thousand units of work, so that
// the wall time, the heap guard and a superseding run stop a long join,
// sort or read within milliseconds, and it adds up the bytes the call
// allocates against [Sandbox.Alloc]'s bound.

import "context"

// WorkCheckEvery is how many units of work a [Work] counts between two
// looks at the run's cancellation. A unit is one step of a builtin's inner
// loop (a row joined, a comparison of a sort, a cell read, a JSON token),
// well under a microsecond each, so a check comes at least every few
// milliseconds; a look is an atomic load.
const WorkCheckEvery = 1 << 12

// Work meters one call of a builtin. Its zero value, and a nil *Work, meter
// nothing: that is what a Go caller without a run (a reader called from Go)
// gets. A Work is used by one goroutine.
type Work struct {
	sb      *Sandbox
	builtin string
	left    int   // units until the next look at the cancellation
	bytes   int64 // allocated so far, as the builtin counted them
}

// Work returns the meter of one call of builtin on the run of sb; sb may be
// nil (no run: nothing is checked).
func (sb *Sandbox) Work(builtin string) *Work {
	return &Work{sb: sb, builtin: builtin, left: WorkCheckEvery}
}

// Tick counts one unit of work; see [Work.Add].
func (w *Work) Tick() error { return w.Add(1) }

// Add counts n units of work and, every [WorkCheckEvery] of them, returns
// the run's cancellation ([Sandbox.Err]) if it was cancelled.
func (w *Work) Add(n int) error {
	if w == nil || w.sb == nil {
		return nil
	}
	w.left -= n
	if w.left > 0 {
		return nil
	}
	w.left = WorkCheckEvery
	return w.sb.Err()
}

// Alloc counts n more bytes of the call's result and returns
// [Sandbox.Alloc]'s error when the call's total passes the bound.
func (w *Work) Alloc(n int64) error {
	if w == nil || w.sb == nil {
		return nil
	}
	if n < 0 || w.bytes+n < w.bytes {
		w.bytes = -1
	} else if w.bytes >= 0 {
		w.bytes += n
	}
	return w.sb.Alloc(w.builtin, w.bytes)
}

// Fits returns [Sandbox.Alloc]'s error when n bytes more than those counted
// would pass the bound; it counts nothing. It is for what a call makes and
// drops before its result (a reader's buffer for one record).
func (w *Work) Fits(n int64) error {
	if w == nil || w.sb == nil {
		return nil
	}
	if n < 0 || w.bytes < 0 || w.bytes+n < w.bytes {
		return w.sb.Alloc(w.builtin, -1)
	}
	return w.sb.Alloc(w.builtin, w.bytes+n)
}

// Allocated returns the bytes counted by [Work.Alloc], or -1 after an
// overflow.
func (w *Work) Allocated() int64 {
	if w == nil {
		return 0
	}
	return w.bytes
}

// FormatBytes writes n as a size a person reads, as the limits' errors do:
// "16 MiB", "1.5 KiB", "12 bytes".
func FormatBytes(n int64) string { return formatBytes(n) }

// WorkContext returns a context that is cancelled when the run is (its
// cause is then sb.Err()) and whose deadline is the run's, as
// [Sandbox.Context] does, for work that the thread's goroutine does itself
// on its CPU, such as SQLite's statements, which execute in process: the
// thread keeps its run slot while it works, so that such work counts
// against the app's run slots ([Limits] Runs) as Starlark does. Call stop
// when done with it.
func (sb *Sandbox) WorkContext() (ctx context.Context, stop context.CancelFunc) {
	ctx, cancel := context.WithDeadline(context.Background(), sb.run.deadline)
	go func() {
		select {
		case <-sb.run.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}
