package web_test

// Protocol attacks: what a hostile client may send over the socket. The
// server answers each with an error or closes that one socket, and goes on
// serving everyone else.

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

// healthy checks that the server answers /healthz and serves a new session.
func healthy(t *testing.T, ts *httptest.Server) {
	t.Helper()
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil {
		t.Fatalf("healthz: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz: %s", resp.Status)
	}
	c := dial(t, ts, "", "")
	if m := runEnd(t, c); m.Status() != "completed" {
		t.Fatalf("a new session's run: %s", m.Status())
	}
	c.Close()
}

func wsURL(ts *httptest.Server) string {
	return "ws" + strings.TrimPrefix(ts.URL, "http") + "/_stark/ws"
}

func TestAttackMalformedFrames(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": `n = st.slider("n", 0, 10, key="n")
st.text("n=%d" % n)`}, web.Options{})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	for _, tt := range []struct{ name, frame, want string }{
		{"deep nesting", `{"v":1,"type":"widget","id":"n","value":` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}`, "malformed message"},
		{"invalid UTF-8", "{\"v\":1,\"type\":\"widget\",\"id\":\"\xff\xfe\",\"value\":1}", "unknown widget id"},
		{"two values", `{"v":1,"type":"rerun"}{"v":1,"type":"rerun"}`, "more than one JSON value"},
		{"number overflow", `{"v":1e400,"type":"rerun"}`, "malformed message"},
		{"null", `null`, "protocol version 0"},
		{"unknown type", `{"v":1,"type":"shell","cmd":"rm -rf /"}`, "unknown field"},
		{"huge count", `{"v":1,"type":"rows","path":"main.0","start":-5,"count":1000000000}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := c.SendRaw([]byte(tt.frame)); err != nil {
				t.Fatal(err)
			}
			m, err := c.WaitFor("error", 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(m.Text(), tt.want) {
				t.Errorf("error %q, want it to contain %q", m.Text(), tt.want)
			}
		})
	}
	healthy(t, ts)
}

// A frame over the socket's read limit (4 MiB) closes that socket with
// "message too big"; the server lives.
func TestAttackHugeFrame(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": `st.text("x")`}, web.Options{})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	huge := make([]byte, 5<<20)
	for i := range huge {
		huge[i] = 'a'
	}
	c.SendRaw(huge) // the server may close before the write ends
	var err error
	for err == nil {
		_, err = c.Next(10 * time.Second)
	}
	if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) && !strings.Contains(err.Error(), "closed") && !strings.Contains(err.Error(), "reset") && !strings.Contains(err.Error(), "EOF") {
		t.Errorf("after a 5 MiB frame: %v, want the socket closed", err)
	}
	t.Logf("socket ended with: %v", err)
	healthy(t, ts)
}

// A widget id the session's page never created is refused, whichever
// session's page has it; the other session is unaffected.
func TestAttackOtherSessionsWidget(t *testing.T) {
	ts := serve(t, map[string]string{
		"1_home.star": `st.text("home")`,
		"2_admin.star": `if st.button("Delete everything", key="danger"):
    st.session_state["deleted"] = True
st.text("deleted=%s" % st.session_state.get("deleted", False))`,
	}, web.Options{})
	admin := dial(t, ts, "admin", "")
	runEnd(t, admin)
	if got := body(admin, "main.1"); got != "deleted=False" {
		t.Fatalf("admin page: %q", got)
	}
	home := dial(t, ts, "home", "")
	runEnd(t, home)
	home.SetWidget("danger", true)
	m, err := home.WaitFor("error", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text(), `unknown widget id "danger"`) {
		t.Errorf("error %q, want unknown widget", m.Text())
	}
	admin.SendValue(map[string]any{"v": 1, "type": "rerun"})
	runEnd(t, admin)
	if got := body(admin, "main.1"); got != "deleted=False" {
		t.Errorf("the other session's state changed: %q", got)
	}
}

// The token of a session that is connected elsewhere, or of another app's
// session, gives a fresh session: never the other's state.
func TestAttackForeignToken(t *testing.T) {
	page := `st.session_state["n"] = st.session_state.get("n", 0) + 1
st.text("n=%d" % st.session_state["n"])`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	other := serve(t, map[string]string{"p.star": page}, web.Options{})

	victim := dial(t, ts, "", "")
	runEnd(t, victim)
	victim.SendValue(map[string]any{"v": 1, "type": "rerun"})
	runEnd(t, victim)
	if got := body(victim, "main.0"); got != "n=2" {
		t.Fatalf("victim: %q", got)
	}

	thief := dial(t, ts, "", victim.Session)
	runEnd(t, thief)
	if thief.Session == victim.Session {
		t.Error("a second socket took over a connected session")
	}
	if got := body(thief, "main.0"); got != "n=1" {
		t.Errorf("thief sees %q, want a fresh session's n=1", got)
	}

	cross := dial(t, other, "", victim.Session)
	runEnd(t, cross)
	if cross.Session == victim.Session {
		t.Error("another app accepted this app's session token")
	}
	if got := body(cross, "main.0"); got != "n=1" {
		t.Errorf("another app's session sees %q, want n=1", got)
	}
}

func TestAttackCrossOriginSocket(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": `st.text("x")`}, web.Options{})
	h := http.Header{"Origin": {"https://evil.example.com"}}
	_, resp, err := websocket.DefaultDialer.Dial(wsURL(ts), h)
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin socket: err %v, response %v; want 403", err, resp)
	}
	healthy(t, ts)
}

// Uploads are the one state-changing request besides the socket: a
// cross-origin post is refused before the body is read, and a body past
// the app's [limits] upload_bytes is refused with the words the uploader
// shows; the session goes on.
func TestAttackUploads(t *testing.T) {
	dir := t.TempDir()
	page := `f = st.file_uploader("Data", key="up")
st.text("file: %s" % (f["name"] if f else "none"))`
	if err := os.WriteFile(filepath.Join(dir, "p.star"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := starlib.NewApp(dir, host.Limits{UploadBytes: 1024})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(app, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		srv.Shutdown()
		ts.Close()
	})
	c := dial(t, ts, "", "")
	runEnd(t, c)

	post := func(origin string, size int) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", ts.URL+"/_stark/upload?session="+c.Session+"&widget=up", bytes.NewReader(make([]byte, size)))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("X-File-Name", "f.txt")
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(b))
	}
	for _, tt := range []struct {
		name, origin string
		size, code   int
		want         string
	}{
		{"cross-origin", "https://evil.example.com", 10, http.StatusForbidden, "origin not allowed"},
		{"over the limit", ts.URL, 1025, http.StatusRequestEntityTooLarge, "the file is larger than the app's upload limit"},
		{"far over the limit", ts.URL, 8 << 20, http.StatusRequestEntityTooLarge, "the file is larger than the app's upload limit"},
		{"at the limit", ts.URL, 1024, http.StatusOK, `{"token":`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, body := post(tt.origin, tt.size)
			if code != tt.code || !strings.Contains(body, tt.want) {
				t.Errorf("POST of %d bytes from %s: %d %q, want %d %q", tt.size, tt.origin, code, body, tt.code, tt.want)
			}
		})
	}
	c.SendValue(map[string]any{"v": 1, "type": "rerun"})
	if m := runEnd(t, c); m.Status() != "completed" || body(c, "main.1") != "file: none" {
		t.Errorf("after the refused uploads: run %s, page shows %q", m.Status(), body(c, "main.1"))
	}
	healthy(t, ts)
}

// heapNow returns the live heap after a collection.
func heapNow() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// A thousand sockets opened and left idle (no hello) each cost a bounded
// few goroutines and kilobytes; the server stays up and they are closed at
// the end. The figures include the test's client side of each socket (a
// connection, no goroutine): they are an upper bound of the server's cost.
func TestAttackIdleConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 1,000 sockets")
	}
	const n = 1000
	// All from one address, past the defaults of [limits] sockets and client_sockets.
	ts, _ := serveServer(t, `st.text("x")`, host.Limits{Sockets: n + 10, ClientSockets: n + 10}, web.Options{})
	healthy(t, ts)
	g0, h0 := runtime.NumGoroutine(), heapNow()
	d := websocket.Dialer{ReadBufferSize: 256, WriteBufferSize: 256, HandshakeTimeout: 10 * time.Second}
	conns := make([]*websocket.Conn, 0, n)
	defer func() {
		for _, ws := range conns {
			ws.Close()
		}
	}()
	for i := 0; i < n; i++ {
		ws, _, err := d.Dial(wsURL(ts), nil)
		if err != nil {
			t.Fatalf("socket %d: %v", i, err)
		}
		conns = append(conns, ws)
	}
	g1, h1 := runtime.NumGoroutine(), heapNow()
	perG := float64(g1-g0) / n
	perB := (float64(h1) - float64(h0)) / n
	t.Logf("%d idle sockets: %+d goroutines (%.2f each), %+.1f MiB heap (%.1f KiB each, client side included)",
		n, g1-g0, perG, (float64(h1)-float64(h0))/(1<<20), perB/1024)
	if perG > 3 {
		t.Errorf("%.2f goroutines per idle socket, want at most 3", perG)
	}
	if perB > 64<<10 {
		t.Errorf("%.1f KiB per idle socket, want at most 64 KiB", perB/1024)
	}
	healthy(t, ts)
	for _, ws := range conns {
		ws.Close()
	}
	conns = nil
	// The server notices the closes: its goroutines come back.
	for i := 0; i < 200 && runtime.NumGoroutine() > g0+50; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > g0+50 {
		t.Errorf("after closing: %d goroutines, had %d before", g, g0)
	} else {
		t.Logf("after closing: %d goroutines (before: %d)", g, g0)
	}
}

// Sockets that say hello (each a session whose page ran once) and then stay
// idle without reading: each session's cost is bounded too. 900 stay under
// the default limit of 1,000 sessions.
func TestAttackIdleSessions(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 900 sessions")
	}
	const n = 900
	// All from one address, past the default of [limits] client_sockets.
	ts, _ := serveServer(t, `st.title("idle")
for i in range(20):
    st.text("line %d" % i)`, host.Limits{ClientSockets: n + 10}, web.Options{})
	g0, h0 := runtime.NumGoroutine(), heapNow()
	d := websocket.Dialer{ReadBufferSize: 256, WriteBufferSize: 256, HandshakeTimeout: 10 * time.Second}
	conns := make([]*websocket.Conn, 0, n)
	defer func() {
		for _, ws := range conns {
			ws.Close()
		}
	}()
	for i := 0; i < n; i++ {
		ws, _, err := d.Dial(wsURL(ts), nil)
		if err != nil {
			t.Fatalf("socket %d: %v", i, err)
		}
		conns = append(conns, ws)
		if err := ws.WriteMessage(websocket.TextMessage, []byte(`{"v":1,"type":"hello","session":"","page":"","query":{}}`)); err != nil {
			t.Fatal(err)
		}
	}
	// Every session's first run ends (the frames wait in the sockets).
	for _, ws := range conns {
		for {
			_, frame, err := ws.ReadMessage()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(frame), `"type":"run_end"`) {
				break
			}
		}
	}
	g1, h1 := runtime.NumGoroutine(), heapNow()
	t.Logf("%d idle sessions: %+d goroutines (%.2f each), %+.1f MiB heap (%.1f KiB each, client side included)",
		n, g1-g0, float64(g1-g0)/n, (float64(h1)-float64(h0))/(1<<20), (float64(h1)-float64(h0))/n/1024)
	if per := float64(g1-g0) / n; per > 3 {
		t.Errorf("%.2f goroutines per idle session, want at most 3", per)
	}
	if per := (float64(h1) - float64(h0)) / n; per > 256<<10 {
		t.Errorf("%.1f KiB per idle session, want at most 256 KiB", per/1024)
	}
	healthy(t, ts)
}

// Markup in a page's texts travels to the browser as text in the elements'
// properties (the front end renders it inert; its tests say so), and the
// limits' messages reach the page as the run's error.
func TestAttackPagesOverTheSocket(t *testing.T) {
	markup, err := os.ReadFile("../host/testdata/adversarial/markup.star")
	if err != nil {
		t.Fatal(err)
	}
	ts := serve(t, map[string]string{
		"1_markup.star": string(markup),
		"2_flood.star":  "for i in range(1000000):\n    st.text(\"line %d\" % i)\n",
		"3_loop.star":   "while True:\n    pass\n",
	}, web.Options{})
	c := dial(t, ts, "markup", "")
	if m := runEnd(t, c); m.Status() != "completed" {
		t.Fatalf("markup page: %s", m.Status())
	}
	var all []string
	for _, el := range c.Snapshot() {
		var props []string
		for _, v := range el {
			collect(v, &props)
		}
		all = append(all, props...)
	}
	for _, text := range []string{"<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "javascript:alert(3)"} {
		found := false
		for _, s := range all {
			found = found || strings.Contains(s, text)
		}
		if !found {
			t.Errorf("%q did not travel as text", text)
		}
	}
	for page, want := range map[string]string{
		"flood": fmt.Sprintf("run stopped: element limit of %d reached (raise [limits] elements in stark.toml)", host.DefaultElements),
		"loop":  fmt.Sprintf("run stopped: step limit of %d reached (raise [limits] steps in stark.toml)", host.DefaultSteps),
	} {
		c := dial(t, ts, page, "")
		m := runEnd(t, c)
		if m.Status() != "failed" || m.RunEnd.Error == nil || m.RunEnd.Error.Message != want {
			t.Errorf("%s: status %s, error %+v; want %q", page, m.Status(), m.RunEnd.Error, want)
		}
	}
	healthy(t, ts)
}

func collect(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, x := range v {
			collect(x, out)
		}
	case map[string]any:
		for _, x := range v {
			collect(x, out)
		}
	}
}
