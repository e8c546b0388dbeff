// Package harness runs stark pages without a browser: a [Session] is a
// session of package session with an in-memory connection. It runs the page,
// takes widget values and clicks as a browser's, and exposes the element
// tree and session_state of each run. The tests of every builtin use it,
// and so does `stark render`.
//
// Runs are scheduled as a browser's are, by the session: st.rerun(), a
// click left pending, st.switch_page and st.rerun(scope="fragment") are
// followed within one [Session.Run]. Time does not pass for the session (its
// clock is a [session.ManualClock]), so no fragment's run_every timer fires
// and a run's elements reach the connection at its end.
package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/session"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

// MaxReruns bounds the st.rerun() chain of one Run, so that a page that
// always reruns ends.
const MaxReruns = 100

// runGrace is the RunGrace of the harness's sessions: how far Run moves
// the clock after leaving a session to stop a chain of reruns.
const runGrace = time.Second

// A Session is one user's session of an app, run headless. A Session needs
// App and Page; the others are optional. It is not safe for concurrent use.
type Session struct {
	App *host.App
	// State is the session's state (nil: a new one at the first Run). Tests
	// may read and set it between runs.
	State *host.State
	// Page is the page's file, relative to the app root. Run follows the
	// session to the page it shows (st.switch_page).
	Page string
	// Query is the URL's query. Run follows the session's (st.query_params);
	// a query set between runs is navigated to.
	Query map[string][]string
	// Visitor, when set, is whom the session is shown to (st.context,
	// st.user): its transport's part given to the connection, its
	// browser's part said in the hello, as a browser's would be.
	Visitor *host.Visitor

	clock *session.ManualClock
	m     *session.Manager
	s     *session.Session
	conn  *session.Conn // nil until the first Run, and after a chain of reruns was stopped

	shownPage  string                    // the page of the session's last full run
	shownQuery map[string][]string       // the query the session last sent
	widgets    map[string]*host.Widget   // the widgets shown (the last full run's, fragments' added), by id
	shown      []*host.Element           // the roots shown: the last full run's, fragment runs merged in
	fragments  map[string]*host.Fragment // the fragments shown, by id
	// changed are the fragments whose widgets were set or clicked since
	// the last run; full is set when something outside a fragment was.
	changed map[string]bool
	full    bool

	mu      sync.Mutex
	frames  [][]byte // what the session sent since Run began; guarded by mu
	results []*host.Result
	reruns  int // RerunRequested results since Run began
}

// New returns a session of the page file (a path to a .star file); its
// directory is the app root, configured by its stark.toml if it has one.
// The fields that limits sets override the file's.
func New(page string, limits host.Limits) (*Session, error) {
	dir := filepath.Dir(page)
	cfg, err := config.Load(dir)
	if err != nil {
		return nil, err
	}
	opts := cfg.Options(starlib.Options(host.Limits{}))
	opts.Limits = config.MergeLimits(opts.Limits, limits)
	app, err := host.NewApp(dir, opts)
	if err != nil {
		return nil, err
	}
	return Open(app, filepath.Base(page)), nil
}

// FromSource writes src as page.star (and files, path to content, beside
// it) in a new directory under dir and returns a session of it.
func FromSource(dir, src string, files map[string]string, limits host.Limits) (*Session, error) {
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	p := filepath.Join(dir, "page.star")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		return nil, err
	}
	return New(p, limits)
}

// Open returns a new session of page (a file relative to the app root) of
// app, with a new state. Sessions of one app share its caches and run
// slots, as a browser's tabs do.
func Open(app *host.App, page string) *Session {
	return &Session{App: app, State: host.NewState(), Page: page}
}

// start makes the session's manager and session; the first Run does.
func (s *Session) start() error {
	s.state()
	s.clock = session.NewManualClock(time.Unix(0, 0))
	m := session.NewManager(s.App, session.Options{
		Clock:    s.clock,
		RunGrace: runGrace,
		Grace:    1 << 62, // the harness's session never expires
		OnResult: s.ran,
	})
	ss, err := m.Open(s.Page, s.Query, s.State)
	if err != nil {
		return err
	}
	s.m, s.s = m, ss
	s.shownPage, s.shownQuery = s.Page, s.Query
	return nil
}

