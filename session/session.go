// Package session keeps the sessions of an app: one per browser tab. A
// session schedules runs (one at a time, coalescing what arrives during a
// run), streams the elements of a run as they are written, sends only what
// changed since the last run, and survives reconnects within a grace period.
//
// session knows nothing of HTTP: a transport hands it frames with
// [Conn.Receive] and gets frames through a [Sink].
package session

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// A Sink takes a frame for the browser. It must not block: it returns false
// when the frame cannot be queued (the client cannot keep up), and the
// transport then drops the connection.
type Sink func(frame []byte) bool

// Observer is told what sessions do, for metrics. Its methods must be fast
// and safe for concurrent use. Nil methods are skipped.
type Observer interface {
	SessionOpened()
	SessionClosed()
	RunEnded(page string, status host.Status, cause host.Cause, d time.Duration)
	BadMessage()
}

// Options configure a [Manager]. The zero value works.
type Options struct {
	// Grace is how long a disconnected session is kept for a reconnect.
	// Default 2 minutes.
	Grace time.Duration
	// RunGrace is how long the run of a session whose last connection
	// closed goes on before it is cancelled (with its workers), so that a
	// page nobody shows burns no CPU until its wall time. A reconnect
	// within Grace runs the page again. Default 5 seconds.
	RunGrace time.Duration
	// Batch is how long elements written by a run are gathered before they
	// are sent. Default 15ms: a page of 1,000 writes is a few frames.
	Batch    time.Duration
	Observer Observer
	Logger   *slog.Logger
	// Base is the URL path the app is served under ("/app"), prefixed to
	// the page URLs sent to the browser; "" serves it at the root.
	Base string
	// OnLimit, if set, is called when a hello is refused because the app
	// holds its [host.Limits] Sessions already.
	OnLimit func()
	// Clock is what the session's timers wait on (Grace, RunGrace, Batch,
	// fragments' run_every); nil is the real clock.
	Clock Clock
	// OnResult, if set, is given the result of every run of every session,
	// once the browser was sent its end and before the session starts the
	// run that follows. It is called on the run's goroutine and must not
	// block; it may read the result and the session's state.
	OnResult func(s *Session, res *host.Result)
	// ResumeNotice, if set, is sent (a warning notice, after the welcome)
	// to a browser that asks to resume a session this manager does not
	// hold and gets a new one: the process serving the app was restarted,
	// and this says why (a worker process of `stark serve
	// --isolate=process` that died, say).
	ResumeNotice string
	// Checkpoints, if set, keeps a checkpoint of every session after each
	// run, for another replica to resume it (checkpoint.go); its entries
	// live for Grace. CheckpointBytes bounds one (default
	// DefaultCheckpointBytes).
	Checkpoints     Checkpointer
	CheckpointBytes int
}

// A Manager holds the sessions of one app.
type Manager struct {
	app  *host.App
	opts Options
	log  *slog.Logger

	mu       sync.Mutex
	sessions map[string]*Session
	closed   bool
	nav      []PageInfo // the navigation last sent by Reload
	declared *declared  // the last navigation a run declared (nav.go)

	upBytes atomic.Int64 // what the sessions' uploaded files count (upload.go)
	cpDown  atomic.Bool  // the checkpoint store failed last (checkpoint.go)
}

// NewManager returns a manager of the sessions of app.
func NewManager(app *host.App, opts Options) *Manager {
	if opts.Grace == 0 {
		opts.Grace = 2 * time.Minute
	}
	if opts.Batch == 0 {
		opts.Batch = 15 * time.Millisecond
	}
	if opts.RunGrace == 0 {
		opts.RunGrace = 5 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.CheckpointBytes <= 0 {
		opts.CheckpointBytes = DefaultCheckpointBytes
	}
	m := &Manager{app: app, opts: opts, log: opts.Logger, sessions: make(map[string]*Session)}
	_, m.nav, _ = m.Pages()
	return m
}

// App returns the manager's app.
func (m *Manager) App() *host.App { return m.app }

// Len returns the number of sessions held, connected or within their grace.
func (m *Manager) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sessions)
}

// Shutdown cancels every run and forgets every session. With Checkpoints,
// it first writes the checkpoint of every session whose state changed
// since its last one (a widget change whose run has not finished): the
// replica hands its sessions over, and the browsers, reconnecting to
// another replica, resume with those values. A store that fails stops
// the hand-over (each try would wait for its timeout).
func (m *Manager) Shutdown() {
	m.mu.Lock()
	m.closed = true
	sessions := m.sessions
	m.sessions = map[string]*Session{}
	m.mu.Unlock()
	if m.opts.Checkpoints != nil {
		for _, s := range sessions {
			if !s.checkpoint() {
				break
			}
		}
	}
	for _, s := range sessions {
		s.close(host.Shutdown)
	}
}

// Pages returns the navigation of the app.
func (m *Manager) Pages() ([]host.Page, []PageInfo, error) {
	pages, err := m.app.Pages()
	if err != nil {
		return nil, nil, err
	}
	infos := make([]PageInfo, len(pages))
	for i, p := range pages {
		url := m.opts.Base + "/" + p.Name
		if i == 0 {
			url = m.opts.Base + "/"
		}
		infos[i] = PageInfo{Name: p.Name, Label: p.Label, URL: url}
	}
	return pages, infos, nil
}

// Connect starts a connection whose frames go to sink. The first frame it
// receives must be a hello.
func (m *Manager) Connect(sink Sink) *Conn {
	return &Conn{m: m, sink: sink}
}

