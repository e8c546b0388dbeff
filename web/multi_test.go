package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

func mwriteFile(t *testing.T, p, src string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// serveMulti starts a real server of the apps under root, watching it.
// openWithConfig opens an app of a Multi with its stark.toml, as stark
// serve does.
func openWithConfig(log *slog.Logger) func(dir string) (*host.App, *web.Access, error) {
	return func(dir string) (*host.App, *web.Access, error) {
		cfg, err := config.Load(dir)
		if err != nil {
			return nil, nil, err
		}
		opts := cfg.Options(starlib.Options(host.Limits{}))
		opts.Logger = log
		app, err := host.NewApp(dir, opts)
		if err != nil {
			return nil, nil, err
		}
		return app, &web.Access{Public: cfg.Access.Public, Users: cfg.Access.Users, Tokens: cfg.Access.Tokens}, nil
	}
}

func serveMulti(t *testing.T, root, token string) (*web.Multi, *httptest.Server, *web.SyncBuffer) {
	t.Helper()
	logs := &web.SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	m, err := web.NewMulti(root, web.MultiOptions{
		Server:        web.Options{Logger: log},
		Open:          openWithConfig(log),
		OperatorToken: token,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stop, err := m.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(m)
	t.Cleanup(func() {
		cancel()
		stop()
		m.Close()
		ts.Close()
	})
	return m, ts, logs
}

func mget(t *testing.T, url string, hdr ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// eventually polls cond for up to 5 seconds.
func meventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func appPage(name string) string { return `st.markdown("hello from ` + name + `")` + "\n" }

func TestMultiApps(t *testing.T) {
	root := t.TempDir()
	mwriteFile(t, filepath.Join(root, "alpha", "home.star"), appPage("alpha"))
	mwriteFile(t, filepath.Join(root, "alpha", "second.star"), appPage("alpha two"))
	mwriteFile(t, filepath.Join(root, "beta", "main.star"), appPage("beta"))
	mwriteFile(t, filepath.Join(root, "Bad Name", "main.star"), appPage("bad"))
	mwriteFile(t, filepath.Join(root, "nopages", "notes.txt"), "no pages here")
	m, ts, logs := serveMulti(t, root, "")

	if got := strings.Join(m.Apps(), ","); got != "alpha,beta" {
		t.Fatalf("apps = %q, want alpha,beta", got)
	}
	if !strings.Contains(logs.String(), "app skipped") {
		t.Errorf("no log line for the skipped directory:\n%s", logs)
	}
	code, idx := mget(t, ts.URL+"/")
	if code != 200 || !strings.Contains(idx, `href="/alpha/"`) || !strings.Contains(idx, `href="/beta/"`) || strings.Contains(idx, "Bad Name") {
		t.Fatalf("index: %d\n%s", code, idx)
	}

	// The shell carries the base: its assets, and the meta tag the front
	// end reads for its socket and upload URLs.
	code, shell := mget(t, ts.URL+"/alpha/second")
	if code != 200 || !strings.Contains(shell, `<meta name="stark-base" content="/alpha">`) || !strings.Contains(shell, `"/alpha/_stark/static/app.js?v=`) {
		t.Fatalf("shell of /alpha/second: %d\n%s", code, shell)
	}
	if code, _ := mget(t, ts.URL+"/alpha/_stark/static/app.js"); code != 200 {
		t.Errorf("/alpha/_stark/static/app.js: %d", code)
	}
	if code, _ := mget(t, ts.URL+"/alpha"); code != http.StatusMovedPermanently {
		t.Errorf("/alpha: %d, want a redirect to /alpha/", code)
	}
	if code, _ := mget(t, ts.URL+"/nosuch/"); code != 404 {
		t.Errorf("/nosuch/: %d, want 404", code)
	}

	// Each app has its own sessions; the page URLs carry the base.
	ca, err := client.Dial(ts.URL+"/alpha", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close()
	runEnd(t, ca)
	if got := body(ca, "main.0"); got != "hello from alpha" {
		t.Errorf("alpha: %q", got)
	}
	cb, err := client.Dial(ts.URL+"/beta/", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	runEnd(t, cb)
	if got := body(cb, "main.0"); got != "hello from beta" {
		t.Errorf("beta: %q", got)
	}
	if a, b := m.Server("alpha").Sessions().Len(), m.Server("beta").Sessions().Len(); a != 1 || b != 1 {
		t.Errorf("sessions: alpha %d, beta %d; want 1 and 1", a, b)
	}
	// A token of one app does not resume in another.
	cx, err := client.Dial(ts.URL+"/beta", "", ca.Session, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cx.Close()
	if cx.Session == ca.Session {
		t.Error("beta resumed alpha's session")
	}
	_, infos, _ := m.Server("alpha").Sessions().Pages()
	var urls []string
	for _, p := range infos {
		urls = append(urls, p.URL)
	}
	if got := strings.Join(urls, " "); got != "/alpha/ /alpha/second" {
		t.Errorf("alpha page URLs = %q", got)
	}

	// /metrics: one registry, every stark series labelled with its app.
	_, metrics := mget(t, ts.URL+"/metrics")
	for _, want := range []string{`stark_runs_total{app="alpha",status="completed"} 1`, `stark_sessions{app="beta"} 2`, `stark_cache_entries{app="alpha"}`, "go_goroutines"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// An app added at run time appears; a removed one disappears.
	mwriteFile(t, filepath.Join(root, "gamma", "main.star"), appPage("gamma"))
	meventually(t, "gamma", func() bool { c, _ := mget(t, ts.URL+"/gamma/"); return c == 200 })
	cg, err := client.Dial(ts.URL+"/gamma", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	runEnd(t, cg)
	cg.Close()
	if err := os.RemoveAll(filepath.Join(root, "beta")); err != nil {
		t.Fatal(err)
	}
	meventually(t, "beta removed", func() bool { c, _ := mget(t, ts.URL+"/beta/"); return c == 404 })
	_, metrics = mget(t, ts.URL+"/metrics")
	if strings.Contains(metrics, `app="beta"`) {
		t.Error("/metrics still reports the removed app")
	}
	if code, _ := mget(t, ts.URL+"/alpha/"); code != 200 {
		t.Errorf("alpha after beta went: %d", code)
	}

	// A page edit goes to its app's reload: the session re-runs.
	mwriteFile(t, filepath.Join(root, "alpha", "home.star"), appPage("alpha edited"))
	meventually(t, "alpha re-run", func() bool {
		ca.Collect("run_end", 100*time.Millisecond)
		return body(ca, "main.0") == "hello from alpha edited"
	})
}

func TestMultiConfigReloadAndLimit(t *testing.T) {
	root := t.TempDir()
	toml := filepath.Join(root, "app", "stark.toml")
	mwriteFile(t, filepath.Join(root, "app", "main.star"), appPage("app"))
	mwriteFile(t, toml, "[limits]\nsessions = 1\n")
	m, ts, logs := serveMulti(t, root, "")
	limit := func() int { return m.Server("app").Sessions().App().Limits().Sessions }
	if limit() != 1 {
		t.Fatalf("sessions limit %d, want 1", limit())
	}

	c1, err := client.Dial(ts.URL+"/app", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	runEnd(t, c1)
	c2, err := client.DialRaw(ts.URL+"/app", ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	c2.SendRaw([]byte(`{"v":1,"type":"hello"}`))
	msg, err := c2.WaitFor("error", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if want := "this app has reached its limit of 1 sessions"; msg.Text() != want {
		t.Errorf("error %q, want %q", msg.Text(), want)
	}
	if n := m.Server("app").Sessions().Len(); n != 1 {
		t.Errorf("sessions %d, want 1", n)
	}
	if st := m.Server("app").Stats(); st.LimitHits != 1 {
		t.Errorf("limit hits %d, want 1", st.LimitHits)
	}

	// A changed stark.toml is read again.
	mwriteFile(t, toml, "[limits]\nsessions = 5\n")
	meventually(t, "new config", func() bool { return m.Server("app") != nil && limit() == 5 })

	// A broken one keeps the last good configuration, and says where.
	mwriteFile(t, toml, "[limits]\nsessions = 5\nstepz = 3\n")
	meventually(t, "config error logged", func() bool { return strings.Contains(logs.String(), "stark.toml:3") })
	if limit() != 5 {
		t.Errorf("after a broken stark.toml: limit %d, want the last good 5", limit())
	}
	if code, _ := mget(t, ts.URL+"/app/"); code != 200 {
		t.Errorf("/app/ after a broken stark.toml: %d", code)
	}
}

func TestMultiOperator(t *testing.T) {
	root := t.TempDir()
	mwriteFile(t, filepath.Join(root, "one", "main.star"), appPage("one"))
	_, ts, _ := serveMulti(t, root, "s3cret")
	c, err := client.Dial(ts.URL+"/one", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	runEnd(t, c)
	if code, _ := mget(t, ts.URL+"/_stark/apps"); code != 401 {
		t.Errorf("no token: %d, want 401", code)
	}
	if code, _ := mget(t, ts.URL+"/_stark/apps", "Authorization", "Bearer wrong"); code != 401 {
		t.Errorf("wrong token: %d, want 401", code)
	}
	code, b := mget(t, ts.URL+"/_stark/apps", "Authorization", "Bearer s3cret")
	if code != 200 {
		t.Fatalf("token: %d %s", code, b)
	}
	var got struct {
		Apps map[string]web.Stats `json:"apps"`
	}
	if err := json.Unmarshal([]byte(b), &got); err != nil {
		t.Fatal(err)
	}
	if st := got.Apps["one"]; st.Sessions != 1 || st.Runs != 1 || st.Errors != 0 {
		t.Errorf("stats %+v", got.Apps)
	}

	// Without a token configured the endpoint does not exist.
	_, ts2, _ := serveMulti(t, root, "")
	if code, _ := mget(t, ts2.URL+"/_stark/apps", "Authorization", "Bearer "); code != 404 {
		t.Errorf("no operator token: %d, want 404", code)
	}
}

func TestMultiMedia(t *testing.T) {
	root := t.TempDir()
	mwriteFile(t, filepath.Join(root, "dl", "main.star"), `st.download_button("Get", "a,b\n1,2\n", file_name="x.csv", key="dl")`+"\n")
	_, ts, _ := serveMulti(t, root, "")
	c, err := client.Dial(ts.URL+"/dl", "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	runEnd(t, c)
	var url string
	for _, e := range c.Snapshot() {
		if hash, ok := e["media"].(string); ok && hash != "" {
			url = "/_stark/media/" + hash
		}
	}
	if url == "" {
		t.Fatal("the download_button names no media")
	}
	// The front end puts the app's base before it.
	if code, b := mget(t, ts.URL+"/dl"+url); code != 200 || b != "a,b\n1,2\n" {
		t.Errorf("GET /dl%s: %d %q", url, code, b)
	}
}

// An app's [access] table holds under stark serve as under stark run.
func TestMultiAccess(t *testing.T) {
	t.Setenv("MULTI_TEST_TOKEN", "0123456789abcdef0123")
	root := t.TempDir()
	mwriteFile(t, filepath.Join(root, "open", "main.star"), appPage("open"))
	mwriteFile(t, filepath.Join(root, "closed", "main.star"), appPage("closed"))
	mwriteFile(t, filepath.Join(root, "closed", "stark.toml"), "[access]\npublic = false\ntokens = [\"${MULTI_TEST_TOKEN}\"]\n")
	m, ts, logs := serveMulti(t, root, "")
	if got := strings.Join(m.Apps(), ","); got != "closed,open" {
		t.Fatalf("apps %q; log:\n%s", got, logs)
	}
	if code, _ := mget(t, ts.URL+"/open/"); code != 200 {
		t.Errorf("/open/: %d", code)
	}
	if code, b := mget(t, ts.URL+"/closed/"); code == 200 {
		t.Errorf("/closed/ without a token: %d\n%s", code, b)
	}
	if code, _ := mget(t, ts.URL+"/closed/", "Authorization", "Bearer 0123456789abcdef0123"); code != 200 {
		t.Errorf("/closed/ with its token: %d", code)
	}
	// The index lists what anyone may open, not the private app's name.
	if code, idx := mget(t, ts.URL+"/"); code != 200 || !strings.Contains(idx, `href="/open/"`) || strings.Contains(idx, "closed") {
		t.Errorf("index: %d\n%s", code, idx)
	}
}

// TestMultiHosts serves an app by its own host name: / goes to it, and
// no other app answers on that host.
func TestMultiHosts(t *testing.T) {
	root := t.TempDir()
	mwriteFile(t, filepath.Join(root, "sales", "main.star"), appPage("sales"))
	mwriteFile(t, filepath.Join(root, "hr", "main.star"), appPage("hr"))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := web.NewMulti(root, web.MultiOptions{
		Server: web.Options{Logger: log},
		Open: func(dir string) (*host.App, *web.Access, error) {
			app, err := host.NewApp(dir, starlib.Options(host.Limits{}))
			return app, nil, err
		},
		Hosts: map[string]string{"sales.example.com": "sales"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(m)
	t.Cleanup(func() {
		m.Close()
		ts.Close()
	})
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range []struct {
		host, path string
		code       int
		location   string
	}{
		{"sales.example.com", "/", http.StatusFound, "/sales/"},
		{"sales.example.com:8501", "/", http.StatusFound, "/sales/"},
		{"sales.example.com", "/sales/", 200, ""},
		{"sales.example.com", "/hr/", 404, ""},
		{"sales.example.com", "/_stark/apps", 404, ""},
		{"sales.example.com", "/healthz", 200, ""},
		{"other.example.com", "/hr/", 200, ""},
		{"other.example.com", "/", 200, ""},
	} {
		req, _ := http.NewRequest("GET", ts.URL+c.path, nil)
		req.Host = c.host
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.code || resp.Header.Get("Location") != c.location {
			t.Errorf("%s%s: %d %q, want %d %q", c.host, c.path, resp.StatusCode, resp.Header.Get("Location"), c.code, c.location)
		}
	}
}

// An app's URLs show that app only: its /metrics has its own series, not
// every app's, and a path that climbs out of it (/sales/../hr/) reaches
// no other app on the app's host (finding 15 of issue 12: /alpha/metrics on
// alpha's host listed every app's metrics, private apps' included).
func TestMultiHostSeesOnlyItsApp(t *testing.T) {
	root := t.TempDir()
	mwriteFile(t, filepath.Join(root, "sales", "main.star"), appPage("sales"))
	mwriteFile(t, filepath.Join(root, "hr", "main.star"), appPage("hr"))
	mwriteFile(t, filepath.Join(root, "hr", "stark.toml"), "[access]\npublic = false\ntokens = [\"hr-secret-token-0123456789abcdef\"]\n")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := web.NewMulti(root, web.MultiOptions{
		Server: web.Options{Logger: log},
		Open:   openWithConfig(log),
		Hosts:  map[string]string{"sales.example.com": "sales"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(m)
	t.Cleanup(func() {
		m.Close()
		ts.Close()
	})
	get := func(host, path string) (int, string) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Host = host
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// Both apps have series in the shared registry.
	if code, body := get("other.example.com", "/metrics"); code != 200 || !strings.Contains(body, `app="hr"`) || !strings.Contains(body, `app="sales"`) {
		t.Fatalf("/metrics: %d, want both apps' series", code)
	}
	for _, host := range []string{"sales.example.com", "other.example.com"} {
		code, body := get(host, "/sales/metrics")
		if code != 200 || !strings.Contains(body, `stark_sessions{app="sales"}`) {
			t.Errorf("%s/sales/metrics: %d, want the app's own series\n%s", host, code, body)
		}
		if strings.Contains(body, `app="hr"`) || strings.Contains(body, "go_goroutines") {
			t.Errorf("%s/sales/metrics shows more than its app:\n%s", host, body)
		}
	}
	for _, path := range []string{"/sales/../hr/", "/sales/../hr/metrics", "/sales/%2e%2e/hr/", "/sales//../hr/", "/sales/./../metrics"} {
		code, body := get("sales.example.com", path)
		if code == 200 || strings.Contains(body, "hello from hr") || strings.Contains(body, `app="hr"`) {
			t.Errorf("sales.example.com%s: %d %q: another app answered", path, code, body)
		}
	}
}
