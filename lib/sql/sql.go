// Package sql defines the sql module that pages see: sql.connect(name) opens
// a database the app declares ([connections.NAME] in stark.toml, a
// [Connection] set with [Configure]), and its query and execute run SQL with
// bound parameters, returning tables (package table).
package sql

// This file defines the sql module: sql.connect(name) opens a database that
// the app's stark.toml declares ([connections.NAME]), and the connection's
// query and execute run SQL on it with bound parameters, under the run's
// cancellation and the connection's timeout and row limit.
//
// SQLite runs in process through a pure-Go driver (modernc.org/sqlite): its
// DSN is built by stark from the file the app's dsn names (read by
// [ParseSQLiteDSN], confined to the app's root) and stark's own
// settings, and an authorizer refuses what would reach other files
// (ATTACH, VACUUM INTO, load_extension) or change the connection's
// settings (PRAGMA, but for a few that only read the schema). Its memory
// is outside the Go heap, so it is bounded here: a database in memory by
// max_page_count, a file's page cache by cache_size, both out of a
// quarter of the app's [limits] memory, and SQLite's whole heap by a
// process-wide hard limit. Its statements execute on the calling thread's
// CPU and keep the thread's run slot (see [host.Sandbox.WorkContext]).
// PostgreSQL goes through pgx; its statements wait on another machine and
// give the slot up.

import (
	"context"
	dbsql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/table"
	startime "go.starlark.net/lib/time"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"modernc.org/sqlite"
)

// Module is the sql module pages see.
var Module = &starlarkstruct.Module{
	Name: "sql",
	Members: starlark.StringDict{
		"connect": starlark.NewBuiltin("sql.connect", sqlConnect),
	},
}

// sqliteHeapLimit is the hard limit of SQLite's heap in the process, for
// all apps together: past it SQLite's allocations fail ("out of memory")
// rather than the process. The bounds per connection (sqliteBudget) keep
// each app well below it; it is the backstop for what they do not see.
// sqliteSoftHeapLimit is where SQLite starts to give its caches back.
const (
	sqliteHeapLimit     = 2 << 30
	sqliteSoftHeapLimit = 1 << 30
)

// sqliteMaxConns is how many connections an app's pool of a SQLite file
// opens at most; each has its own page cache.
const sqliteMaxConns = 4

// sqliteBudget is the memory an app's SQLite connection may take outside
// the Go heap: a quarter of its [limits] memory, which the heap guard
// cannot see. A database in memory gets all of it; a file's connections
// share it as page cache.
func sqliteBudget(l host.Limits) int64 { return l.Memory / 4 }

// sqliteDriver is stark's own instance of the SQLite driver, whose
// connections carry the sandbox's authorizer. It is registered under no
// name: users of the "sqlite" name in the process are not affected.
var sqliteDriver = newSQLiteDriver()

func newSQLiteDriver() *sqlite.Driver {
	d := &sqlite.Driver{}
	d.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, _ string) error {
		// Before the authorizer, which refuses a page's pragmas.
		for _, p := range []string{
			fmt.Sprintf("PRAGMA hard_heap_limit=%d", sqliteHeapLimit),
			fmt.Sprintf("PRAGMA soft_heap_limit=%d", sqliteSoftHeapLimit),
		} {
			if _, err := c.ExecContext(context.Background(), p, nil); err != nil {
				return err
			}
		}
		a, ok := c.(sqlite.AuthorizerRegisterer)
		if !ok {
			return errors.New("the SQLite driver has no authorizer")
		}
		return a.RegisterAuthorizer(sqliteAuthorizer)
	})
	return d
}

// sqliteConnector opens connections of one dsn with sqliteDriver.
type sqliteConnector struct{ dsn string }

func (c sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	return sqliteDriver.Open(c.dsn)
}
func (c sqliteConnector) Driver() driver.Driver { return sqliteDriver }

// sqliteReadPragmas are the pragmas a page may run: they read the schema.
var sqliteReadPragmas = map[string]bool{
	"table_info": true, "table_xinfo": true, "table_list": true, "index_list": true,
	"index_info": true, "index_xinfo": true, "foreign_key_list": true, "database_list": true,
	"collation_list": true, "function_list": true, "user_version": true,
}

// sqliteAuthorizer keeps a page's SQL inside its database file.
func sqliteAuthorizer(action sqlite.AuthorizerActionCode, arg1, arg2, db, _ string) sqlite.AuthorizerReturnCode {
	switch action {
	case sqlite.AuthAttach, sqlite.AuthDetach:
		// ATTACH opens any file; VACUUM INTO attaches its target.
		return sqlite.AuthorizerDeny
	case sqlite.AuthPragma:
		if sqliteReadPragmas[strings.ToLower(arg1)] && (arg2 == "" || strings.ToLower(arg1) != "user_version") {
			return sqlite.AuthorizerOK
		}
		return sqlite.AuthorizerDeny
	case sqlite.AuthFunction:
		switch strings.ToLower(arg2) {
		case "load_extension", "fts3_tokenizer", "readfile", "writefile", "edit":
			return sqlite.AuthorizerDeny
		}
	}
	return sqlite.AuthorizerOK
}

// sqliteBusyTimeout is how long a statement waits for another connection's
// write lock on the same file before it fails with "database is locked".
const sqliteBusyTimeout = 5 * time.Second

// sqlitePageSize is the page size of a database in memory: SQLite's
// default, which max_page_count counts in.
const sqlitePageSize = 4096

// sqliteDSN returns the DSN that opens the SQLite database of dsn for an
// app with root and limits. Its errors never quote the dsn, which may hold
// an expanded secret. The file is resolved inside the app's root:
// "file:sales.db", "sales.db" and "file:data/x.db?mode=ro" name files
// relative to the root; what [ParseSQLiteDSN] refuses, and symlinks
// that point out of the root, are refused. ":memory:" is a database of the
// connection's own.
func sqliteDSN(root, dsn string, limits host.Limits) (string, error) {
	d, err := ParseSQLiteDSN(dsn)
	if err != nil {
		return "", err
	}
	budget := sqliteBudget(limits)
	params := []string{fmt.Sprintf("_pragma=busy_timeout(%d)", sqliteBusyTimeout.Milliseconds())}
	if d.Memory {
		params = append(params,
			fmt.Sprintf("_pragma=page_size(%d)", sqlitePageSize),
			fmt.Sprintf("_pragma=max_page_count(%d)", max(budget/sqlitePageSize, 16)))
		return "file::memory:?" + strings.Join(params, "&"), nil
	}
	if root == "" {
		return "", errors.New("the app's files come from a Go fs.FS, which SQLite cannot open; the host program names a data directory for its database files (stark.Options.DataDir)")
	}
	if d.Mode != "" {
		params = append(params, "mode="+d.Mode)
	}
	// A negative cache_size is in KiB.
	params = append(params, fmt.Sprintf("_pragma=cache_size(-%d)", max(budget/sqliteMaxConns>>10, 64)))
	abs := filepath.Join(root, filepath.FromSlash(d.Path))
	rel, err := filepath.Rel(root, abs)
	if err != nil || leaves(rel) {
		return "", fmt.Errorf("the path leaves the app directory")
	}
	// The file may not exist yet: check the nearest existing ancestor.
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", err
	}
	for probe := abs; ; probe = filepath.Dir(probe) {
		real, err := filepath.EvalSymlinks(probe)
		if err == nil {
			if r, err := filepath.Rel(realRoot, real); err != nil || leaves(r) {
				return "", fmt.Errorf("the path goes through a symlink that leaves the app directory")
			}
			break
		}
		if !os.IsNotExist(err) || probe == root {
			return "", errors.New("the path cannot be resolved") // err names the path
		}
	}
	return "file:" + sqliteURIPath(filepath.ToSlash(abs)) + "?" + strings.Join(params, "&"), nil
}

// sqliteURIPath escapes an absolute path for a "file:" URI, which SQLite
// percent-decodes: every byte but letters, digits, "/" and "-._~" is
// written %XX, so that the server's own directory names ("%", "?", "#")
// cannot change what opens.
func sqliteURIPath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// postgresFileKeys are the DSN parameters that make pgx read a file of the
// server's machine (or its user's PostgreSQL service settings): an app's
// author, who writes the DSN, could make the server present the server
// user's client certificate or stored passwords to a host of their choice.
var postgresFileKeys = []string{"sslcert", "sslkey", "sslpassword", "passfile", "service", "servicefile"}

// postgresDSNAllowed refuses a DSN naming any of postgresFileKeys, in URL
// ("?sslkey=…") or keyword ("sslkey=…") form, and sslrootcert other than
// "system" (the machine's certificate authorities).
func postgresDSNAllowed(dsn string) error {
	params, err := postgresParams(dsn)
	if err != nil {
		return err
	}
	for _, k := range postgresFileKeys {
		if _, ok := params[k]; ok {
			return fmt.Errorf("the parameter %s makes the server read a file of its machine, which an app may not", k)
		}
	}
	if v, ok := params["sslrootcert"]; ok && v != "system" {
		return errors.New("sslrootcert names a file of the server's machine, which an app may not; sslrootcert=system takes the machine's certificate authorities")
	}
	return nil
}

// postgresParams returns the parameters of a DSN in URL or keyword form,
// keys in lower case; a URL's password is the parameter "password".
func postgresParams(dsn string) (map[string]string, error) {
	params := map[string]string{}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return nil, errors.New("not a URL") // err would quote the DSN
		}
		for k, vs := range u.Query() {
			params[strings.ToLower(k)] = vs[len(vs)-1]
		}
		if pw, ok := u.User.Password(); ok {
			params["password"] = pw
		}
		return params, nil
	}
	for _, f := range strings.Fields(dsn) {
		if k, v, ok := strings.Cut(f, "="); ok {
			params[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(v, "'")
		}
	}
	return params, nil
}

// postgresConfigAllowed refuses what pgx filled in from the server's
// environment rather than the DSN: a password (PGPASSWORD, ~/.pgpass of the
// server's user) and Unix socket hosts (which connect as the server's
// operating-system user).
func postgresConfigAllowed(dsn string, cfg *pgx.ConnConfig) error {
	params, _ := postgresParams(dsn)
	if _, named := params["password"]; cfg.Password != "" && !named {
		return errors.New("the password does not come from the dsn but from the server's environment or ~/.pgpass; name it in the dsn (as ${STARK_APP_…} under stark serve)")
	}
	hosts := []string{cfg.Host}
	for _, f := range cfg.Fallbacks {
		hosts = append(hosts, f.Host)
	}
	for _, h := range hosts {
		if strings.HasPrefix(h, "/") || strings.HasPrefix(h, "@") {
			return errors.New("a Unix socket host connects as the server's own operating-system user; name a host and port")
		}
	}
	return nil
}

// sqlDB is a connection's pool, opened once per app.
type sqlDB struct {
	name   string
	conn   Connection
	db     *dbsql.DB
	memory bool  // a SQLite database in memory
	budget int64 // SQLite's: the memory of a database in memory
}

func (d *sqlDB) Close() error { return d.db.Close() }

// openDB returns the app's pool for the connection name; limits are the
// app's.
func openDB(app *host.App, limits host.Limits, name string) (*sqlDB, error) {
	c, ok := ConnectionOf(app, name)
	if !ok {
		names := ConnectionNames(app)
		if len(names) == 0 {
			return nil, fmt.Errorf("no connection %q: the app declares none; add [connections.%s] with driver and dsn to stark.toml", name, name)
		}
		return nil, fmt.Errorf("no connection %q: stark.toml declares %s", name, strings.Join(sqlQuoteAll(names), ", "))
	}
	v, err := app.Resource("sql."+name, func() (any, error) {
		var db *dbsql.DB
		switch c.Driver {
		case "sqlite":
			dsn, err := sqliteDSN(app.DataDir(), c.DSN, limits)
			if err != nil {
				return nil, fmt.Errorf("connection %q: dsn: %v", name, err)
			}
			db = dbsql.OpenDB(sqliteConnector{dsn})
			if strings.HasPrefix(dsn, "file::memory:") {
				db.SetMaxOpenConns(1) // each connection would have a database of its own
			} else {
				db.SetMaxOpenConns(sqliteMaxConns) // each has its page cache
			}
		case "postgres":
			if err := postgresDSNAllowed(c.DSN); err != nil {
				return nil, fmt.Errorf("connection %q: dsn: %v", name, err)
			}
			cfg, err := pgx.ParseConfig(c.DSN)
			if err != nil {
				// pgx's parse errors hide the DSN's password.
				return nil, fmt.Errorf("connection %q: %v", name, err)
			}
			if err := postgresConfigAllowed(c.DSN, cfg); err != nil {
				return nil, fmt.Errorf("connection %q: dsn: %v", name, err)
			}
			// A cancelled run's query is cancelled on the server too, and
			// its connection kept: runs are cancelled whenever a widget
			// changes. A server that does not stop within a second loses
			// the connection.
			cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
				return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, DeadlineDelay: time.Second}
			}
			db = stdlib.OpenDB(*cfg)
		default:
			return nil, fmt.Errorf("connection %q: unknown driver %q, want \"sqlite\" or \"postgres\"", name, c.Driver)
		}
		db.SetMaxIdleConns(4)
		db.SetConnMaxIdleTime(5 * time.Minute)
		d := &sqlDB{name: name, conn: c, db: db, budget: sqliteBudget(limits)}
		if c.Driver == "sqlite" {
			parsed, _ := ParseSQLiteDSN(c.DSN)
			d.memory = parsed.Memory
		}
		for i, stmt := range c.Init {
			ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
			_, err := db.ExecContext(ctx, stmt)
			cancel()
			if err != nil {
				db.Close()
				return nil, fmt.Errorf("connection %q: init statement %d: %v", name, i+1, err)
			}
		}
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*sqlDB), nil
}

func sqlQuoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strconv.Quote(n)
	}
	return out
}

// sqlConnect is sql.connect(name).
func sqlConnect(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := host.UnpackArgs(b.Name(), args, kwargs, "name", &name); err != nil {
		return nil, err
	}
	sb, err := host.SandboxFor(t, b.Name())
	if err != nil {
		return nil, err
	}
	db, err := openDB(sb.App, sb.Limits, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", b.Name(), err)
	}
	return &sqlConn{db: db}, nil
}

// Connect is st.connection(name, type=None, ttl=None), Streamlit's
// spelling of sql.connect(name): kind, when not None, must be "sql" or the
// connection's driver, and ttl, when not None, is the default ttl of the
// connection's queries.
func Connect(t *starlark.Thread, fname, name string, kind, ttl starlark.Value) (starlark.Value, error) {
	sb, err := host.SandboxFor(t, fname)
	if err != nil {
		return nil, err
	}
	db, err := openDB(sb.App, sb.Limits, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", fname, err)
	}
	if kind != nil && kind != starlark.None {
		k, ok := starlark.AsString(kind)
		if !ok || k != "sql" && k != db.conn.Driver {
			return nil, fmt.Errorf("%s: for parameter type: connection %q is a %s database; want \"sql\", %q or None (stark's connections are the [connections] of stark.toml)", fname, name, db.conn.Driver, db.conn.Driver)
		}
	}
	c := &sqlConn{db: db}
	if ttl != nil && ttl != starlark.None {
		d, err := host.DurationArg(fname+": for parameter ttl", ttl)
		if err != nil {
			return nil, err
		}
		if d <= 0 {
			return nil, fmt.Errorf("%s: for parameter ttl: want a positive duration, or None not to cache", fname)
		}
		c.ttl = ttl
	}
	return c, nil
}

// sqlConn is the value sql.connect returns. It holds the app's pool, which
// is safe for concurrent use, so it may be shared by threads and sessions.
// ttl, when set (st.connection's), is its queries' default ttl.
type sqlConn struct {
	db  *sqlDB
	ttl starlark.Value
}

var _ starlark.HasAttrs = (*sqlConn)(nil)

func (c *sqlConn) String() string {
	return fmt.Sprintf("<sql_connection %q (%s)>", c.db.name, c.db.conn.Driver)
}
func (c *sqlConn) Type() string          { return "sql_connection" }
func (c *sqlConn) Freeze()               {} // immutable
func (c *sqlConn) Truth() starlark.Bool  { return true }
func (c *sqlConn) Hash() (uint32, error) { return starlark.String(c.db.name).Hash() }
func (c *sqlConn) AttrNames() []string   { return []string{"driver", "execute", "name", "query"} }

func (c *sqlConn) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(c.db.name), nil
	case "driver":
		return starlark.String(c.db.conn.Driver), nil
	case "query":
		return starlark.NewBuiltin("query", c.query), nil
	case "execute":
		return starlark.NewBuiltin("execute", c.execute), nil
	}
	return nil, nil
}

