package session

import (
	"strconv"
	"testing"

	"github.com/stark-dev/stark/host"
)

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
		st := &stream{s: s, counts: map[string]int{}, armed: true, hint: int(s.changes.Load())}
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

// TestStreamBatchSized: a batch after the first is made room for once, by
// what the last run wrote beyond this run's changes so far, not grown
// from nothing element by element.
func TestStreamBatchSized(t *testing.T) {
	changes := make([]host.Change, 53)
	for i := range changes {
		changes[i] = host.Change{Element: &host.Element{Kind: "markdown"}, Parent: "main", Index: i}
	}
	st := &stream{s: &Session{}, counts: map[string]int{}, armed: true, hint: len(changes)}
	for _, ch := range changes[:20] {
		st.add(ch)
	}
	allocs := testing.AllocsPerRun(1, func() {
		st.buf, st.added = nil, 20 // the first batch was taken
		for _, ch := range changes[20:] {
			st.add(ch)
		}
	})
	if allocs != 1 || len(st.buf) != 33 || cap(st.buf) != 33 {
		t.Errorf("second batch: %v allocations, len %d, cap %d; want 1, 33, 33", allocs, len(st.buf), cap(st.buf))
	}
}
