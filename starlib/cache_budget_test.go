package starlib_test

// Tests of the cache's app-wide byte budget, session scope, invalidation by
// editing a function's file, and the counters /metrics reads.

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"github.com/stark-dev/stark/starlib"
	"go.starlark.net/starlark"
)

// budgetApp returns an app of src whose cache holds about budget bytes.
func budgetApp(t *testing.T, src string, budget int64) *host.App {
	t.Helper()
	return appOf(t, src, nil, func(o *host.Options) { o.Limits.CacheBytes = budget })
}

func TestCacheByteBudget(t *testing.T) {
	// Each value is a string of about 4 KB; the budget holds two.
	const budget = 10_000
	tests := []struct {
		name                    string
		calls                   string
		hits, misses, evictions int64
		entries                 int
	}{
		{"within the budget", `[f(1), g(1), f(1), g(1)]`, 2, 2, 0, 2},
		{"across functions, least recently used first", `[f(1), g(1), h(1), f(1)]`, 0, 4, 2, 2},
		{"a use makes an entry recent", `[f(1), g(1), f(1), h(1), f(1), g(1)]`, 2, 4, 2, 2},
		{"a value larger than the budget is not kept", `[big(1), big(1), f(1), f(1)]`, 1, 3, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := budgetApp(t, lines(
				`def value(n):`,
				`    return "x" * 4000`,
				`def large(n):`,
				`    return ["x" * 4000, "y" * 4000, "z" * 4000]`,
				`f = cache_data(value)`,
				`g = cache_data(lambda n: value(n))`,
				`h = cache_resource(value)`,
				`big = cache_data(large)`,
				tt.calls,
			), budget)
			mustComplete(t, runApp(app))
			s := app.Cache.Stats()
			if s.Hits != tt.hits || s.Misses != tt.misses || s.Evictions != tt.evictions || s.Entries != tt.entries {
				t.Errorf("hits %d, misses %d, evictions %d, entries %d; want %d, %d, %d, %d",
					s.Hits, s.Misses, s.Evictions, s.Entries, tt.hits, tt.misses, tt.evictions, tt.entries)
			}
			if s.Bytes > budget || s.MaxBytes != budget {
				t.Errorf("%d bytes kept of a budget of %d (stats say %d)", s.Bytes, budget, s.MaxBytes)
			}
		})
	}
}

func TestCacheStatsAfterClear(t *testing.T) {
	app := budgetApp(t, lines(
		`f = cache_data(lambda n: "x" * n)`,
		`g = cache_data(lambda n: "y" * n)`,
		`[f(100), f(200), g(100)]`,
		`f.clear()`,
	), 0)
	mustComplete(t, runApp(app))
	s := app.Cache.Stats()
	if s.Entries != 1 || s.Bytes < 100 || s.Bytes > 1000 {
		t.Errorf("entries %d, bytes %d after clearing f; want g's one entry", s.Entries, s.Bytes)
	}
	if s.MaxBytes != host.DefaultCacheBytes {
		t.Errorf("budget %d, want the default %d", s.MaxBytes, host.DefaultCacheBytes)
	}
	app.Cache.Clear("")
	if s := app.Cache.Stats(); s.Entries != 0 || s.Bytes != 0 {
		t.Errorf("entries %d, bytes %d after clearing all", s.Entries, s.Bytes)
	}
}