// sink is the session's connection: it keeps every frame.
func (s *Session) sink(frame []byte) bool {
	s.mu.Lock()
	s.frames = append(s.frames, frame)
	s.mu.Unlock()
	return true
}

// ran is the session's OnResult. The rerun past MaxReruns stops the chain
// there and then, before the session can start another: the session is
// left for its run-grace (on the harness's clock), so it starts no run
// until the next Run takes it over again.
func (s *Session) ran(_ *session.Session, res *host.Result) {
	s.mu.Lock()
	s.results = append(s.results, res)
	stop := false
	if res.Status == host.RerunRequested {
		s.reruns++
		stop = s.reruns == MaxReruns+1
	}
	s.mu.Unlock()
	if stop {
		// On the run's goroutine, between its end and the session's next
		// start, holding no lock of the session: Run reads conn only
		// after the session is idle, which is after this.
		s.conn.Close()
		s.conn = nil
		s.clock.Advance(runGrace)
	}
}

// send sends a message of the browser to the session.
func (s *Session) send(m session.Incoming) {
	m.V = session.Version
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("harness: %v", err)) // our own message
	}
	s.conn.Receive(b)
}

// connect takes the session over with a new connection, as a browser that
// resumes it does; the session runs its page.
func (s *Session) connect() {
	hello := session.Incoming{Type: session.TypeHello, Session: s.s.Token()}
	if v := s.Visitor; v != nil {
		s.conn = s.m.ConnectAs(s.sink, *v)
		hello.Locale, hello.Timezone, hello.TimezoneOffset, hello.Theme, hello.URL = v.Locale, v.Timezone, v.TimezoneOffset, v.Theme, v.URL
	} else {
		s.conn = s.m.Connect(s.sink)
	}
	s.send(hello)
}

// wait waits until the session has no run and none to start (a chain of
// st.rerun() longer than MaxReruns is stopped by ran).
func (s *Session) wait() { <-s.s.Idle() }

// Run runs the page as a browser's rerun does (the first Run as a browser's
// first visit, a Run after Query or Page changed as a navigation), follows
// the runs the session starts after it (st.rerun() up to MaxReruns times,
// clicks left pending, st.switch_page, fragments), and returns the last
// full run that was not cancelled. A query the page changed (st.query_params)
// becomes the session's Query, as a browser's URL would.
func (s *Session) Run() *Result {
	if s.m == nil {
		if err := s.start(); err != nil {
			return failed(s.State, err.Error(), nil)
		}
	}
	s.mu.Lock()
	s.frames, s.results, s.reruns = nil, nil, 0
	s.mu.Unlock()
	navigate := s.Page != s.shownPage || !sameQuery(s.Query, s.shownQuery)
	if s.conn == nil {
		s.connect()
	} else if !navigate {
		s.send(session.Incoming{Type: session.TypeRerun})
	}
	if navigate {
		page := s.Page
		s.send(session.Incoming{Type: session.TypeNavigate, Page: &page, Query: s.Query})
	}
	s.wait()
	s.full, s.changed = false, nil
	return s.collect(true)
}

// collect takes what the session sent and ran since the last collect and
// returns the result: the last run's outcome, and the tree shown, which is
// the last full run's with the fragment runs after it merged in, as a
// browser shows it. needFull: a Run, whose result is its last full run.
func (s *Session) collect(needFull bool) *Result {
	s.mu.Lock()
	frames, results := s.frames, s.results
	s.frames, s.results = nil, nil
	s.mu.Unlock()
	var last, lastFull *host.Result
	shown, widgets, frags := s.shown, s.widgets, s.fragments
	for _, r := range results {
		if r.Status == host.Cancelled {
			continue
		}
		if r.Fragment == "" {
			last, lastFull = r, r
			shown, widgets, frags = nil, r.Widgets, r.Fragments
			if r.Tree != nil {
				shown = r.Tree.Snapshot()
			}
			continue
		}
		last = r
		if r.Tree != nil && shown != nil {
			for _, root := range r.Tree.Snapshot() {
				shown = replaceChildren(shown, root.Path, root.Children)
			}
		}
		w := make(map[string]*host.Widget, len(widgets)+len(r.Widgets))
		maps.Copy(w, widgets)
		maps.Copy(w, r.Widgets)
		widgets = w
		f := make(map[string]*host.Fragment, len(frags)+len(r.Fragments))
		maps.Copy(f, frags)
		maps.Copy(f, r.Fragments)
		frags = f
	}
	for _, f := range frames {
		if p, ok := pageOf(f); ok {
			s.shownQuery = p.Query
			if len(p.Query) == 0 {
				s.shownQuery = nil
			}
			s.Query = s.shownQuery
		}
	}
	if needFull {
		last = lastFull
	}
	if last == nil {
		msg := "the session ran nothing"
		if e := lastError(frames); e != "" {
			msg = e
		}
		return failed(s.State, msg, frames)
	}
	if lastFull != nil {
		s.Page, s.shownPage = lastFull.Page, lastFull.Page
	}
	s.widgets, s.shown, s.fragments = widgets, shown, frags
	return &Result{Result: last, State: s.State, Runs: results, frames: frames, roots: shown}
}

