package apptest

// This file defines the fixtures of apptest(): values of the app's data
// sources for one test. Each changes the options of an app of the test's
// own (as now= does): http= answers the page's http.get and http.post,
// sql= points the app's connections at databases the test seeds.

import (
	"bytes"
	"fmt"
	"io"
	nethttp "net/http"
	"sort"
	"strings"
	"sync"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/http"
	"github.com/stark-dev/stark/lib/sql"
	starjson "go.starlark.net/lib/json"
	"go.starlark.net/starlark"
)

// An httpFixture answers the requests whose URL its pattern matches.
type httpFixture struct {
	method  string // "" for any
	pattern string // a URL where * matches any run of characters
	status  int
	header  nethttp.Header
	body    []byte
}

// httpFixtures is the transport of an app with http fixtures: it answers
// from them, never from the network, and records what it was asked.
type httpFixtures struct {
	fixtures []httpFixture
	mu       sync.Mutex
	requests []recorded
}

type recorded struct {
	method, url string
	body        []byte
}

// parseHTTP reads http={"[METHOD ]URL pattern": response}; a response is
// a string (the text of a 200), or a dict of status, json, text, body and
// headers.
func parseHTTP(th *starlark.Thread, d *starlark.Dict) (*httpFixtures, error) {
	t := &httpFixtures{}
	for _, kv := range d.Items() {
		key, ok := starlark.AsString(kv[0])
		if !ok {
			return nil, fmt.Errorf("a key is a URL pattern (a string), got %s", kv[0].Type())
		}
		f := httpFixture{pattern: key, status: 200, header: nethttp.Header{}}
		if m, rest, ok := strings.Cut(key, " "); ok && m == strings.ToUpper(m) {
			f.method, f.pattern = m, strings.TrimSpace(rest)
		}
		if !strings.HasPrefix(f.pattern, "http://") && !strings.HasPrefix(f.pattern, "https://") {
			return nil, fmt.Errorf("%q: a pattern is an http(s) URL, * matching any characters (\"https://api.example.com/orders/*\")", key)
		}
		switch v := kv[1].(type) {
		case starlark.String:
			f.body = []byte(v)
			f.header.Set("Content-Type", "text/plain; charset=utf-8")
		case *starlark.Dict:
			for _, item := range v.Items() {
				name, _ := starlark.AsString(item[0])
				switch name {
				case "status":
					n, err := starlark.AsInt32(item[1])
					if err != nil || n < 100 || n > 999 {
						return nil, fmt.Errorf("%q: status: want an HTTP status such as 200 or 404, got %s", key, item[1])
					}
					f.status = n
				case "json":
					enc, err := starlark.Call(th, starjson.Module.Members["encode"], starlark.Tuple{item[1]}, nil)
					if err != nil {
						return nil, fmt.Errorf("%q: json: %v", key, err)
					}
					f.body = []byte(enc.(starlark.String))
					f.header.Set("Content-Type", "application/json")
				case "text", "body":
					s, ok := item[1].(starlark.String)
					b, isBytes := item[1].(starlark.Bytes)
					if !ok && !isBytes {
						return nil, fmt.Errorf("%q: %s: want a string, got %s", key, name, item[1].Type())
					}
					f.body = []byte(string(s) + string(b))
					if f.header.Get("Content-Type") == "" {
						f.header.Set("Content-Type", "text/plain; charset=utf-8")
					}
				case "headers":
					h, ok := item[1].(*starlark.Dict)
					if !ok {
						return nil, fmt.Errorf("%q: headers: want a dict of strings, got %s", key, item[1].Type())
					}
					for _, hv := range h.Items() {
						k, ok1 := starlark.AsString(hv[0])
						s, ok2 := starlark.AsString(hv[1])
						if !ok1 || !ok2 {
							return nil, fmt.Errorf("%q: headers: want a dict of strings", key)
						}
						f.header.Set(k, s)
					}
				case "stream":
					lines, err := stringList(item[1])
					if err != nil {
						return nil, fmt.Errorf("%q: stream: %v", key, err)
					}
					f.body = []byte(strings.Join(lines, "\n") + "\n")
					f.header.Set("Content-Type", "text/plain; charset=utf-8")
				case "events":
					body, err := sseBody(item[1])
					if err != nil {
						return nil, fmt.Errorf("%q: events: %v", key, err)
					}
					f.body = body
					f.header.Set("Content-Type", "text/event-stream")
				default:
					return nil, fmt.Errorf("%q: unknown key %s of a response: want status, json, text, body, stream, events or headers", key, item[0])
				}
			}
		default:
			return nil, fmt.Errorf("%q: a response is a string or a dict (status, json, text, body, headers), got %s", key, kv[1].Type())
		}
		t.fixtures = append(t.fixtures, f)
	}
	return t, nil
}

