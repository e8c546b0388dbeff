package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
)

// SyncBuffer is a log sink safe for the server's goroutines and the test's;
// exported for the tests of package web_test too.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestSocketReaderPanic: the reader runs off net/http's handler, which
// recovered a panic before; the reader recovers its own, logs it, closes
// that socket and releases what it held, and the process goes on.
func TestSocketReaderPanic(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.star"), []byte(`st.text("hi")`), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := starlib.NewApp(dir, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var logs SyncBuffer
	s, err := New(app, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown()
	// A reader set up as the socket handler sets one up, whose read
	// deadline panics after the first frame.
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := s.upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		if reason := s.admitSocket(ws, "client"); reason != "" {
			t.Error(reason)
			return
		}
		s.metrics.connections.Inc()
		rd := &sockReader{s: s, ws: ws, addr: "client", done: make(chan struct{})}
		rd.sink = func([]byte) bool { return true }
		rd.stop = func(int, string) { ws.Close() }
		rd.conn = s.sessions.ConnectAs(rd.sink, host.Visitor{})
		rd.deadline = func() time.Time { panic("the deadline broke") }
		go rd.read()
	}))
	defer ts.Close()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.WriteMessage(websocket.TextMessage, []byte(`{"v":1,"type":"ping"}`)); err != nil {
		t.Fatal(err)
	}
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			if ne, ok := err.(interface{ Timeout() bool }); ok && ne.Timeout() {
				t.Fatal("the socket of the reader that panicked is still open")
			}
			break
		}
	}
	if got := logs.String(); !strings.Contains(got, "socket: panic") || !strings.Contains(got, "the deadline broke") {
		t.Errorf("log = %q, want the reader's panic", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.Stats().Sockets != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d sockets held after the reader panicked, want 0", s.Stats().Sockets)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