// replaceChildren returns roots with the children of the container at path
// replaced by kids, copying the elements on the way to it (a snapshot's
// elements are shared, never changed).
func replaceChildren(els []*host.Element, path string, kids []*host.Element) []*host.Element {
	for i, e := range els {
		switch {
		case e.Path == path:
			cp := *e
			cp.Children = kids
			out := slices.Clone(els)
			out[i] = &cp
			return out
		case e.Children != nil && strings.HasPrefix(path, e.Path+"."):
			cp := *e
			cp.Children = replaceChildren(e.Children, path, kids)
			out := slices.Clone(els)
			out[i] = &cp
			return out
		}
	}
	return els
}

// RunFragments runs what changed since the last run as a browser's session
// does: when every widget set or clicked since is inside a fragment, only
// those fragments run, and their elements replace the fragments' in the tree
// shown; otherwise (a widget outside a fragment, session_state set, a
// navigation, the first run) it is Run.
func (s *Session) RunFragments() *Result {
	if s.m == nil || s.conn == nil || s.full || len(s.changed) == 0 ||
		s.Page != s.shownPage || !sameQuery(s.Query, s.shownQuery) {
		return s.Run()
	}
	ids := slices.Sorted(maps.Keys(s.changed))
	s.changed = nil
	s.mu.Lock()
	s.frames, s.results, s.reruns = nil, nil, 0
	s.mu.Unlock()
	for _, id := range ids {
		s.s.RequestFragment(id, true)
	}
	s.wait()
	return s.collect(false)
}

// TickFragment runs fragment id once, as its run_every timer does, and
// returns the result with its elements merged into the tree shown. The
// fragment is one the runs shown rendered.
func (s *Session) TickFragment(id string) (*Result, error) {
	if s.m == nil || s.conn == nil {
		return nil, fmt.Errorf("the session has not run")
	}
	s.mu.Lock()
	s.frames, s.results, s.reruns = nil, nil, 0
	s.mu.Unlock()
	s.s.RequestFragment(id, false)
	s.wait()
	return s.collect(false), nil
}

// Advance moves the session's clock d forward: the run_every timers of its
// fragments that fall due fire, and their runs are merged into the tree
// shown. It returns nil when nothing ran (or the session has not run).
func (s *Session) Advance(d time.Duration) *Result {
	if s.m == nil || s.conn == nil {
		return nil
	}
	s.mu.Lock()
	s.frames, s.results, s.reruns = nil, nil, 0
	s.mu.Unlock()
	s.clock.Advance(d)
	s.wait()
	s.mu.Lock()
	ran := len(s.results) > 0
	s.mu.Unlock()
	if !ran {
		return nil
	}
	return s.collect(false)
}

// Fragments returns the fragments of the runs shown, by id.
func (s *Session) Fragments() map[string]*host.Fragment { return s.fragments }

// touch records a change of widget id for RunFragments.
func (s *Session) touch(id string) {
	if w := s.state().Widget(id); w != nil && w.Fragment != "" {
		if s.changed == nil {
			s.changed = map[string]bool{}
		}
		s.changed[w.Fragment] = true
		return
	}
	s.full = true
}