// stringList reads a list of strings.
func stringList(v starlark.Value) ([]string, error) {
	l, ok := v.(*starlark.List)
	if !ok {
		return nil, fmt.Errorf("want a list of strings, got %s", v.Type())
	}
	var out []string
	for i := 0; i < l.Len(); i++ {
		s, ok := starlark.AsString(l.Index(i))
		if !ok {
			return nil, fmt.Errorf("want a list of strings, got a %s in it", l.Index(i).Type())
		}
		out = append(out, s)
	}
	return out, nil
}

// sseBody writes server-sent events: each a string (its data) or a dict of
// data, event and id. Data of several lines is sent as several data lines.
func sseBody(v starlark.Value) ([]byte, error) {
	l, ok := v.(*starlark.List)
	if !ok {
		return nil, fmt.Errorf("want a list of events (strings, or dicts of data, event and id), got %s", v.Type())
	}
	var b bytes.Buffer
	for i := 0; i < l.Len(); i++ {
		var data, event, id string
		switch x := l.Index(i).(type) {
		case starlark.String:
			data = string(x)
		case *starlark.Dict:
			for _, kv := range x.Items() {
				k, _ := starlark.AsString(kv[0])
				s, ok := starlark.AsString(kv[1])
				if !ok {
					return nil, fmt.Errorf("event %d: %s: want a string, got %s", i, k, kv[1].Type())
				}
				switch k {
				case "data":
					data = s
				case "event":
					event = s
				case "id":
					id = s
				default:
					return nil, fmt.Errorf("event %d: unknown key %s: want data, event or id", i, kv[0])
				}
			}
		default:
			return nil, fmt.Errorf("event %d: want a string or a dict of data, event and id, got %s", i, x.Type())
		}
		if event != "" {
			fmt.Fprintf(&b, "event: %s\n", event)
		}
		if id != "" {
			fmt.Fprintf(&b, "id: %s\n", id)
		}
		for _, line := range strings.Split(data, "\n") {
			fmt.Fprintf(&b, "data: %s\n", line)
		}
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

// RoundTrip answers req from the first fixture that matches it.
func (t *httpFixtures) RoundTrip(req *nethttp.Request) (*nethttp.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(req.Body, 1<<20))
		req.Body.Close()
	}
	u := *req.URL
	t.mu.Lock()
	t.requests = append(t.requests, recorded{req.Method, u.String(), body})
	t.mu.Unlock()
	full := u.String()
	u.RawQuery, u.Fragment = "", ""
	bare := u.String()
	for _, f := range t.fixtures {
		if f.method != "" && f.method != req.Method {
			continue
		}
		target := bare
		if strings.Contains(f.pattern, "?") {
			target = full
		}
		if !glob(f.pattern, target) {
			continue
		}
		return &nethttp.Response{
			Status: fmt.Sprintf("%d %s", f.status, nethttp.StatusText(f.status)), StatusCode: f.status,
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: f.header.Clone(), Body: io.NopCloser(bytes.NewReader(f.body)),
			ContentLength: int64(len(f.body)), Request: req,
		}, nil
	}
	var pats []string
	for _, f := range t.fixtures {
		pats = append(pats, strings.TrimSpace(f.method+" "+f.pattern))
	}
	sort.Strings(pats)
	return nil, fmt.Errorf("no http fixture of the test matches %s %s (the fixtures: %s)", req.Method, full, strings.Join(pats, ", "))
}

