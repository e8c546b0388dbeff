package http

// This file defines http.stream: a request whose response a page reads as
// it arrives, line by line or as server-sent events, so that a model's
// streamed answer can be shown token by token (st.write_stream).
//
// The stream obeys what http.get obeys (the allow-list, both when the URL
// is checked and when the address is dialed) and the app's bounds: [http]
// max_bytes bounds the whole body read, [http] timeout (or timeout=) is the
// idle timeout of each read (and of the wait for the response's headers),
// and the run's wall time and cancellation close the body at once, since
// the request's context is the run's. Each line counts one unit of the
// run's work meter ([host.Work]), which looks at the run's cancellation.
//
// A read waits without the thread's run slot ([host.Sandbox.Idle]), as
// http.get does, so that other runs (and the session's sending of what
// the page wrote) go on meanwhile. A stream handed to another thread is
// frozen; its reads there keep the slot (an iterator cannot know its
// thread), which is correct, only less generous.
//
// Starlark iterators report no errors: when the body fails mid-way (a
// reset connection, the size bound, the idle timeout), the iteration ends
// and the thread that opened the stream is cancelled with the error, so
// that a page's loop stops with that error as a Python loop would raise
// it, after what arrived was shown. The error is also the stream's
// .error, and Go callers (st.write_stream) find it with [Stream.Err].

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// httpStream is http.stream(url, method="GET", headers=None, params=None,
// json=None, data=None, timeout=None).
func httpStream(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r httpArgs
	method := "GET"
	if err := host.UnpackArgs(b.Name(), args, kwargs, "url", &r.url, "method?", &method, "headers?", &r.headers, "params?", &r.params, "json?", &r.json, "data?", &r.data, "timeout?", &r.timeout); err != nil {
		return nil, err
	}
	switch m := strings.ToUpper(method); m {
	case "GET", "POST", "PUT", "PATCH", "DELETE":
		method = m
	default:
		return nil, fmt.Errorf("%s: for parameter method: got %q, want \"GET\", \"POST\", \"PUT\", \"PATCH\" or \"DELETE\"", b.Name(), method)
	}
	return openStream(t, b.Name(), method, &r)
}

// A Stream is the value of http.stream: the response's status and headers,
// and its body read as it arrives. It is an iterable of the body's lines;
// events() iterates its server-sent events. The body is read once: a
// second iteration continues where the first stopped.
type Stream struct {
	name    string // the builtin, for errors
	thread  *starlark.Thread
	sb      *host.Sandbox // the opening thread's
	frozen  atomic.Bool   // handed to another thread: reads keep the slot
	work    *host.Work
	status  int
	url     string
	headers *starlark.Dict
	max     int64
	idle    time.Duration

	mu     sync.Mutex // guards what follows; iteration is on one thread at a time
	body   io.ReadCloser
	br     *bufio.Reader
	read   int64 // bytes of the body read so far
	err    error // the error that ended the body, or nil
	done   bool
	timer  *time.Timer     // the idle timeout of the read in progress
	ctx    context.Context // the request's: its cause tells an idle timeout
	cancel context.CancelCauseFunc
	stop   context.CancelFunc
}

var (
	_ starlark.Iterable = (*Stream)(nil)
	_ starlark.HasAttrs = (*Stream)(nil)
)

// errIdle is the cause of a stream's end when a read waited past the idle
// timeout.
var errIdle = errors.New("idle")

func openStream(t *starlark.Thread, name, method string, r *httpArgs) (starlark.Value, error) {
	q, err := prepare(t, name, r)
	if err != nil {
		return nil, err
	}
	sb, c, u, fail, idle := q.sb, q.c, q.u, q.fail, q.timeout

	// The request's context is the run's (its deadline, its cancellation)
	// for as long as the body is read, and an idle timer cancels it when a
	// read waits longer than idle. The thread keeps its run slot: a
	// stream's reads are short waits between the page's work on what
	// arrived.
	runCtx, stop := sb.WorkContext()
	ctx, cancel := context.WithCancelCause(runCtx)
	s := &Stream{name: name, thread: t, sb: sb, work: sb.Work(name), url: shownURL(u), max: OptionsOf(sb.App).MaxBytes, idle: idle, ctx: ctx, cancel: cancel, stop: stop}
	s.timer = time.AfterFunc(idle, func() { cancel(errIdle) })
	req, err := q.newRequest(ctx, method)
	if err != nil {
		s.close()
		return nil, err
	}
	resp, err := c.client.Do(req)
	if err != nil {
		err = s.explain(sb, ctx, err)
		s.close()
		return nil, err
	}
	s.timer.Stop()
	if resp.ContentLength > s.max {
		resp.Body.Close()
		s.close()
		return nil, fail("the response of %d bytes is larger than the app's limit of %s ([http] max_bytes in stark.toml)", resp.ContentLength, httpSize(s.max))
	}
	s.status = resp.StatusCode
	s.url = shownURL(resp.Request.URL)
	s.headers = newHTTPResponse(resp, nil).headers
	s.body = resp.Body
	s.br = bufio.NewReaderSize(resp.Body, 4096)
	return s, nil
}

// explain turns an error of the request or of a read into the page's
// error: the run's cancellation as the run's, a timeout with its setting.
func (s *Stream) explain(sb *host.Sandbox, ctx context.Context, err error) error {
	if e := sb.Err(); e != nil {
		return e
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s: %s", s.name, s.url, fmt.Sprintf(format, args...))
	}
	var na *errNotAllowed
	switch {
	case errors.As(err, &na):
		return fail("%v", na)
	case context.Cause(ctx) == errIdle:
		return fail("nothing arrived for %s (pass timeout= or raise [http] timeout in stark.toml)", s.idle)
	case errors.Is(err, context.DeadlineExceeded) || context.Cause(ctx) == context.DeadlineExceeded:
		return fail("the run's wall time ran out ([limits] wall_time in stark.toml)")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fail("%v", err)
}

// close ends the stream: its body, its timer and its context.
func (s *Stream) close() {
	s.done = true
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.body != nil {
		s.body.Close()
	}
	s.cancel(context.Canceled)
	s.stop()
}

// Close closes the stream's body; reading it ends.
func (s *Stream) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.done {
		s.close()
	}
}

// Err returns the error that ended the stream's body, or nil when it ended
// well or has not ended.
func (s *Stream) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Line reads the body's next line, without its line break ("\n" or
// "\r\n"), for thread t (nil: a thread unknown, whose run slot is kept
// while the read waits). ok is false at the end of the body or after an
// error, which Err then returns.
func (s *Stream) Line(t *starlark.Thread) (line string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return "", false
	}
	sb := host.SandboxOf(s.thread)
	if err := s.work.Tick(); err != nil {
		s.err = err
		s.close()
		return "", false
	}
	idleOn := s.sb
	if t != nil {
		idleOn = host.SandboxOf(t)
	} else if s.frozen.Load() {
		idleOn = nil
	}
	var buf []byte
	for {
		s.timer.Reset(s.idle)
		var resume func()
		if idleOn != nil && s.br.Buffered() == 0 {
			resume = idleOn.Idle()
		}
		chunk, err := s.br.ReadSlice('\n')
		if resume != nil {
			resume()
		}
		s.timer.Stop()
		s.read += int64(len(chunk))
		if s.read > s.max {
			s.err = fmt.Errorf("%s: %s: the response is larger than the app's limit of %s ([http] max_bytes in stark.toml)", s.name, s.url, httpSize(s.max))
			s.close()
			return "", false
		}
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			s.close()
			if len(buf) == 0 {
				return "", false
			}
			return string(buf), true // the last line, without a line break
		}
		if err != nil {
			// The context's cause tells an idle timeout from the run's end.
			s.err = s.explain(sb, s.ctx, err)
			s.close()
			return "", false
		}
		buf = bytes.TrimSuffix(buf[:len(buf)-1], []byte("\r"))
		return string(buf), true
	}
}

// fail ends an iteration with the stream's error: the error is recorded,
// and the thread that opened the stream is cancelled with it, so that the
// page's loop stops there (Starlark iterators cannot raise).
func (s *Stream) fail() {
	if err := s.Err(); err != nil {
		if sb := host.SandboxOf(s.thread); sb != nil && sb.Err() != nil {
			return // the run was cancelled: that is the run's error already
		}
		s.thread.Cancel(err.Error())
	}
}

func (s *Stream) String() string {
	return fmt.Sprintf("<http_stream %d %s>", s.status, s.url)
}
func (s *Stream) Type() string         { return "http_stream" }
func (s *Stream) Freeze()              { s.frozen.Store(true) } // its state is guarded by mu
func (s *Stream) Truth() starlark.Bool { return true }
func (s *Stream) Hash() (uint32, error) {
	return 0, errors.New("unhashable type: http_stream")
}

// Iterate iterates the body's lines.
func (s *Stream) Iterate() starlark.Iterator { return &lineIter{s} }

type lineIter struct{ s *Stream }

func (it *lineIter) Next(p *starlark.Value) bool {
	line, ok := it.s.Line(nil)
	if !ok {
		it.s.fail()
		return false
	}
	*p = starlark.String(line)
	return true
}
func (it *lineIter) Done() {}

