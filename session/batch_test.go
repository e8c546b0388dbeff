package session

import (
	"testing"
	"time"
)

// TestBatchTimerLateFiring: the session's one batch timer, reset for each
// batch, fires for an earlier batch's deadline after that batch's stream
// ended and a later one armed it (a late firing of a real timer): the later
// batch is not flushed early, but at its own deadline.
func TestBatchTimerLateFiring(t *testing.T) {
	f := newFixture(t, map[string]string{"page.star": "st.write('x')\n"}, Options{Batch: 10 * time.Millisecond})
	s := newSession(f.m, "page.star", "page", nil)
	arm := func(st *stream) {
		st.mu.Lock()
		st.arm()
		st.mu.Unlock()
	}
	armed := func(st *stream) bool {
		st.mu.Lock()
		defer st.mu.Unlock()
		return st.armed
	}
	first := &stream{s: s}
	arm(first)
	first.disarm() // its run ended
	f.clock.Advance(4 * time.Millisecond)
	second := &stream{s: s}
	arm(second) // due at 14ms
	f.clock.Advance(6 * time.Millisecond)
	// The firing meant for the first batch's deadline (10ms), late.
	s.batchFired()
	if !armed(second) {
		t.Fatal("a late firing flushed a later batch before its deadline")
	}
	if n := f.clock.Waiting(); n != 1 {
		t.Fatalf("%d timers wait, want the batch timer", n)
	}
	f.clock.Advance(4 * time.Millisecond)
	if armed(second) {
		t.Error("the later batch was not flushed at its deadline")
	}
}