// glob matches s against pattern, where * matches any run of characters.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// requestsValue is app.http_requests: what the page asked the fixtures,
// each a dict of method, url and body.
func (t *httpFixtures) requestsValue() starlark.Value {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]starlark.Value, len(t.requests))
	for i, r := range t.requests {
		d := starlark.NewDict(3)
		d.SetKey(starlark.String("method"), starlark.String(r.method))
		d.SetKey(starlark.String("url"), starlark.String(r.url))
		d.SetKey(starlark.String("body"), starlark.String(r.body))
		out[i] = d
	}
	return starlark.NewList(out)
}

// configureHTTP makes the app's http module answer from t.
func configureHTTP(o *host.Options, t *httpFixtures) {
	h := http.Configured(o)
	h.Transport = t
	http.Configure(o, h)
}

// parseSQL reads sql={"name": connection}: a connection is a SQLite dsn
// (":memory:", or a file of the app such as "tests/fixtures/sales.db"), a
// list of statements that seed a database in memory, or a dict of dsn
// (default ":memory:") and seed (the statements).
func parseSQL(d *starlark.Dict) (map[string]sql.Connection, error) {
	out := map[string]sql.Connection{}
	for _, kv := range d.Items() {
		name, ok := starlark.AsString(kv[0])
		if !ok {
			return nil, fmt.Errorf("a key is a connection's name, got %s", kv[0].Type())
		}
		c := sql.Connection{Driver: "sqlite", DSN: ":memory:"}
		var seed starlark.Value
		switch v := kv[1].(type) {
		case starlark.String:
			c.DSN = string(v)
		case *starlark.List, starlark.Tuple:
			seed = v
		case *starlark.Dict:
			for _, item := range v.Items() {
				switch k, _ := starlark.AsString(item[0]); k {
				case "dsn":
					s, ok := starlark.AsString(item[1])
					if !ok {
						return nil, fmt.Errorf("%q: dsn: want a string, got %s", name, item[1].Type())
					}
					c.DSN = s
				case "seed":
					seed = item[1]
				default:
					return nil, fmt.Errorf("%q: unknown key %s: want dsn or seed", name, item[0])
				}
			}
		default:
			return nil, fmt.Errorf("%q: a connection is a dsn, a list of statements or a dict of dsn and seed, got %s", name, kv[1].Type())
		}
		if _, err := sql.ParseSQLiteDSN(c.DSN); err != nil {
			return nil, fmt.Errorf("%q: dsn %q: %v", name, c.DSN, err)
		}
		if seed != nil {
			it, ok := seed.(starlark.Iterable)
			if !ok {
				return nil, fmt.Errorf("%q: seed: want a list of statements, got %s", name, seed.Type())
			}
			iter := it.Iterate()
			var x starlark.Value
			for iter.Next(&x) {
				s, ok := starlark.AsString(x)
				if !ok {
					iter.Done()
					return nil, fmt.Errorf("%q: seed: want a list of statements (strings), got a %s in it", name, x.Type())
				}
				c.Init = append(c.Init, s)
			}
			iter.Done()
		}
		out[name] = c
	}
	return out, nil
}

// configureSQL points the app's connections named in conns at them,
// keeping the other connections and each one's timeout and row bound.
func configureSQL(o *host.Options, conns map[string]sql.Connection) {
	all := map[string]sql.Connection{}
	for k, v := range sql.Connections(o) {
		all[k] = v
	}
	for k, c := range conns {
		if old, ok := all[k]; ok {
			c.Timeout, c.MaxRows = old.Timeout, old.MaxRows
		}
		all[k] = c
	}
	sql.Configure(o, all)
}