// ConnectAs is Connect for a connection from v: what the transport knows
// of the visitor (headers, cookies, address, who signed in), which the
// hello completes with what the browser says of itself. The session's runs
// see it while this connection is the session's.
func (m *Manager) ConnectAs(sink Sink, v host.Visitor) *Conn {
	return &Conn{m: m, sink: sink, visitor: v}
}

// A Conn is one transport connection (a WebSocket) of a session.
type Conn struct {
	m       *Manager
	sink    Sink
	visitor host.Visitor // the transport's; hello adds the browser's
	mu      sync.Mutex
	s       *Session
}

// Receive handles one frame from the browser. A bad frame is answered with
// an error message; nothing a browser sends stops the session.
func (c *Conn) Receive(frame []byte) {
	msg, err := Decode(frame)
	if err != nil {
		ref := ""
		if msg != nil {
			ref = msg.Type
		}
		c.refuse(err.Error(), ref)
		return
	}
	c.mu.Lock()
	s := c.s
	c.mu.Unlock()
	if msg.Type == TypeHello {
		if s != nil {
			c.refuse("hello: this connection already has a session", msg.Type)
			return
		}
		c.hello(msg)
		return
	}
	if s == nil {
		c.refuse(fmt.Sprintf("%s: the first message must be a hello", msg.Type), msg.Type)
		return
	}
	if err := s.handle(c, msg); err != nil {
		c.refuse(err.Error(), msg.Type)
	}
}

func (c *Conn) refuse(message, ref string) {
	if o := c.m.opts.Observer; o != nil {
		o.BadMessage()
	}
	c.sink(encode(&ErrorMsg{Message: message, Ref: ref}))
}

// Close ends the connection. Its session is kept for the grace period.
func (c *Conn) Close() {
	c.mu.Lock()
	s := c.s
	c.s = nil
	c.mu.Unlock()
	if s != nil {
		s.detach(c)
	}
}

// Session returns the token of the connection's session, or "".
func (c *Conn) Session() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s == nil {
		return ""
	}
	return c.s.token
}

func (c *Conn) hello(msg *Incoming) {
	m := c.m
	// Only hello touches the visitor, before the connection is attached.
	v := &c.visitor
	v.Locale, v.Timezone, v.TimezoneOffset, v.Theme, v.URL = msg.Locale, msg.Timezone, msg.TimezoneOffset, msg.Theme, msg.URL
	page := ""
	if msg.Page != nil {
		page = *msg.Page
	}
	// A new session needs a page to show; a session taken over has its own.
	_, infos, err := m.Pages()
	noPages := err != nil || len(infos) == 0
	file, name, declaredPage := "", "", ""
	if !noPages {
		var ok bool
		if file, name, ok = m.lookupPage(page); !ok {
			if file, name, ok = m.lookupDeclared(page); ok {
				declaredPage = name
			}
		}
		if !ok {
			c.sink(encode(&NoticeMsg{Level: "warning", Message: fmt.Sprintf("There is no page %q; showing the first page.", page)}))
			file, name, _ = m.lookupPage("")
		}
	}

	m.mu.Lock()
	held := m.sessions[msg.Session] != nil
	m.mu.Unlock()
	var restored *Session
	if !held && msg.Session != "" {
		// Another replica's session, perhaps: resume it from its
		// checkpoint.
		restored = m.restore(msg.Session)
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		c.refuse("the server is shutting down", msg.Type)
		return
	}
	if limit := m.app.Limits().Sessions; restored != nil && m.sessions[msg.Session] == nil && (limit <= 0 || len(m.sessions) < limit) {
		m.sessions[msg.Session] = restored
	}
	s := m.sessions[msg.Session]
	resumed := s != nil && s.tryAttach(c)
	if resumed && s == restored {
		if o := m.opts.Observer; o != nil {
			o.SessionOpened()
		}
	}
	if !resumed {
		if noPages {
			m.mu.Unlock()
			c.refuse("the app has no pages", msg.Type)
			return
		}
		if limit := m.app.Limits().Sessions; limit > 0 && len(m.sessions) >= limit {
			m.mu.Unlock()
			if m.opts.OnLimit != nil {
				m.opts.OnLimit()
			}
			c.sink(encode(&ErrorMsg{Message: fmt.Sprintf("this app has reached its limit of %d sessions", limit), Ref: msg.Type}))
			return
		}
		s = newSession(m, file, name, msg.Query)
		s.navPage = declaredPage
		s.attachLocked(c)
		m.sessions[s.token] = s
	}
	m.mu.Unlock()
	if !resumed {
		if o := m.opts.Observer; o != nil {
			o.SessionOpened()
		}
	}
	c.mu.Lock()
	c.s = s
	c.mu.Unlock()
	s.welcome(c, resumed, infos)
	if !resumed && msg.Session != "" && m.opts.ResumeNotice != "" {
		c.sink(encode(&NoticeMsg{Level: "warning", Message: m.opts.ResumeNotice}))
	}
	if resumed && msg.Page != nil && s.navigateDeclared(*msg.Page, msg.Query) {
		return
	}
	if resumed && msg.Page != nil && file != "" && file != s.currentPage() {
		s.navigate(file, name, msg.Query)
		return
	}
	s.request()
}

