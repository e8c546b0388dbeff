package host

// This file defines the app's run slots ([Limits] Runs): how many threads of
// the app's runs execute Starlark at once, and the fair queue of the others.

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// RunQuantum is how long a thread executes while others wait for a slot of
// its app before it yields its slot to them, at its next step chunk (see
// [stepChunk]; a builtin in progress is not interrupted). It is Go's own
// scheduling quantum: a page that loops takes turns with its app's other
// runs rather than holding them up until its wall time ends.
const RunQuantum = 10 * time.Millisecond

// DefaultRuns returns the run slots of an app whose [Limits] Runs is 0:
// GOMAXPROCS. A host that serves several apps chooses fewer for each with
// [SharedRuns]; host does not guess which kind of host it is.
func DefaultRuns() int { return runtime.GOMAXPROCS(0) }

// SharedRuns returns the run slots for an app of a process (or machine)
// that serves several: one less than GOMAXPROCS, at least 1, so that one
// app's runs never take every core from the others. `stark serve` and its
// workers give it as [Limits] Runs to every app whose stark.toml sets none;
// docs/bench.md ("Fairness") has the measurements behind it.
func SharedRuns() int { return max(1, runtime.GOMAXPROCS(0)-1) }

// runQueue is an app's run slots. A thread of a run holds a slot while it
// executes; the others wait in a FIFO queue, so that the runs of the
// app's sessions (each with at most one run at a time) take their turns
// round-robin. A thread gives its slot up while it blocks (sleep, a task's
// result, a spawn waiting for the app's threads, a cache value or module
// another thread computes, http, sql) and queues again to go on; and it
// yields its slot after [RunQuantum] when others wait. Work done for runs
// outside them ([App.TakeWorkSlot]) waits in a second FIFO queue, served
// first.
type runQueue struct {
	fixed int // Limits.Runs; 0: DefaultRuns()

	mu      sync.Mutex
	running int       // slots taken
	queue   slotQueue // threads of runs
	first   slotQueue // work for runs, served before queue
	closed  bool

	idle []*runWorker // goroutines that wait for a run to start ([runQueue.goLocked])

	waiting atomic.Int64  // waiters in both queues
	waits   atomic.Uint64 // takes that queued
	waited  atomic.Int64  // nanoseconds spent in the queues, by all
	peak    atomic.Int64  // the most slots ever taken at once
}

// slotQueue is a FIFO list of waiters.
type slotQueue struct{ head, tail *slotWaiter }

// slotWaiter is a waiter in a queue: a goroutine blocked in take (ready),
// or a run started by [App.Start] that has no goroutine yet (start).
type slotWaiter struct {
	ready      chan struct{} // closed when it is given a slot or the queue closes
	granted    bool          // it was given a slot; guarded by q.mu
	in         *slotQueue    // the queue it is in, or nil; guarded by q.mu
	prev, next *slotWaiter

	// start, for a run without a goroutine, is started on a goroutine of
	// its own when the waiter leaves the queue: with true when it was given
	// a slot, with false when the run was cancelled or the queue closed.
	start func(granted bool)
	since time.Time // when it queued, for start's waiters
}

// limit returns the number of slots.
func (q *runQueue) limit() int {
	if q.fixed > 0 {
		return q.fixed
	}
	return DefaultRuns()
}

// take waits for a slot in FIFO order and reports whether it got one: not
// when done is closed first (the run was cancelled: a cancelled run never
// executes again) or the queue is closed. With first, it waits in the
// queue served first.
func (q *runQueue) take(done <-chan struct{}, first bool) bool {
	select {
	case <-done:
		return false
	default:
	}
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false
	}
	if q.first.head == nil && (first || q.queue.head == nil) && q.running < q.limit() {
		q.running++
		q.notePeakLocked()
		q.mu.Unlock()
		return true
	}
	w := &slotWaiter{ready: make(chan struct{})}
	if first {
		q.pushLocked(&q.first, w)
	} else {
		q.pushLocked(&q.queue, w)
	}
	q.mu.Unlock()
	q.waits.Add(1)
	start := time.Now()
	cancelled := false
	select {
	case <-w.ready:
	case <-done:
		cancelled = true
	}
	q.waited.Add(int64(time.Since(start)))
	q.mu.Lock()
	defer q.mu.Unlock()
	if w.granted {
		if !cancelled {
			select {
			case <-done:
				cancelled = true
			default:
			}
		}
		if cancelled {
			q.releaseLocked() // to the next in the queue
			return false
		}
		return true
	}
	q.removeLocked(w)
	return false
}

