package stark_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stark-dev/stark"
	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/session"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// serve mounts app under /dash on a mux of the test's own, as a Go service
// would, and returns the app's base URL.
func serve(t *testing.T, opts stark.Options) (*stark.App, string) {
	t.Helper()
	opts.Base = "/dash"
	app, err := stark.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/ping", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("pong")) })
	mux.Handle("/dash/", http.StripPrefix("/dash", app.Handler()))
	ts := httptest.NewServer(mux)
	t.Cleanup(func() { ts.Close(); app.Close() })
	return app, ts.URL + "/dash"
}

// shows waits until the tab's elements hold want.
func shows(t *testing.T, c *client.Client, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	q, _ := json.Marshal(want)
	for {
		b, _ := json.Marshal(c.Snapshot())
		if strings.Contains(string(b), string(q[1:len(q)-1])) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page does not show %q; it shows %s", want, b)
		}
		if _, err := c.Next(time.Second); err != nil && !strings.Contains(err.Error(), "timeout") {
			t.Fatalf("waiting for %q: %v", want, err)
		}
	}
}

func dial(t *testing.T, base, page string) *client.Client {
	t.Helper()
	c, err := client.Dial(base, page, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// module returns a Go module "orders" with builtins.
func module(fns map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)) starlark.StringDict {
	m := starlark.StringDict{}
	for name, fn := range fns {
		m[name] = starlark.NewBuiltin("orders."+name, fn)
	}
	return starlark.StringDict{"orders": &starlarkstruct.Module{Name: "orders", Members: m}}
}

func TestMapFSApp(t *testing.T) {
	var n atomic.Int64
	n.Store(41)
	pages := fstest.MapFS{
		"orders.star":   {Data: []byte("load(\"lib/fmt.star\", \"label\")\nst.title(label(orders.count()))\nst.write(data.csv(\"data/o.csv\"))\n")},
		"lib/fmt.star":  {Data: []byte("def label(n):\n    return \"orders: %d\" % n\n")},
		"data/o.csv":    {Data: []byte("id,total\n1,9.5\n")},
		"escape.star":   {Data: []byte("load(\"../secret.star\", \"x\")\n")},
		"_private.star": {Data: []byte("st.write('not a page')\n")},
		"stark.toml":    {Data: []byte("[app]\ntitle = \"Orders\"\n")},
	}
	app, base := serve(t, stark.Options{Pages: pages, Modules: module(map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
		"count": func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt64(n.Add(1)), nil
		},
	})})
	ps, err := app.Pages()
	if err != nil || len(ps) != 2 || ps[0].File != "escape.star" || ps[1].File != "orders.star" {
		t.Fatalf("pages %v, %v; want escape.star and orders.star", ps, err)
	}
	c := dial(t, base, "orders")
	shows(t, c, "orders: 42")
	shows(t, c, "9.5")
	shows(t, dial(t, base, "escape"), `load "../secret.star": the path leaves the app directory`)
	res, err := http.Get(base + "/orders")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("the page's shell under the prefix: %d", res.StatusCode)
	}
}

// The Go builtin contract: host.ContextFor refuses a worker spawned without
// the run's context with the message stark's own builtins give.
func TestGoBuiltinNeedsContext(t *testing.T) {
	pages := fstest.MapFS{
		"p.star": {Data: []byte("st.write('page ' + orders.page())\nt = spawn(orders.page)\nt.result()\n")},
	}
	_, base := serve(t, stark.Options{Pages: pages, Modules: module(map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
		"page": func(th *starlark.Thread, b *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			ctx, err := host.ContextFor(th, b.Name())
			if err != nil {
				return nil, err
			}
			return starlark.String(ctx.Page), nil
		},
	})})
	c := dial(t, base, "p")
	shows(t, c, "page p.star")
	shows(t, c, `orders.page: missing ScriptRunContext: thread "spawn-1" was spawned without the run's context; pass context=True to spawn(), or return the value and write it from the script thread`)
}