func (s *Stream) AttrNames() []string {
	return []string{"close", "error", "events", "headers", "lines", "next", "ok", "status", "url"}
}

func (s *Stream) Attr(name string) (starlark.Value, error) {
	switch name {
	case "status":
		return starlark.MakeInt(s.status), nil
	case "ok":
		return starlark.Bool(s.status >= 200 && s.status < 300), nil
	case "url":
		return starlark.String(s.url), nil
	case "headers":
		return s.headers, nil
	case "error":
		if err := s.Err(); err != nil {
			return starlark.String(err.Error()), nil
		}
		return starlark.None, nil
	case "lines":
		return starlark.NewBuiltin("http_stream.lines", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return s, nil
		}), nil
	case "events":
		return starlark.NewBuiltin("http_stream.events", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return &Events{it: &eventIter{s: s}}, nil
		}), nil
	case "next":
		return starlark.NewBuiltin("http_stream.next", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			line, ok := s.Line(t)
			if !ok {
				if err := s.Err(); err != nil {
					return nil, err
				}
				return starlark.None, nil
			}
			return starlark.String(line), nil
		}), nil
	case "close":
		return starlark.NewBuiltin("http_stream.close", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			s.Close()
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

// Events is the iterable of a stream's server-sent events
// (stream.events()): each event is a struct-like dict {"event", "data",
// "id"}: event is "message" unless the server named it, data the event's
// data lines joined by "\n", id the last id the server sent ("" for none).
// Comments (lines beginning ":") and retry: are skipped; an event without
// data is not dispatched, as the EventSource specification says.
type Events struct{ it *eventIter }

var (
	_ starlark.Iterable = (*Events)(nil)
	_ starlark.HasAttrs = (*Events)(nil)
)

func (e *Events) String() string             { return fmt.Sprintf("<http_events %s>", e.it.s.url) }
func (e *Events) Type() string               { return "http_events" }
func (e *Events) Freeze()                    { e.it.s.Freeze() }
func (e *Events) Truth() starlark.Bool       { return true }
func (e *Events) Hash() (uint32, error)      { return 0, errors.New("unhashable type: http_events") }
func (e *Events) Iterate() starlark.Iterator { return e.it }
func (e *Events) AttrNames() []string        { return []string{"next"} }

// Attr returns next(): the next event, or None at the end of the body (an
// error of the body is raised), for pages that take events one at a time,
// as st.write_stream's chunk functions do.
func (e *Events) Attr(name string) (starlark.Value, error) {
	if name != "next" {
		return nil, nil
	}
	return starlark.NewBuiltin("http_events.next", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		e.it.mu.Lock()
		e.it.t = t
		v, ok := e.it.next()
		e.it.t = nil
		e.it.mu.Unlock()
		if !ok {
			if err := e.it.s.Err(); err != nil {
				return nil, err
			}
			return starlark.None, nil
		}
		return v, nil
	}), nil
}

// eventIter reads events; one per Events value, so that next() and a loop
// continue where the other stopped (lastID carries over).
type eventIter struct {
	s      *Stream
	mu     sync.Mutex
	t      *starlark.Thread // the thread of next(), or nil in a loop
	lastID string
}

// Event reads the next event; ok is false at the end of the body or after
// an error ([Stream.Err]).
func (it *eventIter) Event() (event, data, id string, ok bool) {
	var lines []string
	var hasData bool
	event = ""
	for {
		line, more := it.s.Line(it.t)
		if !more {
			// A last event without its blank line is dropped, as a
			// browser's EventSource drops it.
			return "", "", "", false
		}
		if line == "" {
			if !hasData {
				event = ""
				continue
			}
			if event == "" {
				event = "message"
			}
			return event, strings.Join(lines, "\n"), it.lastID, true
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "data":
			lines = append(lines, value)
			hasData = true
		case "event":
			event = value
		case "id":
			if !strings.ContainsRune(value, 0) {
				it.lastID = value
			}
		}
	}
}

func (it *eventIter) next() (starlark.Value, bool) {
	event, data, id, ok := it.Event()
	if !ok {
		return nil, false
	}
	d := starlark.NewDict(3)
	d.SetKey(starlark.String("event"), starlark.String(event))
	d.SetKey(starlark.String("data"), starlark.String(data))
	d.SetKey(starlark.String("id"), starlark.String(id))
	return d, true
}

func (it *eventIter) Next(p *starlark.Value) bool {
	it.mu.Lock()
	v, ok := it.next()
	it.mu.Unlock()
	if !ok {
		it.s.fail()
		return false
	}
	*p = v
	return true
}
func (it *eventIter) Done() {}
