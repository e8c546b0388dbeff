package starlib_test

// Tests of http.get and http.post against real servers (httptest, which
// listen on 127.0.0.1: the allow-list names that address for them).

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"github.com/stark-dev/stark/starlib"
)

// appOf returns an app of the page src (page.star, with files beside it)
// whose options configure changes.
func appOf(t *testing.T, src string, files map[string]string, configure func(*host.Options)) *host.App {
	t.Helper()
	dir := t.TempDir()
	files = mapWith(files, "page.star", src)
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := starlib.Options(host.Limits{})
	if configure != nil {
		configure(&opts)
	}
	app, err := host.NewApp(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}

func mapWith(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range m {
		out[a] = b
	}
	return out
}

func allow(hosts ...string) func(*host.Options) {
	return func(o *host.Options) { o.HTTPAllow = hosts }
}

// runApp runs app's page.star once in a new session.
func runApp(app *host.App) *harness.Result {
	return (&harness.Session{App: app, State: host.NewState(), Page: "page.star"}).Run()
}

// mustFailWith fails the test unless the run failed with an error
// containing want.
func mustFailWith(t *testing.T, res *harness.Result, want string) {
	t.Helper()
	if res.Status != host.Failed {
		t.Fatalf("run status = %s, want failed with %q", res.Status, want)
	}
	if got := errText(res); !strings.Contains(got, want) {
		t.Fatalf("error = %q\nwant it to contain %q", got, want)
	}
}

// echo answers with the request as JSON: method, path, query, headers and
// body.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Echo", "yes")
	json.NewEncoder(w).Encode(map[string]any{
		"method": r.Method, "path": r.URL.Path, "query": r.URL.Query(),
		"auth": r.Header.Get("Authorization"), "type": r.Header.Get("Content-Type"),
		"body": string(body),
	})
}

func TestHTTPAllowList(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	port := u.Port()
	tests := []struct {
		name  string
		allow []string
		url   string
		want  string // "" for success, else a part of the error
	}{
		{"no allow-list: no network", nil, srv.URL, `http.get: host "127.0.0.1" is not in the app's allow-list, which is empty: the app may not use the network ([http] allow in stark.toml)`},
		{"host not listed", []string{"api.example.com"}, "http://evil.com/x", `http.get: host "evil.com" is not in the app's allow-list ([http] allow in stark.toml)`},
		{"apex of a wildcard", []string{"*.example.com"}, "http://example.com/", `host "example.com" is not in the app's allow-list`},
		{"IP literal not listed", []string{"*.example.com"}, "http://93.184.216.34/", `host "93.184.216.34" is not in the app's allow-list`},
		{"address listed", []string{"127.0.0.1"}, srv.URL + "/a", ""},
		{"address and port listed", []string{"127.0.0.1:" + port}, srv.URL + "/a", ""},
		{"other port", []string{"127.0.0.1:1"}, srv.URL, `host "127.0.0.1" is not in the app's allow-list`},
		{"CIDR block", []string{"127.0.0.0/8"}, srv.URL, ""},
		// localhost is listed by name, but it resolves to a loopback
		// address, which only a listed address admits.
		{"name of a loopback address", []string{"localhost"}, "http://localhost:" + port + "/", `resolves to`},
		{"name and its address", []string{"localhost", "127.0.0.1", "::1"}, "http://localhost:" + port + "/", ""},
		{"not http", []string{"127.0.0.1"}, "file:///etc/passwd", `scheme "file": want http or https`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := appOf(t, lines(`r = http.get(`+fmt.Sprintf("%q", tt.url)+`)`, `st.text(r.status)`), nil, allow(tt.allow...))
			res := runApp(app)
			if tt.want == "" {
				mustComplete(t, res)
				return
			}
			mustFailWith(t, res, tt.want)
		})
	}
}

func TestHTTPRoundTrip(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	app := appOf(t, lines(
		`r = http.post("`+srv.URL+`/items?a=1", params={"b": 2, "c": ["x", "y"]},`,
		`    headers={"Authorization": "Bearer t"}, json={"name": "café", "n": [1, 2.5, None, True]})`,
		`got = r.json()`,
		`st.text(r.status)`,
		`st.text(r.ok)`,
		`st.text(r.headers["x-echo"])`,
		`st.text(got["method"] + " " + got["path"] + " " + got["auth"] + " " + got["type"])`,
		`st.text(json.encode(got["query"]))`,
		`st.text(json.encode(json.decode(got["body"])))`,
		`st.text(type(r.bytes))`,
		`f = http.post("`+srv.URL+`/form", data={"q": "a b"}).json()`,
		`st.text(f["type"] + " " + f["body"])`,
		`g = http.get("`+srv.URL+`/g", timeout="5s")`,
		`st.text(len(g.text) > 0)`,
	), nil, allow("127.0.0.1"))
	res := runApp(app)
	mustComplete(t, res)
	want := []string{
		"200", "True", "yes",
		"POST /items Bearer t application/json",
		`{"a":["1"],"b":["2"],"c":["x","y"]}`,
		`{"n":[1,2.5,null,true],"name":"café"}`, // json.encode sorts keys
		"bytes",
		"application/x-www-form-urlencoded q=a+b",
		"True",
	}
	if got := texts(t, res); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("texts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestHTTPSizeCap(t *testing.T) {
	big := strings.Repeat("x", 5000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			// No Content-Length: the cap applies while reading.
			w.Write([]byte(big[:2500]))
			w.(http.Flusher).Flush()
			w.Write([]byte(big[2500:]))
			return
		}
		io.WriteString(w, big)
	}))
	defer srv.Close()
	limit := func(o *host.Options) { o.HTTPAllow, o.HTTPMaxBytes = []string{"127.0.0.1"}, 4096 }
	for _, path := range []string{"/whole", "/chunked"} {
		t.Run(path, func(t *testing.T) {
			app := appOf(t, lines(`http.get("`+srv.URL+path+`?key=secret")`), nil, limit)
			res := runApp(app)
			mustFailWith(t, res, "http.get: "+srv.URL+path+": the response")
			mustFailWith(t, res, "larger than the app's limit of 4 KiB ([http] max_bytes in stark.toml)")
			if strings.Contains(errText(res), "secret") {
				t.Errorf("the error shows the URL's query: %q", errText(res))
			}
		})
	}
	app := appOf(t, lines(`st.text(len(http.get("`+srv.URL+`").text))`), nil, allow("127.0.0.1"))
	res := runApp(app)
	mustComplete(t, res)
	if got := texts(t, res); len(got) != 1 || got[0] != "5000" {
		t.Errorf("texts %q, want 5000 under the default cap", got)
	}
}