// Open starts a session of page (a file relative to the app root; it need
// not be one the navigation lists) with query and state (nil: a new one).
// No connection shows it yet and it runs nothing: a program that embeds
// sessions (the headless harness) prepares its state, then a connection
// takes it over with a hello naming [Session.Token], as a browser resumes
// a session, and that runs the page. It is kept until a connection that
// took it over has left for Grace, or until Shutdown.
func (m *Manager) Open(page string, query map[string][]string, state *host.State) (*Session, error) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, errors.New("the server is shutting down")
	}
	if limit := m.app.Limits().Sessions; limit > 0 && len(m.sessions) >= limit {
		m.mu.Unlock()
		return nil, fmt.Errorf("this app has reached its limit of %d sessions", limit)
	}
	s := newSession(m, page, host.PageFor(page).Name, query)
	if state != nil {
		s.state = state
	}
	m.sessions[s.token] = s
	m.mu.Unlock()
	if o := m.opts.Observer; o != nil {
		o.SessionOpened()
	}
	return s, nil
}

// lookupPage maps a page name ("" for the first page) to its file.
func (m *Manager) lookupPage(name string) (file, pageName string, ok bool) {
	pages, err := m.app.Pages()
	if err != nil || len(pages) == 0 {
		return "", "", false
	}
	name = strings.Trim(name, "/")
	if name == "" {
		return pages[0].File, pages[0].Name, true
	}
	for _, p := range pages {
		if strings.EqualFold(p.Name, name) || p.File == name {
			return p.File, p.Name, true
		}
	}
	return "", "", false
}

func (m *Manager) expire(s *Session) {
	m.mu.Lock()
	if m.sessions[s.token] == s && s.expired() {
		delete(m.sessions, s.token)
	} else {
		m.mu.Unlock()
		return
	}
	m.mu.Unlock()
	s.close(host.Shutdown)
}

// end ends s now (a bye), whether or not a connection is attached.
func (m *Manager) end(s *Session) {
	m.mu.Lock()
	if m.sessions[s.token] == s {
		delete(m.sessions, s.token)
	}
	m.mu.Unlock()
	s.conn.Store(nil)
	s.close(host.Shutdown)
}

// A Session is one browser tab's session of an app.
type Session struct {
	m     *Manager
	token string
	state *host.State

	conn atomic.Pointer[Conn] // nil while detached

	// Lock order: mu, then sendMu; never the other way.
	mu      sync.Mutex
	grace   Timer
	abandon Timer // RunGrace after the last connection closed
	// abandoned is set when RunGrace passed without a connection: the
	// session starts no run until a connection attaches.
	abandoned bool
	page      string // the page's file
	pageName  string
	// A navigation declared by a run (nav.go): the pages listed, the file
	// that declared it, the page asked for, and the default.
	nav        *host.Navigation
	navFile    string
	navPage    string
	navDefault string
	query      map[string][]string
	visitor    *host.Visitor // of the connection last attached; never modified
	themeSent  string        // the theme the browser was sent last (themeKey), "" for the default
	run        *host.Run
	runFrag    string // the fragment the run in progress runs, or ""
	pending    bool   // a full run is wanted after the run in progress
	// pendingFrags are fragments wanted re-run; fragments are those the
	// last full run rendered, and timers re-run those with run_every.
	pendingFrags map[string]bool
	fragments    map[string]*host.Fragment
	timers       []Timer
	uploads      map[string]*upload // files posted for widgets that take files, by token
	upSeq        uint64             // the last upload's seq
	closed       bool
	// working is set when a run starts and cleared once the session has
	// no run and none to start; busy is made by an Idle of a working
	// session (most runs have no one waiting for them) and closed (then
	// nil) when it is cleared.
	working bool
	busy    chan struct{}
	sendMu  sync.Mutex // orders frames to the browser; guards shown
	// shown is what the browser holds: the hash of each element's
	// encoding by position (positions.go). Only elements whose hash
	// differs are sent.
	shown hashes
	// sources are the row sources of the tables shown, by element path.
	sources map[string]host.RowSource
	// The checkpoint last saved, whether the last was past the bound, and
	// the keys left out of checkpoints (checkpoint.go); the run's
	// goroutine only.
	// cpMu is held while a checkpoint is made (after a run, or by
	// Shutdown).
	cpMu    sync.Mutex
	saved   []byte
	tooBig  bool
	unsaved map[string]bool
	// spare is the hashes that shown replaced at the end of the last
	// full run, kept to be reset and reused as the next run's (its slices
	// are already grown); last is the scratch of deltaLocked. Both are
	// guarded by sendMu.
	spare hashes
	last  map[position]int
	// changes is the number of changes of the last full run that was not
	// cancelled (stream.end), to size the next run's batches.
	changes atomic.Int64
	// batch is the timer that flushes the batch of the run in progress
	// (stream.arm): it flushes batchFor once batchDue has come. Guarded
	// by batchMu, which is taken last.
	batchMu  sync.Mutex
	batch    Timer
	batchFor *stream
	batchDue time.Time
	// perElement is the bytes per element of the last delta's encoding,
	// to size the next delta's frame; guarded by sendMu.
	perElement int
}

var hashSeed = maphash.MakeSeed()

func newToken() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b[:])
}

func newSession(m *Manager, page, name string, query map[string][]string) *Session {
	return &Session{m: m, token: newToken(), state: host.NewState(), page: page, pageName: name, query: query, shown: hashes{}}
}

// Token returns the session's token.
func (s *Session) Token() string { return s.token }

// State returns the session's state.
func (s *Session) State() *host.State { return s.state }

// Visitor returns whom the session is shown to (the visitor of the
// connection last attached), nil before one was.
func (s *Session) Visitor() *host.Visitor {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.visitor
}

