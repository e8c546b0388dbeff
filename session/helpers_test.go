package session

// This file holds the helpers of the session tests: an app of real pages
// (starlib's builtins and hold(), which blocks a run until the test lets it
// go), a manager on a ManualClock, and in-memory connections whose frames
// are decoded with the protocol's own types.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

// guard bounds every wait of a test, so that a scheduling bug fails the test
// instead of hanging it. It is no timed assertion: nothing takes near it.
const guard = time.Minute

// A fixture is an app, a manager of its sessions and what they did.
type fixture struct {
	t     *testing.T
	dir   string
	app   *host.App
	m     *Manager
	clock *ManualClock

	arrived chan string   // hold(name) sends name when a run reaches it
	release chan struct{} // each value lets one held run go on

	mu      sync.Mutex
	results []*host.Result // every run's, in the order they ended
}

// newFixture writes files (name to source) into an app and returns a
// manager of its sessions. opts's Clock and OnResult are the fixture's.
func newFixture(t *testing.T, files map[string]string, opts Options) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), arrived: make(chan string, 100), release: make(chan struct{}, 100)}
	for name, src := range files {
		f.write(name, src)
	}
	hopts := starlib.Options(host.Limits{})
	pre := make(starlark.StringDict, len(hopts.Predeclared)+1)
	for k, v := range hopts.Predeclared {
		pre[k] = v
	}
	pre["hold"] = starlark.NewBuiltin("hold", f.hold)
	hopts.Predeclared = pre
	app, err := host.NewApp(f.dir, hopts)
	if err != nil {
		t.Fatal(err)
	}
	f.app = app
	f.clock = NewManualClock(time.Unix(0, 0))
	opts.Clock = f.clock
	opts.OnResult = func(_ *Session, res *host.Result) {
		f.mu.Lock()
		f.results = append(f.results, res)
		f.mu.Unlock()
	}
	f.m = NewManager(app, opts)
	t.Cleanup(f.m.Shutdown)
	return f
}

func (f *fixture) write(name, src string) {
	f.t.Helper()
	if err := os.WriteFile(filepath.Join(f.dir, name), []byte(src), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// hold(name) tells the test that a run reached it and blocks until the
// test releases it, whether or not the run was cancelled meanwhile (as a
// long computation would): cancellation is seen at the run's next step.
func (f *fixture) hold(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &name); err != nil {
		return nil, err
	}
	defer host.SandboxOf(t).Idle()()
	f.arrived <- name
	select {
	case <-f.release:
	case <-time.After(guard):
	}
	return starlark.None, nil
}

// reached waits until a run reaches hold(name).
func (f *fixture) reached(name string) {
	f.t.Helper()
	select {
	case got := <-f.arrived:
		if got != name {
			f.t.Fatalf("a run reached hold(%q), want hold(%q)", got, name)
		}
	case <-time.After(guard):
		f.t.Fatalf("no run reached hold(%q)", name)
	}
}

// let lets one held run go on.
func (f *fixture) let() { f.release <- struct{}{} }

// noneHeld fails the test if a run reached a hold it was not expected to.
func (f *fixture) noneHeld() {
	f.t.Helper()
	select {
	case name := <-f.arrived:
		f.t.Fatalf("a run reached hold(%q) unexpectedly", name)
	default:
	}
}

// idle waits until the session token has no run and none to start.
func (f *fixture) idle(token string) {
	f.t.Helper()
	s := f.session(token)
	if s == nil {
		f.t.Fatalf("no session %q", token)
	}
	select {
	case <-s.Idle():
	case <-time.After(guard):
		f.t.Fatal("the session never became idle")
	}
}

func (f *fixture) session(token string) *Session {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	return f.m.sessions[token]
}

// runs returns the results of the runs ended so far.
func (f *fixture) runs() []*host.Result {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*host.Result(nil), f.results...)
}

