package http_test

// Tests of http.stream against streaming httptest servers: lines and
// server-sent events read as they arrive, a body that fails mid-way, the
// allow-list, the bounds, and a run cancelled mid-stream.

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	starhttp "github.com/stark-dev/stark/lib/http"
)

// streamServer answers each path with chunks written and flushed one by
// one; after the chunks, "/hold" waits until the client goes away (it has
// sent part of its body and never ends it), and "/abort" breaks the
// connection. gone receives once the client of "/hold" went away.
func streamServer(t *testing.T, chunks ...string) (srv *httptest.Server, gone chan struct{}) {
	gone = make(chan struct{}, 1)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			body, _ := io.ReadAll(r.Body)
			io.WriteString(w, "got "+string(body)+"\n")
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for _, c := range chunks {
			io.WriteString(w, c)
			w.(http.Flusher).Flush()
		}
		switch r.URL.Path {
		case "/hold":
			<-r.Context().Done()
			gone <- struct{}{}
		case "/abort":
			panic(http.ErrAbortHandler)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, gone
}

func TestHTTPStreamLines(t *testing.T) {
	srv, _ := streamServer(t, "one\n", "two\r\n", "", "th", "ree\n", "\n", "last")
	app := appOf(t, lines(
		`s = http.stream("`+srv.URL+`/lines")`,
		`st.text("%d %s %s" % (s.status, s.ok, s.headers["content-type"]))`,
		`st.text(json.encode([line for line in s]))`,
		`st.text(s.error)`,
		`st.text(json.encode(list(http.stream("`+srv.URL+`", method="post", json={"a": 1}).lines())[:2]))`,
	), nil, allow("127.0.0.1"))
	res := runApp(app)
	mustComplete(t, res)
	want := []string{"200 True text/event-stream", `["one","two","three","","last"]`, "None", `["got {\"a\":1}","one"]`}
	if got := texts(t, res); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("texts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A line is the page's as soon as it arrives: the server sends one and then
// holds the response open until the client goes; the page reads the line,
// closes the stream, and the server sees the client go.
func TestHTTPStreamArrives(t *testing.T) {
	srv, gone := streamServer(t, "first\n")
	app := appOf(t, lines(
		`s = http.stream("`+srv.URL+`/hold", timeout=60)`,
		`for line in s:`,
		`    st.text(line)`,
		`    break`,
		`s.close()`,
		`st.text("closed")`,
	), nil, allow("127.0.0.1"))
	res := runApp(app)
	mustComplete(t, res)
	if got := texts(t, res); strings.Join(got, ",") != "first,closed" {
		t.Errorf("texts %q, want first, closed", got)
	}
	select {
	case <-gone:
	case <-time.After(10 * time.Second):
		t.Fatal("the server never saw the client close the stream")
	}
}

func TestHTTPStreamEvents(t *testing.T) {
	srv, _ := streamServer(t,
		": a comment\n",
		"data: Hel\n\n",
		"event: delta\nid: 7\ndata: lo\ndata: there\n\n",
		"retry: 100\n\n", // no data: not an event
		"data:{\"t\": \"!\"}\n\n",
		"data: unfinished\n") // no blank line: dropped
	app := appOf(t, lines(
		`events = http.stream("`+srv.URL+`/sse").events()`,
		`st.text(json.encode(events.next()))`,
		`for e in events:`,
		`    st.text(json.encode(e))`,
		`st.text(events.next())`,
	), nil, allow("127.0.0.1"))
	res := runApp(app)
	mustComplete(t, res)
	want := []string{
		`{"data":"Hel","event":"message","id":""}`,
		`{"data":"lo\nthere","event":"delta","id":"7"}`,
		`{"data":"{\"t\": \"!\"}","event":"message","id":"7"}`,
		"None",
	}
	if got := texts(t, res); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("texts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A body that breaks mid-way: what arrived is shown, and the page's loop
// stops with the error.
func TestHTTPStreamFailsMidway(t *testing.T) {
	srv, _ := streamServer(t, "part one\n", "part two\n")
	app := appOf(t, lines(
		`for line in http.stream("`+srv.URL+`/abort?token=secret"):`,
		`    st.text(line)`,
		`st.text("after the loop")`,
	), nil, allow("127.0.0.1"))
	res := runApp(app)
	mustFailWith(t, res, "http.stream: "+srv.URL+"/abort: unexpected EOF")
	t.Logf("the error: %s", errText(res))
	if got := texts(t, res); strings.Join(got, ",") != "part one,part two" {
		t.Errorf("texts %q, want the two parts that arrived", got)
	}
	if strings.Contains(errText(res), "secret") {
		t.Errorf("the error shows the URL's query: %q", errText(res))
	}

	// The body's total is bounded by [http] max_bytes, read as it arrives.
	big, _ := streamServer(t, strings.Repeat("x", 100)+"\n", strings.Repeat("y", 100)+"\n")
	app = appOf(t, lines(
		`for line in http.stream("`+big.URL+`/"):`,
		`    st.text(len(line))`,
	), nil, func(o *host.Options) {
		starhttp.Configure(o, starhttp.Options{Allow: []string{"127.0.0.1"}, MaxBytes: 150})
	})
	res = runApp(app)
	mustFailWith(t, res, "the response is larger than the app's limit of 150 bytes ([http] max_bytes in stark.toml)")
	if got := texts(t, res); strings.Join(got, ",") != "100" {
		t.Errorf("texts %q, want the first line's length", got)
	}
}

func TestHTTPStreamAllowList(t *testing.T) {
	srv, _ := streamServer(t, "x\n")
	app := appOf(t, lines(`http.stream("`+srv.URL+`/")`), nil, allow("api.example.com"))
	mustFailWith(t, runApp(app), `http.stream: host "127.0.0.1" is not in the app's allow-list ([http] allow in stark.toml)`)
	app = appOf(t, lines(`http.stream("`+srv.URL+`/", method="HEAD")`), nil, allow("127.0.0.1"))
	mustFailWith(t, runApp(app), `http.stream: for parameter method: got "HEAD"`)
}

// A read that waits past the idle timeout ends the stream with its error;
// the run's cancellation closes the body at once.
func TestHTTPStreamIdleAndCancel(t *testing.T) {
	srv, gone := streamServer(t, "first\n")
	app := appOf(t, lines(
		`for line in http.stream("`+srv.URL+`/hold", timeout=0.2):`,
		`    st.text(line)`,
	), nil, allow("127.0.0.1"))
	res := runApp(app)
	mustFailWith(t, res, "http.stream: "+srv.URL+"/hold: nothing arrived for 200ms (pass timeout= or raise [http] timeout in stark.toml)")
	if got := texts(t, res); strings.Join(got, ",") != "first" {
		t.Errorf("texts %q, want first", got)
	}
	<-gone

	app = appOf(t, lines(
		`for line in http.stream("`+srv.URL+`/hold", timeout=60):`,
		`    st.text(line)`,
	), nil, allow("127.0.0.1"))
	shown := make(chan struct{}, 1)
	run := app.Start(host.RunOptions{Page: "page.star", OnChange: func(host.Change) {
		select {
		case shown <- struct{}{}:
		default:
		}
	}})
	// The first line reached the page: the run appended it.
	select {
	case <-shown:
	case <-time.After(10 * time.Second):
		t.Fatal("the first line never reached the page")
	}
	run.Cancel(host.Superseded)
	select {
	case <-gone:
	case <-time.After(10 * time.Second):
		t.Fatal("the server never saw the cancelled run close the stream")
	}
	if res := run.Wait(); res.Status != host.Cancelled {
		t.Errorf("status %s, want cancelled", res.Status)
	}
}

// st.write_stream takes a stream's lines (a Go iterable) and a chunk
// function over its events; a stream that fails mid-way leaves what
// arrived on the page and fails the run with the error.
func TestHTTPStreamWriteStream(t *testing.T) {
	srv, _ := streamServer(t, "Hel\n", "lo\n", "data: {\"delta\": \"wor\"}\n\n", "data: {\"delta\": \"ld\"}\n\n", "data: [DONE]\n\n")
	app := appOf(t, lines(
		`s = http.stream("`+srv.URL+`/")`,
		`lines = st.write_stream([s.next(), s.next()])`,
		`events = s.events()`,
		`def chunk():`,
		`    e = events.next()`,
		`    if e == None or e["data"] == "[DONE]":`,
		`        return None`,
		`    return json.decode(e["data"])["delta"]`,
		`st.text(lines + " " + st.write_stream(chunk))`,
		`st.text(st.write_stream(http.stream("`+srv.URL+`/")))`,
	), nil, allow("127.0.0.1"))
	res := runApp(app)
	mustComplete(t, res)
	var bodies []string
	for _, e := range res.Elements() {
		bodies = append(bodies, e.Kind+":"+e.Prop("body").(string))
	}
	// Lines come without their line breaks, as chunks.
	want := `markdown:Hello|markdown:world|text:Hello world|markdown:Hellodata: {"delta": "wor"}data: {"delta": "ld"}data: [DONE]|text:Hellodata: {"delta": "wor"}data: {"delta": "ld"}data: [DONE]`
	if got := strings.Join(bodies, "|"); got != want {
		t.Errorf("elements\n%s\nwant\n%s", got, want)
	}

	broken, _ := streamServer(t, "partial ", "answer\n")
	app = appOf(t, lines(
		`st.write_stream(http.stream("`+broken.URL+`/abort"))`,
		`st.text("after")`,
	), nil, allow("127.0.0.1"))
	res = runApp(app)
	mustFailWith(t, res, "http.stream: "+broken.URL+"/abort: unexpected EOF")
	if got := res.Elements(); len(got) != 1 || got[0].Prop("body") != "partial answer" {
		t.Errorf("elements %v, want the markdown of what arrived", got)
	}
}
