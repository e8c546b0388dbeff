// Package pagetest holds what the tests of stark's page modules share: a
// headless session of a page given as source, the checks of its result, and
// the elements of a run as JSON values to compare. It is for tests only.
package pagetest

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

// Session returns a headless session of src (as page.star) with files beside
// it.
func Session(t *testing.T, src string, files map[string]string, limits host.Limits) *harness.Session {
	t.Helper()
	s, err := harness.FromSource(t.TempDir(), src, files, limits)
	if err != nil {
		t.Fatalf("harness.FromSource: %v", err)
	}
	return s
}

// RunPage runs src once in a new session.
func RunPage(t *testing.T, src string) *harness.Result {
	t.Helper()
	return Session(t, src, nil, host.Limits{}).Run()
}

// MustComplete fails the test unless the run completed.
func MustComplete(t *testing.T, res *harness.Result) {
	t.Helper()
	if res.Status != host.Completed {
		t.Fatalf("run status = %s (%v), want completed", res.Status, ErrText(res))
	}
}

// ErrText is the run's error message, or "" when it has none.
func ErrText(res *harness.Result) string {
	if res.Err == nil {
		return ""
	}
	return res.Err.Message
}

// MustFail fails the test unless the run failed with exactly want.
func MustFail(t *testing.T, res *harness.Result, want string) {
	t.Helper()
	if res.Status != host.Failed {
		t.Fatalf("run status = %s, want failed with %q", res.Status, want)
	}
	if got := ErrText(res); got != want {
		t.Fatalf("error = %q\nwant    %q", got, want)
	}
}

// JsonValue decodes JSON text into plain values, for comparison.
func JsonValue(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("bad JSON in test: %v\n%s", err, text)
	}
	return v
}

// AsJSON encodes v and decodes it again into plain values.
func AsJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return JsonValue(t, string(b))
}

// SameJSON fails the test unless got (any Go value) encodes to the same JSON
// value as the text want.
func SameJSON(t *testing.T, got any, want string) {
	t.Helper()
	g, w := AsJSON(t, got), JsonValue(t, want)
	if !reflect.DeepEqual(g, w) {
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		t.Errorf("got  %s\nwant %s", gb, wb)
	}
}

// Props returns an element's properties with kind and path, without the
// widget id (a hash) and without the named properties.
func Props(e *host.Element, drop ...string) map[string]any {
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

// Only returns the one element of kind in res, failing the test when there
// is not exactly one.
func Only(t *testing.T, res *harness.Result, kind string) *host.Element {
	t.Helper()
	els := res.Find(kind)
	if len(els) != 1 {
		t.Fatalf("%d %s elements, want 1 (status %s, error %q)", len(els), kind, res.Status, ErrText(res))
	}
	return els[0]
}

// Lines joins lines of a page with newlines.
func Lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// AppOf returns an app of the page src (page.star, with files beside it)
// whose options configure changes.
func AppOf(t *testing.T, src string, files map[string]string, configure func(*host.Options)) *host.App {
	t.Helper()
	dir := t.TempDir()
	files = MapWith(files, "page.star", src)
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

func MapWith(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range m {
		out[a] = b
	}
	return out
}

// RunApp runs app's page.star once in a new session.
func RunApp(app *host.App) *harness.Result {
	return (&harness.Session{App: app, State: host.NewState(), Page: "page.star"}).Run()
}

// MustFailWith fails the test unless the run failed with an error
// containing want.
func MustFailWith(t *testing.T, res *harness.Result, want string) {
	t.Helper()
	if res.Status != host.Failed {
		t.Fatalf("run status = %s, want failed with %q", res.Status, want)
	}
	if got := ErrText(res); !strings.Contains(got, want) {
		t.Fatalf("error = %q\nwant it to contain %q", got, want)
	}
}

// Texts returns the bodies of the text elements of a run.
func Texts(t *testing.T, res *harness.Result) []string {
	t.Helper()
	var out []string
	for _, e := range res.Find("text") {
		out = append(out, e.Prop("body").(string))
	}
	return out
}

// A Clock is a settable clock for host.Options.Now.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// NewClock returns a clock that reads now until it is advanced.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }
