// Package client is a WebSocket client of a stark server that speaks the
// session protocol as a browser tab does. `stark bench` and the protocol
// tests use it.
package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/stark-dev/stark/session"
)

// Message is one message from the server: Type says which of the typed
// fields is set. The types are session's (session/protocol.go), decoded
// strictly: a field the protocol does not declare fails the client.
type Message struct {
	Type        string
	Welcome     *session.WelcomeMsg
	RunStart    *session.RunStartMsg
	Delta       *session.DeltaMsg
	RunEnd      *session.RunEndMsg
	Page        *session.PageMsg
	Error       *session.ErrorMsg
	Rows        *session.RowsMsg
	Notice      *session.NoticeMsg
	Pages       *session.PagesMsg
	Reload      *session.ReloadMsg
	ReloadError *session.ReloadErrorMsg
	Theme       *session.ThemeMsg
	// Raw is the message as received.
	Raw []byte
}

// Status is a run_end's status, or "".
func (m *Message) Status() string {
	if m.RunEnd == nil {
		return ""
	}
	return m.RunEnd.Status
}

// Text is the message of an error or a notice, or "".
func (m *Message) Text() string {
	switch {
	case m.Error != nil:
		return m.Error.Message
	case m.Notice != nil:
		return m.Notice.Message
	}
	return ""
}

// typed returns a new value of the session type that carries typ, and the
// field of m that holds it.
func (m *Message) typed(typ string) session.Message {
	switch typ {
	case "welcome":
		m.Welcome = &session.WelcomeMsg{}
		return m.Welcome
	case "run_start":
		m.RunStart = &session.RunStartMsg{}
		return m.RunStart
	case "delta":
		m.Delta = &session.DeltaMsg{}
		return m.Delta
	case "run_end":
		m.RunEnd = &session.RunEndMsg{}
		return m.RunEnd
	case "page":
		m.Page = &session.PageMsg{}
		return m.Page
	case "error":
		m.Error = &session.ErrorMsg{}
		return m.Error
	case "rows":
		m.Rows = &session.RowsMsg{}
		return m.Rows
	case "notice":
		m.Notice = &session.NoticeMsg{}
		return m.Notice
	case "pages":
		m.Pages = &session.PagesMsg{}
		return m.Pages
	case "reload":
		m.Reload = &session.ReloadMsg{}
		return m.Reload
	case "reload_error":
		m.ReloadError = &session.ReloadErrorMsg{}
		return m.ReloadError
	case "theme":
		m.Theme = &session.ThemeMsg{}
		return m.Theme
	}
	return nil
}

// A Client is one tab's connection.
type Client struct {
	ws      *websocket.Conn
	Session string
	in      chan *Message
	err     error
	mu      sync.Mutex
	// Elements is what the tab shows: path to element, as the deltas left it.
	Elements map[string]map[string]any
	// Bytes counts the bytes of frames received.
	Bytes int64
	// Light, when set before messages arrive, decodes only the header
	// fields of deltas (not their elements), as a load generator needs.
	Light bool

	// A synchronous client (DialSync) has no reader goroutine: Next reads
	// the socket in the caller's goroutine into buf, and scans the frame
	// left in frame one message at a time.
	sync     bool
	buf      []byte
	frame    []byte
	deadline time.Time // of reads
	wdl      time.Time // of writes
	wbuf     []byte
}

// Dial opens a socket to the server at base (http://host:port, or
// http://host:port/app for an app of `stark serve`: the socket is
// <base>/_stark/ws) with origin set to base, and says hello for page (""for the first) with session token
// (or "" for a new session). It waits for the welcome.
func Dial(base, page, token string, query map[string][]string) (*Client, error) {
	return DialOrigin(base, page, token, query, base)
}

// DialLight is Dial for a client that keeps no elements (see Light).
func DialLight(base, page string) (*Client, error) {
	return dial(base, page, "", nil, base, true)
}

// DialSync is DialLight for a load generator's loop: the client reads the
// socket only when asked (Next, WaitFor, WaitRunEnd, in one goroutine at a
// time), into a buffer it reuses, without a reader goroutine, a channel or
// a timer per message. A read that times out ends the connection (the
// WebSocket library's rule): a timeout is a failure, not a pause.
func DialSync(base, page string) (*Client, error) {
	h := http.Header{}
	h.Set("Origin", base)
	return dialWith(base, h, session.HelloMsg{Page: page}, true, true)
}