func (s *Session) currentPage() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.page
}

// tryAttach attaches c when the session is detached; a session attached to a
// live connection (a duplicated tab) is not taken over. m.mu is held.
func (s *Session) tryAttach(c *Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.conn.Load() != nil {
		return false
	}
	s.attachConnLocked(c)
	return true
}

func (s *Session) attachLocked(c *Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attachConnLocked(c)
}

func (s *Session) attachConnLocked(c *Conn) {
	if s.grace != nil {
		s.grace.Stop()
		s.grace = nil
	}
	if s.abandon != nil {
		s.abandon.Stop()
		s.abandon = nil
	}
	s.abandoned = false
	s.conn.Store(c)
	// The session is shown to this connection's visitor now: its next run
	// sees them (a copy, which no one modifies).
	v := c.visitor
	s.visitor = &v
}

func (s *Session) detach(c *Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn.Load() != c || s.closed {
		return
	}
	s.conn.Store(nil)
	s.grace = s.m.opts.Clock.AfterFunc(s.m.opts.Grace, func() { s.m.expire(s) })
	s.abandon = s.m.opts.Clock.AfterFunc(s.m.opts.RunGrace, s.abandonRun)
}

// abandonRun cancels the run of a session that no connection has shown
// for RunGrace, and the runs it wanted next: a reconnect asks for a run.
func (s *Session) abandonRun() {
	s.mu.Lock()
	if s.closed || s.conn.Load() != nil {
		s.mu.Unlock()
		return
	}
	s.abandoned = true
	s.pending = false
	clear(s.pendingFrags)
	r := s.run
	s.mu.Unlock()
	if r != nil {
		r.Cancel(host.Disconnected)
	}
}

func (s *Session) expired() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn.Load() == nil
}

// close ends the session: its run is cancelled with cause and its state
// dropped.
func (s *Session) close(cause host.Cause) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.pending = false
	s.stopTimersLocked()
	if s.grace != nil {
		s.grace.Stop()
	}
	if s.abandon != nil {
		s.abandon.Stop()
	}
	r := s.run
	s.mu.Unlock()
	s.releaseUploads()
	if r != nil {
		r.Cancel(cause)
	}
	if o := s.m.opts.Observer; o != nil {
		o.SessionClosed()
	}
}

// framePool holds buffers of frames that their transport wrote and gave
// back (ReleaseFrame), for the deltas of later runs: a rerun's frame is
// the largest allocation a session makes, and fresh memory costs more
// than its allocation (cache misses, the collector's work).
var framePool sync.Pool // of *[]byte

// Frames of which ReleaseFrame keeps the memory: smaller ones are not
// worth a slot, larger ones (a rare large page) would be held for long.
const (
	minPooledFrame = 512
	maxPooledFrame = 256 << 10
)

// ReleaseFrame gives the session a frame a [Sink] was given back, once the
// transport has written it and holds it no more (nor any part of it):
// its memory is reused for a later frame. Each frame is released at most
// once; a transport need not release any.
func ReleaseFrame(frame []byte) {
	if c := cap(frame); c < minPooledFrame || c > maxPooledFrame {
		return
	}
	b := frame[:0]
	framePool.Put(&b)
}

// newFrame returns an empty buffer of at least n bytes: a released one,
// or a new one. A released buffer more than twice as large as asked for is
// dropped, not used: a frame waiting in a socket's queue is counted by its
// length, so its memory must stay within a small factor of that (a page
// that wrote one large frame and then many small ones must not have each
// small one hold a large buffer).
func newFrame(n int) []byte {
	if p, _ := framePool.Get().(*[]byte); p != nil && cap(*p) >= n && cap(*p) <= 2*max(n, minPooledFrame) {
		return (*p)[:0]
	}
	return make([]byte, 0, n)
}

// send sends a frame to the attached connection, if any; s.sendMu is held.
// A sink that refuses the frame has its connection detached.
func (s *Session) send(frame []byte) {
	c := s.conn.Load()
	if c == nil {
		return
	}
	if !c.sink(frame) {
		go c.Close() // the caller may hold s.mu
	}
}

func (s *Session) welcome(c *Conn, resumed bool, pages []PageInfo) {
	s.mu.Lock()
	page, query := s.pageName, s.query
	theme := s.theme()
	s.themeSent = themeKey(theme)
	declared, position, expanded := s.navInfosLocked()
	s.mu.Unlock()
	if declared != nil {
		pages = declared
	}
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	if resumed {
		// The browser may have lost what it showed: send everything again.
		s.shown = hashes{}
	}
	c.sink(encode(&WelcomeMsg{Session: s.token, Resumed: resumed, App: s.m.app.Title(), Pages: pages, Page: page}))
	if declared != nil {
		c.sink(encode(&PagesMsg{Pages: declared, Position: position, Expanded: expanded}))
	}
	c.sink(encode(&PageMsg{Page: page, Query: nonNil(query), Title: pageTitle(page)}))
	if themeKey(theme) != "" {
		c.sink(encode(theme))
	}
}

// theme returns the page's theme: the app's [theme] with the session's
// st.set_option values.
func (s *Session) theme() *ThemeMsg {
	t := &ThemeMsg{Base: "light"}
	if th, ok := host.Theme.Get(s.m.app); ok {
		if th["base"] != "" {
			t.Base = th["base"]
		}
		t.PrimaryColor = th["primary_color"]
	}
	if v, ok := s.state.Option("theme.base"); ok {
		t.Base = v
	}
	if v, ok := s.state.Option("theme.primaryColor"); ok {
		t.PrimaryColor = v
	}
	return t
}

