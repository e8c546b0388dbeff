package session

import "testing"

// TestNewFrameBoundsSlack: a frame's buffer is at most about twice its
// size, whatever was released before: a socket's queue counts a frame by
// its length, so a released large buffer must not carry a small frame.
func TestNewFrameBoundsSlack(t *testing.T) {
	for range 20 {
		ReleaseFrame(make([]byte, 100, 200<<10))
		ReleaseFrame(make([]byte, 100, 4<<10))
		for _, n := range []int{10, 600, 3000} {
			f := newFrame(n)
			if len(f) != 0 || cap(f) < n {
				t.Fatalf("newFrame(%d): len %d cap %d", n, len(f), cap(f))
			}
			if limit := 2 * max(n, minPooledFrame); cap(f) > limit {
				t.Fatalf("newFrame(%d) has a buffer of %d bytes, more than %d", n, cap(f), limit)
			}
		}
	}
}