// DialOrigin is Dial with the Origin header given ("" sends none).
func DialOrigin(base, page, token string, query map[string][]string, origin string) (*Client, error) {
	return dial(base, page, token, query, origin, false)
}

func dial(base, page, token string, query map[string][]string, origin string, light bool) (*Client, error) {
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	return DialWith(base, h, session.HelloMsg{Session: token, Page: page, Query: query}, light)
}

// DialWith opens a socket as Dial does with the request's headers h (its
// Origin, cookies, credentials) and says hello.
func DialWith(base string, h http.Header, hello session.HelloMsg, light bool) (*Client, error) {
	return dialWith(base, h, hello, light, false)
}

func dialWith(base string, h http.Header, hello session.HelloMsg, light, sync bool) (*Client, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	u.Scheme = strings.Replace(u.Scheme, "http", "ws", 1)
	u.Path = strings.TrimSuffix(u.Path, "/") + "/_stark/ws"
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	if sync {
		// A rerun of a page is one frame of a few KiB: read it with one
		// read of the socket, not two of the default 4 KiB.
		d.ReadBufferSize = 16 << 10
	}
	ws, resp, err := d.Dial(u.String(), h)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("dial: %v (status %d)", err, resp.StatusCode)
		}
		return nil, err
	}
	c := &Client{ws: ws, Elements: map[string]map[string]any{}, Light: light, sync: sync}
	if !sync {
		c.in = make(chan *Message, 4096)
		go c.read()
	}
	if hello.Query == nil {
		hello.Query = map[string][]string{}
	}
	if err := c.Send(&hello); err != nil && !errors.Is(err, websocket.ErrCloseSent) {
		ws.Close()
		return nil, err
	}
	// (A hello that found the close already answered, ErrCloseSent: the
	// server closed the socket at once, a draining server's 1012; its close
	// is what to report, and the loop below reads it.)
	// The welcome, or the server's refusal (the app's limit of sessions),
	// whose words are what to report, not the socket's close that follows.
	deadline := time.Now().Add(10 * time.Second)
	for {
		m, err := c.Next(time.Until(deadline))
		if err != nil {
			ws.Close()
			return nil, fmt.Errorf("waiting for welcome: %w", err)
		}
		switch m.Type {
		case "welcome":
			c.Session = m.Welcome.Session
			return c, nil
		case "error":
			ws.Close()
			return nil, fmt.Errorf("refused: %s", m.Text())
		}
	}
}

func (c *Client) read() {
	defer close(c.in)
	for {
		_, frame, err := c.ws.ReadMessage()
		if err != nil {
			c.mu.Lock()
			c.err = err
			c.mu.Unlock()
			return
		}
		if c.Light {
			c.mu.Lock()
			c.Bytes += int64(len(frame))
			c.mu.Unlock()
			for _, m := range scanLight(frame) {
				c.in <- m
			}
			continue
		}
		// A frame holds one message, or an array of messages sent together.
		var parts []json.RawMessage
		if len(frame) > 0 && frame[0] == '[' {
			if err := json.Unmarshal(frame, &parts); err != nil {
				c.fail(fmt.Errorf("bad frame from server: %v", err))
				return
			}
		} else {
			parts = []json.RawMessage{frame}
		}
		c.mu.Lock()
		c.Bytes += int64(len(frame))
		c.mu.Unlock()
		for _, part := range parts {
			m, err := c.decode(part)
			if err != nil {
				c.fail(err)
				return
			}
			c.mu.Lock()
			c.apply(m)
			c.mu.Unlock()
			c.in <- m
		}
	}
}

// The light decoding finds the messages of a frame without decoding it:
// every message starts with {"v":1,"type":" (the server writes v and type
// first, and a quote inside a JSON string is always escaped, so the marker
// cannot occur in one). It reads the type, and the status of a run_end (its
// error too when it did not complete), the session of a welcome, the
// message of an error or a notice: all a load generator needs.
var lightMarker = []byte(`{"v":1,"type":"`)

// scanLight returns the messages of a frame, decoded light.
func scanLight(frame []byte) []*Message {
	var out []*Message
	for {
		typ, body, rest, ok := nextLight(frame)
		if !ok {
			return out
		}
		out = append(out, lightMessage(typ, body))
		frame = rest
	}
}