// themeKey is "" for the default theme, else a key that changes with t.
func themeKey(t *ThemeMsg) string {
	if t.Base == "light" && t.PrimaryColor == "" {
		return ""
	}
	return t.Base + "|" + t.PrimaryColor
}

func nonNil(q map[string][]string) map[string][]string {
	if q == nil {
		return map[string][]string{}
	}
	return q
}

func pageTitle(name string) string { return strings.ReplaceAll(name, "_", " ") }

// handle applies one message of an attached connection.
func (s *Session) handle(c *Conn, msg *Incoming) error {
	switch msg.Type {
	case TypeWidget:
		v, err := decodeValue(msg.Value)
		if err != nil {
			return fmt.Errorf("widget %q: %v", msg.ID, err)
		}
		if v, err = s.fromWire(msg.ID, v); err != nil {
			return fmt.Errorf("widget %q: %v", msg.ID, err)
		}
		if err := s.state.SetWire(msg.ID, v); err != nil {
			return err
		}
		if w := s.state.Widget(msg.ID); w != nil && w.Quiet {
			// Kept for the next run; none is started.
		} else if w != nil && w.Fragment != "" {
			s.requestFragment(w.Fragment, true)
		} else {
			s.request()
		}
	case TypeNavigate:
		if s.navigateDeclared(*msg.Page, msg.Query) {
			return nil
		}
		file, name, ok := s.m.lookupPage(*msg.Page)
		if !ok {
			return fmt.Errorf("navigate: there is no page %q", *msg.Page)
		}
		s.navigate(file, name, msg.Query)
	case TypeRerun:
		s.request()
	case TypeBye:
		c.mu.Lock()
		c.s = nil
		c.mu.Unlock()
		s.m.end(s)
	case TypeRows:
		return s.rows(msg)
	case TypeForm:
		values := make(map[string]starlark.Value, len(msg.Values))
		for id, raw := range msg.Values {
			v, err := decodeValue(raw)
			if err != nil {
				return fmt.Errorf("form %q: widget %q: %v", msg.Form, id, err)
			}
			if v, err = s.fromWire(id, v); err != nil {
				return fmt.Errorf("form %q: widget %q: %v", msg.Form, id, err)
			}
			values[id] = v
		}
		if err := s.state.SubmitForm(values, msg.Submit); err != nil {
			return err
		}
		if w := s.state.Widget(msg.Submit); w != nil && w.Fragment != "" {
			s.requestFragment(w.Fragment, true)
		} else {
			s.request()
		}
	}
	return nil
}

// decodeValue converts a JSON value from the browser to a Starlark value.
func decodeValue(raw json.RawMessage) (starlark.Value, error) {
	if v, ok := decodeValueFast(raw); ok {
		return v, nil
	}
	return decodeValueJSON(raw)
}

// decodeValueJSON is decodeValue by encoding/json: every value.
func decodeValueJSON(raw json.RawMessage) (starlark.Value, error) {
	var x any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&x); err != nil {
		return nil, fmt.Errorf("bad value: %v", err)
	}
	return host.FromJSON(x)
}

// sendPageLocked tells the browser the page and query shown; s.mu is held.
func (s *Session) sendPageLocked() {
	s.sendMu.Lock()
	s.send(encode(&PageMsg{Page: s.pageName, Query: nonNil(s.query), Title: pageTitle(s.pageName)}))
	s.sendMu.Unlock()
}

func (s *Session) navigate(file, name string, query map[string][]string) {
	s.mu.Lock()
	s.page, s.pageName, s.query, s.navPage = file, name, query, ""
	s.mu.Unlock()
	s.sendMu.Lock()
	s.send(encode(&PageMsg{Page: name, Query: nonNil(query), Title: pageTitle(name)}))
	s.sendMu.Unlock()
	s.request()
}

// Rerun asks for a run of the session's page, as a file change does.
func (s *Session) Rerun() { s.request() }

// request asks for a run. A run in progress is cancelled and one new run is
// scheduled after it, carrying every change that arrived meanwhile.
func (s *Session) request() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.pending = true
	if s.run != nil {
		s.run.Cancel(host.Superseded)
		return
	}
	if s.abandoned {
		return // the connection that takes the session over asks again
	}
	s.startLocked()
}

// startLocked starts the wanted run: the full page when it is wanted (or
// when no fragment can run alone), else one pending fragment. s.mu is held.
func (s *Session) startLocked() {
	st := &stream{s: s}
	// The run's end is handled on the run's goroutine (host.RunOptions.OnEnd).
	opts := host.RunOptions{Page: s.page, State: s.state, Query: s.query, Visitor: s.visitor, NavPage: s.navPage, OnChange: st.add, OnEnd: func(r *host.Run) { s.finish(r, st) }}
	s.runFrag = ""
	if !s.pending {
		if f := s.nextFragmentLocked(); f != nil {
			opts.Fragment = f
			s.runFrag, st.scope = f.ID, f.Path
		}
	}
	if opts.Fragment == nil {
		s.pending = false
		clear(s.pendingFrags) // the full run renders every fragment
		// Room for as many changes as the last full run had (runs of a
		// page write much the same), at most 1,024 a batch.
		if st.hint = int(s.changes.Load()); st.hint > 0 {
			st.buf = make([]host.Change, 0, min(st.hint, 1024))
		}
	}
	r := s.m.app.Start(opts)
	s.run = r
	s.working = true
	st.run = r.ID
	// run_start travels with the run's first batch: a run that ends within
	// one batch interval costs the browser one frame.
	s.sendMu.Lock()
	st.start = appendRunStart(nil, &RunStartMsg{Run: r.ID, Page: s.pageName, Scope: st.scope})
	s.sendMu.Unlock()
	st.mu.Lock()
	if !st.armed && !st.ended {
		st.arm()
	}
	st.mu.Unlock()
}

