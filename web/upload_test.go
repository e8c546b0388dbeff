package web_test

// Tests of uploads as an attacker posts them: the checks come before the
// body is read, the body is read once into the one copy the page sees, and
// an app takes only so many uploads at once (findings 9 and 14 of issue
// 12).

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

const uploadPage = `f = st.file_uploader("Data", key="up")
st.button("Go", key="btn")
st.text("size %d" % (len(f["data"]) if f else -1))
`

// serveLimits starts a real server of page under limits.
func serveLimits(t *testing.T, page string, limits host.Limits) *httptest.Server {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.star"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	app, err := starlib.NewApp(dir, limits)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(app, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		srv.Shutdown()
		ts.Close()
	})
	return ts
}

// slowBody is a request body of size bytes that a goroutine writes in
// chunks, and that stops (with an error) once stop is called; sent is
// what it wrote.
type slowBody struct {
	pr   *io.PipeReader
	pw   *io.PipeWriter
	sent atomic.Int64
	done chan struct{}
}

var errStopped = errors.New("stopped by the test")

func newSlowBody(size int64, hold <-chan struct{}, holdAfter int64) *slowBody {
	b := &slowBody{done: make(chan struct{})}
	b.pr, b.pw = io.Pipe()
	go func() {
		defer close(b.done)
		chunk := make([]byte, 256<<10)
		for b.sent.Load() < size {
			if b.sent.Load() >= holdAfter && hold != nil {
				<-hold
				hold = nil
			}
			n, err := b.pw.Write(chunk[:min(int64(len(chunk)), size-b.sent.Load())])
			b.sent.Add(int64(n))
			if err != nil {
				return
			}
		}
		b.pw.Close()
	}()
	return b
}

// stop ends the body and returns what was written of it.
func (b *slowBody) stop() int64 {
	b.pw.CloseWithError(errStopped)
	<-b.done
	return b.sent.Load()
}

// postUpload posts body (of the declared length) for widget of session.
func postUpload(t *testing.T, ts *httptest.Server, session, widget, origin string, body io.Reader, length int64) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", ts.URL+"/_stark/upload?session="+session+"&widget="+widget, body)
	req.ContentLength = length
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("X-File-Name", "f.csv")
	req.Header.Set("Origin", origin)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// A request for an unknown session, a widget that is not an uploader, or a
// declared length past the limit is answered before its body is read (20
// posts of 49 MiB to an unknown session held 2.2 GB before).
func TestUploadCheckedBeforeBody(t *testing.T) {
	const size = 48 << 20
	ts := serveLimits(t, uploadPage, host.Limits{UploadBytes: 64 << 20})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	for _, tt := range []struct {
		name, session, widget, origin string
		length                        int64
		code                          int
		want                          string
	}{
		{"unknown session", "nosuchsession", "up", ts.URL, size, http.StatusNotFound, "no such session"},
		{"not an uploader", c.Session, "btn", ts.URL, size, http.StatusBadRequest, "not a file_uploader"},
		{"no such widget", c.Session, "nope", ts.URL, size, http.StatusBadRequest, "not a file_uploader"},
		{"cross-origin", c.Session, "up", "https://evil.example.com", size, http.StatusForbidden, "origin not allowed"},
		{"declared too large", c.Session, "up", ts.URL, 65 << 20, http.StatusRequestEntityTooLarge, "larger than the app's upload limit"},
		{"chunked too large", c.Session, "up", ts.URL, -1, http.StatusRequestEntityTooLarge, "larger than the app's upload limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			total := tt.length
			if total < 0 {
				total = 80 << 20
			}
			b := newSlowBody(total, nil, 0)
			code, msg := postUpload(t, ts, tt.session, tt.widget, tt.origin, b.pr, tt.length)
			sent := b.stop()
			if code != tt.code || !strings.Contains(msg, tt.want) {
				t.Errorf("%d %q, want %d %q", code, msg, tt.code, tt.want)
			}
			if tt.length >= 0 && sent >= total {
				t.Errorf("the server read the whole body (%d MiB) before answering", sent>>20)
			}
		})
	}
	healthy(t, ts)
}

