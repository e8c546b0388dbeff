package web_test

// Live tests of the threading contract (docs/threading.md, "Guarantees"):
// what one session's values do in another session, a worker inside a
// fragment, a widget changed during a session's first run, and a run whose
// browser went away.

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/web"
)

// A function cached by one session and called by another writes the
// calling session's state, never the state of the session that made it,
// whether that session is idle or running.
func TestCachedFunctionWritesTheCallersSession(t *testing.T) {
	const page = `
st.session_state.setdefault("me", st.query_params.get("me", "?"))
def setter():
    st.session_state["written_by"] = st.session_state["me"]
f = cache_resource(lambda: setter)()
if st.query_params.get("write") == "1":
    f()
st.text("me=%s written_by=%s" % (st.session_state["me"], st.session_state.get("written_by", "-")))
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	a, err := client.Dial(ts.URL, "", "", map[string][]string{"me": {"A"}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	runEnd(t, a)
	if got := body(a, "main.0"); got != "me=A written_by=-" {
		t.Fatalf("A: %q", got)
	}
	b, err := client.Dial(ts.URL, "", "", map[string][]string{"me": {"B"}, "write": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if end := runEnd(t, b); end.Status() != "completed" {
		t.Fatalf("B's run %s: %v", end.Status(), end.RunEnd.Error)
	}
	if got := body(b, "main.0"); got != "me=B written_by=B" {
		t.Errorf("B: %q, want B's own state written", got)
	}
	a.SendValue(map[string]any{"v": 1, "type": "rerun"})
	runEnd(t, a)
	if got := body(a, "main.0"); got != "me=A written_by=-" {
		t.Errorf("A after B's call: %q, want A's state untouched", got)
	}
}

// A worker given the context inside a fragment writes into the fragment,
// in the full run and in a run of the fragment alone (which has no main).
func TestWorkerWritesIntoItsFragment(t *testing.T) {
	const page = `
st.text("top")
def part():
    n = st.slider("n", min_value=0, max_value=10, key="n")
    spawn(lambda: st.text("worker n=%d" % n), context=True).result()
show = st.fragment(part)
show()
st.text("bottom")
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	c := dial(t, ts, "", "")
	if end := runEnd(t, c); end.Status() != "completed" {
		t.Fatalf("full run %s: %v", end.Status(), end.RunEnd.Error)
	}
	if got := body(c, "main.1.1"); got != "worker n=0" {
		t.Errorf("main.1.1 = %q, want the worker's text inside the fragment", got)
	}
	if got := body(c, "main.2"); got != "bottom" {
		t.Errorf("main.2 = %q: the worker's text landed outside the fragment", got)
	}
	c.SetWidget("n", 4)
	end := runEnd(t, c)
	if end.Status() != "completed" || end.RunEnd.Scope != "main.1" {
		t.Fatalf("fragment run: %s scope %q: %v", end.Status(), end.RunEnd.Scope, end.RunEnd.Error)
	}
	if got := body(c, "main.1.1"); got != "worker n=4" {
		t.Errorf("after the fragment run main.1.1 = %q, want worker n=4", got)
	}
}

// A widget changed while the session's first run goes on supersedes the
// run; it is never refused.
func TestWidgetChangeDuringFirstRun(t *testing.T) {
	const page = `
n = st.slider("n", min_value=0, max_value=10, key="n")
st.text("n=%d" % n)
if n == 0:
    sleep(30)
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{})
	c := dial(t, ts, "", "")
	// Wait until the slider has reached the browser, while the run sleeps.
	for deadline := time.Now().Add(10 * time.Second); c.Snapshot()["main.1"] == nil; {
		if time.Now().After(deadline) {
			t.Fatal("the first run's elements never arrived")
		}
		if _, err := c.Next(time.Second); err != nil && !strings.Contains(err.Error(), "timeout") {
			t.Fatal(err)
		}
	}
	c.SetWidget("n", 3)
	for {
		m, err := c.Next(10 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if m.Type == "error" {
			t.Fatalf("the change was refused: %s", m.Text())
		}
		if m.Type == "run_end" && m.Status() == "completed" {
			break
		}
	}
	if got := body(c, "main.1"); got != "n=3" {
		t.Errorf("main.1 = %q, want n=3", got)
	}
}

// When a session's last connection closes, its run and workers are
// cancelled after RunGrace instead of running to the wall time.
func TestRunCancelledWhenTheBrowserLeaves(t *testing.T) {
	const page = `
st.text("started")
def spin():
    while True:
        pass
spawn(spin)
sleep(60)
`
	ts := serve(t, map[string]string{"p.star": page}, web.Options{RunGrace: 50 * time.Millisecond})
	c := dial(t, ts, "", "")
	for deadline := time.Now().Add(10 * time.Second); body(c, "main.0") != "started"; {
		if time.Now().After(deadline) {
			t.Fatal("the run never started")
		}
		c.Next(time.Second)
	}
	c.Close()
	const want = `stark_run_cancellations_total{cause="no browser shows the session"} 1`
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp, err := http.Get(ts.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run was not cancelled; /metrics:\n%s", grep(string(b), "stark_run"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