// finish waits for a run, sends its end, and starts the pending run.
func (s *Session) finish(r *host.Run, st *stream) {
	res := r.Wait()
	// Fragments are known before the browser hears of the run's end, so that
	// a widget it changes next re-runs only its fragment.
	s.mu.Lock()
	s.recordFragmentsLocked(res)
	if t := s.theme(); themeKey(t) != s.themeSent {
		// st.set_option changed the theme: the page restyles before the
		// run's end.
		s.themeSent = themeKey(t)
		s.send(encode(t))
	}
	s.followNavigationLocked(res)
	if res.Query != nil && res.Status != host.Cancelled {
		// The page wrote st.query_params: the URL follows, without a
		// reload, before the run's end.
		s.query = res.Query
		s.sendPageLocked()
	}
	s.mu.Unlock()
	s.m.declare(res)
	// The checkpoint is saved before the browser hears of the run's end:
	// what a visitor saw end, another replica resumes.
	s.checkpoint()
	st.end(res)
	if o := s.m.opts.Observer; o != nil {
		o.RunEnded(res.Page, res.Status, res.Cause, res.Duration)
	}
	if f := s.m.opts.OnResult; f != nil {
		f(s, res)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.run, s.runFrag = nil, ""
	if s.closed {
		s.settleLocked()
		return
	}
	if res.Status == host.SwitchPageRequested && res.SwitchNav != "" && s.nav != nil {
		// A page of the declared navigation: the declaring page runs
		// again, asking for it.
		if p, ok := navLookup(s.nav, res.SwitchNav); ok {
			s.page, s.pageName, s.navPage, s.query = s.navFile, p, p, nil
			s.sendPageLocked()
			s.pending = true
		}
	} else if res.Status == host.SwitchPageRequested {
		p := host.PageFor(res.SwitchTo)
		if _, name, ok := s.m.lookupPage(p.Name); ok {
			s.page, s.pageName, s.query = res.SwitchTo, name, nil
			s.sendPageLocked()
			s.pending = true
		}
	}
	switch {
	case res.RerunFragment != "":
		s.addPendingFragmentLocked(res.RerunFragment)
	case res.Status == host.RerunRequested, s.state.PendingClicks():
		s.pending = true
	}
	if (s.pending || len(s.pendingFrags) > 0) && !s.abandoned {
		s.startLocked()
		return
	}
	s.settleLocked()
}

// Idle returns a channel that is closed once the session has no run in
// progress and none to start. (A session whose connection left RunGrace
// ago starts none until a connection takes it over.)
func (s *Session) Idle() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.working {
		return closedChan
	}
	if s.busy == nil {
		s.busy = make(chan struct{})
	}
	return s.busy
}

var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// settleLocked marks the session idle; s.mu is held.
func (s *Session) settleLocked() {
	s.working = false
	if s.busy != nil {
		close(s.busy)
		s.busy = nil
	}
}

// stream gathers the changes of one run and sends them in batches.
type stream struct {
	s   *Session
	run uint64

	mu    sync.Mutex
	buf   []host.Change
	armed bool // the session's batch timer waits to flush buf (arm)
	// counts is, per container, the children produced so far, but for
	// the last container (curParent); nil until a second container.
	counts map[string]int
	// again: an element of buf was written at an index its container had
	// produced before, so buf may hold two writes at one path.
	again bool
	// The container of the last element added and its count, which is
	// kept here while elements go to the same container and stored in
	// counts when another comes or the counts are read (syncCount).
	curParent string
	curCount  int
	hashes    hashes
	ended     bool
	// added counts the run's changes so far; hint is the last run's
	// count, which sizes each batch's buf (add).
	added, hint int
	start       []byte // run_start, until it is sent with the first batch; guarded by s.sendMu
	scope       string // for a fragment run, the fragment's container path
	// sources are the row sources of the run's tables; guarded by s.sendMu.
	sources map[string]host.RowSource
}

// add is the run's OnChange: called in write order with the tree locked.
func (st *stream) add(ch host.Change) {
	st.mu.Lock()
	if st.ended {
		st.mu.Unlock()
		return
	}
	if cap(st.buf) == 0 && st.hint > st.added {
		// A batch after the first: room for what the last run wrote
		// beyond what this one has, rather than growing from nothing.
		st.buf = make([]host.Change, 0, min(st.hint-st.added, 1024))
	}
	st.added++
	st.buf = append(st.buf, ch)
	if ch.Parent != st.curParent || st.curCount == 0 {
		st.syncCount()
		st.curParent, st.curCount = ch.Parent, st.counts[ch.Parent]
	}
	if ch.Index+1 > st.curCount {
		st.curCount = ch.Index + 1
	} else {
		st.again = true
	}
	if !st.armed {
		st.arm()
	}
	st.mu.Unlock()
}