// failed is the result of a Run the session refused.
func failed(st *host.State, msg string, frames [][]byte) *Result {
	return &Result{Result: &host.Result{Status: host.Failed, Err: &host.Error{Kind: "session", Message: msg}}, State: st, frames: frames}
}

// Edit replaces the page file's content with src, as an editor saving it
// would, and applies the change as a server that watches the app's files
// does: the session, once it has run, runs the page again. Edit waits for
// that run.
func (s *Session) Edit(src string) error {
	if err := os.WriteFile(filepath.Join(s.App.Root, filepath.FromSlash(s.Page)), []byte(src), 0o644); err != nil {
		return err
	}
	r := s.App.Reload([]string{s.Page})
	if s.m != nil && s.conn != nil {
		s.m.Reload(r)
		s.wait()
	}
	return nil
}

// Close ends the session: a run in progress is cancelled.
func (s *Session) Close() {
	if s.m != nil {
		s.m.Shutdown()
	}
}

// Set sets st.session_state[key], as `stark render --set` does: a widget
// with that key takes it as its value in the next run.
func (s *Session) Set(key string, v starlark.Value) {
	s.full = true
	s.state().Set(key, v)
}

// SetWidget sets a widget of the last run by its id (its key, when it has
// one), as a browser would; the next Run sees it.
func (s *Session) SetWidget(id string, v starlark.Value) error {
	s.touch(id)
	return s.state().SetWidget(id, v)
}

// SetWire sets a widget's value as a browser sends it (an option's index, a
// dataframe's selection), before the next Run.
func (s *Session) SetWire(id string, v starlark.Value) error {
	s.touch(id)
	return s.state().SetWire(id, v)
}

// Upload stores a file for the widget id of the last run in the session's
// upload store, as a browser's upload request does (the app's upload limits
// apply), and returns its token: a value of the widget names its files by
// their tokens (see SetUploaded).
func (s *Session) Upload(id, name, mime, data string) (string, error) {
	if s.m == nil {
		return "", fmt.Errorf("the session has not run")
	}
	return s.m.Upload(s.s.Token(), id, name, mime, data, s.App.Limits().UploadBytes)
}

// SetUploaded sets widget id to v as a browser sends it, upload tokens for
// its files (a list of tokens; a chat input's {"text", "files"}), turned
// into files as the session turns a browser's message.
func (s *Session) SetUploaded(id string, v starlark.Value) error {
	if s.s == nil {
		return fmt.Errorf("the session has not run")
	}
	v, err := s.s.FromWire(id, v)
	if err != nil {
		return err
	}
	return s.SetWire(id, v)
}

// Click clicks a button of the last run, found by id, key or label; the
// next Run sees the click. A label that several buttons share is refused:
// those are clicked by key.
func (s *Session) Click(button string) error {
	st := s.state()
	if st.Widget(button) != nil {
		s.touch(button)
		return st.Click(button)
	}
	var found, labels []string
	for id, w := range s.widgets {
		if !w.Trigger {
			continue
		}
		if w.Label == button {
			found = append(found, id)
		}
		labels = append(labels, strconv.Quote(w.Label))
	}
	sort.Strings(found)
	sort.Strings(labels)
	switch {
	case len(found) == 1:
		s.touch(found[0])
		return st.Click(found[0])
	case len(found) > 1:
		return fmt.Errorf("%d buttons are labelled %q (ids %s): click one by its key", len(found), button, strings.Join(found, ", "))
	case len(labels) == 0:
		return fmt.Errorf("no button has the id, key or label %q: the last run made no buttons", button)
	}
	return fmt.Errorf("no button has the id, key or label %q; the buttons of the last run are labelled %s", button, strings.Join(labels, ", "))
}

func (s *Session) state() *host.State {
	if s.State == nil {
		s.State = host.NewState()
	}
	return s.State
}

func sameQuery(a, b map[string][]string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return maps.EqualFunc(a, b, func(x, y []string) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	})
}

// Result is the outcome of a Run: its last full run that was not
// cancelled.
type Result struct {
	*host.Result
	State *host.State
	// Runs are the results of every run of the Run, in order: reruns,
	// cancelled runs, fragment runs and the run of a page switched to.
	Runs   []*host.Result
	frames [][]byte
	roots  []*host.Element // the tree shown, when fragment runs changed it
}

