package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/web"
)

// isolatedApps are the apps of the isolation tests: a victim with state to
// lose, and an attacker whose button allocates 512 MiB in one step under a
// memory limit of 64 MiB, faster than the heap guard can see.
var isolatedApps = map[string]map[string]string{
	"victim": {
		"main.star": `n = st.slider("n", 0, 1000, 5, key="n")
if st.button("Add", key="add"):
    st.session_state["clicks"] = st.session_state.get("clicks", 0) + 1
st.metric("n squared", n * n)
st.text("clicks=%d" % st.session_state.get("clicks", 0))
`,
	},
	"attack": {
		"stark.toml": "[limits]\nmemory = \"64MiB\"\n",
		"main.star": `st.title("attack")
if st.button("Boom", key="boom"):
    # 32 Mi bytes, each an element of a list in one step: list() of an
    # iterable without a length is not bounded by call_bytes
    # (docs/security.md, "What is not enforced").
    s = list((b"x" * (1 << 25)).elems())
    st.text(str(len(s)))
`,
	},
}

// serveIsolated starts `stark serve --isolate=process` on the apps of
// isolatedApps, with an operator token. The binary is built without
// -race: the race detector's shadow memory counts against the workers'
// address-space limit and changes how an allocation past it ends.
func serveIsolated(t *testing.T) *starkServer {
	t.Helper()
	bin := plainStarkBinary(t)
	root := t.TempDir()
	for name, files := range isolatedApps {
		writeApp(t, filepath.Join(root, name), files)
	}
	t.Setenv("STARK_OPERATOR_TOKEN", "op-token")
	s, err := startCommand(bin, root, "serve", root, "--addr", "127.0.0.1:0", "--isolate=process")
	if s != nil {
		t.Cleanup(s.stop)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// appStats reads /_stark/apps.
func appStats(t *testing.T, s *starkServer) map[string]web.Stats {
	t.Helper()
	req, _ := http.NewRequest("GET", s.url+"/_stark/apps", nil)
	req.Header.Set("Authorization", "Bearer op-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Apps map[string]web.Stats }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Apps
}

// textOf returns the body of the first element of kind whose body starts
// with prefix, or "".
func textOf(c *client.Client, kind, prefix string) string {
	for _, e := range c.Snapshot() {
		if e["kind"] == kind {
			if b, _ := e["body"].(string); strings.HasPrefix(b, prefix) {
				return b
			}
		}
	}
	return ""
}

// TestIsolateMemoryAttack is the memory attack under --isolate=process: the
// attacked app's worker is stopped by its operating-system limit and
// started again, its browsers come back to a new session with a notice
// saying why, and the server and the other app's session go on as if
// nothing happened.
func TestIsolateMemoryAttack(t *testing.T) {
	s := serveIsolated(t)
	stats := appStats(t, s)
	if stats["victim"].Worker == nil || stats["attack"].Worker == nil || stats["victim"].Worker.PID == stats["attack"].Worker.PID {
		t.Fatalf("want each app in a worker of its own: %+v", stats)
	}
	victimPID := stats["victim"].Worker.PID

	v := open(t, s.url+"/victim", "")
	v.SetWidget("add", true)
	waitFor(t, v, "run_end")
	if got := textOf(v, "text", "clicks="); got != "clicks=1" {
		t.Fatalf("victim before the attack shows %q", got)
	}

	a := open(t, s.url+"/attack", "")
	oldSession := a.Session
	a.SetWidget("boom", true)
	// The worker dies: the socket closes without a run_end.
	for {
		m, err := a.Next(60 * time.Second)
		if err != nil {
			break
		}
		if m.Type == "run_end" && m.Status() != "cancelled" {
			t.Fatalf("the attack's run ended (%s) instead of its worker: %s", m.Status(), m.Raw)
		}
	}

	// The supervisor restarts it and says why.
	deadline := time.Now().Add(60 * time.Second)
	for {
		st := appStats(t, s)["attack"].Worker
		if st != nil && st.Restarts == 1 && st.Up {
			if !strings.Contains(st.LastExit, "memory limit of 64 MiB") {
				t.Errorf("last_exit = %q, want the memory limit named", st.LastExit)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the attack's worker was not restarted: %+v\n%s", st, s.logTail())
		}
		time.Sleep(100 * time.Millisecond)
	}

	// The browser that comes back for its session is told why it has a
	// new one.
	a2, err := client.Dial(s.url+"/attack", "", oldSession, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a2.Close()
	if a2.Session == oldSession {
		t.Errorf("the restarted worker resumed a session it cannot hold")
	}
	n := waitFor(t, a2, "notice")
	if !strings.Contains(n.Text(), "memory limit of 64 MiB") || !strings.Contains(n.Text(), "restarted") {
		t.Errorf("notice = %q, want the restart and its reason", n.Text())
	}
	waitFor(t, a2, "run_end")
	if textOf(a2, "title", "") != "attack" {
		t.Errorf("the restarted app does not render: %v", a2.Snapshot())
	}

	// Nothing of the victim was lost: same socket, same session, same
	// state, same worker.
	for _, w := range []struct {
		id    string
		value any
	}{{"n", 9}, {"add", true}} {
		if err := v.SetWidget(w.id, w.value); err != nil {
			t.Fatalf("the victim's socket after the attack: sending %s: %v", w.id, err)
		}
	}
	// As long as the other waits of this test: on a loaded machine (the
	// race-built tests of every package at once) the worker is slow, not
	// stuck; a stuck one fails with what the server and the worker logged.
	deadline = time.Now().Add(60 * time.Second)
	var seen []string
	for textOf(v, "text", "clicks=") != "clicks=2" {
		m, err := v.Next(time.Until(deadline))
		if err != nil {
			t.Fatalf("the victim's session after the attack: %v (shows %q; received %v; apps %+v)\n%s",
				err, textOf(v, "text", "clicks="), seen, appStats(t, s), s.logTail())
		}
		seen = append(seen, m.Type)
	}
	if got := appStats(t, s)["victim"].Worker; got.PID != victimPID || got.Restarts != 0 {
		t.Errorf("the victim's worker changed: %+v (pid was %d)", got, victimPID)
	}
	resp, err := http.Get(s.url + "/healthz")
	if err != nil {
		t.Fatalf("the server after the attack: %v", err)
	}
	resp.Body.Close()
	select {
	case <-s.done:
		t.Fatalf("the server exited:\n%s", s.logTail())
	default:
	}
}

// TestIsolateMetricsAndCrash checks /metrics merges the workers' series,
// each labelled with its app, and that a worker killed from outside is
// restarted with the reason logged.
func TestIsolateMetricsAndCrash(t *testing.T) {
	s := serveIsolated(t)
	v := open(t, s.url+"/victim", "")
	v.Close()
	resp, err := http.Get(s.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`stark_runs_total{app="victim",status="completed"} 1`, `stark_worker_process_resident_memory_bytes{app="attack"}`, `go_goroutines`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	pid := appStats(t, s)["victim"].Worker.PID
	if err := killPID(pid); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		st := appStats(t, s)["victim"].Worker
		if st.Up && st.PID != pid {
			if !strings.Contains(st.LastExit, "killed") {
				t.Errorf("last_exit = %q, want killed", st.LastExit)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not restarted: %+v", st)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(s.logText(), "worker stopped; restarting it"); {
		if time.Now().After(deadline) {
			t.Fatalf("the restart is not logged:\n%s", s.logTail())
		}
		time.Sleep(20 * time.Millisecond)
	}
	open(t, s.url+"/victim", "") // serves again
}

func killPID(pid int) error { return syscall.Kill(pid, syscall.SIGKILL) }

// TestBrowserIsolateRestartNotice is the memory attack seen from a browser:
// the page's socket drops when the worker dies, the front end reconnects,
// and the banner says why the session started anew.
func TestBrowserIsolateRestartNotice(t *testing.T) {
	browser(t) // skip before building anything
	s := serveIsolated(t)
	p := openPage(t, func(*testing.T) *starkServer { return s }, "/attack/")
	p.waitShows("title", "attack")
	p.do("clicking Boom", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-button"] button`)))
	p.wait("the restart banner", `[...document.querySelectorAll('[data-testid="stark-banner"]')].some(b => b.textContent.includes("memory limit of 64 MiB"))`)
	p.waitShows("title", "attack")
}

// TestIsolateReload checks changes under an isolated app: a saved page
// re-runs its sessions in the worker (state kept), an invalid stark.toml
// keeps the worker as it is, a valid one restarts it with the new limits.
func TestIsolateReload(t *testing.T) {
	s := serveIsolated(t)
	dir := filepath.Join(s.dir, "victim")
	v := open(t, s.url+"/victim", "")
	v.SetWidget("add", true)
	waitFor(t, v, "run_end")
	pid := appStats(t, s)["victim"].Worker.PID

	writeFile(t, filepath.Join(dir, "main.star"), isolatedApps["victim"]["main.star"]+`st.text("saved")`+"\n")
	deadline := time.Now().Add(20 * time.Second)
	for textOf(v, "text", "saved") == "" {
		if _, err := v.Next(time.Until(deadline)); err != nil {
			t.Fatalf("the saved page did not re-run: %v", err)
		}
	}
	if got := textOf(v, "text", "clicks="); got != "clicks=1" {
		t.Errorf("after the save the page shows %q, want the session's state kept", got)
	}

	writeFile(t, filepath.Join(dir, "stark.toml"), "[limits]\nsteps = \"many\"\n")
	deadline = time.Now().Add(20 * time.Second)
	for !strings.Contains(s.logText(), "keeps its last good configuration") {
		if time.Now().After(deadline) {
			t.Fatalf("the invalid stark.toml was not reported:\n%s", s.logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(s.logText(), "stark.toml:2") {
		t.Errorf("the log does not name the file and line:\n%s", s.logTail())
	}
	if st := appStats(t, s)["victim"].Worker; st.PID != pid || st.Restarts != 0 {
		t.Errorf("an invalid stark.toml restarted the worker: %+v", st)
	}

	writeFile(t, filepath.Join(dir, "stark.toml"), "[limits]\nelements = 3\n")
	deadline = time.Now().Add(30 * time.Second)
	for {
		if st := appStats(t, s)["victim"].Worker; st.Up && st.PID != pid {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a valid stark.toml did not restart the worker:\n%s", s.logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
	v2, err := client.Dial(s.url+"/victim", "", v.Session, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if n := waitFor(t, v2, "notice"); !strings.Contains(n.Text(), "configuration (stark.toml) changed") {
		t.Errorf("notice = %q", n.Text())
	}
	end := waitFor(t, v2, "run_end")
	if end.RunEnd.Error == nil || !strings.Contains(end.RunEnd.Error.Message, "element limit of 3") {
		t.Errorf("the new limits do not hold: %s", end.Raw)
	}
}
