package starlib_test

// Tests of cache_data and cache_resource: one computation per key however
// many sessions ask at once, expiry on the app's clock, bounds, clear().

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"github.com/stark-dev/stark/starlib"
)

// clockApp returns an app of the page src whose caches use clk.
func clockApp(t *testing.T, src string, clk *clock) *host.App {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.star"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := starlib.Options(host.Limits{})
	opts.Now = clk.Now
	app, err := host.NewApp(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// newSession returns a new session of app's page.star.
func newSession(app *host.App) *harness.Session {
	return &harness.Session{App: app, State: host.NewState(), Page: "page.star"}
}

// counts reads the cache's counters.
func counts(app *host.App) (hits, misses, evictions int64) {
	return app.Cache.Hits.Load(), app.Cache.Misses.Load(), app.Cache.Evictions.Load()
}

func TestCacheOneComputationPerKey(t *testing.T) {
	const sessions = 20
	app := clockApp(t, lines(
		`def slow(x):`,
		`    sleep(0.05)`,
		`    return {"x": x * 2}`,
		`fetch = cache_data(slow)`,
		`st.text(repr(fetch(21)))`,
	), newClock(time.Unix(0, 0)))
	var wg sync.WaitGroup
	results := make([]*harness.Result, sessions)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = newSession(app).Run()
		}()
	}
	wg.Wait()
	for i, res := range results {
		if res.Status != host.Completed {
			t.Fatalf("session %d: %s %v", i, res.Status, errText(res))
		}
		if got := texts(t, res); len(got) != 1 || got[0] != `{"x": 42}` {
			t.Errorf("session %d: texts %q", i, got)
		}
	}
	hits, misses, _ := counts(app)
	if misses != 1 || hits != sessions-1 {
		t.Errorf("misses %d, hits %d; want 1 computation and %d hits", misses, hits, sessions-1)
	}
}

func TestCacheCounts(t *testing.T) {
	tests := []struct {
		name                    string
		src                     string
		hits, misses, evictions int64
	}{
		{"same arguments", lines(
			`f = cache_data(lambda x: x)`,
			`[f(1), f(1), f(1)]`), 2, 1, 0},
		{"other arguments", lines(
			`f = cache_data(lambda x, y=0: x)`,
			`[f(1), f(2), f(1), f(1, y=1), f(1, y=1)]`), 2, 3, 0},
		{"two functions", lines(
			`f = cache_data(lambda x: x)`,
			`g = cache_data(lambda x: x)`,
			`[f(1), g(1)]`), 0, 2, 0},
		{"data and resource are apart", lines(
			`def make():`,
			`    return 1`,
			`[cache_data(make)(), cache_resource(make)(), cache_resource(make)()]`), 1, 2, 0},
		{"max_entries evicts the least recently used", lines(
			`f = cache_data(lambda x: x, max_entries=2)`,
			`[f(1), f(2), f(1), f(3), f(2), f(1)]`), 1, 5, 3},
		{"clear", lines(
			`f = cache_data(lambda x: x)`,
			`g = cache_data(lambda x: x)`,
			`[f(1), g(1)]`,
			`f.clear()`,
			`[f(1), g(1)]`), 1, 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := clockApp(t, tt.src, newClock(time.Unix(0, 0)))
			mustComplete(t, newSession(app).Run())
			hits, misses, evictions := counts(app)
			if hits != tt.hits || misses != tt.misses || evictions != tt.evictions {
				t.Errorf("hits %d, misses %d, evictions %d; want %d, %d, %d", hits, misses, evictions, tt.hits, tt.misses, tt.evictions)
			}
		})
	}
}

func TestCacheTTL(t *testing.T) {
	for _, ttl := range []string{"60", "60.0", `"1m"`} {
		t.Run(ttl, func(t *testing.T) {
			clk := newClock(time.Unix(1000, 0))
			app := clockApp(t, lines(
				`f = cache_data(lambda: time.now(), ttl=`+ttl+`)`,
				`f()`,
			), clk)
			steps := []struct {
				advance time.Duration
				misses  int64
			}{
				{0, 1},                // computed
				{0, 1},                // cached
				{59 * time.Second, 1}, // still fresh
				{time.Second, 2},      // expired at 60s: computed again
				{30 * time.Second, 2}, // fresh again
			}
			for i, st := range steps {
				clk.Advance(st.advance)
				mustComplete(t, newSession(app).Run())
				if _, misses, _ := counts(app); misses != st.misses {
					t.Errorf("run %d: %d computations, want %d", i+1, misses, st.misses)
				}
			}
		})
	}
}

// TestCacheAcrossRuns checks that the cache outlives runs and sessions but
// not a change of the function's file.
func TestCacheAcrossRuns(t *testing.T) {
	s := session(t, lines(
		`f = cache_data(lambda: 1)`,
		`f()`,
	), nil, host.Limits{})
	for i := 0; i < 3; i++ {
		mustComplete(t, s.Run())
	}
	mustComplete(t, newSession(s.App).Run())
	if _, misses, _ := counts(s.App); misses != 1 {
		t.Errorf("%d computations over four runs, want 1", misses)
	}
	if err := s.Edit("f = cache_data(lambda: 2)\nf()\n"); err != nil {
		t.Fatal(err)
	}
	mustComplete(t, s.Run())
	if _, misses, _ := counts(s.App); misses != 2 {
		t.Errorf("%d computations after the page changed, want 2", misses)
	}
}

// TestCacheFailureNotKept checks that a failed computation is tried again.
func TestCacheFailureNotKept(t *testing.T) {
	s := session(t, lines(
		`def boom():`,
		`    fail("no data")`,
		`cache_data(boom)()`,
	), nil, host.Limits{})
	for i := 0; i < 2; i++ {
		mustFail(t, s.Run(), "fail: no data")
	}
	if _, misses, _ := counts(s.App); misses != 2 {
		t.Errorf("%d computations, want 2", misses)
	}
}

func TestCacheErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"value is frozen", "cache_data(lambda: [1])().append(2)", "append: cannot append to frozen list"},
		{"not a function", "cache_data(1)", "cache_data: for parameter func: got int, want a function"},
		{"no function", "cache_resource()(1)", "cache_resource: for parameter func: got int, want a function"},
		{"ttl text", `cache_data(len, ttl="soon")`, `cache_data: for parameter ttl: got "soon", want a duration such as "90s" or "1h"`},
		{"ttl negative", `cache_data(len, ttl=-1)`, `cache_data: for parameter ttl: got -1, want a non-negative number of seconds`},
		{"ttl list", `cache_data(len, ttl=[])`, `cache_data: for parameter ttl: got list, want seconds or a duration string`},
		{"max_entries", `cache_data(len, max_entries=-1)`, `cache_data: for parameter max_entries: got -1, want a positive number or 0 for no bound`},
		{"clear arguments", `cache_data(len).clear(1)`, `len.clear: got 1 arguments, want 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFail(t, runPage(t, tt.src), tt.want) })
	}
}
