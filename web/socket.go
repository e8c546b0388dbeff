package web

// This file defines the WebSocket of a browser tab: one reader, a writer
// while a queue bounded in bytes has frames, and the bounds on how many
// sockets an app and one client address hold.

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stark-dev/stark/session"
)

// Close codes of the sockets the server closes for a limit, with a reason
// of at most 123 bytes (a control frame's payload is at most 125):
// docs/protocol.md lists them.
const (
	closeTooSlow   = websocket.ClosePolicyViolation // 1008: the client did not read its frames
	closeTooMany   = websocket.CloseTryAgainLater   // 1013: [limits] sockets or client_sockets
	closeTooLarge  = websocket.CloseMessageTooBig   // 1009: a message past the read limit
	frameOverhead  = 64                             // what a queued frame costs besides its bytes
	closeWriteWait = time.Second                    // how long a close frame may take to write
)

// socket upgrades to a WebSocket and moves frames between it and a session
// connection: a reader (a sockReader, on a goroutine of its own), and a
// queue, bounded in bytes, that never blocks a run, written by a goroutine
// that exists only while the queue has frames (an idle socket holds its
// reader alone; pings are a timer's).
//
// The handler returns once the socket is set up: net/http's connection
// goroutine ends, and with it its 4 KiB read and write buffers, the request
// and its headers (the session's visitor is a copy) and a stack grown by
// the request's handling and the upgrade. The reader's stack holds only
// what a blocked read needs, so the collector shrinks it to 4 KiB.
func (s *Server) socket() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.checkOrigin(r) {
			s.log.Warn("socket refused: origin not allowed", "origin", r.Header.Get("Origin"), "host", r.Host)
			writeError(w, r, s.log, errBadOrigin)
			return
		}
		ws, err := s.upgrader.Upgrade(w, r, nil)
		if err != nil {
			return // the upgrader has answered
		}
		addr := clientAddr(r, s.opts.TrustProxy)
		if s.draining.Load() {
			// Shutdown has begun: the browser reconnects, through the
			// load balancer, to a replica that is not stopping.
			closeWith(ws, websocket.CloseServiceRestart, "server shutting down; reconnect")
			return
		}
		if reason := s.admitSocket(ws, addr); reason != "" {
			// Upgraded first, so that the browser sees why.
			s.refused.Add(1)
			s.log.Warn("socket refused", "client", addr, "reason", reason)
			closeWith(ws, closeTooMany, reason)
			return
		}
		s.metrics.connections.Inc()
		rd := &sockReader{s: s, ws: ws, addr: addr}
		started := false
		defer func() {
			if !started { // the setup panicked
				rd.release()
			}
		}()

		l := s.app.Limits()
		done := make(chan struct{})
		var once sync.Once
		var ping atomic.Pointer[time.Timer] // set before it can fire or be stopped
		var stop func(code int, reason string)
		q := &sendQueue{app: &s.queued, max: l.SendBytes, appMax: l.AppSendBytes}
		q.write = func() { s.writer(ws, q, done, stop) }
		stop = func(code int, reason string) {
			once.Do(func() {
				close(done)
				q.close()
				if t := ping.Load(); t != nil {
					t.Stop()
				}
				if reason != "" {
					go closeWith(ws, code, reason)
				} else {
					ws.Close() // wakes the reader
				}
			})
		}
		// Pings are written by a timer's function: no goroutine waits for
		// them. WriteControl may be called beside the writer's writes.
		pingTimer := time.AfterFunc(time.Duration(math.MaxInt64), func() {
			if err := ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(5*time.Second)); err != nil {
				stop(0, "")
				return
			}
			select {
			case <-done:
			default:
				ping.Load().Reset(s.opts.PingInterval)
			}
		})
		ping.Store(pingTimer)
		pingTimer.Reset(s.opts.PingInterval)
		sink := func(frame []byte) bool {
			select {
			case <-done:
				return false
			default:
			}
			if reason := q.push(frame); reason != "" {
				s.metrics.slowClients.Inc()
				stop(closeTooSlow, reason)
				return false
			}
			return true
		}
		conn := s.sessions.ConnectAs(sink, s.visitorOf(r))
		rd.conn, rd.sink, rd.stop, rd.done = conn, sink, stop, done

		ws.SetReadLimit(4 * session.MaxMessage) // larger messages are refused by the session with an error; past this the socket closes
		wait := 2 * s.opts.PingInterval
		// A socket has HelloTimeout to be given a session by a hello; until
		// then neither frames nor pongs extend its deadline, so sockets
		// opened and left idle, or fed anything but a good hello, are
		// closed.
		helloBy := time.Now().Add(s.opts.HelloTimeout)
		rd.deadline = func() time.Time {
			if conn.Session() == "" {
				return helloBy
			}
			return time.Now().Add(wait)
		}
		ws.SetReadDeadline(helloBy)
		ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(rd.deadline()) })
		// A browser that closes its socket has left its session before it
		// hears the close answered: a reconnect that follows at once (to
		// this replica or another) takes the session over rather than
		// finding it held by the closing socket.
		ws.SetCloseHandler(func(code int, _ string) error {
			conn.Close()
			ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, ""), time.Now().Add(closeWriteWait))
			return nil
		})
		started = true
		go rd.read()
	})
}