// A Go builtin blocked on the run's context.Context returns when a newer
// run supersedes its run.
func TestGoBuiltinCancelled(t *testing.T) {
	pages := fstest.MapFS{
		"p.star": {Data: []byte("if st.button('go'):\n    orders.wait()\nst.write('idle')\n")},
	}
	started := make(chan struct{}, 1)
	ended := make(chan error, 1)
	_, base := serve(t, stark.Options{Pages: pages, Modules: module(map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
		"wait": func(th *starlark.Thread, b *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			sb, err := host.SandboxFor(th, b.Name())
			if err != nil {
				return nil, err
			}
			ctx, stop := sb.Context()
			defer stop()
			started <- struct{}{}
			<-ctx.Done()
			ended <- context_cause(ctx)
			return nil, ctx.Err()
		},
	})})
	c := dial(t, base, "p")
	shows(t, c, "idle")
	id := buttonID(t, c)
	if err := c.SetWidget(id, true); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("the builtin was not called")
	}
	if err := c.Send(&rerunMsg); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ended:
		if err == nil {
			t.Error("the run's context ended without a cause")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a superseding run did not end the builtin's blocking call")
	}
}

func TestIdentity(t *testing.T) {
	pages := fstest.MapFS{"who.star": {Data: []byte("st.write('hello ' + st.user.name + ' ' + st.user.email)\n")}}
	_, base := serve(t, stark.Options{Pages: pages, Identity: func(r *http.Request) (*stark.User, error) {
		switch r.Header.Get("X-Test-User") {
		case "":
			return &stark.User{Name: "ada", Email: "ada@example.com"}, nil
		case "anon":
			return nil, errors.Join(stark.ErrUnauthenticated, errors.New("sign in at /login"))
		}
		return nil, errors.New("this team may not see the dashboards")
	}})
	c := dial(t, base, "who")
	shows(t, c, "hello ada ada@example.com")
	for who, want := range map[string]int{"anon": 401, "mallory": 403} {
		req, _ := http.NewRequest("GET", base+"/who", nil)
		req.Header.Set("X-Test-User", who)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s: status %d, want %d", who, res.StatusCode, want)
		}
	}
	h := http.Header{"X-Test-User": {"mallory"}}
	if _, err := client.DialWith(base, h, helloMsg("who"), false); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("a refused visitor's socket: %v", err)
	}
}

func TestRerun(t *testing.T) {
	var n atomic.Int64
	pages := fstest.MapFS{
		"a.star": {Data: []byte("st.write('a=%d' % orders.count())\n")},
		"b.star": {Data: []byte("st.write('b=%d' % orders.count())\n")},
	}
	app, base := serve(t, stark.Options{Pages: pages, Modules: module(map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
		"count": func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt64(n.Load()), nil
		},
	})})
	a1, a2, b := dial(t, base, "a"), dial(t, base, "a"), dial(t, base, "b")
	shows(t, a1, "a=0")
	shows(t, a2, "a=0")
	shows(t, b, "b=0")
	n.Store(7)
	if got := app.Rerun("a.star"); got != 2 {
		t.Errorf("Rerun(a.star) re-ran %d sessions, want the 2 on a.star", got)
	}
	shows(t, a1, "a=7")
	shows(t, a2, "a=7")
	if got := app.Rerun("nothing.star"); got != 0 {
		t.Errorf("Rerun of a page nobody shows re-ran %d sessions", got)
	}
}

func TestNewRefuses(t *testing.T) {
	for _, o := range []stark.Options{
		{},
		{Pages: fstest.MapFS{}, Dir: "."},
		{Pages: fstest.MapFS{}, Base: "dash/"},
		{Pages: fstest.MapFS{}, Modules: starlark.StringDict{"st": starlark.None}},
	} {
		if app, err := stark.New(o); err == nil {
			app.Close()
			t.Errorf("New(%+v) did not refuse", o)
		}
	}
}

var rerunMsg = session.RerunMsg{}

func helloMsg(page string) session.HelloMsg { return session.HelloMsg{Page: page} }

func context_cause(ctx context.Context) error { return context.Cause(ctx) }

// buttonID returns the id of the tab's button.
func buttonID(t *testing.T, c *client.Client) string {
	t.Helper()
	for _, el := range c.Snapshot() {
		if el["kind"] == "button" {
			if id, ok := el["id"].(string); ok {
				return id
			}
		}
	}
	b, _ := json.Marshal(c.Snapshot())
	t.Fatalf("no button in %s", b)
	return ""
}

