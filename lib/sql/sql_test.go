package sql_test

// Tests of sql.connect and a connection's query and execute, on SQLite (a
// file in the test's app directory) and, through the same cases, on
// PostgreSQL (pg_test.go).

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	starsql "github.com/stark-dev/stark/lib/sql"
)

// sqliteApp returns an app of src with the connection "db", a SQLite file
// in the app directory, configured by configure when not nil.
func sqliteApp(t *testing.T, src string, configure func(*starsql.Connection)) *host.App {
	t.Helper()
	c := starsql.Connection{Driver: "sqlite", DSN: "file:test.db"}
	if configure != nil {
		configure(&c)
	}
	return appOf(t, src, nil, func(o *host.Options) {
		starsql.Configure(o, map[string]starsql.Connection{"db": c})
	})
}

// salesSetup creates and fills the table of the SQL tests; the same SQL
// runs on SQLite and PostgreSQL ($1 placeholders are SQLite's too).
var salesSetup = lines(
	`db = sql.connect("db")`,
	`db.execute("drop table if exists sales")`,
	`db.execute("create table sales (id integer primary key, region text, revenue real, orders integer, day date, note text)")`,
	`rows = [(1, "north", 10.5, 2, "2024-01-01", "O'Brien"), (2, "south", 20.0, 3, "2024-01-02", None),`,
	`        (3, "north", 1.25, 1, "2024-01-02", "1); drop table sales; --")]`,
	`for r in rows:`,
	`    db.execute("insert into sales (id, region, revenue, orders, day, note) values ($1, $2, $3, $4, $5, $6)", params=list(r))`,
)

// sqlQueryCases are the queries both databases answer alike.
var sqlQueryCases = []struct {
	name, src string
	want      []string
}{
	{"rows and types", lines(
		`t = db.query("select id, region, revenue, orders, note from sales order by id")`,
		`st.text(json.encode(t.dtypes))`,
		`st.text(t.columns)`,
		`st.text([r["note"] for r in t.rows()])`,
	), []string{
		`{"id":"int","note":"string","orders":"int","region":"string","revenue":"float"}`,
		`["id", "region", "revenue", "orders", "note"]`,
		`["O'Brien", None, "1); drop table sales; --"]`,
	}},
	{"bound parameters", lines(
		`t = db.query("select id from sales where region = $1 and revenue > $2 order by id", params=["north", 5])`,
		`st.text(t.column("id").to_list())`,
		`t = db.query("select count(*) as n from sales where note = $1", params=["1); drop table sales; --"])`,
		`st.text(t.column("n").to_list())`,
	), []string{`[1]`, `[1]`}},
	{"aggregates", lines(
		`t = db.query("select region, sum(revenue) as revenue, sum(orders) as orders from sales group by region order by region")`,
		`st.text(t.column("region").to_list())`,
		`st.text(t.column("revenue").to_list())`,
		`st.text(t.column("orders").to_list())`,
	), []string{`["north", "south"]`, `[11.75, 20.0]`, `[3, 3]`}},
	{"dates", lines(
		`t = db.query("select day from sales order by id")`,
		`st.text(t.dtypes["day"])`,
		`st.text([d.year for d in t.column("day").to_list()])`,
	), []string{`time`, `[2024, 2024, 2024]`}},
	{"no rows", lines(
		`t = db.query("select id, region from sales where id < 0")`,
		`st.text(len(t))`,
		`st.text(t.columns)`,
	), []string{`0`, `["id", "region"]`}},
	{"execute returns the rows affected", lines(
		`st.text(db.execute("update sales set orders = orders + 1 where region = $1", params=["north"]))`,
	), []string{`2`}},
}

func TestSQLite(t *testing.T) {
	for _, tt := range sqlQueryCases {
		t.Run(tt.name, func(t *testing.T) {
			app := sqliteApp(t, salesSetup+tt.src, nil)
			res := runApp(app)
			mustComplete(t, res)
			if got := texts(t, res); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("texts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if _, err := os.Stat(filepath.Join(app.Root, "test.db")); err != nil {
				t.Errorf("the database is not in the app directory: %v", err)
			}
		})
	}
}

