package web_test

// Tests of the bounds on sockets (finding 12 of issue 12): the bytes queued
// for clients that do not read, and the sockets an app and one client
// address hold.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/session"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

// serveServer starts a real server of page and returns it with its Server.
func serveServer(t *testing.T, page string, limits host.Limits, opts web.Options) (*httptest.Server, *web.Server) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.star"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := starlib.NewApp(dir, limits)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(app, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		srv.Shutdown()
		ts.Close()
		app.Close()
	})
	return ts, srv
}

// rawSocket opens a socket as a client at address from (by
// X-Forwarded-For) and says hello; it reads nothing.
func rawSocket(t *testing.T, ts *httptest.Server, from string) *websocket.Conn {
	t.Helper()
	h := http.Header{"Origin": {ts.URL}}
	if from != "" {
		h.Set("X-Forwarded-For", from)
	}
	ws, _, err := websocket.DefaultDialer.Dial(wsURL(ts), h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	if err := ws.WriteMessage(websocket.TextMessage, []byte(`{"v":1,"type":"hello","session":"","page":"","query":{}}`)); err != nil {
		t.Fatal(err)
	}
	return ws
}

// firstMessage reads ws's first message: its type, or the close error.
func firstMessage(ws *websocket.Conn) (string, error) {
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, frame, err := ws.ReadMessage()
	if err != nil {
		return "", err
	}
	var m struct{ Type string }
	json.Unmarshal(frame, &m)
	if m.Type == "" && strings.HasPrefix(string(frame), "[") {
		var ms []struct{ Type string }
		json.Unmarshal(frame, &ms)
		if len(ms) > 0 {
			m.Type = ms[0].Type
		}
	}
	return m.Type, nil
}

func TestSocketCountLimits(t *testing.T) {
	ts, srv := serveServer(t, `st.text("hi")`, host.Limits{Sockets: 5, ClientSockets: 2}, web.Options{TrustProxy: true})
	welcomed := func(from string) *websocket.Conn {
		t.Helper()
		ws := rawSocket(t, ts, from)
		if typ, err := firstMessage(ws); typ != "welcome" {
			t.Fatalf("a socket from %s: %q %v, want a welcome", from, typ, err)
		}
		return ws
	}
	refused := func(from, want string) {
		t.Helper()
		ws := rawSocket(t, ts, from)
		typ, err := firstMessage(ws)
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.CloseTryAgainLater || !strings.Contains(ce.Text, want) {
			t.Errorf("a socket from %s past the limit: %q %v, want closed with 1013 and %q", from, typ, err, want)
		}
	}
	a1 := welcomed("10.0.0.1")
	welcomed("10.0.0.1")
	refused("10.0.0.1", "[limits] client_sockets")
	welcomed("2001:db8::1")
	welcomed("2001:db8::1:2")
	refused("2001:db8::2", "[limits] client_sockets") // the same /64
	welcomed("10.0.0.2")
	refused("10.0.0.3", "[limits] sockets")

	// A socket that closes frees its place.
	a1.Close()
	for i := 0; srv.Stats().Sockets > 4; i++ {
		if i > 1000 {
			t.Fatalf("%d sockets held after one closed", srv.Stats().Sockets)
		}
		time.Sleep(5 * time.Millisecond)
	}
	welcomed("10.0.0.1")
}

// Clients that never read, on a page that redraws 256 KiB every 20 ms,
// hold no more than [limits] app_send_bytes of queued frames, and are
// closed (20 such sockets held 888 MB before).
func TestSocketSendBytesBound(t *testing.T) {
	const (
		sockets  = 10
		appBytes = 4 << 20
	)
	page := `
ph = st.empty()
for i in range(150):
    ph.text(str(i) + "x" * 262144)
    sleep(0.02)
`
	ts, srv := serveServer(t, page, host.Limits{SendBytes: 1 << 20, AppSendBytes: appBytes, ElementBytes: 1 << 30, ClientSockets: sockets}, web.Options{})
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	for range sockets {
		rawSocket(t, ts, "")
	}
	var maxQueued int64
	var peak uint64
	for i := 0; ; i++ {
		st := srv.Stats()
		maxQueued = max(maxQueued, st.SendQueueBytes)
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
		if st.Sockets == 0 {
			break
		}
		if i > 3000 {
			t.Fatalf("%d sockets that read nothing are still open", st.Sockets)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("queued at most %d KiB; heap grew by at most %d MiB", maxQueued>>10, (peak-base)>>20)
	if maxQueued > appBytes {
		t.Errorf("%d bytes queued, past app_send_bytes = %d", maxQueued, appBytes)
	}
	if grew := peak - base; grew > 96<<20 {
		t.Errorf("the heap grew by %d MiB for %d sockets that read nothing", grew>>20, sockets)
	}
}

// goroutinesIn counts the goroutines whose stack has fn (not counting
// the function that created a goroutine).
func goroutinesIn(fn string) int {
	buf := make([]byte, 1<<22)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if i := strings.Index(g, "\ncreated by "); i >= 0 {
			g = g[:i]
		}
		if strings.Contains(g, fn) {
			n++
		}
	}
	return n
}

// TestIdleSocketHoldsOnlyItsReader: a socket with nothing to write has no
// writer goroutine (the issue's "no goroutine per idle socket beyond the
// reader"); one is started for a rerun's frames, which arrive, and ends
// again; pings still reach an idle client.
func TestIdleSocketHoldsOnlyItsReader(t *testing.T) {
	ts := serve(t, map[string]string{"main.star": `x = st.slider("x", 0, 10, 3)
st.write("x is %d" % x)
`}, web.Options{PingInterval: 20 * time.Millisecond})
	pings := make(chan struct{}, 100)
	var cs []*websocket.Conn
	for i := 0; i < 5; i++ {
		ws := rawSocket(t, ts, "")
		ws.SetPingHandler(func(data string) error {
			select {
			case pings <- struct{}{}:
			default:
			}
			return ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
		})
		if typ, err := firstMessage(ws); err != nil {
			t.Fatalf("socket %d: %v (%s)", i, err, typ)
		}
		ws.SetReadDeadline(time.Time{})
		cs = append(cs, ws)
	}
	// Reading keeps the sockets' pings answered; what the runs sent is read
	// and dropped.
	for _, ws := range cs {
		go func() {
			for {
				if _, _, err := ws.ReadMessage(); err != nil {
					return
				}
			}
		}()
	}
	for i := 0; i < 2*len(cs); i++ {
		select {
		case <-pings:
		case <-time.After(10 * time.Second):
			t.Fatalf("%d pings in 10s from 5 idle sockets", i)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := goroutinesIn("web.(*Server).writer")
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d writer goroutines for %d idle sockets, want none", n, len(cs))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSocketReaderOffHandler: once a socket is set up its HTTP handler
// returns (net/http's connection goroutine, its buffers and the request
// go) and a reader of its own serves it; the session behind it keeps
// working: reruns arrive, st.context still has the socket's headers, and
// a closed socket leaves no reader behind.
func TestSocketReaderOffHandler(t *testing.T) {
	ts := serve(t, map[string]string{"main.star": `x = st.slider("x", 0, 10, 3, key="x")
st.text("x is %d, app %s" % (x, st.context.headers.get("x-app")))
`}, web.Options{})
	var cs []*client.Client
	for i := 0; i < 3; i++ {
		c, err := client.DialWith(ts.URL, http.Header{"Origin": {ts.URL}, "X-App": {"tab" + strconv.Itoa(i)}}, session.HelloMsg{}, false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		runEnd(t, c)
		cs = append(cs, c)
	}
	waitGoroutines := func(fn string, want int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			n := goroutinesIn(fn)
			if n == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d goroutines in %s, want %d", n, fn, want)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitGoroutines("(*Server).socket.func", 0) // the handler, web.New.(*Server).socket.funcN
	waitGoroutines("web.(*sockReader).read", len(cs))
	for i, c := range cs {
		if err := c.SetWidget("x", 7+i); err != nil {
			t.Fatal(err)
		}
		if m := runEnd(t, c); m.Status() != "completed" {
			t.Fatalf("rerun %d: %s", i, m.Text())
		}
		if got, want := body(c, "main.1"), fmt.Sprintf("x is %d, app tab%d", 7+i, i); got != want {
			t.Errorf("after a rerun: %q, want %q", got, want)
		}
	}
	cs[0].Close()
	waitGoroutines("web.(*sockReader).read", len(cs)-1)
}

// TestSocketReadsMessagesOfEverySize: the reader reads each message into a
// buffer shared through a pool (returned once the session has handled the
// message, dropped when a long message grew it), so messages of every
// size, alternating on two sockets, each arrive whole and unchanged by
// the next.
func TestSocketReadsMessagesOfEverySize(t *testing.T) {
	ts := serve(t, map[string]string{"main.star": `t = st.text_area("t", "", key="t")
st.text("%d %s %s" % (len(t), t[:6], t[-6:]))
`}, web.Options{})
	var cs []*client.Client
	for i := 0; i < 2; i++ {
		c, err := client.DialWith(ts.URL, http.Header{"Origin": {ts.URL}}, session.HelloMsg{}, false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		runEnd(t, c)
		cs = append(cs, c)
	}
	value := func(n, k int) string {
		b := []byte(strings.Repeat(string(rune('a'+k%26)), n))
		copy(b, fmt.Sprintf("<%04d>", k))
		copy(b[n-6:], fmt.Sprintf("[%04d]", k))
		return string(b)
	}
	for k, n := range []int{10, 3000, 100_000, 12, 70_000, 1500, 8} {
		for i, c := range cs {
			v := value(n, 10*k+i)
			if err := c.SetWidget("t", v); err != nil {
				t.Fatal(err)
			}
			if m := runEnd(t, c); m.Status() != "completed" {
				t.Fatalf("message of %d bytes: %s", n, m.Text())
			}
			if got, want := body(c, "main.1"), fmt.Sprintf("%d %s %s", n, v[:6], v[n-6:]); got != want {
				t.Errorf("message of %d bytes on socket %d: %q, want %q", n, i, got, want)
			}
		}
	}
}
