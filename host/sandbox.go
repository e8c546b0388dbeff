package host

// This file defines the two thread-local values of a run's threads and the
// run state they share: the step budget, the cancel signal and the threads.

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.starlark.net/starlark"
)

// The thread-local keys. Starlark code never sees them.
const (
	sandboxKey = "stark.sandbox"
	contextKey = "stark.scriptrunctx"
)

// A Sandbox is what every thread of a run carries: the app, its limits, and
// the run's shared step budget and cancel signal. Spawned threads always
// inherit it.
type Sandbox struct {
	App    *App
	Limits Limits
	run    *runState
	slot   *runSlot // the run slot of the thread's goroutine
}

// SandboxOf returns the thread's sandbox, or nil for a thread stark did not
// create.
func SandboxOf(t *starlark.Thread) *Sandbox {
	sb, _ := t.Local(sandboxKey).(*Sandbox)
	return sb
}

// ContextOf returns the thread's ScriptRunContext, or nil when the thread has
// none (a worker spawned without context=True, or a module's top level).
func ContextOf(t *starlark.Thread) *ScriptRunContext {
	c, _ := t.Local(contextKey).(*ScriptRunContext)
	return c
}

// Done is closed when the run is cancelled; blocking builtins (sleep, task
// results, cache waits) select on it so that cancellation wakes them.
func (sb *Sandbox) Done() <-chan struct{} { return sb.run.done }

// Err returns the error that cancelled the run, or nil while it goes on.
func (sb *Sandbox) Err() error {
	if c := sb.run.cancelCause(); c != NotCancelled {
		return &cancelError{cause: c, msg: c.message(sb.Limits)}
	}
	return nil
}

// Cancel ends the run with the given cause, as if its session had.
func (sb *Sandbox) Cancel(c Cause) { sb.run.cancel(c) }

