package main

// The replicas of a deployment behind HAProxy, sharing Redis
// (docs/replicas.md): real redis-server and haproxy from Debian's packages,
// two `stark run --redis` processes, sessions through the load balancer
// with a real WebSocket client.

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/internal/redistest"
	"github.com/stark-dev/stark/replica"
	"github.com/stark-dev/stark/session"
)

// percentile is the p-th percentile of ds (nearest rank; p 100 is the
// largest).
func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

// needReplicaTools skips the test without redis-server and haproxy, or
// under -short.
func needReplicaTools(t *testing.T) (redisBin, haproxyBin string) {
	t.Helper()
	if testing.Short() {
		t.Skip("replicas: starts redis-server, haproxy and two stark processes; not under -short")
	}
	var err error
	if redisBin, err = exec.LookPath("redis-server"); err != nil {
		t.Skip("replicas: redis-server is not installed (apt-get install redis-server; .ci/run installs it)")
	}
	if haproxyBin, err = exec.LookPath("haproxy"); err != nil {
		if haproxyBin, err = exec.LookPath("/usr/sbin/haproxy"); err != nil {
			t.Skip("replicas: haproxy is not installed (apt-get install haproxy; .ci/run installs it)")
		}
	}
	return redisBin, haproxyBin
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitTCP waits for addr to accept connections.
func waitTCP(t *testing.T, addr string) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nothing listens on %s", addr)
}

// startRedis starts a redis-server of its own (internal/redistest) and
// returns its URL.
func startRedis(t *testing.T, bin string) string {
	url, _ := redistest.Start(t, bin)
	return url
}

// startHAProxy balances between the replicas with a cookie (SRV, the
// replica's name) and health checks on /healthz, and returns its URL.
func startHAProxy(t *testing.T, bin string, replicas map[string]string) string {
	t.Helper()
	port := freePort(t)
	var servers strings.Builder
	for name, u := range replicas {
		fmt.Fprintf(&servers, "    server %s %s cookie %s check inter 200ms fall 1 rise 1\n", name, strings.TrimPrefix(u, "http://"), name)
	}
	cfg := fmt.Sprintf(`global
    maxconn 1000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    option redispatch
    option forwardfor
    retries 2
frontend web
    bind 127.0.0.1:%d
    default_backend stark
backend stark
    balance roundrobin
    option httpchk GET /healthz
    cookie SRV insert indirect nocache
%s`, port, servers.String())
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-c", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-db", "-f", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitTCP(t, fmt.Sprintf("127.0.0.1:%d", port))
	return fmt.Sprintf("http://127.0.0.1:%d", port)
}

const replicaPage = `
def stamp():
    st.write("written by the cached call")
    return "%d" % time.now().unix_nano
stamp = cache_data(stamp)

name = st.text_input("name", key="name")
if "n" not in st.session_state:
    st.session_state["n"] = 0
if st.button("add"):
    st.session_state["n"] = st.session_state["n"] + 1
note = st.text_input("note")
st.write("state n=%d name=%s note=%s" % (st.session_state["n"], name, note))
st.write("stamp=" + stamp())
`

const slowPage = `
def slow():
    # The key leaves out the query: a's session waits long, b's not.
    sleep(int(st.query_params.get("wait", "0")))
    return "slow"
slow = cache_data(slow)

st.write("waiting")
st.write("slow=" + slow())
`

// texts returns the bodies of the elements shown that start with prefix.
func shownWith(c *client.Client, prefix string) string {
	for _, el := range c.Snapshot() {
		if b, ok := el["body"].(string); ok && strings.HasPrefix(b, prefix) {
			return b
		}
	}
	return ""
}

// widgetID returns the id of the widget labelled label.
func widgetID(t *testing.T, c *client.Client, label string) string {
	t.Helper()
	for _, el := range c.Snapshot() {
		if el["label"] == label {
			if id, ok := el["id"].(string); ok {
				return id
			}
		}
	}
	t.Fatalf("no widget %q in %v", label, c.Snapshot())
	return ""
}

// dialVia opens a session through the load balancer pinned to replica
// (its cookie, as a browser that was given it sends it).
func dialVia(lb, replica, token string) (*client.Client, error) {
	h := map[string][]string{"Origin": {lb}, "Cookie": {"SRV=" + replica}}
	return client.DialWith(lb, h, session.HelloMsg{Session: token}, false)
}

func runEnd(t *testing.T, c *client.Client) {
	t.Helper()
	if _, err := c.WaitFor("run_end", 30*time.Second); err != nil {
		t.Fatalf("waiting for run_end: %v", err)
	}
}