// takeOrQueue starts a run that has no goroutine yet: start is called on a
// goroutine of the queue's ([runQueue.goLocked]) with true, holding a slot,
// at once when one is free and nobody waits. Otherwise start is queued,
// FIFO with the threads that wait in take, and the run holds no goroutine
// while it waits: start is called with true when a slot is given to it, or
// with false when the run is cancelled (see [runQueue.cancelQueued]) or the
// queue closes. When the run is cancelled or the queue is closed already,
// start is called at once, with false.
func (q *runQueue) takeOrQueue(rs *runState, start func(granted bool)) {
	q.mu.Lock()
	// done is read under q.mu: a cancel closes it, then takes q.mu to
	// look for the run in the queue, so one of the two sees the other.
	select {
	case <-rs.done:
		q.goLocked(start, false)
		q.mu.Unlock()
		return
	default:
	}
	if q.closed {
		q.goLocked(start, false)
		q.mu.Unlock()
		return
	}
	if q.first.head == nil && q.queue.head == nil && q.running < q.limit() {
		q.running++
		q.notePeakLocked()
		q.goLocked(start, true)
		q.mu.Unlock()
		return
	}
	w := &slotWaiter{start: start, since: time.Now()}
	q.pushLocked(&q.queue, w)
	rs.queued = w
	q.mu.Unlock()
	q.waits.Add(1)
}

// A runWorker is a goroutine that started a run and, the run ended, waits
// for the next run of the app to start: a run starts on a stack that
// earlier runs grew, instead of growing a fresh one (docs/bench.md, issue
// 19's "Round 9"). At most [runQueue.limit] of an app's goroutines, and
// no more than GOMAXPROCS, wait so; the others end with their run, and
// every one ends when the queue closes.
type runWorker struct{ next chan runStart }

type runStart struct {
	start   func(granted bool)
	granted bool
}

// goLocked calls start(granted) on a waiting worker of the queue's, or on a
// new goroutine when none waits.
func (q *runQueue) goLocked(start func(granted bool), granted bool) {
	if n := len(q.idle); n > 0 {
		w := q.idle[n-1] // the last to wait: its stack is likeliest grown
		q.idle[n-1] = nil
		q.idle = q.idle[:n-1]
		w.next <- runStart{start, granted}
		return
	}
	go q.work(runStart{start, granted})
}

// work starts r, then the runs goLocked hands it, while it is among the
// queue's waiting workers.
func (q *runQueue) work(r runStart) {
	var w *runWorker
	for {
		r.start(r.granted)
		q.mu.Lock()
		if q.closed || len(q.idle) >= min(q.limit(), DefaultRuns()) {
			q.mu.Unlock()
			return
		}
		if w == nil {
			w = &runWorker{next: make(chan runStart, 1)}
		}
		q.idle = append(q.idle, w)
		q.mu.Unlock()
		var ok bool
		if r, ok = <-w.next; !ok {
			return
		}
	}
}

// cancelQueued takes a cancelled run out of the queue, if it waits there
// without a goroutine, and starts it to end as cancelled.
func (q *runQueue) cancelQueued(rs *runState) {
	q.mu.Lock()
	w := rs.queued
	if w == nil || w.in == nil {
		q.mu.Unlock()
		return
	}
	q.removeLocked(w)
	q.leaveLocked(w, false)
	q.mu.Unlock()
}

// leaveLocked starts the run of a waiter without a goroutine that has
// left the queue.
func (q *runQueue) leaveLocked(w *slotWaiter, granted bool) {
	q.waited.Add(int64(time.Since(w.since)))
	q.goLocked(w.start, granted)
}

// give gives a slot back: to the first waiter, if any.
func (q *runQueue) give() {
	q.mu.Lock()
	q.releaseLocked()
	q.mu.Unlock()
}

func (q *runQueue) releaseLocked() {
	q.running--
	for q.running < q.limit() {
		w := q.first.head
		if w == nil {
			w = q.queue.head
		}
		if w == nil {
			break
		}
		q.removeLocked(w)
		w.granted = true
		q.running++
		if w.start != nil {
			q.leaveLocked(w, true)
		} else {
			close(w.ready)
		}
	}
	q.notePeakLocked()
}

func (q *runQueue) notePeakLocked() {
	if n := int64(q.running); n > q.peak.Load() {
		q.peak.Store(n)
	}
}

func (q *runQueue) pushLocked(l *slotQueue, w *slotWaiter) {
	w.in = l
	w.prev = l.tail
	if l.tail != nil {
		l.tail.next = w
	} else {
		l.head = w
	}
	l.tail = w
	q.waiting.Add(1)
}

func (q *runQueue) removeLocked(w *slotWaiter) {
	l := w.in
	if l == nil {
		return
	}
	w.in = nil
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		l.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		l.tail = w.prev
	}
	w.prev, w.next = nil, nil
	q.waiting.Add(-1)
}

// close refuses every later take and wakes the threads in the queue: their
// runs end as shut down.
func (q *runQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	q.closed = true
	for _, w := range q.idle {
		close(w.next)
	}
	q.idle = nil
	for _, l := range []*slotQueue{&q.first, &q.queue} {
		for l.head != nil {
			w := l.head
			q.removeLocked(w)
			if w.start != nil {
				q.leaveLocked(w, false)
			} else {
				close(w.ready)
			}
		}
	}
}

