package main

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

// TestBenchBackToBack: stark bench ends its sessions when done, so that a
// bench that follows at once is not refused by the app's limit of sessions;
// one that asks for more than the limit reports the limit's message; the
// report gives the server's and the client's CPU per rerun.
func TestBenchBackToBack(t *testing.T) {
	ts := benchServer(t, `n = st.slider("n", 0, 10, key="n")
st.write("n is %d" % n)
`, host.Limits{Sessions: 3})

	benchOnce := func(sessions string) (int, benchReport, string) {
		var out, errb bytes.Buffer
		code := bench([]string{ts.URL, "--sessions", sessions, "--duration", "200ms", "--set", "n=0..10", "--json"}, &out, &errb)
		var rep benchReport
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("bench output %q (stderr %q): %v", out.String(), errb.String(), err)
		}
		return code, rep, errb.String()
	}
	for i := range 2 {
		code, rep, stderr := benchOnce("3")
		if code != 0 || rep.Errors != 0 || rep.Reruns == 0 {
			t.Fatalf("bench %d: code %d, %d reruns, %d errors, first %q, stderr %q", i+1, code, rep.Reruns, rep.Errors, rep.FirstError, stderr)
		}
		if rep.ServerCPU <= 0 || rep.ClientCPU <= 0 {
			t.Fatalf("bench %d: server CPU %v µs/rerun, client %v: want both measured", i+1, rep.ServerCPU, rep.ClientCPU)
		}
	}
	code, rep, _ := benchOnce("4")
	if code == 0 || !strings.Contains(rep.FirstError, "this app has reached its limit of 3 sessions") {
		t.Fatalf("4 sessions of 3: code %d, first error %q, want the limit's message", code, rep.FirstError)
	}
}

// TestBenchReportsFailures: stark bench counts only the reruns that
// completed; a rerun that failed is an error that says the run's error, and
// a widget value the server refuses is reported at once (no run follows it
// to wait for).
func TestBenchReportsFailures(t *testing.T) {
	ts := benchServer(t, `n = st.slider("n", 0, 10, key="n")
if n > 5:
    fail("n is too big: %d" % n)
st.write("n is %d" % n)
`, host.Limits{})

	run := func(set string) (int, benchReport) {
		var out, errb bytes.Buffer
		code := bench([]string{ts.URL, "--sessions", "2", "--duration", "200ms", "--set", set, "--json"}, &out, &errb)
		var rep benchReport
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("bench output %q (stderr %q): %v", out.String(), errb.String(), err)
		}
		return code, rep
	}
	code, rep := run("n=6..10")
	if code == 0 || rep.Reruns != 0 || rep.Errors == 0 || !strings.Contains(rep.FirstError, "run ended failed: ") || !strings.Contains(rep.FirstError, "n is too big") {
		t.Errorf("failing runs: code %d, %d reruns, %d errors, first %q; want no reruns counted and the run's error", code, rep.Reruns, rep.Errors, rep.FirstError)
	}
	code, rep = run("n=0..5")
	if code != 0 || rep.Reruns == 0 || rep.Errors != 0 {
		t.Errorf("completing runs: code %d, %d reruns, %d errors, first %q", code, rep.Reruns, rep.Errors, rep.FirstError)
	}
	code, rep = run("nokey=0..1")
	if code == 0 || rep.Reruns != 0 || !strings.Contains(rep.FirstError, "server: ") || !strings.Contains(rep.FirstError, "nokey") {
		t.Errorf("a widget the page does not have: code %d, %d reruns, first error %q; want the server's refusal", code, rep.Reruns, rep.FirstError)
	}
}

// TestBenchReplicas: behind a load balancer, `stark bench --metrics A,B`
// reads every replica's /metrics and sums their CPU and runs, where the
// load balancer's own /metrics would be one replica's, whichever answers.
// Two stark processes (the CPU is each process's) behind a round-robin
// reverse proxy.
func TestBenchReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two stark processes; not under -short")
	}
	bin := starkBinary(t)
	dir := newAppDir(t, map[string]string{"page.star": "n = st.slider(\"n\", 0, 10, key=\"n\")\nst.write(\"n is %d\" % n)\n"})
	var backends []*httputil.ReverseProxy
	var urls []string
	for range 2 {
		s := runStark(t, bin, dir)
		u, _ := url.Parse(s.url)
		backends = append(backends, httputil.NewSingleHostReverseProxy(u))
		urls = append(urls, s.url)
	}
	var next atomic.Int64 // each request (a session's socket) to the next replica
	lb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		backends[next.Add(1)%2].ServeHTTP(w, r)
	}))
	defer lb.Close()

	var out, errb bytes.Buffer
	code := bench([]string{lb.URL, "--sessions", "4", "--duration", "1s", "--set", "n=0..10", "--json", "--metrics", strings.Join(urls, ",")}, &out, &errb)
	var rep benchReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("bench output %q (stderr %q): %v", out.String(), errb.String(), err)
	}
	if code != 0 || rep.Errors != 0 || rep.Reruns == 0 {
		t.Fatalf("bench: code %d, %d reruns, %d errors, first %q, stderr %q", code, rep.Reruns, rep.Errors, rep.FirstError, errb.String())
	}
	if len(rep.Replicas) != 2 {
		t.Fatalf("replicas in the report: %+v, want both of %v", rep.Replicas, urls)
	}
	cpu, runs := 0.0, 0.0
	for i, r := range rep.Replicas {
		if r.URL != urls[i] || r.CPU <= 0 || r.Runs <= 0 {
			t.Errorf("replica %d: %+v, want %s with CPU and runs of its own", i, r, urls[i])
		}
		cpu, runs = cpu+r.CPU, runs+r.Runs
	}
	// The runs of both replicas are the bench's reruns (nothing else
	// ran), but for the last run of a session when its replica counts it
	// after sending its end (session.finish): the sum counts both.
	if int(runs) > rep.Reruns || int(runs) < rep.Reruns-rep.Sessions {
		t.Errorf("the replicas ran %v runs, the bench counted %d reruns of %d sessions", runs, rep.Reruns, rep.Sessions)
	}
	if want := cpu * 1e6 / float64(rep.Reruns); math.Abs(rep.ServerCPU-want) > 1e-6*want {
		t.Errorf("server CPU %v µs/rerun, want the replicas' sum %v", rep.ServerCPU, want)
	}

	// The table has a line per replica; a URL that is not one is refused.
	out.Reset()
	if code := bench([]string{lb.URL, "--duration", "200ms", "--set", "n=0..10", "--metrics", strings.Join(urls, ",")}, &out, &errb); code != 0 || strings.Count(out.String(), "\nreplica http://127.0.0.1:") != 2 {
		t.Errorf("table (code %d):\n%s", code, out.String())
	}
	errb.Reset()
	if code := bench([]string{lb.URL, "--metrics", urls[0] + ",127.0.0.1:1"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), `--metrics: "127.0.0.1:1": want a server's URL`) {
		t.Errorf("a bad --metrics: code %d, %q", code, errb.String())
	}
}

// benchServer serves page (page.star of a new app with limits) for stark
// bench to load, until the test ends.
func benchServer(t *testing.T, page string, limits host.Limits) *httptest.Server {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.star"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := starlib.NewApp(dir, limits)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	srv, err := web.New(app, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}
