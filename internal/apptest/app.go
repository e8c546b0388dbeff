package apptest

// This file defines the value apptest(page) returns: a headless session of
// a page of the app, its elements and widgets as Starlark values.

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"github.com/stark-dev/stark/session"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

var structBuiltin = starlark.NewBuiltin("struct", starlarkstruct.Make)

// kinds are the element kinds of the wire; aliases maps the plural names
// of the containers a test walks into (app.columns[1], app.tabs[0]) to the
// kind of their elements.
var (
	kinds   = map[string]bool{}
	aliases = map[string]string{"columns": "column", "tabs": "tab", "exceptions": "exception"}
)

func init() {
	for _, k := range session.ElementKinds() {
		kinds[k] = true
	}
}

// An App is the value of apptest(page): one session of the app, its last
// run's elements, widgets to set and click.
type App struct {
	tc      *testContext
	page    string
	s       *harness.Session
	res     *harness.Result
	private *host.App // an app of this test alone (now=), closed with it
	clock   *Clock
	http    *httpFixtures // http=, or nil
	// pending are the values set for widgets in forms, by form key, applied
	// when the form's submit button is clicked (a browser sends a form's
	// values together at its submission).
	pending map[string][]pendingSet
	closed  bool
}

type pendingSet struct {
	id string
	v  starlark.Value
}

var (
	_ starlark.HasAttrs = (*App)(nil)
)

// newApp is apptest(page, state=None, query=None, now=None, http=None,
// sql=None, secrets=None, user=None, context=None).
func newApp(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	tc, err := contextOf(th)
	if err != nil {
		return nil, err
	}
	var page string
	var state, query, httpSpec, sqlSpec, secretsSpec, userSpec, contextSpec *starlark.Dict
	var now starlark.Value = starlark.None
	// A fixture is a keyword argument here, changing the options of an app
	// of the test's own (configure) as now= and http= do.
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "page", &page, "state?", &state, "query?", &query, "now?", &now, "http?", &httpSpec, "sql?", &sqlSpec, "secrets?", &secretsSpec, "user?", &userSpec, "context?", &contextSpec); err != nil {
		return nil, err
	}
	app, err := tc.suite.App()
	if err != nil {
		return nil, fmt.Errorf("apptest: the app in %s: %v", tc.suite.Dir, err)
	}
	a := &App{tc: tc, page: page, pending: map[string][]pendingSet{}}
	var configure []func(*host.Options)
	if now != starlark.None {
		t, err := timeOf(now)
		if err != nil {
			return nil, fmt.Errorf("apptest: now: %v", err)
		}
		a.clock = &Clock{now: t, app: a}
		configure = append(configure, func(o *host.Options) { o.Now = a.clock.Now })
	}
	if httpSpec != nil {
		t, err := parseHTTP(th, httpSpec)
		if err != nil {
			return nil, fmt.Errorf("apptest: http: %v", err)
		}
		a.http = t
		configure = append(configure, func(o *host.Options) { configureHTTP(o, t) })
	}
	if sqlSpec != nil {
		conns, err := parseSQL(sqlSpec)
		if err != nil {
			return nil, fmt.Errorf("apptest: sql: %v", err)
		}
		configure = append(configure, func(o *host.Options) { configureSQL(o, conns) })
	}
	if secretsSpec != nil {
		sec, err := parseSecrets(secretsSpec)
		if err != nil {
			return nil, fmt.Errorf("apptest: secrets: %v", err)
		}
		configure = append(configure, func(o *host.Options) { host.Secrets.Set(o, sec) })
	}
	var visitor *host.Visitor
	if userSpec != nil || contextSpec != nil {
		visitor = &host.Visitor{}
	}
	if userSpec != nil {
		u, err := parseUser(userSpec)
		if err != nil {
			return nil, fmt.Errorf("apptest: user: %v", err)
		}
		visitor.User = u
	}
	if contextSpec != nil {
		if err := parseContext(contextSpec, visitor); err != nil {
			return nil, fmt.Errorf("apptest: context: %v", err)
		}
	}
	if len(configure) > 0 {
		app, err = tc.suite.privateApp(func(o *host.Options) {
			for _, c := range configure {
				c(o)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("apptest: %v", err)
		}
		a.private = app
	}
	if err := checkPage(app, page); err != nil {
		a.close()
		return nil, err
	}
	a.s = harness.Open(app, page)
	a.s.Visitor = visitor
	if state != nil {
		for _, kv := range state.Items() {
			k, ok := starlark.AsString(kv[0])
			if !ok {
				a.close()
				return nil, fmt.Errorf("apptest: state: a key is a string, got %s", kv[0].Type())
			}
			a.s.Set(k, kv[1])
		}
	}
	if query != nil {
		q, err := queryOf(query)
		if err != nil {
			a.close()
			return nil, fmt.Errorf("apptest: query: %v", err)
		}
		a.s.Query = q
	}
	tc.apps = append(tc.apps, a)
	return a, nil
}

// checkPage refuses a page the app does not have, naming those it has.
func checkPage(app *host.App, page string) error {
	pages, err := app.Pages()
	if err != nil {
		return fmt.Errorf("apptest: %v", err)
	}
	var files []string
	for _, p := range pages {
		if p.File == page {
			return nil
		}
		files = append(files, fmt.Sprintf("%q", p.File))
	}
	return fmt.Errorf("apptest: the app has no page %q; its pages are %s", page, strings.Join(files, ", "))
}

func queryOf(d *starlark.Dict) (map[string][]string, error) {
	q := map[string][]string{}
	for _, kv := range d.Items() {
		k, ok := starlark.AsString(kv[0])
		if !ok {
			return nil, fmt.Errorf("a key is a string, got %s", kv[0].Type())
		}
		switch v := kv[1].(type) {
		case starlark.String:
			q[k] = []string{string(v)}
		case *starlark.List, starlark.Tuple:
			it := starlark.Iterate(v)
			var x starlark.Value
			for it.Next(&x) {
				s, ok := starlark.AsString(x)
				if !ok {
					it.Done()
					return nil, fmt.Errorf("%s: a value is a string or a list of strings, got a list holding %s", k, x.Type())
				}
				q[k] = append(q[k], s)
			}
			it.Done()
		default:
			q[k] = []string{strings.Trim(v.String(), `"`)}
		}
	}
	return q, nil
}

func (a *App) close() {
	if a.closed {
		return
	}
	a.closed = true
	if a.s != nil {
		a.s.Close()
	}
	if a.private != nil {
		a.private.Close()
	}
}

// pageError describes the failure of the app's last run, or "".
func (a *App) pageError() string {
	if a.res == nil || a.res.Status != host.Failed || a.res.Err == nil {
		return ""
	}
	return fmt.Sprintf("the last run of %s failed: %s", a.s.Page, a.res.Err.Error())
}

func (a *App) String() string        { return fmt.Sprintf("<apptest %s>", a.page) }
func (a *App) Type() string          { return "apptest" }
func (a *App) Freeze()               {}
func (a *App) Truth() starlark.Bool  { return starlark.True }
func (a *App) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: apptest") }

var appMethods = map[string]func(a *App, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error){
	"run": func(a *App, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
			return nil, err
		}
		return a.run(), nil
	},
	"switch_page": func(a *App, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var page string
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "page", &page); err != nil {
			return nil, err
		}
		if err := checkPage(a.s.App, page); err != nil {
			return nil, fmt.Errorf("%s: %v", b.Name(), strings.TrimPrefix(err.Error(), "apptest: "))
		}
		a.s.Page = page
		return a, nil
	},
	"get": func(a *App, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var kind string
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "kind", &kind); err != nil {
			return nil, err
		}
		els, err := a.elements("app.get")
		if err != nil {
			return nil, err
		}
		return kindList(a, "app", kind, els)
	},
}

