package starlib_test

// This file holds the helpers of the starlib tests: sessions of a page given
// as source, and the elements of a run as JSON values to compare.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"github.com/stark-dev/stark/starlib"
)

// session returns a headless session of src (as page.star) with files beside
// it.
func session(t *testing.T, src string, files map[string]string, limits host.Limits) *harness.Session {
	t.Helper()
	s, err := harness.FromSource(t.TempDir(), src, files, limits)
	if err != nil {
		t.Fatalf("harness.FromSource: %v", err)
	}
	return s
}

// runPage runs src once in a new session.
func runPage(t *testing.T, src string) *harness.Result {
	t.Helper()
	return session(t, src, nil, host.Limits{}).Run()
}

// mustComplete fails the test unless the run completed.
func mustComplete(t *testing.T, res *harness.Result) {
	t.Helper()
	if res.Status != host.Completed {
		t.Fatalf("run status = %s (%v), want completed", res.Status, errText(res))
	}
}

// errText is the run's error message, or "" when it has none.
func errText(res *harness.Result) string {
	if res.Err == nil {
		return ""
	}
	return res.Err.Message
}

// mustFail fails the test unless the run failed with exactly want.
func mustFail(t *testing.T, res *harness.Result, want string) {
	t.Helper()
	if res.Status != host.Failed {
		t.Fatalf("run status = %s, want failed with %q", res.Status, want)
	}
	if got := errText(res); got != want {
		t.Fatalf("error = %q\nwant    %q", got, want)
	}
}

// jsonValue decodes JSON text into plain values, for comparison.
func jsonValue(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("bad JSON in test: %v\n%s", err, text)
	}
	return v
}

// asJSON encodes v and decodes it again into plain values.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return jsonValue(t, string(b))
}

// sameJSON fails the test unless got (any Go value) encodes to the same JSON
// value as the text want.
func sameJSON(t *testing.T, got any, want string) {
	t.Helper()
	g, w := asJSON(t, got), jsonValue(t, want)
	if !reflect.DeepEqual(g, w) {
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		t.Errorf("got  %s\nwant %s", gb, wb)
	}
}

// props returns an element's properties with kind and path, without the
// widget id (a hash) and without the named properties.
func props(e *host.Element, drop ...string) map[string]any {
	m := map[string]any{"kind": e.Kind, "path": e.Path}
	for k, v := range e.Props {
		m[k] = v
	}
	if e.TextBody {
		m["body"] = e.Text
	}
	for _, k := range drop {
		delete(m, k)
	}
	return m
}

// only returns the one element of kind in res, failing the test when there
// is not exactly one.
func only(t *testing.T, res *harness.Result, kind string) *host.Element {
	t.Helper()
	els := res.Find(kind)
	if len(els) != 1 {
		t.Fatalf("%d %s elements, want 1 (status %s, error %q)", len(els), kind, res.Status, errText(res))
	}
	return els[0]
}

// lines joins lines of a page with newlines.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// appOf returns an app of the page src (page.star, with files beside it)
// whose options configure changes.
func appOf(t *testing.T, src string, files map[string]string, configure func(*host.Options)) *host.App {
	t.Helper()
	dir := t.TempDir()
	files = mapWith(files, "page.star", src)
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := starlib.Options(host.Limits{})
	if configure != nil {
		configure(&opts)
	}
	app, err := host.NewApp(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}

func mapWith(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range m {
		out[a] = b
	}
	return out
}

// runApp runs app's page.star once in a new session.
func runApp(app *host.App) *harness.Result {
	return (&harness.Session{App: app, State: host.NewState(), Page: "page.star"}).Run()
}

// mustFailWith fails the test unless the run failed with an error
// containing want.
func mustFailWith(t *testing.T, res *harness.Result, want string) {
	t.Helper()
	if res.Status != host.Failed {
		t.Fatalf("run status = %s, want failed with %q", res.Status, want)
	}
	if got := errText(res); !strings.Contains(got, want) {
		t.Fatalf("error = %q\nwant it to contain %q", got, want)
	}
}

// texts returns the bodies of the text elements of a run.
func texts(t *testing.T, res *harness.Result) []string {
	t.Helper()
	var out []string
	for _, e := range res.Find("text") {
		out = append(out, e.Prop("body").(string))
	}
	return out
}

// clock is a settable clock for host.Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
