package sql_test

// Tests of sql on PostgreSQL: the cases of sql_test.go against a real
// server, which pgServer finds or starts.

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	starsql "github.com/stark-dev/stark/lib/sql"
)

// pgServer returns the DSN of a PostgreSQL server for the test: the one
// STARK_PG_DSN names, or else a throwaway cluster made with the initdb and
// pg_ctl of an installed PostgreSQL (Debian puts them in
// /usr/lib/postgresql/*/bin), in a temporary directory, on a free loopback
// port, stopped when the test ends. PostgreSQL refuses to run as root, so a
// root process runs the cluster as the postgres system user. Without a
// server the test is skipped, except under CI, where it fails.
func pgServer(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("PostgreSQL tests run in the full suite, not with -short")
	}
	if dsn := os.Getenv("STARK_PG_DSN"); dsn != "" {
		return dsn
	}
	bin := pgBinDir()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("PostgreSQL must be installed for the sql tests (Debian: apt-get install postgresql), or STARK_PG_DSN set")
		}
		t.Skip("no PostgreSQL: install it (Debian: apt-get install postgresql) or set STARK_PG_DSN")
	}
	var asUser []string // the command prefix that runs a command as postgres
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			t.Fatalf("running as root, PostgreSQL needs the postgres system user: %v", err)
		}
		if p, err := exec.LookPath("runuser"); err == nil {
			asUser = []string{p, "-u", "postgres", "--"}
		} else {
			asUser = []string{"su", "postgres", "-s", "/bin/sh", "-c"}
		}
	}
	dir, err := os.MkdirTemp("", "stark-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if asUser != nil {
		if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v: %s", err, out)
		}
	}
	run := func(name string, args ...string) {
		t.Helper()
		cmd := append([]string{filepath.Join(bin, name)}, args...)
		if asUser != nil && asUser[0] == "su" {
			cmd = append(append([]string{}, asUser...), shellQuote(cmd))
		} else {
			cmd = append(append([]string{}, asUser...), cmd...)
		}
		c := exec.Command(cmd[0], cmd[1:]...)
		c.Dir = dir
		if out, err := c.CombinedOutput(); err != nil {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			t.Fatalf("%s: %v\n%s\n%s", strings.Join(cmd, " "), err, out, log)
		}
	}
	data, sock := filepath.Join(dir, "data"), filepath.Join(dir, "sock")
	run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C")
	if err := os.Mkdir(sock, 0o755); err != nil {
		t.Fatal(err)
	}
	if asUser != nil {
		exec.Command("chown", "postgres", sock).Run()
	}
	port := freePort(t)
	run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start",
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", port, sock))
	t.Cleanup(func() { run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop") })
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
}

// pgBinDir returns the directory of initdb and pg_ctl, or "".
func pgBinDir() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

func pgVersion(binDir string) int {
	var v int
	fmt.Sscan(filepath.Base(filepath.Dir(binDir)), &v)
	return v
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func shellQuote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

func TestPostgres(t *testing.T) {
	dsn := pgServer(t)
	pgApp := func(t *testing.T, src string, configure func(*starsql.Connection)) *host.App {
		c := starsql.Connection{Driver: "postgres", DSN: dsn}
		if configure != nil {
			configure(&c)
		}
		return appOf(t, src, nil, func(o *host.Options) { starsql.Configure(o, map[string]starsql.Connection{"db": c}) })
	}
	for _, tt := range sqlQueryCases {
		t.Run(tt.name, func(t *testing.T) {
			res := runApp(pgApp(t, salesSetup+tt.src, nil))
			mustComplete(t, res)
			if got := texts(t, res); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("texts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	t.Run("numeric and timestamps", func(t *testing.T) {
		res := runApp(pgApp(t, lines(
			`t = sql.connect("db").query("select 12.50::numeric as price, timestamptz '2024-03-01 10:00:00+00' as at, true as ok, null::int as none")`,
			`st.text(json.encode(t.dtypes))`,
			`st.text(t.column("price").to_list())`,
			`st.text(t.column("at").to_list()[0].year)`,
		), nil))
		mustComplete(t, res)
		want := []string{`{"at":"time","none":"null","ok":"bool","price":"float"}`, `[12.5]`, `2024`}
		if got := texts(t, res); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("texts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
	t.Run("max_rows", func(t *testing.T) {
		app := pgApp(t, `sql.connect("db").query("select generate_series(1, 100) as n")`, func(c *starsql.Connection) { c.MaxRows = 50 })
		mustFailWith(t, runApp(app), `query on "db": more than 50 rows (max_rows of [connections.db] in stark.toml)`)
	})
	t.Run("timeout", func(t *testing.T) {
		app := pgApp(t, `sql.connect("db").query("select pg_sleep(30)")`, func(c *starsql.Connection) { c.Timeout = 300 * time.Millisecond })
		start := time.Now()
		mustFailWith(t, runApp(app), `query on "db": no result within 300ms (timeout of [connections.db] in stark.toml)`)
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("the query ran %s past its timeout", d)
		}
	})
	t.Run("cancelled run", func(t *testing.T) {
		app := pgApp(t, `sql.connect("db").query("select pg_sleep(30)")`, func(c *starsql.Connection) { c.Timeout = time.Minute })
		run := app.Start(host.RunOptions{Page: "page.star"})
		time.Sleep(300 * time.Millisecond)
		start := time.Now()
		run.Cancel(host.Superseded)
		select {
		case <-run.Done():
		case <-time.After(10 * time.Second):
			t.Fatal("the run did not end after it was cancelled")
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("the run took %s to end after it was cancelled", d)
		}
		// The query stopped on the server too.
		probe := pgApp(t, lines(
			`t = sql.connect("db").query("select count(*) as n from pg_stat_activity where state = 'active' and query = 'select pg_sleep(30)'")`,
			`st.text(t.column("n").to_list()[0])`,
		), nil)
		for i := 0; ; i++ {
			res := runApp(probe)
			mustComplete(t, res)
			if got := texts(t, res); len(got) == 1 && got[0] == "0" {
				break
			} else if i == 20 {
				t.Fatalf("the cancelled query still runs on the server: %q", got)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	t.Run("bad server", func(t *testing.T) {
		app := pgApp(t, `sql.connect("db").query("select 1")`, func(c *starsql.Connection) {
			c.DSN = fmt.Sprintf("postgres://nobody:s3cret@127.0.0.1:%d/none?sslmode=disable&connect_timeout=2", freePort(t))
		})
		res := runApp(app)
		mustFailWith(t, res, `query on "db": `)
		if strings.Contains(errText(res), "s3cret") {
			t.Errorf("the error shows the password: %s", errText(res))
		}
	})
}