// Sleep waits for d or until the run is cancelled, whichever comes first.
func (sb *Sandbox) Sleep(d time.Duration) error {
	if d <= 0 {
		return sb.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	defer sb.Idle()()
	select {
	case <-t.C:
		return nil
	case <-sb.run.done:
		return sb.Err()
	}
}

// cancelError is the error of a blocking builtin woken by cancellation.
type cancelError struct {
	cause Cause
	msg   string
}

func (e *cancelError) Error() string { return e.msg }

// stepChunk is how many steps a thread takes from the shared budget at a
// time. A run may overrun its budget by at most one chunk per thread; a
// smaller chunk costs an atomic add more often.
func stepChunk(budget uint64) uint64 {
	c := budget / 100
	switch {
	case c < 100:
		return 100
	case c > 10_000:
		return 10_000
	}
	return c
}

// runState is shared by every thread of one run.
type runState struct {
	id     uint64
	app    *App
	limits Limits
	chunk  uint64
	steps  atomic.Int64 // steps left in the budget
	done   chan struct{}

	causeNow atomic.Int32 // cause, for readers that do not hold mu

	mu      sync.Mutex
	cause   Cause
	threads []*starlark.Thread
	// threadsBuf and slotsBuf hold the first thread and slot, which most
	// runs have only: threads and slots start in them.
	threadsBuf [1]*starlark.Thread
	slotsBuf   [1]*runSlot
	slot0      runSlot
	// tracked is the heap guard's record of the run while it is in
	// progress (trackRun); guarded by the guard's mu.
	tracked trackedRun
	spawned int
	tasks   []*Task
	wg      sync.WaitGroup // spawned threads still running
	slots   []*runSlot     // of the run's goroutines, for slotTime
	heldNs  atomic.Int64   // slot time of the holds that ended
	timer   *time.Timer
	over    atomic.Bool // the run has ended: its context refuses every call

	// queued is the run's place in the app's queue while it waits there
	// without a goroutine ([runQueue.takeOrQueue]); guarded by the queue's mu.
	queued *slotWaiter

	// deadline is when the wall-time limit ends the run, on the system
	// clock; set by begin, before any thread of the run executes.
	deadline time.Time
}

func newRunState(a *App, id uint64) *runState {
	rs := &runState{id: id, app: a, limits: a.limits, chunk: stepChunk(a.limits.Steps), done: make(chan struct{})}
	rs.steps.Store(int64(a.limits.Steps))
	return rs
}

// begin starts the run's wall time: when its script thread got its first
// run slot, now.
func (rs *runState) begin(now time.Time) {
	rs.deadline = now.Add(rs.limits.WallTime)
	rs.timer = time.AfterFunc(rs.limits.WallTime, func() { rs.cancel(Timeout) })
}

// newSlot returns a hold on a run slot of the app for a new goroutine of
// the run; it holds none yet.
func (rs *runState) newSlot() *runSlot {
	rs.mu.Lock()
	var s *runSlot
	if rs.slots == nil {
		// The run's first slot (its script thread's) is part of rs.
		rs.slots = rs.slotsBuf[:0]
		s = &rs.slot0
	} else {
		s = new(runSlot)
	}
	s.q, s.rs = &rs.app.runs, rs
	rs.slots = append(rs.slots, s)
	rs.mu.Unlock()
	return s
}

// cancelCause returns why the run was cancelled, or NotCancelled. Every
// builtin asks, so it reads an atomic copy rather than taking rs.mu.
func (rs *runState) cancelCause() Cause { return Cause(rs.causeNow.Load()) }

// cancel ends the run with cause c. The first cause wins; every thread of the
// run is cancelled and every blocked builtin woken.
func (rs *runState) cancel(c Cause) {
	rs.mu.Lock()
	if rs.cause != NotCancelled {
		rs.mu.Unlock()
		return
	}
	rs.cause = c
	rs.causeNow.Store(int32(c))
	close(rs.done)
	msg := c.message(rs.limits)
	for _, t := range rs.threads {
		t.Cancel(msg)
	}
	rs.mu.Unlock()
	// A run still in the queue, without a goroutine, leaves it now and ends.
	rs.app.runs.cancelQueued(rs)
}

// onMaxSteps refills a thread's step allowance from the shared budget, or
// cancels the run when the budget is spent. It returns the steps granted.
func (rs *runState) onMaxSteps(t *starlark.Thread) int64 {
	left := rs.steps.Add(-int64(rs.chunk))
	grant := int64(rs.chunk)
	if left < 0 {
		grant += left
	}
	if grant <= 0 {
		rs.cancel(StepLimit)
		return 0
	}
	t.SetMaxExecutionSteps(t.ExecutionSteps() + uint64(grant))
	return grant
}

// stepsKey is the thread-local key of the steps a thread took from the
// run's budget.
const stepsKey = "stark.steps"

// endThread gives back to the run's budget the steps thread t took and did
// not execute, so that many short threads do not spend it in chunks they
// never use. Call it on t's goroutine once t has ended.
func (rs *runState) endThread(t *starlark.Thread) {
	granted, _ := t.Local(stepsKey).(*int64)
	if granted == nil {
		return
	}
	// The first step is free: the allowance of 1 that newThread sets is no
	// grant, and the step that reaches it takes the first chunk.
	used := max(int64(t.ExecutionSteps())-1, 0)
	if unused := *granted - used; unused > 0 {
		*granted -= unused
		rs.steps.Add(unused)
	}
}

// stepsTaken returns the steps the run's threads executed, in all. Call it
// once they have ended: a thread's count is its own goroutine's.
func (rs *runState) stepsTaken() uint64 {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var n uint64
	for _, t := range rs.threads {
		n += t.ExecutionSteps()
	}
	return n
}

// newThread makes a thread of this run with the sandbox and, when ctx is not
// nil, the ScriptRunContext. The thread executes on the goroutine that holds
// sl. The thread is registered for cancellation.
func (rs *runState) newThread(name string, ctx *ScriptRunContext, sl *runSlot) *starlark.Thread {
	// The thread, its sandbox and its count of granted steps are one
	// allocation: they live exactly as long as the thread.
	rt := &runThread{
		Thread: starlark.Thread{
			Name:  name,
			Load:  rs.app.loadFn,
			Print: rs.app.printFn,
		},
		sandbox: Sandbox{App: rs.app, Limits: rs.limits, run: rs, slot: sl},
	}
	t := &rt.Thread
	if t.Load == nil { // an App not made by NewApp
		t.Load, t.Print = rs.app.load, rs.app.print
	}
	t.OnMaxSteps = rt.onMaxSteps
	t.SetMaxExecutionSteps(1) // the first step takes a chunk of the budget
	t.SetLocal(stepsKey, &rt.granted)
	t.SetLocal(sandboxKey, &rt.sandbox)
	if ctx != nil {
		t.SetLocal(contextKey, ctx)
	}
	rs.mu.Lock()
	if rs.threads == nil {
		rs.threads = rs.threadsBuf[:0]
	}
	rs.threads = append(rs.threads, t)
	if rs.cause != NotCancelled {
		t.Cancel(rs.cause.message(rs.limits))
	}
	rs.mu.Unlock()
	return t
}

// runThread is a thread of a run with what its thread-local slots point to.
type runThread struct {
	starlark.Thread
	granted int64 // steps taken from the budget; the thread's goroutine's only
	sandbox Sandbox
}

// onMaxSteps is the thread's OnMaxSteps: it yields the run slot, then takes
// the next chunk of the run's budget.
func (rt *runThread) onMaxSteps(t *starlark.Thread) {
	rt.sandbox.slot.yield()
	rt.granted += rt.sandbox.run.onMaxSteps(t)
}

// String describes the run for logs.
func (rs *runState) String() string { return fmt.Sprintf("run %d of %s", rs.id, rs.app.Name) }

// allocFree is what a call may allocate without asking the heap guard:
// ordinary results stay below it, so they cost two comparisons.
const allocFree = 64 << 10

// Alloc reports whether one call of builtin may allocate n bytes for its
// result, and otherwise returns the error that names the builtin and the
// limit. Builtins (and the guarded operators of rewritten code) call it
// with the size they computed before they allocate: a format width, a
// replace's output, a join's bytes, a repetition's elements.
//
// The bound is [Limits] CallBytes, and never more than what the process's
// memory budget had left at the heap guard's last sample (the guard cannot
// stop an allocation in progress: this refuses the one that would cross
// the budget). n < 0 means the size overflowed an int64.
func (sb *Sandbox) Alloc(builtin string, n int64) error {
	return sb.alloc(builtin, n, "")
}

// AllocAtLeast is [Sandbox.Alloc] for a builtin that stopped measuring its
// result once n passed [Sandbox.AllocLimit]: the size is at least n.
func (sb *Sandbox) AllocAtLeast(builtin string, n int64) error {
	return sb.alloc(builtin, n, "at least ")
}

// AllocLimit returns what one call may allocate now: [Limits] CallBytes,
// or less when the memory budget has less left.
func (sb *Sandbox) AllocLimit() int64 {
	return max(min(sb.Limits.CallBytes, heapGuard.left()), 0)
}

func (sb *Sandbox) alloc(builtin string, n int64, atLeast string) error {
	if n >= 0 && n <= allocFree && n <= sb.Limits.CallBytes {
		return nil
	}
	left := heapGuard.left()
	if n >= 0 && n <= sb.Limits.CallBytes && n <= left {
		return nil
	}
	size := "more than 8 EiB"
	if n >= 0 {
		size = atLeast + formatBytes(n)
	}
	if n < 0 || n > sb.Limits.CallBytes {
		return fmt.Errorf("%s: the result would take %s, past the %s one call may allocate (raise [limits] call_bytes in stark.toml)", builtin, size, formatBytes(sb.Limits.CallBytes))
	}
	return fmt.Errorf("%s: the result would take %s, more than the %s left of the memory budget (raise [limits] memory in stark.toml)", builtin, size, formatBytes(max(left, 0)))
}

// ContextFor returns the thread's ScriptRunContext for a builtin that writes
// to the page or reads the session (every st.* builtin, and a Go program's
// own), or the error that names the builtin, the thread and the fix: the
// "missing ScriptRunContext" error of a worker spawned without context=True
// or of a module's top level, and the "run is over" error of a run that
// ended.
func ContextFor(t *starlark.Thread, builtin string) (*ScriptRunContext, error) {
	ctx := ContextOf(t)
	if ctx == nil {
		if strings.HasPrefix(t.Name, "load ") {
			return nil, fmt.Errorf("%s: missing ScriptRunContext: a module's top level (%s) runs once for every session and has no page to write to; call %s from a function that the page calls", builtin, strings.TrimPrefix(t.Name, "load "), builtin)
		}
		return nil, fmt.Errorf("%s: missing ScriptRunContext: thread %q was spawned without the run's context; pass context=True to spawn(), or return the value and write it from the script thread", builtin, t.Name)
	}
	if err := ctx.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w; nothing written after a run ends reaches the page", builtin, err)
	}
	return ctx, nil
}
