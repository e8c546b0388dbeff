package sql_test

// This file holds the helpers of the tests, as starlib's do: apps and
// sessions of a page given as source, and what their runs show.

import (
	"os"
	"path/filepath"
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