// query is conn.query(sql, params=[], ttl=None): the rows as a table. With
// ttl, results are cached in the app's cache for that long, shared by every
// session, keyed by the connection, the SQL and the parameters.
func (c *sqlConn) query(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	const name = "query"
	var text string
	var params, ttl starlark.Value = starlark.None, nil
	if err := host.UnpackArgs(name, args, kwargs, "sql", &text, "params?", &params, "ttl?", &ttl); err != nil {
		return nil, err
	}
	if ttl == nil { // not given: the connection's
		ttl = c.ttl
	}
	if ttl == nil {
		ttl = starlark.None
	}
	sb, err := host.SandboxFor(t, name)
	if err != nil {
		return nil, err
	}
	bound, err := bindParams(name, params)
	if err != nil {
		return nil, err
	}
	if ttl == starlark.None {
		return c.runQuery(sb, text, bound)
	}
	d, err := host.DurationArg(name+": for parameter ttl", ttl)
	if err != nil {
		return nil, err
	}
	if d == 0 {
		return nil, fmt.Errorf("%s: for parameter ttl: want a positive duration, or None not to cache", name)
	}
	params.Freeze()
	key := text + "\x00" + params.String()
	return sb.App.Cache.Get(sb, "sql:"+c.db.name, key, host.CacheOptions{TTL: d}, func() (starlark.Value, error) {
		return c.runQuery(sb, text, bound)
	})
}

