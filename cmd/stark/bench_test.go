package main

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
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
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.star"), []byte(`n = st.slider("n", 0, 10, key="n")
st.write("n is %d" % n)
`), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := starlib.NewApp(dir, host.Limits{Sessions: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	srv, err := web.New(app, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

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
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.star"), []byte(`n = st.slider("n", 0, 10, key="n")
if n > 5:
    fail("n is too big: %d" % n)
st.write("n is %d" % n)
`), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := starlib.NewApp(dir, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	srv, err := web.New(app, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

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
