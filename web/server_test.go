package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/session"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

// serve starts a real server of an app made of the given files.
func serve(t *testing.T, files map[string]string, opts web.Options) *httptest.Server {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app, err := starlib.NewApp(dir, host.Limits{})
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
	})
	return ts
}

func dial(t *testing.T, ts *httptest.Server, page, token string) *client.Client {
	t.Helper()
	c, err := client.Dial(ts.URL, page, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func runEnd(t *testing.T, c *client.Client) *client.Message {
	t.Helper()
	m, err := c.WaitFor("run_end", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// body returns the "body" of the element at path, or "".
func body(c *client.Client, path string) string {
	s, _ := c.Snapshot()[path]["body"].(string)
	return s
}

const counterPage = `
st.title("Counter")
if st.button("Add one", key="add"):
    st.session_state["count"] = st.session_state.get("count", 0) + 1
st.markdown("count: %d" % st.session_state.get("count", 0))
for i in range(20):
    st.text("static line %d" % i)
`

func TestFirstRunAndDiff(t *testing.T) {
	ts := serve(t, map[string]string{"counter.star": counterPage}, web.Options{})
	c := dial(t, ts, "", "")
	msgs, err := c.Collect("run_end", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got := msgs[len(msgs)-1].Status(); got != "completed" {
		t.Fatalf("first run: status %q, want completed", got)
	}
	if got, want := body(c, "main.2"), "count: 0"; got != want {
		t.Errorf("main.2 = %q, want %q", got, want)
	}
	if got, want := len(c.Snapshot()), 23; got != want {
		t.Errorf("elements after first run: %d, want %d", got, want)
	}

	// A click changes one line: one element travels, not the page.
	if err := c.SetWidget("add", true); err != nil {
		t.Fatal(err)
	}
	msgs, err = c.Collect("run_end", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var sent []string
	for _, m := range msgs {
		if m.Type == "delta" {
			for _, e := range m.Delta.Elements {
				sent = append(sent, e["path"].(string))
			}
		}
	}
	if len(sent) != 1 || sent[0] != "main.2" {
		t.Errorf("elements sent for a one-line change: %v, want [main.2]", sent)
	}
	if got, want := body(c, "main.2"), "count: 1"; got != want {
		t.Errorf("after click: main.2 = %q, want %q", got, want)
	}
}

func TestClicksAreNeverLost(t *testing.T) {
	page := `
def add():
    st.session_state["count"] = st.session_state.get("count", 0) + 1
st.button("Add", key="add", on_click=add)
sleep(0.02)
st.markdown("count: %d" % st.session_state.get("count", 0))
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	const clicks = 10
	for i := 0; i < clicks; i++ {
		if err := c.SetWidget("add", true); err != nil {
			t.Fatal(err)
		}
	}
	want := fmt.Sprintf("count: %d", clicks)
	deadline := time.Now().Add(10 * time.Second)
	for body(c, "main.1") != want {
		if time.Now().After(deadline) {
			t.Fatalf("after %d clicks: %q, want %q", clicks, body(c, "main.1"), want)
		}
		if _, err := c.WaitFor("run_end", 10*time.Second); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCoalescing(t *testing.T) {
	page := `
n = st.slider("n", min_value=0, max_value=100, key="n")
sleep(0.3)
st.markdown("n is %d" % n)
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	for v := 1; v <= 5; v++ {
		if err := c.SetWidget("n", v); err != nil {
			t.Fatal(err)
		}
	}
	// Runs superseded by a newer change end without a run_end; the changes
	// are applied together, so one or two runs complete (the first may have
	// started before the last change), never five.
	completed := 0
	for body(c, "main.1") != "n is 5" {
		m := runEnd(t, c)
		completed++
		if m.Status() != "completed" {
			t.Fatalf("run status %q", m.Status())
		}
	}
	if completed > 2 {
		t.Errorf("%d runs completed for 5 rapid changes, want at most 2", completed)
	}
}

// detached waits until the server has seen a socket close: the session's
// grace timer is then waiting on clk, beside the waiting timers before it.
func detached(t *testing.T, clk *session.ManualClock, waiting int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); clk.Waiting() <= waiting; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server never saw the socket close")
		}
	}
}

func TestReconnect(t *testing.T) {
	// The sessions' timers wait on a manual clock: the grace ends when the
	// test says so, not after a sleep.
	clk := session.NewManualClock(time.Now())
	const grace = time.Minute
	ts := serve(t, map[string]string{"counter.star": counterPage}, web.Options{Grace: grace, Clock: clk})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	c.SetWidget("add", true)
	runEnd(t, c)
	token := c.Session
	waiting := clk.Waiting()
	c.Close()

	// Within the grace period the session resumes with its state.
	detached(t, clk, waiting)
	c2, err := client.Dial(ts.URL, "", token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Session != token {
		t.Fatalf("resumed session %q, want %q", c2.Session, token)
	}
	runEnd(t, c2)
	if got := body(c2, "main.2"); got != "count: 1" {
		t.Errorf("after resume: %q, want count: 1", got)
	}
	waiting = clk.Waiting()
	c2.Close()

	// After it, the token opens a new session.
	detached(t, clk, waiting)
	clk.Advance(grace + time.Second)
	c3 := dial(t, ts, "", token)
	if c3.Session == token {
		t.Fatalf("session resumed after the grace period")
	}
	runEnd(t, c3)
	if got := body(c3, "main.2"); got != "count: 0" {
		t.Errorf("new session: %q, want count: 0", got)
	}
}

func TestBadMessages(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": `n = st.slider("n", min_value=0, max_value=10, key="n")
st.selectbox("pick", ["a", "b"], key="pick")
st.markdown("n=%d" % n)`}, web.Options{})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	tests := []struct {
		name  string
		frame string
		want  string
	}{
		{"malformed", `{"v":1,"type":`, "malformed message"},
		{"not an object", `[1,2]`, "malformed message"},
		{"no type", `{"v":1}`, `missing field "type"`},
		{"unknown type", `{"v":1,"type":"explode"}`, `unknown message type "explode"`},
		{"old version", `{"v":0,"type":"rerun"}`, "protocol version 0 is not supported"},
		{"unknown field", `{"v":1,"type":"rerun","bogus":1}`, `unknown field "bogus"`},
		{"unknown widget", `{"v":1,"type":"widget","id":"nope","value":1}`, `unknown widget id "nope"`},
		{"wrong value type", `{"v":1,"type":"widget","id":"n","value":"ten"}`, "got string, want int"},
		{"option out of range", `{"v":1,"type":"widget","id":"pick","value":7}`, "option index 7 out of range"},
		{"widget without value", `{"v":1,"type":"widget","id":"n"}`, `missing field "value"`},
		{"unknown page", `{"v":1,"type":"navigate","page":"Nowhere"}`, `there is no page "Nowhere"`},
		{"second hello", `{"v":1,"type":"hello","session":""}`, "already has a session"},
		{"oversized", `{"v":1,"type":"rerun","session":"` + strings.Repeat("x", 1<<20) + `"}`, "larger than the limit"},
	}
	for _, tt := range tests {
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
	// The session still works.
	c.SetWidget("n", 7)
	for body(c, "main.2") != "n=7" {
		runEnd(t, c)
	}
}

func TestFirstMessageMustBeHello(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": `st.text("x")`}, web.Options{})
	c, err := client.Dial(ts.URL, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// A second connection that skips the hello is answered with an error.
	raw, err := client.DialRaw(ts.URL, ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SendRaw([]byte(`{"v":1,"type":"rerun"}`))
	m, err := raw.WaitFor("error", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text(), "first message must be a hello") {
		t.Errorf("error %q", m.Text())
	}
}

func TestOriginCheck(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": `st.text("x")`}, web.Options{AllowedOrigins: []string{"https://dash.example.com"}})
	if _, err := client.DialOrigin(ts.URL, "", "", nil, "https://evil.example.com"); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("cross-origin socket: err = %v, want a 403 refusal", err)
	}
	c, err := client.DialOrigin(ts.URL, "", "", nil, "https://dash.example.com")
	if err != nil {
		t.Errorf("allowed origin refused: %v", err)
	} else {
		c.Close()
	}
}

func TestErrorInPage(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": "st.text(\"before\")\nx = 1 // 0\n"}, web.Options{})
	c := dial(t, ts, "", "")
	m := runEnd(t, c)
	if m.Status() != "failed" || m.RunEnd.Error == nil {
		t.Fatalf("status %q error %v, want failed with an error", m.Status(), m.RunEnd.Error)
	}
	if f := m.RunEnd.Error.Frames; len(f) == 0 || f[0].File != "p.star" || f[0].Line != 2 {
		t.Errorf("frames %+v, want p.star:2", f)
	}
	ex := c.Snapshot()["main.1"]
	if ex["kind"] != "exception" || !strings.Contains(ex["message"].(string), "division by zero") {
		t.Errorf("main.1 = %v, want the exception element", ex)
	}
	if body(c, "main.0") != "before" {
		t.Errorf("elements before the error are kept: main.0 = %q", body(c, "main.0"))
	}
}

func TestNavigationKeepsState(t *testing.T) {
	ts := serve(t, map[string]string{
		"1_One.star": `st.text_input("Name", key="name")
st.markdown("hello %s" % st.session_state.get("name", ""))`,
		"2_Two.star": `st.markdown("two sees %s" % st.session_state.get("name", ""))`,
	}, web.Options{})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	c.SetWidget("name", "ada")
	for body(c, "main.1") != "hello ada" {
		runEnd(t, c)
	}
	c.SendValue(map[string]any{"v": 1, "type": "navigate", "page": "Two", "query": map[string][]string{}})
	for body(c, "main.0") != "two sees ada" {
		runEnd(t, c)
	}
	c.SendValue(map[string]any{"v": 1, "type": "navigate", "page": "One", "query": map[string][]string{}})
	for body(c, "main.1") != "hello ada" {
		runEnd(t, c)
	}
	if v := c.Snapshot()["main.0"]["value"]; v != "ada" {
		t.Errorf("text input value after navigating back: %v, want ada", v)
	}
}

func TestRoutes(t *testing.T) {
	ts := serve(t, map[string]string{"1_Home.star": `st.text("x")`, "2_Other.star": `st.text("y")`}, web.Options{})
	tests := []struct {
		path, wantType string
		status         int
	}{
		{"/", "text/html", 200},
		{"/Other?x=1", "text/html", 200},
		{"/healthz", "text/plain", 200},
		{"/metrics", "text/plain", 200},
		{"/_stark/static/app.js", "text/javascript", 200},
		{"/_stark/static/nope.js", "text/plain", 404},
		{"/_stark/static/katex/katex.min.css", "text/css", 200},
		{"/_stark/static/katex/fonts/KaTeX_Main-Regular.woff2", "font/woff2", 200},
		{"/_stark/static/fonts/material-symbols-rounded.woff2", "font/woff2", 200},
		{"/_stark/static/fonts/nope.woff2", "text/plain", 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.wantType) {
				t.Errorf("GET %s: %d %s, want %d %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.wantType)
			}
		})
	}
	// The metrics count runs.
	c := dial(t, ts, "", "")
	runEnd(t, c)
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"stark_cache_hits_total 0", "stark_cache_misses_total 0", "stark_cache_evictions_total 0"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if !strings.Contains(string(b), `stark_runs_total{status="completed"} 1`) {
		t.Errorf("/metrics lacks the completed run:\n%s", grep(string(b), "stark_"))
	}
}

// TestFonts: the fonts that markdown's icons and math use are served by
// stark itself, as they are in the bundle, with an ETag that revalidates,
// and not gzipped (woff2 is compressed already).
func TestFonts(t *testing.T) {
	ts := serve(t, map[string]string{"main.star": `st.text("x")`}, web.Options{})
	want, err := os.ReadFile("static/fonts/material-symbols-rounded.woff2")
	if err != nil {
		t.Fatal(err)
	}
	url := ts.URL + "/_stark/static/fonts/material-symbols-rounded.woff2"
	for i := 0; i < 2; i++ { // the first request reads the font; the second finds it read
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(got, want) {
			t.Fatalf("GET %s: %d, encoding %q, %d bytes; want 200, the font as it is (%d bytes)", url, resp.StatusCode, resp.Header.Get("Content-Encoding"), len(got), len(want))
		}
		etag := resp.Header.Get("ETag")
		req.Header.Set("If-None-Match", etag)
		resp, err = http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if etag == "" || resp.StatusCode != http.StatusNotModified {
			t.Fatalf("revalidating with ETag %q: %d, want 304", etag, resp.StatusCode)
		}
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var _ = json.Marshal

// TestGraphvizWorkerCSP: WebAssembly (Graphviz's layout of
// st.graphviz_chart) may compile in the Worker script only: its response
// alone allows 'wasm-unsafe-eval'; the app shell and its scripts do not.
func TestGraphvizWorkerCSP(t *testing.T) {
	ts := serve(t, map[string]string{"1_Home.star": `st.text("x")`}, web.Options{})
	csp := func(path string) string {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return resp.Header.Get("Content-Security-Policy")
	}
	if got := csp("/_stark/static/graphviz-worker.js"); !strings.Contains(got, "script-src 'self' 'wasm-unsafe-eval'") || !strings.Contains(got, "default-src 'none'") {
		t.Errorf("the Graphviz worker's CSP is %q, want script-src 'self' 'wasm-unsafe-eval' and nothing else", got)
	}
	for _, path := range []string{"/", "/_stark/static/app.js"} {
		if got := csp(path); strings.Contains(got, "wasm") || strings.Contains(got, "unsafe-eval") {
			t.Errorf("GET %s: CSP %q allows WebAssembly", path, got)
		}
	}
}