// nextLight finds the first message of frame: its type, its bytes after
// the type (up to the next message), and the rest of the frame.
func nextLight(frame []byte) (typ, body, rest []byte, ok bool) {
	i := bytes.Index(frame, lightMarker)
	if i < 0 {
		return nil, nil, nil, false
	}
	frame = frame[i+len(lightMarker):]
	j := bytes.IndexByte(frame, '"')
	if j < 0 {
		return nil, nil, nil, false
	}
	typ, frame = frame[:j], frame[j+1:]
	// The next message starts at the next marker; this one's bytes end
	// before it (an array's comma, or its closing bracket, left over).
	end := bytes.Index(frame, lightMarker)
	if end < 0 {
		end = len(frame)
	}
	return typ, frame[:end], frame[end:], true
}

// lightMessage makes the message of type typ whose bytes after the type
// are body, decoding only the fields a load generator reads.
func lightMessage(typ, body []byte) *Message {
	m := &Message{Type: lightType(typ)}
	switch m.Type {
	case "run_end":
		m.RunEnd = &session.RunEndMsg{Status: stringField(body, `"status":"`)}
		if m.RunEnd.Status != "completed" {
			// Rare: the whole message, for its error and what else it says.
			full := &session.RunEndMsg{}
			if json.Unmarshal(lightJSON(typ, body), full) == nil {
				m.RunEnd = full
			}
		}
	case "welcome":
		m.Welcome = &session.WelcomeMsg{Session: stringField(body, `"session":"`)}
	case "error":
		m.Error = &session.ErrorMsg{}
		json.Unmarshal(lightJSON(typ, body), m.Error)
	case "notice":
		m.Notice = &session.NoticeMsg{}
		json.Unmarshal(lightJSON(typ, body), m.Notice)
	}
	return m
}

// lightJSON rebuilds the JSON text of a message from its type and the bytes
// that follow it, without what separates it from the next message.
func lightJSON(typ, body []byte) []byte {
	body = bytes.TrimRight(body, " \t\r\n,]")
	b := make([]byte, 0, len(lightMarker)+len(typ)+1+len(body))
	b = append(append(append(b, lightMarker...), typ...), '"')
	return append(b, body...)
}

// lightType returns the message type t without allocating for the types
// the server sends.
func lightType(t []byte) string {
	switch string(t) {
	case "run_start":
		return "run_start"
	case "delta":
		return "delta"
	case "run_end":
		return "run_end"
	case "welcome":
		return "welcome"
	case "page":
		return "page"
	}
	return string(t)
}

// stringField returns the value of the first "name":"value" in b, assuming
// the value has no escapes (statuses, tokens).
func stringField(b []byte, prefix string) string {
	i := bytes.Index(b, []byte(prefix))
	if i < 0 {
		return ""
	}
	b = b[i+len(prefix):]
	j := bytes.IndexByte(b, '"')
	if j < 0 {
		return ""
	}
	return string(b[:j])
}

func (c *Client) fail(err error) {
	c.mu.Lock()
	c.err = err
	c.mu.Unlock()
}

func (c *Client) decode(frame []byte) (*Message, error) {
	var h session.Header
	if err := json.Unmarshal(frame, &h); err != nil {
		return nil, fmt.Errorf("bad message from server: %v", err)
	}
	m := &Message{Type: h.Type, Raw: frame}
	v := m.typed(h.Type)
	if v == nil {
		return nil, fmt.Errorf("bad message from server: unknown type %q", h.Type)
	}
	dec := json.NewDecoder(bytes.NewReader(frame))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, fmt.Errorf("bad %s message from server: %v", h.Type, err)
	}
	if h.V != session.Version {
		return nil, fmt.Errorf("bad %s message from server: version %d", h.Type, h.V)
	}
	return m, nil
}