func TestSQLiteErrors(t *testing.T) {
	tests := []struct {
		name string
		dsn  string
		src  string
		want string
	}{
		{"unknown connection", "file:test.db", `sql.connect("nope")`, `sql.connect: no connection "nope": stark.toml declares "db"`},
		{"absolute path", "file:/tmp/x.db", `sql.connect("db").query("select 1")`, `connection "db": dsn: an absolute path`},
		{"leaves the root", "../x.db", `sql.connect("db").query("select 1")`, `connection "db": dsn: the path leaves the app directory`},
		{"attach", "file:test.db", `sql.connect("db").query("attach database '/etc/passwd' as x")`, `query on "db": refused: a page's SQL may not attach other files (ATTACH, VACUUM INTO), load extensions or change the connection's settings (PRAGMA)`},
		{"vacuum into", "file:test.db", `sql.connect("db").execute("vacuum into '/tmp/stark-vacuum-test.db'")`, `execute on "db": refused: a page's SQL may not attach`},
		{"pragma that writes", "file:test.db", `sql.connect("db").execute("pragma journal_mode = wal")`, `execute on "db": refused: a page's SQL may not attach`},
		{"syntax", "file:test.db", `sql.connect("db").query("selec 1")`, `query on "db": `},
		{"params", "file:test.db", `sql.connect("db").query("select ?", params=[{}])`, `query: for parameter params: element 0: got dict, want None, bool, int, float, string, bytes or time`},
		{"ttl", "file:test.db", `sql.connect("db").query("select 1", ttl=0)`, `query: for parameter ttl: want a positive duration, or None not to cache`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := sqliteApp(t, tt.src, func(c *starsql.Connection) { c.DSN = tt.dsn })
			mustFailWith(t, runApp(app), tt.want)
		})
	}
	if _, err := os.Stat("/tmp/stark-vacuum-test.db"); err == nil {
		os.Remove("/tmp/stark-vacuum-test.db")
		t.Errorf("VACUUM INTO wrote a file outside the app")
	}
	app := appOf(t, `sql.connect("db")`, nil, nil)
	mustFailWith(t, runApp(app), `sql.connect: no connection "db": the app declares none; add [connections.db] with driver and dsn to stark.toml`)
}

func TestSQLiteReadPragmas(t *testing.T) {
	app := sqliteApp(t, lines(
		`db = sql.connect("db")`,
		`db.execute("create table t (a integer, b text)")`,
		`st.text(db.query("pragma table_info(t)").column("name").to_list())`,
	), nil)
	res := runApp(app)
	mustComplete(t, res)
	if got := texts(t, res); len(got) != 1 || got[0] != `["a", "b"]` {
		t.Errorf("texts %q", got)
	}
}

func TestSQLiteMaxRows(t *testing.T) {
	src := lines(
		`db = sql.connect("db")`,
		`t = db.query("with recursive c(x) as (select 1 union all select x + 1 from c where x < 20) select x from c")`,
		`st.text(len(t))`,
	)
	mustFailWith(t, runApp(sqliteApp(t, src, func(c *starsql.Connection) { c.MaxRows = 10 })),
		`query on "db": more than 10 rows (max_rows of [connections.db] in stark.toml); add a LIMIT or aggregate in SQL`)
	res := runApp(sqliteApp(t, src, func(c *starsql.Connection) { c.MaxRows = 20 }))
	mustComplete(t, res)
}

// endless is a query that never ends by itself.
const endless = `with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c`

func TestSQLiteTimeout(t *testing.T) {
	app := sqliteApp(t, lines(`sql.connect("db").query("`+endless+`")`), func(c *starsql.Connection) { c.Timeout = 200 * time.Millisecond })
	start := time.Now()
	mustFailWith(t, runApp(app), `query on "db": no result within 200ms (timeout of [connections.db] in stark.toml)`)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the query ran %s past its timeout", d)
	}
}

func TestSQLiteCancelledRun(t *testing.T) {
	app := sqliteApp(t, lines(`sql.connect("db").query("`+endless+`")`), func(c *starsql.Connection) { c.Timeout = time.Minute })
	run := app.Start(host.RunOptions{Page: "page.star"})
	time.Sleep(200 * time.Millisecond) // the query is under way
	start := time.Now()
	run.Cancel(host.Superseded)
	select {
	case <-run.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the run did not end after it was cancelled")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the run took %s to end after it was cancelled", d)
	}
	if res := run.Wait(); res.Status != host.Cancelled {
		t.Errorf("status %s, want cancelled", res.Status)
	}
}