// A sockReader reads a socket's frames into its session connection until
// the socket closes, then releases what the socket held. Its loop is kept
// small (the rare paths are functions of their own): what its stack holds
// while a read waits is what an idle socket's goroutine costs.
type sockReader struct {
	s        *Server
	ws       *websocket.Conn
	addr     string
	conn     *session.Conn
	sink     func(frame []byte) bool
	stop     func(code int, reason string)
	done     <-chan struct{}
	deadline func() time.Time // the read deadline after a frame
}

func (rd *sockReader) read() {
	defer rd.end()
	for {
		typ, r, err := rd.ws.NextReader()
		if err != nil {
			rd.failed(err)
			return
		}
		if typ != websocket.TextMessage {
			rd.binary() // NextReader discards the rest of it
			continue
		}
		if !rd.receive(r) {
			return
		}
		select {
		case <-rd.done:
			return
		default:
		}
	}
}

// readBufs holds the buffers messages are read into: a socket takes one
// while it reads a message and returns it once the session has handled it,
// so an idle socket holds none, and a message costs no allocation of its
// own (gorilla's ReadMessage allocates one per message).
var readBufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// maxPooledRead is the largest read buffer returned to readBufs: one grown
// by a rare long message (a form, a hello with a long query) is dropped.
const maxPooledRead = 64 << 10

// receive reads the text message r into a pooled buffer and hands it to the
// session, which keeps nothing of it (session.Decode copies what it keeps).
// It reports false when the read failed, the socket then stopped.
func (rd *sockReader) receive(r io.Reader) bool {
	bp := readBufs.Get().(*[]byte)
	b := (*bp)[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			rd.failed(err)
			return false
		}
	}
	rd.conn.Receive(b)
	rd.ws.SetReadDeadline(rd.deadline())
	if cap(b) <= maxPooledRead {
		*bp = b[:0]
		readBufs.Put(bp)
	}
	return true
}

// end releases the socket when its reader returns or panics: the handler
// has returned, so net/http no longer recovers a panic of the reader, and
// end does, closing this socket alone.
func (rd *sockReader) end() {
	if p := recover(); p != nil {
		rd.s.log.Error("socket: panic", "client", rd.addr, "panic", p, "stack", string(debug.Stack()))
	}
	rd.release()
}

func (rd *sockReader) release() {
	if rd.conn != nil {
		rd.conn.Close()
	}
	rd.s.metrics.connections.Dec()
	rd.s.releaseSocket(rd.ws, rd.addr)
	rd.ws.Close()
}

func (rd *sockReader) failed(err error) {
	if errors.Is(err, websocket.ErrReadLimit) {
		rd.stop(closeTooLarge, "message too large")
	} else {
		rd.stop(0, "")
	}
}

func (rd *sockReader) binary() {
	rd.sink(session.Encode(&session.ErrorMsg{Message: "binary frames are not part of the protocol"}))
}

// closeWith closes ws with a close frame of code and reason, written
// within closeWriteWait (a client that reads nothing may never get it).
func closeWith(ws *websocket.Conn, code int, reason string) {
	ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(closeWriteWait))
	ws.Close()
}