// An app takes [limits] uploads at once; past it a post is refused at
// once, and taken again when one ends.
func TestUploadConcurrencyBound(t *testing.T) {
	ts := serveLimits(t, uploadPage, host.Limits{Uploads: 1})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	hold := make(chan struct{})
	release := sync.OnceFunc(func() { close(hold) })
	defer release() // on failure too: the server's Close waits for the slow upload
	slow := newSlowBody(2<<20, hold, 1<<20)
	first := make(chan int, 1)
	go func() {
		code, _ := postUpload(t, ts, c.Session, "up", ts.URL, slow.pr, 2<<20)
		first <- code
	}()
	// The server has read the first MiB of the slow body, through the pipe:
	// it holds the app's one upload slot until the body ends.
	for deadline := time.Now().Add(30 * time.Second); slow.sent.Load() < 1<<20; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server never read the slow upload")
		}
	}
	if code, msg := postUpload(t, ts, c.Session, "up", ts.URL, strings.NewReader("a,b\n"), 4); code != http.StatusServiceUnavailable || !strings.Contains(msg, "uploads") {
		t.Fatalf("a second upload while the app's one upload slot was held: %d %q, want 503 naming [limits] uploads", code, msg)
	}
	release()
	if code := <-first; code != http.StatusOK {
		t.Errorf("the slow upload: %d", code)
	}
	if code, msg := postUpload(t, ts, c.Session, "up", ts.URL, strings.NewReader("a,b\n"), 4); code != http.StatusOK {
		t.Errorf("an upload after the slot was freed: %d %q", code, msg)
	}
}

// A large upload is held once: reading it and a run that reads it
// allocate about its size, not several times it (a 1 GiB upload peaked
// at 3.8 GB before).
func TestUploadHeldOnce(t *testing.T) {
	const size = 48 << 20
	ts := serveLimits(t, uploadPage, host.Limits{UploadBytes: 64 << 20})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	data := bytes.Repeat([]byte("a"), size)
	for _, chunked := range []bool{false, true} {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.TotalAlloc
		var in io.Reader = bytes.NewReader(data)
		length := int64(size)
		if chunked {
			in, length = io.MultiReader(in), -1 // no length: sent chunked
		}
		code, msg := postUpload(t, ts, c.Session, "up", ts.URL, in, length)
		if code != http.StatusOK {
			t.Fatalf("upload: %d %q", code, msg)
		}
		var tok struct{ Token string }
		json.Unmarshal([]byte(msg), &tok)
		c.SetWidget("up", []string{tok.Token})
		runEnd(t, c)
		if got := body(c, "main.2"); got != "size 50331648" {
			t.Fatalf("the page shows %q", got)
		}
		runtime.ReadMemStats(&ms)
		alloc := ms.TotalAlloc - before
		t.Logf("chunked %v: %d MiB allocated for an upload of %d MiB and a run", chunked, alloc>>20, size>>20)
		if alloc > size*3/2 {
			t.Errorf("chunked %v: uploading %d MiB and running the page allocated %d MiB", chunked, size>>20, alloc>>20)
		}
	}
}

// The files the app's sessions hold are bounded together by [limits]
// upload_store_bytes: a session makes room by dropping its own oldest
// files; past that, an upload is refused (507) before its body is read,
// until a session that holds files ends.
func TestUploadStoreBound(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.star"), []byte(uploadPage), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file of 1,000 bytes counts about 1.3 KB: three fit in 4 KiB.
	app, err := starlib.NewApp(dir, host.Limits{UploadBytes: 1000, UploadStoreBytes: 4 << 10})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(app, web.Options{Grace: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		srv.Shutdown()
		ts.Close()
	})
	a, b := dial(t, ts, "", ""), dial(t, ts, "", "")
	runEnd(t, a)
	runEnd(t, b)
	file := strings.Repeat("x", 1000)
	post := func(session string) (int, string) {
		return postUpload(t, ts, session, "up", ts.URL, strings.NewReader(file), int64(len(file)))
	}
	for i := range 3 {
		if code, msg := post(a.Session); code != http.StatusOK {
			t.Fatalf("upload %d of a: %d %q", i, code, msg)
		}
	}
	if code, msg := post(b.Session); code != http.StatusInsufficientStorage || !strings.Contains(msg, "upload_store_bytes") {
		t.Errorf("b's upload past the app's store: %d %q, want 507", code, msg)
	}
	if code, msg := post(a.Session); code != http.StatusOK {
		t.Errorf("a's fourth upload, for which a drops its oldest: %d %q", code, msg)
	}
	// a ends: its files go.
	a.Close()
	for i := 0; ; i++ {
		code, msg := post(b.Session)
		if code == http.StatusOK {
			break
		}
		if i > 500 {
			t.Fatalf("b's upload after a ended: %d %q", code, msg)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
