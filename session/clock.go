package session

// This file defines the clock of sessions: the grace of a disconnected
// session, the run-grace of its run, the batching of elements and the
// run_every timers of fragments all wait on it, so that tests (and the
// headless harness) move time instead of sleeping.

import (
	"sync"
	"time"
)

// A Clock tells the time and calls functions later. [Options] Clock's zero
// value is the real clock.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f on its own goroutine once d has passed, as
	// [time.AfterFunc] does.
	AfterFunc(d time.Duration, f func()) Timer
}

// A Timer is a call waiting on a [Clock]; [*time.Timer] is one.
type Timer interface {
	// Stop prevents the call; it reports whether it did (false: the call
	// was made or stopped already).
	Stop() bool
	// Reset makes the call happen once d has passed from now, again if it
	// was made; it reports whether the call was waiting.
	Reset(d time.Duration) bool
}

type realClock struct{}

func (realClock) Now() time.Time                            { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// A ManualClock is a [Clock] whose time moves only when [ManualClock.Advance]
// moves it, and whose timers fire then, on the goroutine that advances it.
// Tests use it to reach a session's grace or run-grace without sleeping; the
// headless harness uses it so that no timer interrupts its runs. It is safe
// for concurrent use.
type ManualClock struct {
	mu     sync.Mutex
	now    time.Time
	seq    uint64 // orders timers due at the same time: first set, first fired
	timers map[*manualTimer]bool
}

// NewManualClock returns a clock that reads now until it is advanced.
func NewManualClock(now time.Time) *ManualClock {
	return &ManualClock{now: now, timers: map[*manualTimer]bool{}}
}

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc returns a timer that calls f when the clock is advanced to d
// from now.
func (c *ManualClock) AfterFunc(d time.Duration, f func()) Timer {
	t := &manualTimer{c: c, f: f}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(t, d)
	return t
}

func (c *ManualClock) setLocked(t *manualTimer, d time.Duration) {
	c.seq++
	t.when, t.seq = c.now.Add(d), c.seq
	c.timers[t] = true
}

// Advance moves the clock d forward, calling the functions of the timers
// that fall due, in the order of their times, each with the clock reading
// its time. A function that sets a timer falling due within d is called
// too. The calls are made on the calling goroutine, and Advance returns
// when they have.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	for {
		t := c.nextLocked(end)
		if t == nil {
			break
		}
		delete(c.timers, t)
		c.now = t.when
		c.mu.Unlock()
		t.f()
		c.mu.Lock()
	}
	c.now = end
	c.mu.Unlock()
}

// Waiting returns how many timers wait to fire.
func (c *ManualClock) Waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// nextLocked returns the first timer due by end, or nil.
func (c *ManualClock) nextLocked(end time.Time) *manualTimer {
	var next *manualTimer
	for t := range c.timers {
		if t.when.After(end) {
			continue
		}
		if next == nil || t.when.Before(next.when) || t.when.Equal(next.when) && t.seq < next.seq {
			next = t
		}
	}
	return next
}

type manualTimer struct {
	c    *ManualClock
	f    func()
	when time.Time
	seq  uint64
}

func (t *manualTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	waiting := t.c.timers[t]
	delete(t.c.timers, t)
	return waiting
}

func (t *manualTimer) Reset(d time.Duration) bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	waiting := t.c.timers[t]
	t.c.setLocked(t, d)
	return waiting
}
