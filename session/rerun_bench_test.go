package session

import (
	"bytes"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/cputime"
	"github.com/stark-dev/stark/starlib"
)

// BenchmarkSessionRerun is a rerun of the reference page
// (host/testdata/bench.star, the same as pages/5_Bench.star) through a real
// session, as a socket drives it: a widget-change message in (n changes
// each iteration), the run, the encoded frames out to a connection that
// discards them, on the real clock; the next message is sent once the
// run's end is, as the bench client does. No socket: what it costs beside the
// engine's run (BenchmarkRunReferencePage in host) is the session's.
func BenchmarkSessionRerun(b *testing.B) {
	app, err := starlib.NewApp("../host/testdata", host.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	app.SetWatched(true) // as a server with its watcher runs it
	m := NewManager(app, Options{})
	defer m.Shutdown()
	var frames, ends atomic.Int64
	ended := make(chan struct{}, 1)
	conn := m.Connect(func(frame []byte) bool {
		frames.Add(1)
		// A run's end is the last message of its last frame.
		if bytes.Contains(frame[max(0, len(frame)-256):], []byte(`"type":"run_end"`)) {
			ends.Add(1)
			ended <- struct{}{}
		}
		ReleaseFrame(frame) // as the socket's writer does once it wrote it
		return true
	})
	page := "bench"
	conn.Receive([]byte(`{"v":1,"type":"hello","page":"` + page + `"}`))
	m.mu.Lock()
	s := m.sessions[conn.Session()]
	m.mu.Unlock()
	if s == nil {
		b.Fatal("no session")
	}
	<-ended
	<-s.Idle()
	// The messages, made before the loop as a browser's arrive.
	msgs := make([][]byte, 64)
	for i := range msgs {
		msgs[i] = []byte(`{"v":1,"type":"widget","id":"n","value":` + strconv.Itoa(i+1) + `}`)
	}
	start := ends.Load()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	n := 0
	for b.Loop() {
		conn.Receive(msgs[n%len(msgs)])
		n++
		<-ended // as a browser waits for the run's end, not for the session
	}
	cpu.Report(b, b.N)
	<-s.Idle()
	if got := ends.Load() - start; got != int64(n) {
		b.Fatalf("%d run ends for %d reruns", got, n)
	}
	b.ReportMetric(float64(frames.Load())/float64(ends.Load()), "frames/run")
}