// arm has the session's batch timer flush st once the batch interval has
// passed; st.mu is held. The session keeps one timer, reset for each
// batch, rather than a timer a run: a firing meant for an earlier batch
// (its stream ended or was flushed) finds a later deadline and waits for
// it.
func (st *stream) arm() {
	s := st.s
	st.armed = true
	clock, d := s.m.opts.Clock, s.m.opts.Batch
	s.batchMu.Lock()
	s.batchFor, s.batchDue = st, clock.Now().Add(d)
	if s.batch == nil {
		s.batch = clock.AfterFunc(d, s.batchFired)
	} else {
		s.batch.Reset(d)
	}
	s.batchMu.Unlock()
}

// disarm stops the session's batch timer if it waits for st.
func (st *stream) disarm() {
	s := st.s
	s.batchMu.Lock()
	if s.batchFor == st {
		s.batchFor = nil
		s.batch.Stop()
	}
	s.batchMu.Unlock()
}

// batchFired is the batch timer's function: it flushes the stream the
// timer was armed for when its deadline has come.
func (s *Session) batchFired() {
	s.batchMu.Lock()
	st := s.batchFor
	if st == nil {
		s.batchMu.Unlock()
		return
	}
	if d := s.batchDue.Sub(s.m.opts.Clock.Now()); d > 0 {
		// Late: the firing of an earlier batch's deadline.
		s.batch.Reset(d)
		s.batchMu.Unlock()
		return
	}
	s.batchFor = nil
	s.batchMu.Unlock()
	st.flush()
}

// syncCount stores the count of the last element's container; st.mu is
// held.
func (st *stream) syncCount() {
	if st.curCount > 0 {
		if st.counts == nil {
			st.counts = map[string]int{}
		}
		st.counts[st.curParent] = st.curCount
	}
}

// flush sends the gathered changes that differ from what the browser shows.
func (st *stream) flush() {
	// Encoding is the app's work: it takes a run slot, before s.sendMu,
	// which a navigation that cancels the run in progress needs.
	if app := st.s.m.app; app.TakeWorkSlot() {
		defer app.GiveWorkSlot()
	}
	st.s.sendMu.Lock()
	defer st.s.sendMu.Unlock()
	st.mu.Lock()
	buf, again := st.buf, st.again
	st.buf, st.again = nil, false
	st.armed = false
	st.syncCount()
	counts := make(map[string]int, len(st.counts))
	for k, v := range st.counts {
		counts[k] = v
	}
	ended := st.ended
	st.mu.Unlock()
	if ended {
		return
	}
	st.emit(st.deltaLocked(buf, counts, again))
}

// emit sends frames as one: a single message, or an array of messages with
// the pending run_start first. s.sendMu is held.
func (st *stream) emit(frames ...[]byte) {
	var msgs [][]byte
	if st.start != nil {
		msgs = append(msgs, st.start)
		st.start = nil
	}
	for _, f := range frames {
		if f != nil {
			msgs = append(msgs, f)
		}
	}
	switch len(msgs) {
	case 0:
		return
	case 1:
		st.s.send(msgs[0])
		return
	}
	n := 1
	for _, m := range msgs {
		n += len(m) + 1
	}
	out := make([]byte, 0, n)
	out = append(out, '[')
	for i, m := range msgs {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, m...)
	}
	st.s.send(append(out, ']'))
}

// deltaLocked encodes elements, keeps those that changed and returns the
// delta message, or nil when there is nothing to say; s.sendMu is held.
// Callers hold a run slot of the app ([host.App.TakeWorkSlot]): encoding
// what a run wrote is the app's work, bounded as its runs are.
//
// again says that buf may hold two writes at one path (stream.again), of
// which the later replaces the earlier; without it, no look-up is made.
func (st *stream) deltaLocked(buf []host.Change, counts map[string]int, again bool) []byte {
	frame, ok := st.appendDeltaLocked(newFrame(st.s.frameSize(len(buf))), buf, counts, again)
	if !ok {
		return nil
	}
	return frame
}

// frameSize is the room to allocate for a delta of n elements: the bytes
// per element of the session's last delta (elements a run rewrites are
// much the same from one run to the next), with an eighth more.
func (s *Session) frameSize(n int) int {
	per := s.perElement
	if per == 0 {
		per = 128
	}
	return 256 + n*(per+per/8)
}

// appendDeltaLocked appends the delta message to frame, or reports false
// (and appends nothing) when there is nothing to say; as deltaLocked.
func (st *stream) appendDeltaLocked(frame []byte, buf []host.Change, counts map[string]int, again bool) ([]byte, bool) {
	s := st.s
	if st.hashes == nil {
		st.hashes = s.takeSpare()
	}
	head := len(frame)
	frame = appendDeltaHead(frame, st.run)
	encoded := 0 // bytes of every element encoded, kept or not
	// A later write at the same path in this batch replaces an earlier
	// one. A large batch looks them up in a map (the session's, reused):
	// scanning the rest of the batch for every element is quadratic.
	var last map[position]int
	if again && len(buf) > 32 {
		if s.last == nil {
			s.last = make(map[position]int, len(buf))
		}
		last = s.last
		clear(last)
		for i, ch := range buf {
			last[position{ch.Parent, ch.Index}] = i
		}
	}
	// The containers of the last element, and their hashes there: a
	// container is looked up when the elements' container changes.
	parent := ""
	var mine, theirs []uint64
	n := 0
	for i, ch := range buf {
		if last != nil && last[position{ch.Parent, ch.Index}] != i || again && last == nil && laterAt(buf[i+1:], ch.Parent, ch.Index) {
			continue
		}
		el := ch.Element
		if ch.Parent != parent || mine == nil {
			parent, mine, theirs = ch.Parent, st.hashes[ch.Parent], s.shown[ch.Parent]
		}
		if ch.Index >= len(mine) {
			mine = st.hashes.slice(parent, ch.Index)
		}
		mark := len(frame)
		if n > 0 {
			frame = append(frame, ',')
		}
		st.noteSource(el)
		frame = el.AppendJSON(frame)
		enc := frame[mark:]
		if n > 0 {
			enc = enc[1:]
		}
		encoded += len(enc)
		h := hash(maphash.Bytes(hashSeed, enc))
		mine[ch.Index] = h
		// The browser has it, unless its rows come from another table: the
		// first page may match while the rows it fetches later differ.
		if ch.Index < len(theirs) && theirs[ch.Index] == h && (el.Rows == nil || s.sources[el.Path] == el.Rows) {
			frame = frame[:mark]
			continue
		}
		if ch.Index >= len(theirs) {
			theirs = s.shown.slice(parent, ch.Index)
		}
		theirs[ch.Index] = h
		n++
	}
	if len(buf) > 0 {
		s.perElement = encoded/len(buf) + 1
	}
	if n == 0 && len(counts) == 0 {
		return frame[:head], false
	}
	return appendDeltaTail(frame, counts), true
}

