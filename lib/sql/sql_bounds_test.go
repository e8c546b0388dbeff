package sql_test

// Tests of the bounds of SQLite connections (issue 12): a dsn cannot open
// another app's database however it is encoded, a database in memory is
// bounded by the app's memory, and SQLite's statements count against the
// app's run slots.

import (
	"database/sql"
	"database/sql/driver"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	starsql "github.com/stark-dev/stark/lib/sql"
	"github.com/stark-dev/stark/starlib"
	"modernc.org/sqlite"
)

// victimDB makes another app's database beside the attacker's app, with
// the secret "hunter2", and returns its path.
func victimDB(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Join(root, "victimdb")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "victim.db")
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"create table secret (s text)", "insert into secret values ('hunter2')"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// TestSQLiteDSNConfined: every way of writing a path or a parameter that
// SQLite would read as a file outside the app (percent-escapes of any
// case, depth or double encoding, "..", absolute and authority forms,
// URI parameters, driver pragmas) is refused before anything opens, and
// the other app's database is neither read nor written.
func TestSQLiteDSNConfined(t *testing.T) {
	root := t.TempDir()
	victim := victimDB(t, root)
	for _, dsn := range []string{
		"file:%2e%2e/victimdb/victim.db",
		"file:%2E%2E/victimdb/victim.db",
		"file:.%2e/victimdb/victim.db",
		"file:%2e./victimdb/victim.db",
		"..%2fvictimdb/victim.db",
		"..%2Fvictimdb%2Fvictim.db",
		"file:%2e%2e%2fvictimdb%2fvictim.db",
		"file:%252e%252e/victimdb/victim.db",
		"file:sub/%2e%2e/%2e%2e/victimdb/victim.db",
		"file:%2e%2e/%2e%2e/" + strings.TrimPrefix(filepath.ToSlash(victim), "/"),
		"file:%2f" + strings.TrimPrefix(filepath.ToSlash(victim), "/"),
		"file:../victimdb/victim.db",
		"file:sub/../../victimdb/victim.db",
		"file:" + filepath.ToSlash(victim),
		"file://" + filepath.ToSlash(victim),
		"file://localhost" + filepath.ToSlash(victim),
		`..\victimdb\victim.db`,
		"file:app.db?vfs=unix-none",
		"file:app.db?mode=memory&cache=shared",
		"file:shared?mode=memory&cache=shared",
		"file:app.db?%6dode=ro",
		"file:app.db?_pragma=max_page_count(99999999)",
		"file:app.db?immutable=1",
		"file:app.db#x",
		":memory:?cache=shared",
	} {
		t.Run(dsn, func(t *testing.T) {
			dir := filepath.Join(root, "app")
			if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			src := lines(
				`db = sql.connect("db")`,
				`db.execute("insert into secret values ('written')")`,
				`st.text(db.query("select s from secret").rows())`,
			)
			if err := os.WriteFile(filepath.Join(dir, "page.star"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			opts := starlib.Options(host.Limits{})
			starsql.Configure(&opts, map[string]starsql.Connection{"db": {Driver: "sqlite", DSN: dsn}})
			app, err := host.NewApp(dir, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer app.Close()
			res := runApp(app)
			if res.Status != host.Failed || !strings.Contains(errText(res), `sql.connect: connection "db": dsn: `) {
				t.Fatalf("status %s, error %q; want the dsn refused", res.Status, errText(res))
			}
			if msg := errText(res); strings.Contains(msg, "hunter2") || strings.Contains(msg, "victim") {
				t.Errorf("the error shows what it must not: %q", msg)
			}
			t.Logf("%s", errText(res))
		})
	}
	db, err := sql.Open("sqlite", victim)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("select count(*) from secret").Scan(&n); err != nil || n != 1 {
		t.Errorf("the victim's table has %d rows (%v), want its 1", n, err)
	}
}

// The dsns an app may write open the files they name, inside the app.
func TestSQLiteDSNForms(t *testing.T) {
	for _, tt := range []struct{ dsn, file string }{
		{"sales.db", "sales.db"},
		{"file:sales.db", "sales.db"},
		{"file:data/sales.db?mode=rwc", "data/sales.db"},
		{"file:./data/../sales.db", "sales.db"},
		{"file:odd name ~-_.db", "odd name ~-_.db"},
		{":memory:", ""},
		{"file::memory:", ""},
	} {
		t.Run(tt.dsn, func(t *testing.T) {
			app := appOf(t, lines(
				`db = sql.connect("db")`,
				`db.execute("create table t (x integer)")`,
				`db.execute("insert into t values (1)")`,
				`st.text(db.query("select x from t").column("x").to_list())`,
			), map[string]string{"data/keep": ""}, func(o *host.Options) {
				starsql.Configure(o, map[string]starsql.Connection{"db": {Driver: "sqlite", DSN: tt.dsn}})
			})
			res := runApp(app)
			mustComplete(t, res)
			if got := texts(t, res); len(got) != 1 || got[0] != "[1]" {
				t.Errorf("texts %q", got)
			}
			if tt.file != "" {
				if _, err := os.Stat(filepath.Join(app.Root, filepath.FromSlash(tt.file))); err != nil {
					t.Errorf("the database is not at %s: %v", tt.file, err)
				}
			}
		})
	}
}

// A database in memory is bounded by a quarter of the app's memory, which
// SQLite takes outside the Go heap and the heap guard cannot see: filling
// it fails with a clear error and the app goes on.
func TestSQLiteMemoryBounded(t *testing.T) {
	app := appOf(t, lines(
		`db = sql.connect("db")`,
		`db.execute("create table if not exists t (b blob)")`,
		`for i in range(100):`,
		`    db.execute("insert into t select zeroblob(1000000)")`,
	), map[string]string{"fits.star": lines(
		`db = sql.connect("db")`,
		`db.execute("delete from t")`,
		`db.execute("insert into t select zeroblob(1000000)")`,
		`st.text(db.query("select count(*) as n from t").column("n").to_list())`,
	)}, func(o *host.Options) {
		o.Limits.Memory = 64 << 20
		starsql.Configure(o, map[string]starsql.Connection{"db": {Driver: "sqlite", DSN: ":memory:"}})
	})
	res := runApp(app)
	mustFailWith(t, res, `execute on "db": the database in memory is full: it may take 16 MiB, a quarter of the app's memory (raise [limits] memory in stark.toml, or keep the data in a file)`)
	// What fits still works.
	res = (&harness.Session{App: app, State: host.NewState(), Page: "fits.star"}).Run()
	mustComplete(t, res)
	if got := texts(t, res); len(got) != 1 || got[0] != "[1]" {
		t.Errorf("texts %q", got)
	}
}

// probe is a SQL function of the tests that records how many statements
// of the process execute it at once.
var probe struct {
	once     sync.Once
	mu       sync.Mutex
	now, max int
}

func registerProbe(t *testing.T) {
	probe.once.Do(func() {
		err := starsql.SQLiteDriver.RegisterScalarFunction("stark_probe", 0, func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
			probe.mu.Lock()
			probe.now++
			probe.max = max(probe.max, probe.now)
			probe.mu.Unlock()
			time.Sleep(30 * time.Millisecond) // for the others to overlap it, if they may
			probe.mu.Lock()
			probe.now--
			probe.mu.Unlock()
			return int64(1), nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	probe.mu.Lock()
	probe.max = 0
	probe.mu.Unlock()
}

// SQLite's statements execute in process on the thread's CPU: they keep
// the thread's run slot, so an app's spawned threads run no more of them
// at once than the app has run slots.
func TestSQLiteHoldsRunSlot(t *testing.T) {
	registerProbe(t)
	app := appOf(t, lines(
		`def q(i):`,
		`    return sql.connect("db").query("select stark_probe() as p").column("p").to_list()`,
		`tasks = [spawn(q, i) for i in range(6)]`,
		`st.text([t.result() for t in tasks])`,
	), nil, func(o *host.Options) {
		o.Limits.Runs = 1
		starsql.Configure(o, map[string]starsql.Connection{"db": {Driver: "sqlite", DSN: "file:test.db"}})
	})
	res := runApp(app)
	mustComplete(t, res)
	probe.mu.Lock()
	defer probe.mu.Unlock()
	if probe.max != 1 {
		t.Errorf("%d statements executed at once on an app of 1 run slot, want 1", probe.max)
	}
}