// apply keeps Elements as a browser would.
func (c *Client) apply(m *Message) {
	switch m.Type {
	case "delta":
		for _, e := range m.Delta.Elements {
			if p, ok := e["path"].(string); ok {
				c.Elements[p] = e
			}
		}
	case "run_end":
		end := m.RunEnd
		for p := range c.Elements {
			if end.Scope != "" && !strings.HasPrefix(p, end.Scope+".") {
				continue // a fragment run touches only its fragment
			}
			i := strings.LastIndexByte(p, '.')
			parent := p[:i]
			idx, _ := strconv.Atoi(p[i+1:])
			n, ok := end.Counts[parent]
			if !ok || idx >= n {
				delete(c.Elements, p)
			}
		}
	}
}

// Send sends one message of the protocol.
func (c *Client) Send(msg session.Message) error {
	return c.SendRaw(session.Encode(msg))
}

// SendValue sends any value encoded as JSON, as a client that does not
// follow the protocol might (tests of what the server refuses).
func (c *Client) SendValue(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.SendRaw(b)
}

// SendRaw sends one text frame as it is.
func (c *Client) SendRaw(frame []byte) error {
	if c.sync {
		// As for reads: the deadline moves at most once a second.
		if d := time.Now().Add(10 * time.Second); d.After(c.wdl) {
			c.wdl = d.Truncate(time.Second).Add(time.Second)
			c.ws.SetWriteDeadline(c.wdl)
		}
		return c.ws.WriteMessage(websocket.TextMessage, frame)
	}
	c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, frame)
}

// SetWidget sends a widget's new value.
func (c *Client) SetWidget(id string, value any) error {
	if n, ok := value.(int); ok && plainID(id) {
		// What session.Encode writes, without reflection: a load
		// generator sends this once per rerun.
		// Writes are one at a time (the WebSocket library's rule), so
		// the buffer is reused.
		b := append(c.wbuf[:0], `{"v":1,"type":"widget","id":"`...)
		b = append(b, id...)
		b = append(b, `","value":`...)
		b = strconv.AppendInt(b, int64(n), 10)
		c.wbuf = append(b, '}')
		return c.SendRaw(c.wbuf)
	}
	return c.Send(&session.WidgetMsg{ID: id, Value: value})
}

// plainID reports whether id needs no escaping in JSON.
func plainID(id string) bool {
	for i := 0; i < len(id); i++ {
		if b := id[i]; b < 0x20 || b >= 0x7f || b == '"' || b == '\\' || b == '<' || b == '>' || b == '&' {
			return false
		}
	}
	return true
}

// Bye ends the session at once (session.TypeBye), so that it no longer
// counts against the app's limit of sessions, then closes the socket as
// CloseWait does: the server handles a connection's messages in order, so
// the session has ended by the time Bye returns, and a client that follows
// finds its place free.
func (c *Client) Bye() error {
	err := c.Send(&session.ByeMsg{})
	if cerr := c.CloseWait(); err == nil {
		err = cerr
	}
	return err
}

// CloseWait closes the socket as a browser does, with a close frame, and
// returns once the server has answered it (or after a few seconds): by
// then the server has detached the session from this socket, so that a
// reconnect takes it over.
func (c *Client) CloseWait() error {
	c.ws.SetWriteDeadline(time.Now().Add(time.Second))
	c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	if c.sync {
		deadline := time.Now().Add(5 * time.Second)
		for c.readFrame(deadline) == nil {
		}
		return c.ws.Close()
	}
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-c.in:
			if ok {
				continue
			}
		case <-deadline:
		}
		return c.ws.Close()
	}
}

// Next returns the next message, or an error after timeout or when the
// socket closed.
func (c *Client) Next(timeout time.Duration) (*Message, error) {
	if c.sync {
		return c.nextSync(time.Now().Add(timeout), "")
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case m, ok := <-c.in:
		if !ok {
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.err == nil {
				return nil, errors.New("socket closed")
			}
			return nil, c.err
		}
		return m, nil
	case <-t.C:
		return nil, fmt.Errorf("no message within %s", timeout)
	}
}

// WaitFor returns the next message of the given type, skipping others.
func (c *Client) WaitFor(typ string, timeout time.Duration) (*Message, error) {
	deadline := time.Now().Add(timeout)
	if c.sync {
		m, err := c.nextSync(deadline, typ)
		if err != nil {
			return nil, fmt.Errorf("waiting for %s: %w", typ, err)
		}
		return m, nil
	}
	for {
		m, err := c.Next(time.Until(deadline))
		if err != nil {
			return nil, fmt.Errorf("waiting for %s: %w", typ, err)
		}
		if m.Type == typ {
			return m, nil
		}
	}
}