// statuses describes runs as "status", "cancelled/cause" for cancelled
// ones, with "@fragment" for fragment runs.
func statuses(runs []*host.Result) string {
	var out []string
	for _, r := range runs {
		s := r.Status.String()
		if r.Status == host.Cancelled {
			s += "/" + causeNames[r.Cause]
		}
		if r.Fragment != "" {
			s += "@fragment"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

var causeNames = map[host.Cause]string{host.Superseded: "superseded", host.Disconnected: "disconnected", host.Shutdown: "shutdown"}

// texts returns the bodies of a run's text elements.
func texts(r *host.Result) []string {
	var out []string
	var walk func([]*host.Element)
	walk = func(els []*host.Element) {
		for _, e := range els {
			if e.Kind == "text" {
				out = append(out, e.Text)
			}
			walk(e.Children)
		}
	}
	walk(r.Tree.Snapshot())
	return out
}

// A client is an in-memory connection: it keeps every frame it is sent.
type client struct {
	t    *testing.T
	conn *Conn

	mu     sync.Mutex
	frames [][]byte
}

// connect opens a connection and says hello, resuming token ("" for a new
// session) on page (nil: the first, or the session's).
func (f *fixture) connect(token string, page *string) *client {
	c := &client{t: f.t}
	c.conn = f.m.Connect(func(frame []byte) bool {
		c.mu.Lock()
		c.frames = append(c.frames, frame)
		c.mu.Unlock()
		return true
	})
	c.send(Incoming{Type: TypeHello, Session: token, Page: page})
	return c
}

func (c *client) token() string { return c.conn.Session() }

func (c *client) send(m Incoming) {
	c.t.Helper()
	m.V = Version
	b, err := json.Marshal(m)
	if err != nil {
		c.t.Fatal(err)
	}
	c.conn.Receive(b)
}

// widget sends a widget's value as a browser does.
func (c *client) widget(id string, value any) {
	c.t.Helper()
	b, err := json.Marshal(value)
	if err != nil {
		c.t.Fatal(err)
	}
	c.send(Incoming{Type: TypeWidget, ID: id, Value: b})
}

// messages decodes what the connection was sent, frames that batch several
// messages split into them, each into the session's type for it.
func (c *client) messages() []any {
	c.t.Helper()
	c.mu.Lock()
	frames := append([][]byte(nil), c.frames...)
	c.mu.Unlock()
	var out []any
	for _, f := range frames {
		raws := []json.RawMessage{f}
		if f[0] == '[' {
			raws = nil
			if err := json.Unmarshal(f, &raws); err != nil {
				c.t.Fatalf("bad frame %s: %v", f, err)
			}
		}
		for _, raw := range raws {
			var head struct{ Type string }
			if err := json.Unmarshal(raw, &head); err != nil {
				c.t.Fatalf("bad message %s: %v", raw, err)
			}
			var m any
			switch head.Type {
			case "welcome":
				m = new(WelcomeMsg)
			case "page":
				m = new(PageMsg)
			case "run_start":
				m = new(RunStartMsg)
			case "delta":
				m = new(DeltaMsg)
			case "run_end":
				m = new(RunEndMsg)
			case "error":
				m = new(ErrorMsg)
			case "notice":
				m = new(NoticeMsg)
			case "reload":
				m = new(ReloadMsg)
			case "pages":
				m = new(PagesMsg)
			case "reload_error":
				m = new(ReloadErrorMsg)
			default:
				c.t.Fatalf("message of unknown type: %s", raw)
			}
			if err := json.Unmarshal(raw, m); err != nil {
				c.t.Fatalf("bad %s message %s: %v", head.Type, raw, err)
			}
			out = append(out, m)
		}
	}
	return out
}

// ends returns the run_end messages the connection was sent.
func (c *client) ends() []*RunEndMsg {
	var out []*RunEndMsg
	for _, m := range c.messages() {
		if e, ok := m.(*RunEndMsg); ok {
			out = append(out, e)
		}
	}
	return out
}

// welcome returns the connection's welcome message.
func (c *client) welcome() *WelcomeMsg {
	c.t.Helper()
	for _, m := range c.messages() {
		if w, ok := m.(*WelcomeMsg); ok {
			return w
		}
	}
	c.t.Fatal("no welcome")
	return nil
}

func ptr[T any](v T) *T { return &v }