// admitSocket counts ws against the app's [limits] sockets and
// client_sockets, or returns why it may not be held.
func (s *Server) admitSocket(ws *websocket.Conn, addr string) (reason string) {
	l := s.app.Limits()
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case len(s.socks) >= l.Sockets:
		return fmt.Sprintf("the app holds its limit of %d sockets ([limits] sockets); try again later", l.Sockets)
	case s.perAddr[addr] >= l.ClientSockets:
		return fmt.Sprintf("your address holds the app's limit of %d sockets ([limits] client_sockets)", l.ClientSockets)
	}
	s.socks[ws] = true
	s.perAddr[addr]++
	return ""
}

func (s *Server) releaseSocket(ws *websocket.Conn, addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.socks[ws] { // not forgotten by Shutdown meanwhile
		delete(s.socks, ws)
	}
	if s.perAddr[addr]--; s.perAddr[addr] <= 0 {
		delete(s.perAddr, addr)
	}
}

// writer writes the queued frames until the queue is empty or done: it
// is started by the push that finds the queue idle and ends when there is
// nothing left to write, so an idle socket has no goroutine but its
// reader.
func (s *Server) writer(ws *websocket.Conn, q *sendQueue, done <-chan struct{}, stop func(int, string)) {
	var frames [][]byte
	for {
		if frames = q.take(frames); frames == nil {
			return // q.take has marked the queue idle
		}
		for _, frame := range frames {
			select {
			case <-done: // dropped meanwhile: the frames taken go too
				return
			default:
			}
			ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
			err := ws.WriteMessage(websocket.TextMessage, frame)
			q.sent(frame)
			// Written (or failed): nothing holds it any more, and the
			// session reuses its memory.
			session.ReleaseFrame(frame)
			if err != nil {
				stop(0, "")
				return
			}
		}
	}
}

// A sendQueue holds the frames of one socket from the moment a run's
// session hands them over until the writer has written them, bounded in
// bytes (a frame counts its length and frameOverhead): the socket's own
// ([limits] send_bytes) and, through app, those of all the app's sockets
// ([limits] app_send_bytes). A push past either bound is refused, and the
// socket is then closed and its queue dropped: a client that does not read
// costs the server at most its bound, never the frames it does not read.
// A sendQueue is safe for concurrent use.
type sendQueue struct {
	mu      sync.Mutex
	frames  [][]byte      // waiting for the writer
	bytes   int64         // of frames and of those the writer took and has not written
	closed  bool          // dropped: nothing is queued any more
	writing bool          // a writer runs: it takes what is pushed
	write   func()        // the writer, started in a goroutine by a push that finds none running
	app     *atomic.Int64 // the app's queued bytes, bytes included
	max     int64         // [limits] send_bytes
	appMax  int64         // [limits] app_send_bytes
}

// push queues frame, or returns why it may not. A frame larger than the
// socket's bound is queued when nothing else is.
func (q *sendQueue) push(frame []byte) (reason string) {
	n := int64(len(frame)) + frameOverhead
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return "closed"
	}
	if q.bytes > 0 && q.bytes+n > q.max {
		return fmt.Sprintf("client too slow: %s of frames unread ([limits] send_bytes)", formatBytes(q.bytes+n))
	}
	if q.app.Add(n) > q.appMax {
		q.app.Add(-n)
		return fmt.Sprintf("the app's sockets hold %s of unread frames ([limits] app_send_bytes)", formatBytes(q.appMax))
	}
	q.frames = append(q.frames, frame)
	q.bytes += n
	if !q.writing {
		q.writing = true
		go q.write()
	}
	return ""
}

// take returns the waiting frames, which stay counted until sent; or nil
// when there are none (or the queue is dropped), and then the writer that
// called it must end: the next push starts another. done is what the
// last take returned, written: its room takes the frames pushed next.
func (q *sendQueue) take(done [][]byte) [][]byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	clear(done) // written: nothing holds them any more
	f := q.frames
	if len(f) == 0 || q.closed {
		if f == nil && !q.closed {
			q.frames = done[:0]
		}
		q.writing = false
		return nil
	}
	q.frames = done[:0]
	return f
}

// sent stops counting a frame take returned.
func (q *sendQueue) sent(frame []byte) {
	n := int64(len(frame)) + frameOverhead
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.bytes -= n
		q.app.Add(-n)
	}
}

// close drops the queue: what it counted is released at once.
func (q *sendQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed = true
		q.app.Add(-q.bytes)
		q.bytes, q.frames = 0, nil
	}
}

// formatBytes writes n as "8 MiB", "1.5 MiB" or "300 KiB".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)>>10)
}
