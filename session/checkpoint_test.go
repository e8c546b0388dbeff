package session

import (
	"bytes"
	"fmt"
	"log/slog"
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

// memCheckpoints is a Checkpointer in memory: the store's contract is a map
// with expiry, which replica's tests check against a real Redis.
type memCheckpoints struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *memCheckpoints) Save(token string, b []byte, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[token] = append([]byte(nil), b...)
	return nil
}

func (c *memCheckpoints) Load(token string) ([]byte, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[token]
	return b, ok, nil
}

func (c *memCheckpoints) Delete(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, token)
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCheckpointResume: a session checkpointed by one manager (a replica)
// is resumed by another with its token, page, query and values; a value
// that cannot cross is left out and logged; a checkpoint past the bound is
// not written and the log says why.
func TestCheckpointResume(t *testing.T) {
	store := &memCheckpoints{m: map[string][]byte{}}
	var log syncBuf
	f := newFixture(t, map[string]string{
		"app.star": `
if "n" not in st.session_state:
    st.session_state["n"] = 0
st.session_state["n"] = st.session_state["n"] + 1
st.session_state["fn"] = len
st.write("n=%d" % st.session_state["n"])
`,
		"big.star": `st.session_state["big"] = "x" * 2000000`,
	}, Options{Checkpoints: store, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	c := f.connect("", nil)
	tok := c.token()
	f.idle(tok)
	if _, ok, _ := store.Load(tok); !ok {
		t.Fatal("no checkpoint after the run")
	}
	if !strings.Contains(log.String(), `st.session_state \"fn\" is left out`) {
		t.Errorf("log does not name the value left out:\n%s", log.String())
	}

	// Another replica resumes it.
	m2 := NewManager(f.app, Options{Checkpoints: store, Clock: f.clock})
	defer m2.Shutdown()
	c2 := &client{t: t}
	c2.conn = m2.Connect(func(frame []byte) bool {
		c2.mu.Lock()
		c2.frames = append(c2.frames, frame)
		c2.mu.Unlock()
		return true
	})
	c2.send(Incoming{Type: TypeHello, Session: tok})
	m2.mu.Lock()
	s2 := m2.sessions[tok]
	m2.mu.Unlock()
	if s2 == nil {
		t.Fatalf("the second manager made no session %s", tok)
	}
	<-s2.Idle()
	if w := c2.welcome(); w.Session != tok || !w.Resumed {
		t.Errorf("welcome: session %s resumed %v, want %s resumed", w.Session, w.Resumed, tok)
	}
	if v, _ := s2.State().Get("n"); v == nil || v.(starlark.Int).String() != "2" {
		t.Errorf("n on the second replica = %v, want 2 (1 restored, then one run)", v)
	}

	// Past the bound.
	big := f.connect("", ptr("big"))
	btok := big.token()
	f.idle(btok)
	if _, ok, _ := store.Load(btok); ok {
		t.Error("a checkpoint past the bound was written")
	}
	if !strings.Contains(log.String(), "more than the bound of 1048576") {
		t.Errorf("log does not say the checkpoint is too big:\n%s", log.String())
	}
}

// BenchmarkCheckpoint measures a checkpoint of a session holding 20
// st.session_state values (strings, numbers, a list of 100 numbers) and
// 10 widget values: what each run pays with --redis, besides Redis's
// round trip. Half the iterations change a value (a write), half not (a
// comparison only).
func BenchmarkCheckpoint(b *testing.B) {
	store := &memCheckpoints{m: map[string][]byte{}}
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.star"), []byte(`st.write("x")`), 0o644); err != nil {
		b.Fatal(err)
	}
	app, err := host.NewApp(dir, starlib.Options(host.Limits{}))
	if err != nil {
		b.Fatal(err)
	}
	m := NewManager(app, Options{Checkpoints: store})
	defer m.Shutdown()
	s := newSession(m, "app.star", "", nil)
	for i := 0; i < 20; i++ {
		s.state.Set(fmt.Sprintf("k%d", i), starlark.String(strings.Repeat("v", 40)))
	}
	l := make([]starlark.Value, 100)
	for i := range l {
		l[i] = starlark.MakeInt(i)
	}
	s.state.Set("list", starlark.NewList(l))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			s.state.Set("n", starlark.MakeInt(i))
		}
		s.checkpoint()
	}
	b.ReportMetric(float64(len(s.saved)), "bytes/checkpoint")
}

// TestShutdownCheckpoints: a graceful stop hands its sessions over: a
// widget change whose run has not finished when the replica stops is in
// the checkpoint another replica resumes from.
func TestShutdownCheckpoints(t *testing.T) {
	store := &memCheckpoints{m: map[string][]byte{}}
	f := newFixture(t, map[string]string{
		"app.star": `
n = st.number_input("n", value=1, key="n")
if n == 5:
    hold("five")
st.write("n=%d" % n)
`,
	}, Options{Checkpoints: store})
	c := f.connect("", nil)
	tok := c.token()
	f.idle(tok)
	c.widget("n", 5)
	f.reached("five") // the run of the change is in progress
	go f.let()        // the held run goes on once cancelled
	f.m.Shutdown()
	b, ok, _ := store.Load(tok)
	if !ok {
		t.Fatal("no checkpoint")
	}
	v, err := host.Deserialize(b)
	if err != nil {
		t.Fatal(err)
	}
	n, _, _ := v.(*starlark.Dict).Get(starlark.String("values"))
	got, _, _ := n.(*starlark.Dict).Get(starlark.String("n"))
	if got == nil || got.String() != "5" {
		t.Errorf("the checkpoint after a graceful stop has n = %v, want 5 (the change whose run had not finished)", got)
	}
}