// slowServer answers after the request is cancelled by its client, and
// reports each request it starts on arrived.
func slowServer(t *testing.T) (srv *httptest.Server, arrived chan struct{}) {
	arrived = make(chan struct{}, 10)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	return srv, arrived
}

func TestHTTPTimeout(t *testing.T) {
	srv, _ := slowServer(t)
	app := appOf(t, lines(`http.get("`+srv.URL+`/slow", timeout=0.2)`), nil, allow("127.0.0.1"))
	mustFailWith(t, runApp(app), "http.get: "+srv.URL+"/slow: no response within 200ms (pass timeout= or raise [http] timeout in stark.toml)")

	app = appOf(t, lines(`http.get("`+srv.URL+`/slow")`), nil, func(o *host.Options) {
		o.HTTPAllow, o.HTTPTimeout = []string{"127.0.0.1"}, 150*time.Millisecond
	})
	mustFailWith(t, runApp(app), "no response within 150ms")

	// The run's wall time bounds a request that would wait longer.
	app = appOf(t, lines(`http.get("`+srv.URL+`/slow", timeout=60)`), nil, func(o *host.Options) {
		o.HTTPAllow, o.Limits.WallTime = []string{"127.0.0.1"}, 300*time.Millisecond
	})
	start := time.Now()
	res := runApp(app)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the run took %s, want about its wall time of 300ms", d)
	}
	if res.Status != host.Failed || !strings.Contains(errText(res), "wall time") {
		t.Errorf("status %s, error %q; want the wall time's error", res.Status, errText(res))
	}
}

func TestHTTPCancelledRun(t *testing.T) {
	srv, arrived := slowServer(t)
	app := appOf(t, lines(`http.get("`+srv.URL+`/slow", timeout=60)`, `st.text("after")`), nil, allow("127.0.0.1"))
	run := app.Start(host.RunOptions{Page: "page.star"})
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the request never reached the server")
	}
	start := time.Now()
	run.Cancel(host.Superseded)
	select {
	case <-run.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the run did not end after it was cancelled")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the run took %s to end after it was cancelled", d)
	}
	if res := run.Wait(); res.Status != host.Cancelled {
		t.Errorf("status %s, want cancelled", res.Status)
	}
}

func TestHTTPRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, "http://evil.example.net/", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/end", http.StatusFound)
		default:
			io.WriteString(w, "end")
		}
	}))
	defer srv.Close()
	app := appOf(t, lines(`st.text(http.get("`+srv.URL+`/here").text)`), nil, allow("127.0.0.1"))
	res := runApp(app)
	mustComplete(t, res)
	if got := texts(t, res); len(got) != 1 || got[0] != "end" {
		t.Errorf("texts %q, want end", got)
	}
	app = appOf(t, lines(`http.get("`+srv.URL+`/away")`), nil, allow("127.0.0.1"))
	mustFailWith(t, runApp(app), `host "evil.example.net" is not in the app's allow-list`)
}

func TestHTTPArguments(t *testing.T) {
	tests := []struct{ src, want string }{
		{`http.get("http://127.0.0.1/", headers=[1])`, "for parameter headers: got list, want a dict"},
		{`http.get("http://127.0.0.1/", params={"a": {}})`, `for parameter params: parameter "a": got dict, want a string, number or bool`},
		{`http.post("http://127.0.0.1/", json={}, data="x")`, "pass json= or data=, not both"},
		{`http.get("http://127.0.0.1/", timeout="soon")`, `http.get: for parameter timeout: got "soon", want a duration`},
		{`http.get("http://127.0.0.1/", headers={"X": "a\nb"})`, "a header holds no line breaks"},
		{`http.get("http://127.0.0.1/").json()`, "not JSON"},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html>") }))
	defer srv.Close()
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			src := strings.ReplaceAll(tt.src, "http://127.0.0.1/", srv.URL+"/")
			mustFailWith(t, runApp(appOf(t, src, nil, allow("127.0.0.1"))), tt.want)
		})
	}
}

// A response can be cached: it is immutable and has a size.
func TestHTTPCached(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		io.WriteString(w, `{"n": 1}`)
	}))
	defer srv.Close()
	app := appOf(t, lines(
		`fetch = cache_data(lambda u: http.get(u))`,
		`st.text(fetch("`+srv.URL+`").json()["n"])`,
	), nil, allow("127.0.0.1"))
	for range 3 {
		mustComplete(t, runApp(app))
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	if s := app.Cache.Stats(); s.Bytes < 8 {
		t.Errorf("cache bytes %d, want the response's size", s.Bytes)
	}
}
