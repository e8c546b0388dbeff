package sql

// This file defines how stark reads a SQLite connection's dsn: the one
// reading that `stark check` (the config) and sql.connect (starlib) share,
// so that what the check accepts is what the driver opens.

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// SQLiteDSN is a SQLite connection's dsn as stark takes it: a file inside
// the app, or a database in memory of the connection's own, and the mode.
// The connection's DSN is built from these fields and stark's own settings,
// never passed on as written: SQLite decodes %XX in a "file:" URI's path
// and honours URI parameters (vfs, mode=memory, cache=shared, immutable)
// and the driver runs "_pragma" ones, so a written DSN would open what a
// check of its text did not see.
type SQLiteDSN struct {
	// Memory is a database in memory (":memory:", "file::memory:").
	Memory bool
	// Path is the file, slash-separated, clean and relative to the app
	// root; "" for Memory.
	Path string
	// Mode is "", "ro" (read only), "rw" (read and write, the file must
	// exist) or "rwc" (the default: created when missing).
	Mode string
}

// ParseSQLiteDSN reads a SQLite dsn: "sales.db", "file:sales.db",
// "file:data/sales.db?mode=ro", ":memory:". The path is plain text, never
// percent-decoded: "%", "#", "\" and control characters are refused, as
// are absolute paths, paths that climb out with "..", and every parameter
// but mode. Its errors never quote the dsn (it may hold an expanded
// secret). It does not look at the file system: the caller confines the
// path to the app root ([SQLiteDSN.Path] relative to it) and its symlinks.
func ParseSQLiteDSN(dsn string) (SQLiteDSN, error) {
	rest := strings.TrimPrefix(dsn, "file:")
	p, query, hasQuery := strings.Cut(rest, "?")
	var d SQLiteDSN
	if hasQuery {
		for _, kv := range strings.Split(query, "&") {
			k, v, _ := strings.Cut(kv, "=")
			switch {
			case kv == "":
				continue
			case strings.ContainsAny(kv, "%+#"):
				return SQLiteDSN{}, errors.New("a parameter with %-escapes; write parameters plainly (only mode=ro, mode=rw or mode=rwc is allowed)")
			case k != "mode":
				return SQLiteDSN{}, fmt.Errorf("the parameter %q is not allowed; a SQLite dsn takes only mode=ro, mode=rw or mode=rwc", k)
			case v != "ro" && v != "rw" && v != "rwc":
				return SQLiteDSN{}, fmt.Errorf("mode=%q is not allowed; want mode=ro, mode=rw or mode=rwc", v)
			case d.Mode != "" && d.Mode != v:
				return SQLiteDSN{}, errors.New("two modes")
			}
			d.Mode = v
		}
	}
	if p == ":memory:" || p == "" {
		if d.Mode != "" {
			return SQLiteDSN{}, errors.New("a database in memory takes no mode")
		}
		d.Memory = true
		return d, nil
	}
	for _, r := range p {
		switch {
		case r == '%':
			return SQLiteDSN{}, errors.New("a % in the path: SQLite would decode %XX escapes in it; name the file plainly")
		case r == '#':
			return SQLiteDSN{}, errors.New("a # in the path; name the file plainly")
		case r == '\\':
			return SQLiteDSN{}, errors.New(`a \ in the path; separate directories with /`)
		case r < 0x20 || r == 0x7f:
			return SQLiteDSN{}, errors.New("a control character in the path")
		}
	}
	if strings.HasPrefix(p, "/") || len(p) >= 2 && p[1] == ':' {
		return SQLiteDSN{}, errors.New("an absolute path; name a file inside the app directory, relative to it")
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return SQLiteDSN{}, errors.New("the path leaves the app directory")
	}
	if clean == "." {
		return SQLiteDSN{}, errors.New("the path names the app directory, not a file")
	}
	d.Path = clean
	return d, nil
}
