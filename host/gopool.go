package host

import (
	"sync/atomic"
	"time"
)

// Runs execute on pooled goroutines: a run's goroutine grows its stack to
// tens of kilobytes (the interpreter's frames), and a fresh goroutine per
// run copied its stack up to that size again on every run (2.5% of a
// server's CPU at 200 sessions). A worker that finishes a run waits a while
// for the next; at most maxIdleWorkers wait at once, and one that waits
// idleWorkerWait with nothing to do ends.
const (
	maxIdleWorkers = 32
	idleWorkerWait = 5 * time.Second
)

var (
	workQueue   = make(chan func()) // unbuffered: a send succeeds only into a waiting worker
	idleWorkers atomic.Int32
)

// goPooled runs f on a waiting worker, or on a new goroutine when none
// waits.
func goPooled(f func()) {
	select {
	case workQueue <- f:
	default:
		go worker(f)
	}
}

func worker(f func()) {
	for {
		f()
		f = nil
		if idleWorkers.Add(1) > maxIdleWorkers {
			idleWorkers.Add(-1)
			return
		}
		select {
		case f = <-workQueue:
			idleWorkers.Add(-1)
			continue
		default:
		}
		t := time.NewTimer(idleWorkerWait)
		select {
		case f = <-workQueue:
			t.Stop()
			idleWorkers.Add(-1)
		case <-t.C:
			idleWorkers.Add(-1)
			return
		}
	}
}