// Editing the file of a cached function gives its entries a new key.
func TestCacheFileEdit(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("lib.star", lines(`def twice(n):`, `    return n * 2`, `fetch = cache_data(twice)`))
	write("page.star", lines(`load("lib.star", "fetch")`, `st.text(fetch(21))`))
	app, err := starlib.NewApp(dir, host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	s := &harness.Session{App: app, State: host.NewState(), Page: "page.star"}
	run := func(want string) {
		t.Helper()
		res := s.Run()
		mustComplete(t, res)
		if got := texts(t, res); len(got) != 1 || got[0] != want {
			t.Errorf("texts %q, want %q", got, want)
		}
	}
	run("42")
	run("42")
	// A new version of the module: same function name and position, other
	// content (and size, so the file's stat tells).
	write("lib.star", lines(`def twice(n):`, `    return n * 3 `, `fetch = cache_data(twice)`))
	app.Reload([]string{"lib.star"})
	run("63")
	run("63")
	if s := app.Cache.Stats(); s.Misses != 2 || s.Hits != 2 {
		t.Errorf("misses %d, hits %d; want 2 computations (one per version) and 2 hits", s.Misses, s.Hits)
	}
}

// Twenty sessions asking at once share one computation; with scope=
// "session" each computes its own, once, and sees only its own.
func TestCacheScope(t *testing.T) {
	const sessions = 20
	for _, scope := range []string{"app", "session"} {
		t.Run(scope, func(t *testing.T) {
			app := clockApp(t, lines(
				`def compute():`,
				`    sleep(0.05)`,
				`    return st.session_state.get("who", "nobody")`,
				`mine = cache_data(compute, scope="`+scope+`")`,
				`st.text(mine())`,
			), newClock(time.Unix(0, 0)))
			states := make([]*host.State, sessions)
			var wg sync.WaitGroup
			results := make([][]string, sessions)
			for i := range states {
				states[i] = host.NewState()
				states[i].Set("who", starlark.String("s"+string(rune('a'+i))))
			}
			for round := range 2 {
				for i := range states {
					wg.Add(1)
					go func() {
						defer wg.Done()
						res := (&harness.Session{App: app, State: states[i], Page: "page.star"}).Run()
						if res.Status != host.Completed {
							t.Errorf("session %d: %s %s", i, res.Status, errText(res))
							return
						}
						if round == 1 {
							results[i] = texts(t, res)
						}
					}()
				}
				wg.Wait()
			}
			hits, misses, _ := counts(app)
			wantMisses := int64(1)
			if scope == "session" {
				wantMisses = sessions
			}
			if misses != wantMisses || hits != 2*sessions-wantMisses {
				t.Errorf("misses %d, hits %d; want %d computations", misses, hits, wantMisses)
			}
			first := results[0][0]
			for i, got := range results {
				want := first // every session sees the first computation's
				if scope == "session" {
					want = "s" + string(rune('a'+i))
				}
				if len(got) != 1 || got[0] != want {
					t.Errorf("session %d saw %q, want %q", i, got, want)
				}
			}
		})
	}
}

func TestCacheScopeErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`cache_data(len, scope="user")`, `cache_data: for parameter scope: got "user", want "app" (shared by every session) or "session"`},
		{`cache_resource(len, scope="session")`, `cache_resource: unexpected keyword argument "scope"`},
		{lines(
			`f = cache_data(lambda: 1, scope="session")`,
			`spawn(f).result()`,
		), `cache_data: scope="session" needs the session, and thread "spawn-1" was spawned without the run's context; pass context=True to spawn(), or call lambda from the script thread`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) { mustFailWith(t, runPage(t, tt.src), tt.want) })
	}
	// With the context, a worker reaches the session's entries.
	mustComplete(t, runPage(t, lines(
		`f = cache_data(lambda: 1, scope="session")`,
		`spawn(f, context=True).result()`,
	)))
}

func TestCacheStatsConcurrent(t *testing.T) {
	app := budgetApp(t, lines(
		`f = cache_data(lambda n: str(n) * 100)`,
		`[f(n) for n in range(50)]`,
	), 5_000)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mustComplete(t, runApp(app))
			_ = app.Cache.Stats()
		}()
	}
	wg.Wait()
	s := app.Cache.Stats()
	if s.Bytes > 5_000 || s.Evictions == 0 {
		t.Errorf("bytes %d, evictions %d: want the budget kept by evictions", s.Bytes, s.Evictions)
	}
}