// query(ttl=...) caches the table in the app's cache, for every session.
func TestSQLiteQueryTTL(t *testing.T) {
	clk := newClock(time.Unix(1000, 0))
	app := appOf(t, lines(
		`db = sql.connect("db")`,
		`db.execute("create table if not exists n (x integer)")`,
		`db.execute("insert into n values (1)")`,
		`st.text(len(db.query("select x from n", ttl=60)))`,
	), nil, func(o *host.Options) {
		o.Now = clk.Now
		starsql.Configure(o, map[string]starsql.Connection{"db": {Driver: "sqlite", DSN: "test.db"}})
	})
	var got []string
	for _, advance := range []time.Duration{0, 0, 61 * time.Second, 0} {
		clk.Advance(advance)
		res := runApp(app)
		mustComplete(t, res)
		got = append(got, texts(t, res)...)
	}
	// One row, cached; then three rows once the entry expired; cached again.
	if want := "1 1 3 3"; strings.Join(got, " ") != want {
		t.Errorf("row counts %q, want %q", strings.Join(got, " "), want)
	}
	if s := app.Cache.Stats(); s.Misses != 2 || s.Hits != 2 {
		t.Errorf("misses %d, hits %d; want 2 and 2", s.Misses, s.Hits)
	}
}

// Workers query in parallel through the one pool of the app.
func TestSQLiteFromWorkers(t *testing.T) {
	app := sqliteApp(t, lines(
		`db = sql.connect("db")`,
		`db.execute("create table if not exists t (x integer)")`,
		`def count(n):`,
		`    return len(sql.connect("db").query("with recursive c(x) as (select 1 union all select x + 1 from c where x < $1) select x from c", params=[n]))`,
		`tasks = [spawn(count, n) for n in range(1, 9)]`,
		`st.text([t.result() for t in tasks])`,
	), nil)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := runApp(app)
			if res.Status != host.Completed {
				t.Errorf("status %s: %s", res.Status, errText(res))
				return
			}
			if got := texts(t, res); len(got) != 1 || got[0] != "[1, 2, 3, 4, 5, 6, 7, 8]" {
				t.Errorf("texts %q", got)
			}
		}()
	}
	wg.Wait()
}

// TestPostgresDSNConfined: a PostgreSQL DSN may not make the server read
// files of its machine, use its user's stored passwords or connect over a
// Unix socket as its operating-system user. The checks come before any
// connection, so no server is needed.
func TestPostgresDSNConfined(t *testing.T) {
	t.Setenv("PGPASSWORD", "pgpassword-from-env")
	t.Setenv("PGPASSFILE", "/nonexistent")
	for _, tt := range []struct{ dsn, want string }{
		{"postgres://u:pw@db.example.com/x?sslkey=/home/stark/.postgresql/postgresql.key", `connection "db": dsn: the parameter sslkey makes the server read a file of its machine`},
		{"host=db.example.com user=u password=pw sslcert=/etc/ssl/client.crt", `the parameter sslcert makes the server read a file`},
		{"postgres://u:pw@db.example.com/x?passfile=/root/.pgpass", `the parameter passfile`},
		{"postgres://u:pw@db.example.com/x?service=prod", `the parameter service`},
		{"postgres://u:pw@db.example.com/x?sslrootcert=/etc/ssl/private/ca.pem", `sslrootcert names a file of the server's machine`},
		{"host=/var/run/postgresql user=postgres password=x dbname=x", `a Unix socket host connects as the server's own operating-system user`},
		{"postgres://u@db.example.com/x", `the password does not come from the dsn but from the server's environment or ~/.pgpass`},
	} {
		app := sqliteApp(t, `sql.connect("db").query("select 1")`, func(c *starsql.Connection) { c.Driver, c.DSN = "postgres", tt.dsn })
		res := runApp(app)
		mustFailWith(t, res, tt.want)
		if strings.Contains(fmt.Sprint(res.Err), "pgpassword-from-env") {
			t.Errorf("%s: the error shows the password: %v", tt.dsn, res.Err)
		}
	}
}