func laterAt(rest []host.Change, parent string, index int) bool {
	for _, ch := range rest {
		if ch.Index == index && ch.Parent == parent {
			return true
		}
	}
	return false
}

// end sends what is left and the run's end. A cancelled run sends no end:
// its successor follows, and the browser keeps what it shows meanwhile.
func (st *stream) end(res *host.Result) {
	s := st.s
	if app := s.m.app; app.TakeWorkSlot() { // as in flush
		defer app.GiveWorkSlot()
	}
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	st.mu.Lock()
	st.ended = true
	if st.armed {
		st.disarm()
		st.armed = false
	}
	buf, again := st.buf, st.again
	st.buf, st.again = nil, false
	if res.Status != host.Cancelled && st.scope == "" {
		// A cancelled run stopped short, a fragment's wrote a part: the
		// next is sized by a whole one.
		s.changes.Store(int64(st.added))
	}
	st.mu.Unlock()

	if res.Status == host.Cancelled || res.Status == host.RerunRequested || res.Status == host.SwitchPageRequested {
		if len(buf) > 0 {
			st.emit(st.deltaLocked(buf, map[string]int{}, again))
		}
		return
	}
	counts := res.Tree.Counts()
	var errJSON *host.Error
	if res.Status == host.Failed && res.Err != nil {
		errJSON = res.Err
		// The error is shown in the page (or the fragment), after what the
		// run wrote.
		at := "main"
		if st.scope != "" {
			at = st.scope
		}
		ex := &host.Element{Kind: "exception", Path: at + "." + strconv.Itoa(counts[at]), Props: map[string]any{"message": res.Err.Message, "frames": framesOf(res.Err)}}
		if res.Err.Hint != "" {
			ex.Props["hint"] = res.Err.Hint
		}
		buf = append(buf, host.Change{Element: ex, Parent: at, Index: counts[at]})
		counts[at]++
	}
	// run_start (when no batch took it), the delta and run_end are written
	// into one buffer: as emit would send them, without a copy each.
	out := append(newFrame(len(st.start)+s.frameSize(len(buf))+64+16*len(counts)), '[')
	msgs := 0
	if st.start != nil {
		out = append(out, st.start...)
		st.start = nil
		msgs++
	}
	mark := len(out)
	if msgs > 0 {
		out = append(out, ',')
	}
	out, ok := st.appendDeltaLocked(out, buf, counts, again)
	if ok {
		msgs++
	} else {
		out = out[:mark]
	}
	st.commitLocked()
	if msgs > 0 {
		out = append(out, ',')
	}
	out = appendRunEnd(out, &RunEndMsg{Run: st.run, Status: res.Status.String(), Error: errJSON, Counts: counts, Scope: st.scope})
	if msgs == 0 {
		s.send(out[1:]) // one message: not an array
		return
	}
	s.send(append(out, ']'))
}

// takeSpare returns empty hashes for a run: those the last full run's
// replaced, reset, or new ones. s.sendMu is held.
func (s *Session) takeSpare() hashes {
	t := s.spare
	s.spare = nil
	if t == nil {
		return hashes{}
	}
	t.reset()
	return t
}

// commitLocked makes what the browser shows exactly this run's elements:
// all of them, or for a fragment run, those inside the fragment. s.sendMu
// is held.
func (st *stream) commitLocked() {
	s := st.s
	if st.hashes == nil {
		st.hashes = s.takeSpare()
	}
	if st.scope == "" {
		s.spare = s.shown
		s.shown, s.sources = st.hashes, st.sources
		st.hashes = nil
	} else {
		prefix := st.scope + "."
		s.shown.dropScope(st.scope)
		for p := range s.sources {
			if strings.HasPrefix(p, prefix) {
				delete(s.sources, p)
			}
		}
		for c, hs := range st.hashes {
			// The reused hashes may hold other containers, zeroed.
			if c == st.scope || strings.HasPrefix(c, prefix) {
				s.shown[c] = hs
			}
		}
		if s.sources == nil {
			s.sources = map[string]host.RowSource{}
		}
		for p, src := range st.sources {
			s.sources[p] = src
		}
	}
}

func framesOf(e *host.Error) []host.Frame {
	if e.Frames == nil {
		return []host.Frame{}
	}
	return e.Frames
}