// TakeWorkSlot waits for one of the app's run slots, for work done outside
// the app's runs on their behalf, such as a session encoding the elements
// a run wrote, so that it counts against the app's slots as the runs' own
// work does. It waits in the queue served first: the work is for runs
// already admitted, and stalling it would hold back their output. The
// caller must not hold, while it waits, a lock that a run's cancellation
// needs. It reports whether it took a slot, which the caller then gives
// back, once, with GiveWorkSlot; when the app is closed it returns false at
// once.
func (a *App) TakeWorkSlot() bool { return a.runs.take(nil, true) }

// GiveWorkSlot gives back a slot TakeWorkSlot took.
func (a *App) GiveWorkSlot() { a.runs.give() }

// RunQueueStats are the counts of an app's run slots.
type RunQueueStats struct {
	Slots     int           // the slots: Limits.Runs, or DefaultRuns()
	Executing int           // slots taken now
	Waiting   int           // threads waiting for a slot now
	Waits     uint64        // takes that waited, since the app was made
	Waited    time.Duration // time spent waiting, by all of them
	Peak      int           // the most slots taken at once
}

// RunQueueStats returns the counts of the app's run slots.
func (a *App) RunQueueStats() RunQueueStats {
	q := &a.runs
	q.mu.Lock()
	executing := q.running
	q.mu.Unlock()
	return RunQueueStats{
		Slots:     q.limit(),
		Executing: executing,
		Waiting:   int(q.waiting.Load()),
		Waits:     q.waits.Load(),
		Waited:    time.Duration(q.waited.Load()),
		Peak:      int(q.peak.Load()),
	}
}

// A runSlot is the hold of one goroutine of a run on a run slot of its app:
// the script thread's (shared by the threads that execute the modules it
// loads) or a spawned thread's. Only that goroutine uses it.
type runSlot struct {
	q    *runQueue
	rs   *runState
	held bool
	// since is when the slot was taken, in Unix nanoseconds; 0 while none
	// is held. The heap guard reads it (see [runState.slotTime]).
	since atomic.Int64
}

// take waits for a slot, unless one is held, and reports whether the
// goroutine holds one. It does not when the run is cancelled; when the
// app is closed it cancels the run as shut down.
func (s *runSlot) take() bool {
	if s == nil || s.held {
		return true
	}
	if !s.q.take(s.rs.done, false) {
		return s.refused()
	}
	s.hold()
	return true
}

// granted is take for a slot the queue gave the run before its goroutine
// started ([runQueue.takeOrQueue]): it holds the slot, unless the run was
// cancelled meanwhile, when it gives the slot to the next waiter.
func (s *runSlot) granted() bool {
	select {
	case <-s.rs.done:
		s.q.give()
		return false
	default:
	}
	s.hold()
	return true
}

// refused is the end of a take that got no slot: when the app is closed it
// cancels the run as shut down. It reports false.
func (s *runSlot) refused() bool {
	s.q.mu.Lock()
	closed := s.q.closed
	s.q.mu.Unlock()
	if closed {
		s.rs.cancel(Shutdown)
	}
	return false
}

func (s *runSlot) hold() {
	s.held = true
	s.since.Store(time.Now().UnixNano())
}

// give gives the slot up, if held.
func (s *runSlot) give() {
	if s == nil || !s.held {
		return
	}
	s.held = false
	s.rs.heldNs.Add(time.Now().UnixNano() - s.since.Swap(0))
	s.q.give()
}

// yield gives the slot to the threads waiting for one when it was held for
// a quantum, and queues for it again. It is called at every step chunk.
func (s *runSlot) yield() {
	if s == nil || !s.held || s.q.waiting.Load() == 0 || time.Now().UnixNano()-s.since.Load() < int64(RunQuantum) {
		return
	}
	s.give()
	s.take()
}

// slotTime returns the time the run's threads have held run slots, by now.
func (rs *runState) slotTime(now time.Time) time.Duration {
	n := rs.heldNs.Load()
	rs.mu.Lock()
	for _, s := range rs.slots {
		if t := s.since.Load(); t != 0 {
			n += now.UnixNano() - t
		}
	}
	rs.mu.Unlock()
	return time.Duration(n)
}

// Idle gives the thread's run slot up while it waits for something other
// than the CPU (a builtin that blocks); resume takes a slot again, waiting
// in the app's queue, and must be called on the thread's goroutine before
// it executes Starlark again. When the run is cancelled meanwhile, resume
// returns at once without a slot: the thread's next step fails.
func (sb *Sandbox) Idle() (resume func()) {
	sb.slot.give()
	return func() { sb.slot.take() }
}