var appAttrs = []string{"clock", "get", "http_requests", "main", "page", "query_params", "run", "session_state", "sidebar", "status", "switch_page"}

// run runs what changed as a browser's session does (only the fragments
// whose widgets alone changed, else the page) and keeps the result.
func (a *App) run() *App {
	a.res = a.s.RunFragments()
	return a
}

// elements returns the roots of the last run (main, sidebar), or an error
// naming what asked when the app has not run.
func (a *App) elements(what string) ([]*host.Element, error) {
	if a.res == nil {
		return nil, fmt.Errorf("%s: the app has not run: call app.run() first", what)
	}
	roots := a.res.Roots()
	if a.res.Status == host.Failed && a.res.Err != nil {
		// The error, as the session shows it: an exception element after
		// what the run wrote in main.
		main := &host.Element{Kind: "main", Path: "main"}
		if len(roots) > 0 {
			m := *roots[0]
			main = &m
		} else {
			roots = []*host.Element{main, {Kind: "sidebar", Path: "sidebar"}}
		}
		var frames []any
		for _, f := range a.res.Err.Frames {
			frames = append(frames, map[string]any{"file": f.File, "line": f.Line, "col": f.Col, "func": f.Func})
		}
		ex := &host.Element{Kind: "exception", Path: fmt.Sprintf("main.%d", len(main.Children)),
			Props: map[string]any{"message": a.res.Err.Message, "frames": frames}}
		if a.res.Err.Hint != "" {
			ex.Props["hint"] = a.res.Err.Hint
		}
		main.Children = append(main.Children[:len(main.Children):len(main.Children)], ex)
		roots = append([]*host.Element{main}, roots[1:]...)
	}
	return roots, nil
}

