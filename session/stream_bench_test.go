package session

import (
	"strconv"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
)

// stoppedTimer is a Timer that never fires: the benchmark takes the
// batches itself.
type stoppedTimer struct{}

func (stoppedTimer) Stop() bool               { return false }
func (stoppedTimer) Reset(time.Duration) bool { return false }

// BenchmarkStreamAdd gathers the 53 changes of a run of the reference
// page in two batches (the first taken after 20 changes, as a batch
// interval that ends mid-run takes it), as the run's OnChange and the
// batch timer do: the per-run cost of stream.add.
func BenchmarkStreamAdd(b *testing.B) {
	changes := make([]host.Change, 53)
	for i := range changes {
		changes[i] = host.Change{Element: &host.Element{Kind: "markdown", Path: "main." + strconv.Itoa(i)}, Parent: "main", Index: i}
	}
	s := &Session{}
	s.changes.Store(int64(len(changes)))
	b.ReportAllocs()
	for b.Loop() {
		st := &stream{s: s, counts: map[string]int{}, timer: stoppedTimer{}, hint: int(s.changes.Load())}
		st.buf = make([]host.Change, 0, st.hint)
		for i, ch := range changes {
			if i == 20 {
				st.mu.Lock()
				st.buf = nil
				st.syncCount()
				st.mu.Unlock()
			}
			st.add(ch)
		}
		if len(st.buf) != 33 {
			b.Fatal(len(st.buf))
		}
	}
}
