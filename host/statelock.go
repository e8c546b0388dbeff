package host

// This file defines the lock of a session's state: what makes a
// read-modify-write of st.session_state atomic across the run's threads.

import (
	"sync"

	"go.starlark.net/starlark"
)

// stateLock is a reentrant lock held by one thread at a time. Each read and
// write of a [State] is atomic on its own; a thread that reads a value and
// writes a new one holds the lock in between, so that no other holder's
// write falls between the two (st.session_state.locked(fn)).
type stateLock struct {
	mu     sync.Mutex
	holder *starlark.Thread
	depth  int
	free   chan struct{} // closed when the holder releases the lock
}

// Lock makes thread t the holder of s's lock, waiting while another thread
// holds it, and returns the function that releases it. A thread that holds
// it may take it again. The wait gives up t's run slot and ends when t's
// run is cancelled; a wait that would close a cycle (the holder waits, directly
// or through others, for t) fails at once.
func (s *State) Lock(t *starlark.Thread) (unlock func(), err error) {
	l := &s.lock
	for {
		l.mu.Lock()
		if l.holder == nil || l.holder == t {
			l.holder = t
			l.depth++
			l.mu.Unlock()
			return func() { l.release() }, nil
		}
		if l.free == nil {
			l.free = make(chan struct{})
		}
		free, holder := l.free, l.holder
		l.mu.Unlock()

		end, err := beginWait(t, holder)
		if err != nil {
			return nil, err
		}
		sb := SandboxOf(t)
		resume := sb.Idle()
		select {
		case <-free:
		case <-sb.Done():
		}
		resume()
		end()
		if err := sb.Err(); err != nil {
			return nil, err
		}
	}
}

func (l *stateLock) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.depth--; l.depth > 0 {
		return
	}
	l.holder = nil
	if l.free != nil {
		close(l.free)
		l.free = nil
	}
}