// runStark starts `stark run DIR --addr 127.0.0.1:0 --no-watch` with the
// flags given, and stops it when the test ends.
func runStark(t *testing.T, bin, dir string, flags ...string) *starkServer {
	t.Helper()
	s, err := startCommand(bin, dir, append([]string{"run", dir, "--addr", "127.0.0.1:0", "--no-watch"}, flags...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.stop)
	return s
}

func TestReplicasFailover(t *testing.T) {
	redisBin, haproxyBin := needReplicaTools(t)
	bin := starkBinary(t)
	url := startRedis(t, redisBin)
	t.Setenv("STARK_REDIS_LEASE", "2s")
	// Every test client comes from 127.0.0.1, through HAProxy.
	dir := newAppDir(t, map[string]string{"app.star": replicaPage, "slow.star": slowPage, "stark.toml": "[limits]\nclient_sockets = 500\n"})
	reps := map[string]*starkServer{}
	addrs := map[string]string{}
	for _, name := range []string{"a", "b", "c"} {
		s := runStark(t, bin, dir, "--redis", url)
		reps[name], addrs[name] = s, s.url
	}
	lb := startHAProxy(t, haproxyBin, addrs)
	// The example configuration is valid for this HAProxy.
	if out, err := exec.Command(haproxyBin, "-c", "-f", filepath.Join("..", "..", "deploy", "haproxy.cfg")).CombinedOutput(); err != nil {
		t.Errorf("deploy/haproxy.cfg: %v\n%s", err, out)
	}
	if resp, err := http.Get(addrs["b"] + "/healthz"); err != nil {
		t.Fatal(err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), "redis: up") {
			t.Errorf("/healthz of b: %q, want it to say redis: up", body)
		}
	}

	// Sessions on replica a set widgets (keyed and not) and state.
	const sessions = 50
	type want struct{ token, text string }
	var wants []want
	var stampA string
	for i := 0; i < sessions; i++ {
		c, err := dialVia(lb, "a", "")
		if err != nil {
			t.Fatalf("session %d: %v\n%s", i, err, reps["a"].logTail())
		}
		runEnd(t, c)
		stampA = strings.TrimPrefix(shownWith(c, "stamp="), "stamp=")
		if err := c.SetWidget(widgetID(t, c, "name"), fmt.Sprintf("visitor %d", i)); err != nil {
			t.Fatal(err)
		}
		runEnd(t, c)
		if err := c.SetWidget(widgetID(t, c, "note"), fmt.Sprintf("note %d", i)); err != nil {
			t.Fatal(err)
		}
		runEnd(t, c)
		for k := 0; k < i%3+1; k++ {
			if err := c.SetWidget(widgetID(t, c, "add"), true); err != nil {
				t.Fatal(err)
			}
			runEnd(t, c)
		}
		text := fmt.Sprintf("state n=%d name=visitor %d note=note %d", i%3+1, i, i)
		if got := shownWith(c, "state "); got != text {
			t.Fatalf("session %d on a shows %q, want %q", i, got, text)
		}
		wants = append(wants, want{c.Session, text})
		defer c.Close()
	}

	// The cached function computed once: replica b shows a's value.
	cb, err := dialVia(lb, "b", "")
	if err != nil {
		t.Fatal(err)
	}
	runEnd(t, cb)
	if got := strings.TrimPrefix(shownWith(cb, "stamp="), "stamp="); stampA == "" || got != stampA {
		t.Errorf("cache_data computed again on replica b: a shows %q, b shows %q", stampA, got)
	}
	// The hit writes again what the call wrote, carried through Redis.
	if shownWith(cb, "written by the cached call") == "" {
		t.Errorf("replica b's hit did not write the cached call's element: %v", cb.Snapshot())
	}
	cb.Close()

	// A slow computation on a holds the key's lease.
	slowA, err := client.DialWith(lb, map[string][]string{"Origin": {lb}, "Cookie": {"SRV=a"}}, session.HelloMsg{Page: "slow", Query: map[string][]string{"wait": {"600"}}}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer slowA.Close()
	if _, err := slowA.WaitFor("delta", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // a takes the lease (nothing is asserted of this time)

	// What a checkpoint costs in Redis (reported, not asserted).
	rd, err := replica.Open(url, replica.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	cpBytes := 0
	for _, w := range wants {
		b, ok, err := rd.Checkpoints(filepath.Base(dir)).Load(w.token)
		if err != nil || !ok {
			t.Fatalf("no checkpoint of session %s in Redis: %v", w.token, err)
		}
		cpBytes += len(b)
	}
	t.Logf("checkpoint bytes per session: %d", cpBytes/len(wants))

	// Replica a dies.
	killed := time.Now()
	reps["a"].cmd.Process.Signal(syscall.SIGKILL)
	<-reps["a"].done

	// Every session resumes on another replica, value by value. First all
	// at once, as the browsers of a dead replica do: through the dead
	// replica's cookie, to whichever live replica HAProxy picks; the time
	// from the kill to each resumed run_end is the failover time (the
	// browser's reconnect backoff, 250 ms ± 25% for its first attempt, is
	// not in it).
	failover := make([]time.Duration, len(wants))
	errs := make([]error, len(wants))
	var wg sync.WaitGroup
	for i, w := range wants {
		wg.Go(func() {
			c, err := dialVia(lb, "a", w.token)
			if err != nil {
				errs[i] = fmt.Errorf("session %d through the dead replica's cookie: %v", i, err)
				return
			}
			// Closed as a browser closes it: the replica that holds the
			// session has let it go before the reconnect below.
			defer c.CloseWait()
			if _, err := c.WaitFor("run_end", 60*time.Second); err != nil {
				errs[i] = fmt.Errorf("session %d through the dead replica's cookie: waiting for run_end: %v", i, err)
				return
			}
			failover[i] = time.Since(killed)
			if got := shownWith(c, "state "); c.Session != w.token || got != w.text {
				errs[i] = fmt.Errorf("session %d through the dead replica's cookie: session %s shows %q, want %s showing %q", i, c.Session, got, w.token, w.text)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("%v\n%s\n%s", err, reps["b"].logTail(), reps["c"].logTail())
	}
	p50, p99 := percentile(failover, 50), percentile(failover, 99)
	t.Logf("failover of %d sessions reconnecting at once, from the SIGKILL to the resumed run_end: p50 %v, p99 %v, max %v (goal: under 5s)",
		len(failover), p50.Round(time.Millisecond), p99.Round(time.Millisecond), percentile(failover, 100).Round(time.Millisecond))

	// Then each pinned to b, so that b's graceful stop moves them all.
	var resumed []*client.Client
	for i, w := range wants {
		c, err := dialVia(lb, "b", w.token)
		if err != nil {
			t.Fatalf("session %d reconnecting: %v", i, err)
		}
		if c.Session != w.token {
			t.Fatalf("session %d: reconnect gave a new session %s, want %s", i, c.Session, w.token)
		}
		runEnd(t, c)
		if got := shownWith(c, "state "); got != w.text {
			t.Errorf("session %d after the kill shows %q, want %q\n%s", i, got, w.text, reps["b"].logTail())
		}
		resumed = append(resumed, c)
	}

	// A graceful stop of b: its sockets close with "going away", and its
	// sessions resume on c.
	reps["b"].cmd.Process.Signal(syscall.SIGTERM)
	for i, c := range resumed {
		var err error
		for err == nil {
			_, err = c.Next(30 * time.Second)
		}
		if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
			t.Errorf("session %d on b's stop: %v, want a going-away close", i, err)
		}
	}
	<-reps["b"].done
	for i, w := range wants {
		c, err := dialVia(lb, "b", w.token)
		if err != nil {
			t.Fatalf("session %d reconnecting after b's stop: %v", i, err)
		}
		if c.Session != w.token {
			t.Fatalf("session %d: reconnect after b's stop gave a new session", i)
		}
		runEnd(t, c)
		if got := shownWith(c, "state "); got != w.text {
			t.Errorf("session %d on c shows %q, want %q\n%s", i, got, w.text, reps["c"].logTail())
		}
		c.Close()
	}

	// The slow key's lease ends with its replica (2s here): c computes
	// the value itself, where a's computation would have taken 10
	// minutes.
	slowB, err := client.DialWith(lb, map[string][]string{"Origin": {lb}, "Cookie": {"SRV=c"}}, session.HelloMsg{Page: "slow"}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer slowB.Close()
	runEnd(t, slowB)
	if got := shownWith(slowB, "slow="); got != "slow=slow" {
		t.Errorf("slow page on c shows %q, want slow=slow\n%s", got, reps["c"].logTail())
	}
}

// TestReplicasRedisDown: a replica whose Redis is unreachable serves from
// its own memory (cache_data computes locally, sessions run) and says so
// on /healthz.
func TestReplicasRedisDown(t *testing.T) {
	needReplicaTools(t)
	bin := starkBinary(t)
	url := fmt.Sprintf("redis://127.0.0.1:%d/0", freePort(t)) // nothing listens
	dir := newAppDir(t, map[string]string{"app.star": replicaPage})
	s := runStark(t, bin, dir, "--redis", url)
	for i := 0; i < 2; i++ {
		c, err := client.Dial(s.url, "", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		runEnd(t, c)
		if got := shownWith(c, "stamp="); got == "" || got == "stamp=" {
			t.Errorf("session %d shows no stamp with Redis down: %v\n%s", i, c.Snapshot(), s.logTail())
		}
		c.Close()
	}
	resp, err := http.Get(s.url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "redis: unreachable") {
		t.Errorf("/healthz with Redis down: %d %q, want 200 saying redis: unreachable", resp.StatusCode, body)
	}
	if !strings.Contains(s.logText(), "redis unreachable") {
		t.Errorf("the log does not say Redis is unreachable:\n%s", s.logTail())
	}
}