func (a *App) Attr(name string) (starlark.Value, error) {
	if m, ok := appMethods[name]; ok {
		return starlark.NewBuiltin("app."+name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m(a, th, b, args, kwargs)
		}), nil
	}
	switch name {
	case "page":
		return starlark.String(a.s.Page), nil
	case "http_requests":
		if a.http == nil {
			return nil, fmt.Errorf("app.http_requests: the app has no http fixtures: give apptest(..., http={...})")
		}
		return a.http.requestsValue(), nil
	case "clock":
		if a.clock == nil {
			return nil, fmt.Errorf("app.clock: the app has the real clock: give apptest(..., now=...) a time to control it")
		}
		return a.clock, nil
	case "session_state":
		return &sessionState{st: a.s.State, set: a.s.Set}, nil
	case "query_params":
		d := starlark.NewDict(len(a.s.Query))
		keys := make([]string, 0, len(a.s.Query))
		for k := range a.s.Query {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if vs := a.s.Query[k]; len(vs) > 0 {
				d.SetKey(starlark.String(k), starlark.String(vs[len(vs)-1]))
			}
		}
		return d, nil
	case "status":
		if a.res == nil {
			return starlark.None, nil
		}
		return starlark.String(a.res.Status.String()), nil
	case "main", "sidebar":
		roots, err := a.elements("app." + name)
		if err != nil {
			return nil, err
		}
		i := 0
		if name == "sidebar" {
			i = 1
		}
		var el *host.Element
		if i < len(roots) {
			el = roots[i]
		} else {
			el = &host.Element{Kind: name, Path: name}
		}
		return &Element{app: a, el: el}, nil
	}
	els, err := a.elements("app." + name)
	if err != nil {
		return nil, err
	}
	return kindList(a, "app", name, els)
}

func (a *App) AttrNames() []string { return appAttrs }

// kindList returns the elements of the kind name (or its alias) under roots,
// in page order, or an error for a name that is no kind. Buttons include
// forms' submit buttons, as Streamlit's AppTest has them.
func kindList(a *App, where, name string, roots []*host.Element) (starlark.Value, error) {
	kind := name
	if k, ok := aliases[name]; ok {
		kind = k
	}
	if !kinds[kind] {
		return nil, fmt.Errorf("%s has no attribute %q: it is neither a method nor an element kind%s", where, name, suggest(name))
	}
	var out []*host.Element
	var walk func([]*host.Element)
	walk = func(els []*host.Element) {
		for _, e := range els {
			if e.Kind == kind || kind == "button" && e.Kind == "form_submit_button" {
				out = append(out, e)
			}
			walk(e.Children)
		}
	}
	walk(roots)
	return &List{app: a, kind: kind, els: out}, nil
}

// suggest names a kind close to name, for a typo.
func suggest(name string) string {
	best, dist := "", 3
	for k := range kinds {
		if d := editDistance(name, k); d < dist || d == dist && k < best {
			best, dist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev = cur
	}
	return prev[len(b)]
}

// A Clock is the clock of an app made with now=: its caches' ttl and
// timers read it; app.clock.advance("10m") moves it.
type Clock struct {
	mu  sync.Mutex
	now time.Time
	app *App // whose session's fragments' timers advance moves
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *Clock) String() string        { return fmt.Sprintf("<clock %s>", c.Now().UTC().Format(time.RFC3339)) }
func (c *Clock) Type() string          { return "clock" }
func (c *Clock) Freeze()               {}
func (c *Clock) Truth() starlark.Bool  { return starlark.True }
func (c *Clock) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: clock") }
func (c *Clock) AttrNames() []string   { return []string{"advance", "now"} }

func (c *Clock) Attr(name string) (starlark.Value, error) {
	switch name {
	case "now":
		return timeValue(c.Now()), nil
	case "advance":
		return starlark.NewBuiltin("clock.advance", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var d starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &d); err != nil {
				return nil, err
			}
			dur, err := durationOf(d)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", b.Name(), err)
			}
			if dur < 0 {
				return nil, fmt.Errorf("%s: time does not go back (%s)", b.Name(), dur)
			}
			c.mu.Lock()
			c.now = c.now.Add(dur)
			c.mu.Unlock()
			if c.app != nil && c.app.s != nil {
				// The session's clock too: the run_every fragments that
				// fall due run, and the app shows what they drew.
				if res := c.app.s.Advance(dur); res != nil {
					c.app.res = res
				}
			}
			return c, nil
		}), nil
	}
	return nil, nil
}