// execute is conn.execute(sql, params=[]): runs a statement that returns no
// rows (CREATE, INSERT, UPDATE, DELETE) and returns the rows it affected.
func (c *sqlConn) execute(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	const name = "execute"
	var text string
	var params starlark.Value = starlark.None
	if err := host.UnpackArgs(name, args, kwargs, "sql", &text, "params?", &params); err != nil {
		return nil, err
	}
	sb, err := host.SandboxFor(t, name)
	if err != nil {
		return nil, err
	}
	bound, err := bindParams(name, params)
	if err != nil {
		return nil, err
	}
	ctx, stop := c.context(sb)
	defer stop()
	res, err := c.db.db.ExecContext(ctx, text, bound...)
	if err != nil {
		return nil, c.explain(sb, ctx, name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return starlark.None, nil
	}
	return starlark.MakeInt64(n), nil
}

// context bounds a statement by the connection's timeout and the run.
// SQLite's statements execute in process, on the thread's goroutine: they
// keep its run slot, so an app's threads cannot run more of them at once
// than it has slots ([limits] runs), as for Starlark. PostgreSQL's wait on
// the database's machine and give the slot up meanwhile.
func (c *sqlConn) context(sb *host.Sandbox) (context.Context, context.CancelFunc) {
	var runCtx context.Context
	var stopRun context.CancelFunc
	if c.db.conn.Driver == "sqlite" {
		runCtx, stopRun = sb.WorkContext()
	} else {
		runCtx, stopRun = sb.Context()
	}
	ctx, cancel := context.WithTimeout(runCtx, c.db.conn.Timeout)
	return ctx, func() { cancel(); stopRun() }
}

// explain turns a driver's error into the page's: the run's cancellation,
// the timeout, or the database's message.
func (c *sqlConn) explain(sb *host.Sandbox, ctx context.Context, op string, err error) error {
	if e := sb.Err(); e != nil {
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		if time.Until(sb.Deadline()) <= 0 {
			return fmt.Errorf("%s on %q: the run's wall time ran out ([limits] wall_time in stark.toml)", op, c.db.name)
		}
		return fmt.Errorf("%s on %q: no result within %s (timeout of [connections.%s] in stark.toml)", op, c.db.name, c.db.conn.Timeout, c.db.name)
	}
	if c.db.conn.Driver == "sqlite" {
		switch msg := err.Error(); {
		case strings.Contains(msg, "authorization denied"):
			return fmt.Errorf("%s on %q: refused: a page's SQL may not attach other files (ATTACH, VACUUM INTO), load extensions or change the connection's settings (PRAGMA)", op, c.db.name)
		case c.db.memory && strings.Contains(msg, "database or disk is full"):
			return fmt.Errorf("%s on %q: the database in memory is full: it may take %s, a quarter of the app's memory (raise [limits] memory in stark.toml, or keep the data in a file)", op, c.db.name, host.FormatBytes(c.db.budget))
		case strings.Contains(msg, "out of memory"):
			return fmt.Errorf("%s on %q: SQLite ran out of memory: the process's SQLite heap limit of %s is reached (by all apps' databases together); use less memory in SQL, or keep the data in a file", op, c.db.name, host.FormatBytes(sqliteHeapLimit))
		}
	}
	return fmt.Errorf("%s on %q: %v", op, c.db.name, err)
}

// bindParams converts a list of parameters (bound to ?, $1 … in order) or a
// dict (bound by name, :name in SQLite) to driver values. Parameters are
// always bound, never written into the SQL.
func bindParams(op string, params starlark.Value) ([]any, error) {
	switch p := params.(type) {
	case starlark.NoneType:
		return nil, nil
	case *starlark.Dict:
		out := make([]any, 0, p.Len())
		for _, kv := range p.Items() {
			k, ok := starlark.AsString(kv[0])
			if !ok {
				return nil, fmt.Errorf("%s: for parameter params: a name is a string, got %s", op, kv[0].Type())
			}
			v, err := driverValue(kv[1])
			if err != nil {
				return nil, fmt.Errorf("%s: for parameter params: %q: %v", op, k, err)
			}
			out = append(out, dbsql.Named(k, v))
		}
		return out, nil
	case starlark.Indexable:
		if !isListOrTuple(p) {
			break
		}
		out := make([]any, p.Len())
		for i := range out {
			v, err := driverValue(p.Index(i))
			if err != nil {
				return nil, fmt.Errorf("%s: for parameter params: element %d: %v", op, i, err)
			}
			out[i] = v
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: for parameter params: got %s, want a list (or a dict of named parameters)", op, params.Type())
}

func driverValue(v starlark.Value) (any, error) {
	switch x := v.(type) {
	case starlark.NoneType:
		return nil, nil
	case starlark.Bool:
		return bool(x), nil
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return nil, fmt.Errorf("%s does not fit in 64 bits", x)
		}
		return n, nil
	case starlark.Float:
		return float64(x), nil
	case starlark.String:
		return string(x), nil
	case starlark.Bytes:
		return []byte(x), nil
	case startime.Time:
		return time.Time(x), nil
	}
	return nil, fmt.Errorf("got %s, want None, bool, int, float, string, bytes or time", v.Type())
}

// runQuery runs a query and returns its rows as a table.
func (c *sqlConn) runQuery(sb *host.Sandbox, text string, params []any) (starlark.Value, error) {
	const op = "query"
	ctx, stop := c.context(sb)
	defer stop()
	rows, err := c.db.db.QueryContext(ctx, text, params...)
	if err != nil {
		return nil, c.explain(sb, ctx, op, err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, c.explain(sb, ctx, op, err)
	}
	maxRows := c.db.conn.MaxRows
	cols := make([][]any, len(types))
	dest := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range dest {
		ptrs[i] = &dest[i]
	}
	n := 0
	for rows.Next() {
		if n == maxRows {
			return nil, fmt.Errorf("%s on %q: more than %d rows (max_rows of [connections.%s] in stark.toml); add a LIMIT or aggregate in SQL", op, c.db.name, maxRows, c.db.name)
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, c.explain(sb, ctx, op, err)
		}
		for i, v := range dest {
			if b, ok := v.([]byte); ok {
				v = string(b) // Scan's bytes are reused by the next row
			}
			cols[i] = append(cols[i], v)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, c.explain(sb, ctx, op, err)
	}
	return sqlTable(types, cols, n)
}

// sqlKind is the kind of a column as its declared type says.
type sqlKind int

const (
	sqlAuto sqlKind = iota // no declared type, or one stark does not map: the values say
	sqlInt
	sqlFloat
	sqlString
	sqlBool
	sqlTime
)

// sqlKindOf maps a database type name (SQLite's declared type, PostgreSQL's
// type) to a column kind, following SQLite's rules of affinity.
func sqlKindOf(typeName string) sqlKind {
	t := strings.ToUpper(typeName)
	switch {
	case t == "":
		return sqlAuto
	case strings.Contains(t, "INT") && !strings.Contains(t, "INTERVAL") && !strings.Contains(t, "POINT"):
		return sqlInt
	case strings.Contains(t, "CHAR") || strings.Contains(t, "TEXT") || strings.Contains(t, "CLOB") || t == "UUID" || t == "NAME" || strings.HasPrefix(t, "JSON"):
		return sqlString
	case strings.Contains(t, "REAL") || strings.Contains(t, "FLOA") || strings.Contains(t, "DOUB") || t == "NUMERIC" || strings.HasPrefix(t, "DECIMAL"):
		return sqlFloat
	case strings.HasPrefix(t, "BOOL"):
		return sqlBool
	case t == "DATE" || strings.HasPrefix(t, "TIMESTAMP") || t == "DATETIME":
		return sqlTime
	}
	return sqlAuto
}

// sqlTable builds the table of a query's rows: each column of the type its
// declared type says where its values fit it, and of their own type
// otherwise (SQLite's columns may mix types: a mixed column holds text).
func sqlTable(types []*dbsql.ColumnType, cols [][]any, n int) (starlark.Value, error) {
	out := make([]*table.Column, len(types))
	seen := make(map[string]int, len(types))
	for j, ct := range types {
		name := ct.Name()
		if k := seen[name]; k > 0 { // SELECT a.id, b.id: names must be unique
			name = fmt.Sprintf("%s_%d", name, k+1)
		}
		seen[ct.Name()]++
		raw := cols[j]
		if raw == nil {
			raw = []any{}
		}
		vals := make([]starlark.Value, len(raw))
		kind := sqlKindOf(ct.DatabaseTypeName())
		ok := true
		for i, x := range raw {
			if vals[i], ok = sqlValue(kind, x); !ok {
				break
			}
		}
		if !ok {
			for i, x := range raw {
				vals[i], _ = sqlValue(sqlAuto, x)
			}
		}
		c, err := table.NewColumn(name, vals)
		if err != nil { // values of several types: show them as text
			for i, x := range raw {
				vals[i], _ = sqlValue(sqlString, x)
			}
			if c, err = table.NewColumn(name, vals); err != nil {
				return nil, fmt.Errorf("query: column %q: %v", name, err)
			}
		}
		out[j] = c
	}
	t, err := table.New(out, n)
	if err != nil {
		return nil, fmt.Errorf("query: %v", err)
	}
	return t, nil
}

// sqlValue converts a driver value to a Starlark value of kind, reporting
// false when it does not fit the kind.
func sqlValue(kind sqlKind, x any) (starlark.Value, bool) {
	if x == nil {
		return starlark.None, true
	}
	switch kind {
	case sqlAuto:
		switch v := x.(type) {
		case int64:
			return starlark.MakeInt64(v), true
		case float64:
			if math.IsNaN(v) {
				return starlark.None, true
			}
			return starlark.Float(v), true
		case bool:
			return starlark.Bool(v), true
		case string:
			return starlark.String(v), true
		case time.Time:
			return startime.Time(v), true
		}
		return starlark.String(fmt.Sprint(x)), true
	case sqlInt:
		switch v := x.(type) {
		case int64:
			return starlark.MakeInt64(v), true
		case float64:
			if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				return starlark.MakeInt64(int64(v)), true
			}
		case string:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				return starlark.MakeInt64(n), true
			}
		}
	case sqlFloat:
		switch v := x.(type) {
		case float64:
			return starlark.Float(v), true
		case int64:
			return starlark.Float(float64(v)), true
		case string: // PostgreSQL's numeric
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				return starlark.Float(f), true
			}
		}
	case sqlString:
		switch v := x.(type) {
		case string:
			return starlark.String(v), true
		case time.Time:
			return starlark.String(v.Format(time.RFC3339Nano)), true
		}
		if v, ok := x.(driver.Valuer); ok {
			x, _ = v.Value()
		}
		return starlark.String(fmt.Sprint(x)), true
	case sqlBool:
		switch v := x.(type) {
		case bool:
			return starlark.Bool(v), true
		case int64:
			if v == 0 || v == 1 {
				return starlark.Bool(v == 1), true
			}
		}
	case sqlTime:
		switch v := x.(type) {
		case time.Time:
			return startime.Time(v), true
		case string:
			for _, layout := range []string{time.DateOnly, time.DateTime, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05.999999999-07:00"} {
				if tm, err := time.Parse(layout, v); err == nil {
					return startime.Time(tm), true
				}
			}
		}
	}
	return nil, false
}

// leaves reports whether a relative path climbs out of its base.
func leaves(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// isListOrTuple reports whether v is a list or a tuple.
func isListOrTuple(v starlark.Value) bool {
	switch v.(type) {
	case *starlark.List, starlark.Tuple:
		return true
	}
	return false
}