// OnRun is told of every run: its page, status, error and user.
func TestOnRun(t *testing.T) {
	runs := make(chan stark.RunInfo, 16)
	pages := fstest.MapFS{
		"ok.star":  {Data: []byte("st.write('fine')\n")},
		"bad.star": {Data: []byte("st.write(1 // 0)\n")},
	}
	_, base := serve(t, stark.Options{Pages: pages, OnRun: func(ri stark.RunInfo) { runs <- ri },
		Identity: func(*http.Request) (*stark.User, error) { return &stark.User{Name: "ada"}, nil }})
	dial(t, base, "ok")
	dial(t, base, "bad")
	got := map[string]stark.RunInfo{}
	for len(got) < 2 {
		select {
		case ri := <-runs:
			got[ri.Page] = ri
		case <-time.After(30 * time.Second):
			t.Fatalf("OnRun was told of %v only", got)
		}
	}
	if ri := got["ok.star"]; ri.Status != "completed" || ri.Err != nil || ri.User == nil || ri.User.Name != "ada" || ri.Duration <= 0 {
		t.Errorf("ok.star: %+v", ri)
	}
	if ri := got["bad.star"]; ri.Status != "failed" || ri.Err == nil || !strings.Contains(ri.Err.Error(), "division by zero") {
		t.Errorf("bad.star: %+v", ri)
	}
}

// With Dir, a saved page re-runs the sessions that show it; several apps
// share one mux under their prefixes.
func TestDirHotReloadAndTwoApps(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.star"), []byte("st.write('version one')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	disk, err := stark.New(stark.Options{Dir: dir, Base: "/disk"})
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	embedded, err := stark.New(stark.Options{Pages: fstest.MapFS{"p.star": {Data: []byte("st.write('from the FS')\n")}}, Base: "/fs"})
	if err != nil {
		t.Fatal(err)
	}
	defer embedded.Close()
	mux := http.NewServeMux()
	mux.Handle("/disk/", http.StripPrefix("/disk", disk.Handler()))
	mux.Handle("/fs/", http.StripPrefix("/fs", embedded.Handler()))
	ts := httptest.NewServer(mux)
	defer ts.Close()

	d := dial(t, ts.URL+"/disk", "p")
	shows(t, d, "version one")
	shows(t, dial(t, ts.URL+"/fs", "p"), "from the FS")
	if err := os.WriteFile(filepath.Join(dir, "p.star"), []byte("st.write('version two')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	shows(t, d, "version two")
}

// SQLite files of an app from an fs.FS live in the DataDir the program
// names; without one the page is told why it cannot have them.
func TestFSAppSQLite(t *testing.T) {
	pages := fstest.MapFS{
		"db.star":    {Data: []byte("db = sql.connect('main')\ndb.query('create table if not exists t (x int)')\ndb.query('insert into t values (5)')\nst.write('rows %d' % len(db.query('select x from t')))\n")},
		"stark.toml": {Data: []byte("[connections.main]\ndriver = \"sqlite\"\ndsn = \"orders.db\"\n")},
	}
	_, base := serve(t, stark.Options{Pages: pages})
	shows(t, dial(t, base, "db"), "SQLite cannot open; the host program names a data directory")

	data := t.TempDir()
	_, base = serve(t, stark.Options{Pages: pages, DataDir: data})
	shows(t, dial(t, base, "db"), "rows 1")
	if _, err := os.Stat(filepath.Join(data, "orders.db")); err != nil {
		t.Errorf("the database is not in DataDir: %v", err)
	}
}

// Options.Config is stark.toml as a Go value; it wins over a stark.toml in
// the FS.
func TestConfigValue(t *testing.T) {
	cfg, err := config.Parse("embedded", []byte("[limits]\nsteps = 5000\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	pages := fstest.MapFS{
		"loop.star":  {Data: []byte("n = 0\nfor i in range(1000000):\n    n += i\nst.write(str(n))\n")},
		"stark.toml": {Data: []byte("[limits]\nsteps = 100000000\n")},
	}
	_, base := serve(t, stark.Options{Pages: pages, Config: cfg})
	shows(t, dial(t, base, "loop"), "step limit of 5000 reached")
}

// The [access] of the configuration guards an embedded app as it guards
// `stark run`'s.
func TestConfigAccess(t *testing.T) {
	pages := fstest.MapFS{
		"p.star":     {Data: []byte("st.write('inside')\n")},
		"stark.toml": {Data: []byte("[access]\npublic = false\ntokens = [\"let-me-in-0123456789\"]\n")},
	}
	_, base := serve(t, stark.Options{Pages: pages})
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(base + "/p")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/dash/_stark/login") {
		t.Errorf("a private app answered %s (Location %q) to a stranger; want the login form under the prefix", res.Status, loc)
	}
	if _, err := client.Dial(base, "p", "", nil); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("a stranger's socket: %v", err)
	}
	req, _ := http.NewRequest("GET", base+"/p", nil)
	req.Header.Set("Authorization", "Bearer let-me-in-0123456789")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("the token's holder got %s", res.Status)
	}
}