// Roots returns the roots of the tree shown after the Run (main, then the
// sidebar): the last full run's, with the fragment runs since merged in.
func (r *Result) Roots() []*host.Element {
	if r.roots != nil {
		return r.roots
	}
	if r.Tree == nil {
		return nil
	}
	return r.Tree.Snapshot()
}

// Elements returns the elements of the main container, containers with
// their children.
func (r *Result) Elements() []*host.Element {
	if roots := r.Roots(); len(roots) > 0 {
		return roots[0].Children
	}
	return nil
}

// Sidebar returns the elements of the sidebar.
func (r *Result) Sidebar() []*host.Element {
	if roots := r.Roots(); len(roots) > 1 {
		return roots[1].Children
	}
	return nil
}

// Find returns every element of the given kind, in page order, searching
// containers too.
func (r *Result) Find(kind string) []*host.Element {
	var out []*host.Element
	var walk func([]*host.Element)
	walk = func(els []*host.Element) {
		for _, e := range els {
			if e.Kind == kind {
				out = append(out, e)
			}
			walk(e.Children)
		}
	}
	walk(r.Roots())
	return out
}

// A Message is one message the session sent, as a browser receives it.
type Message struct {
	Type string          // "welcome", "page", "run_start", "delta", "run_end", "error", …
	JSON json.RawMessage // the whole message
}

// Messages returns what the session sent during the Run, in order, a frame
// that batches several messages split into them.
func (r *Result) Messages() []Message {
	var out []Message
	for _, f := range r.frames {
		msgs := []json.RawMessage{f}
		if len(f) > 0 && f[0] == '[' {
			msgs = nil
			if err := json.Unmarshal(f, &msgs); err != nil {
				panic(fmt.Sprintf("harness: the session sent bad JSON: %v", err))
			}
		}
		for _, m := range msgs {
			out = append(out, Message{Type: typeOf(m), JSON: m})
		}
	}
	return out
}

// typeOf returns the "type" of a message without decoding the rest.
func typeOf(msg []byte) string {
	dec := json.NewDecoder(bytes.NewReader(msg))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return ""
		}
		if key == "type" {
			t, _ := dec.Token()
			s, _ := t.(string)
			return s
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return ""
		}
	}
	return ""
}

// pageMessage is the part of a "page" message the harness follows.
type pageMessage struct {
	Page  string              `json:"page"`
	Query map[string][]string `json:"query"`
}

// pageOf decodes a frame that is a page message.
func pageOf(frame []byte) (pageMessage, bool) {
	var p pageMessage
	if typeOf(frame) != "page" {
		return p, false
	}
	return p, json.Unmarshal(frame, &p) == nil
}

// lastError returns the message of the last error message among frames.
func lastError(frames [][]byte) string {
	msg := ""
	for _, f := range frames {
		if typeOf(f) == "error" {
			var e struct{ Message string }
			if json.Unmarshal(f, &e) == nil {
				msg = e.Message
			}
		}
	}
	return msg
}

// Output is what `stark render` prints.
type Output struct {
	Elements     []*host.Element `json:"elements"`
	Error        *host.Error     `json:"error"`
	Status       string          `json:"status"`
	SessionState map[string]any  `json:"session_state"`
}

// Output returns the run as `stark render` prints it: the main elements, then
// the sidebar as one container element when it has any.
func (r *Result) Output() *Output {
	var els []*host.Element
	if r.Tree != nil {
		snap := r.Tree.Snapshot()
		els = snap[0].Children
		if len(snap[1].Children) > 0 {
			els = append(els, snap[1])
		}
	}
	if els == nil {
		els = []*host.Element{}
	}
	out := &Output{Elements: els, Error: r.Err, Status: r.Status.String(), SessionState: map[string]any{}}
	for _, k := range r.State.Keys() {
		v, _ := r.State.Get(k)
		out.SessionState[k] = host.ToJSON(v)
	}
	return out
}

// JSON returns Output as indented JSON.
func (r *Result) JSON() []byte {
	b, err := json.MarshalIndent(r.Output(), "", "  ")
	if err != nil {
		panic(fmt.Sprintf("render: %v", err)) // element properties are JSON values by construction
	}
	return b
}