// WaitRunEnd returns the next run_end, skipping other messages; an error
// message of the server before it (a refused widget value, say: no run
// follows) is returned as an error at once.
func (c *Client) WaitRunEnd(timeout time.Duration) (*Message, error) {
	deadline := time.Now().Add(timeout)
	for {
		var m *Message
		var err error
		if c.sync {
			m, err = c.nextSync(deadline, "run_end", "error")
		} else {
			m, err = c.Next(time.Until(deadline))
		}
		switch {
		case err != nil:
			return nil, fmt.Errorf("waiting for run_end: %w", err)
		case m.Type == "run_end":
			return m, nil
		case m.Type == "error":
			return nil, fmt.Errorf("server: %s", m.Text())
		}
	}
}

// nextSync returns the next message of a synchronous client whose type is
// one of types (any type when types is ""), reading frames as needed; the
// messages it skips are not decoded.
func (c *Client) nextSync(deadline time.Time, types ...string) (*Message, error) {
	for {
		if m := c.scanFrame(types); m != nil {
			return m, nil
		}
		if err := c.readFrame(deadline); err != nil {
			return nil, err
		}
	}
}

// scanFrame returns the next message of the frame read whose type is one
// of types, or nil when the frame has no more.
func (c *Client) scanFrame(types []string) *Message {
	for {
		typ, body, rest, ok := nextLight(c.frame)
		if !ok {
			c.frame = nil
			return nil
		}
		c.frame = rest
		if wanted(typ, types) {
			return lightMessage(typ, body)
		}
	}
}

func wanted(typ []byte, types []string) bool {
	for _, t := range types {
		if t == "" || string(typ) == t {
			return true
		}
	}
	return false
}

// readFrame reads the next frame of a synchronous client into its buffer.
func (c *Client) readFrame(deadline time.Time) error {
	if c.err != nil {
		return c.err
	}
	// The deadline moves at most once a second (each move is a timer's
	// update in the runtime): a wait may last up to a second longer than
	// asked.
	if deadline.After(c.deadline) || deadline.Before(c.deadline.Add(-time.Second)) {
		c.deadline = deadline.Truncate(time.Second).Add(time.Second)
		c.ws.SetReadDeadline(c.deadline)
	}
	_, r, err := c.ws.NextReader()
	if err != nil {
		c.err = err
		return err
	}
	if c.buf == nil {
		c.buf = make([]byte, 16<<10)
	}
	n := 0
	for {
		if n == len(c.buf) {
			c.buf = append(c.buf, make([]byte, len(c.buf))...)
		}
		k, err := r.Read(c.buf[n:])
		n += k
		if err == io.EOF {
			break
		}
		if err != nil {
			c.err = err
			return err
		}
	}
	c.Bytes += int64(n)
	c.frame = c.buf[:n]
	return nil
}

// Collect returns every message up to and including the next of type typ.
func (c *Client) Collect(typ string, timeout time.Duration) ([]*Message, error) {
	deadline := time.Now().Add(timeout)
	var out []*Message
	for {
		m, err := c.Next(time.Until(deadline))
		if err != nil {
			return out, fmt.Errorf("waiting for %s: %w", typ, err)
		}
		out = append(out, m)
		if m.Type == typ {
			return out, nil
		}
	}
}

// Snapshot returns a copy of the elements shown, by path.
func (c *Client) Snapshot() map[string]map[string]any {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]map[string]any, len(c.Elements))
	for k, v := range c.Elements {
		out[k] = v
	}
	return out
}

// Close closes the socket.
func (c *Client) Close() error { return c.ws.Close() }

// DialRaw opens a socket and says nothing: the caller speaks first.
func DialRaw(base, origin string) (*Client, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	u.Scheme = strings.Replace(u.Scheme, "http", "ws", 1)
	u.Path = strings.TrimSuffix(u.Path, "/") + "/_stark/ws"
	h := http.Header{}
	h.Set("Origin", origin)
	ws, _, err := websocket.DefaultDialer.Dial(u.String(), h)
	if err != nil {
		return nil, err
	}
	c := &Client{ws: ws, in: make(chan *Message, 4096), Elements: map[string]map[string]any{}}
	go c.read()
	return c, nil
}
