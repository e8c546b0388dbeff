package session

import (
	"strconv"
	"testing"

	"github.com/stark-dev/stark/host"
)

// BenchmarkDelta encodes, hashes and diffs the elements of a rerun of a
// page like the reference page (a title and 52 markdown elements, one in
// two changing between runs), then makes them what the browser shows, as
// the end of a run does: the per-run cost of diffing in a session.
func BenchmarkDelta(b *testing.B) {
	runs := [2][]host.Change{}
	for r := range runs {
		buf := []host.Change{{Element: &host.Element{Kind: "title", Path: "main.0", Props: map[string]any{"body": "Bench page"}}, Parent: "main"}}
		for i := 1; i < 53; i++ {
			body := "Line " + strconv.Itoa(i) + ": value is **" + strconv.Itoa(i*(r+1)*(i%2)) + "**"
			buf = append(buf, host.Change{Element: &host.Element{Kind: "markdown", Path: "main." + strconv.Itoa(i), Props: map[string]any{"body": body}}, Parent: "main", Index: i})
		}
		runs[r] = buf
	}
	counts := map[string]int{"main": 53}
	s := &Session{shown: hashes{}}
	b.ReportAllocs()
	n := uint64(0)
	for b.Loop() {
		n++
		st := &stream{s: s, run: n}
		if st.deltaLocked(runs[n%2], counts, false) == nil {
			b.Fatal("no delta")
		}
		st.commitLocked()
	}
}
