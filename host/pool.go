package host

// This file defines the app's thread pool, which bounds the spawned threads
// that exist at once, and the wait graph, which refuses a wait that would
// never end.

import (
	"fmt"
	"strings"
	"sync"

	"go.starlark.net/starlark"
)

// threadPool bounds the spawned threads of all runs of an app that hold a
// place at once ([Limits] AppThreads): the shared executor of Streamlit's
// threading guide. spawn never blocks on it: a task without a place waits
// in a FIFO queue, on its own goroutine, before it executes anything.
//
// A thread that waits for a queued task lends its place to that task (see
// [threadPool.lend]) and gets it back when the task ends, so threads that
// wait for the threads they spawn never deadlock on places, whatever their
// number and however many sessions do the same; the number of threads that
// hold a place, executing or blocked, never passes the bound.
//
// mu guards free, queue and every task's place; no call blocks holding it.
type threadPool struct {
	mu    sync.Mutex
	free  int
	queue []*Task
}

// place says how a task holds its place in the pool.
type place int

const (
	queued place = iota // waiting for a place
	own                 // a place of the pool
	lent                // the place of the task that waits for it (Task.lender)
	left                // the task has ended or was cancelled in the queue
)

func newThreadPool(n int) *threadPool { return &threadPool{free: n} }

// enter gives t a place if one is free and no task queued before it, and
// otherwise queues it. t.start is closed when t has a place.
func (p *threadPool) enter(t *Task) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.free > 0 && len(p.queue) == 0 {
		p.free--
		t.place = own
		close(t.start)
		return
	}
	p.queue = append(p.queue, t)
}

// started reports whether t, whose start was closed or whose run was
// cancelled, has a place; a task still queued leaves the queue and must
// not execute.
func (p *threadPool) started(t *Task) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.place == queued {
		p.remove(t)
		t.place = left
		return false
	}
	return true
}

// leave ends the hold of t, which has a place: a lent place goes back to
// its lender, which is waiting for t; an own place goes to the first queued
// task, or back to the pool.
func (p *threadPool) leave(t *Task) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.place == own {
		if len(p.queue) > 0 {
			next := p.queue[0]
			p.queue = p.queue[1:]
			next.place = own
			close(next.start)
		} else {
			p.free++
		}
	}
	t.place = left
}

// lend gives the place of lender, a task about to wait for t, to t when t
// is still queued. lender holds no place until t ends (its wait ends no
// sooner), when the place comes back to it.
func (p *threadPool) lend(lender, t *Task) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t.place != queued || lender == nil || (lender.place != own && lender.place != lent) {
		return
	}
	p.remove(t)
	t.place = lent
	t.lender = lender
	close(t.start)
}

func (p *threadPool) remove(t *Task) {
	for i, q := range p.queue {
		if q == t {
			p.queue = append(p.queue[:i], p.queue[i+1:]...)
			return
		}
	}
}

// The wait graph: the thread each blocked thread waits for, across every
// run of the process (a lock of a session's state may be held by a thread
// of the session's previous run). A wait that would close a cycle is refused
// when it starts, naming the chain, rather than left to hang until the wall
// time. Waits are rare and short to record, so one lock serves them all.
var waits = struct {
	sync.Mutex
	on map[*starlark.Thread]*starlark.Thread
}{on: make(map[*starlark.Thread]*starlark.Thread)}

// beginWait records that thread t waits for thread u, and returns the
// function that ends the wait; it fails when u waits, directly or through
// others, for t.
func beginWait(t, u *starlark.Thread) (end func(), err error) {
	waits.Lock()
	defer waits.Unlock()
	chain := []string{t.Name}
	for x := u; x != nil; x = waits.on[x] {
		chain = append(chain, x.Name)
		if x == t {
			if len(chain) == 2 {
				return nil, fmt.Errorf("%s would wait for itself", t.Name)
			}
			return nil, fmt.Errorf("%s would wait forever: each waits for the next", strings.Join(chain, " → "))
		}
	}
	waits.on[t] = u
	return func() {
		waits.Lock()
		delete(waits.on, t)
		waits.Unlock()
	}, nil
}
