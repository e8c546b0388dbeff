package sql

// This file defines the databases an app declares ([connections.NAME] in
// stark.toml), which the app carries for the sql module as a host.Setting.

import (
	"sort"
	"time"

	"github.com/stark-dev/stark/host"
)

// A Connection declares a database that the app's pages may open with
// sql.connect(name). It is data only: sql.connect opens it.
type Connection struct {
	Driver string // "sqlite" or "postgres"
	// DSN is the driver's data source name, environment variables already
	// expanded: it may hold a secret, so it is never logged or shown.
	DSN     string
	Timeout time.Duration // bounds one query; default DefaultQueryTimeout
	MaxRows int           // bounds the rows of one query; default DefaultMaxRows
	// Init are statements run once, in order, when the app first opens
	// the connection (`stark test`'s sql fixtures seed a database with
	// them); a failing one fails the opening.
	Init []string
}

// Defaults of a Connection.
const (
	DefaultQueryTimeout = 10 * time.Second
	DefaultMaxRows      = 10_000
)

var setting = host.NewSetting[map[string]Connection]("sql connections")

// Configure sets the connections, by name, of the apps made with o.
func Configure(o *host.Options, conns map[string]Connection) { setting.Set(o, conns) }

// Connections returns the connections o declares (Configure), by name.
func Connections(o *host.Options) map[string]Connection {
	conns, _ := setting.Of(o)
	return conns
}

// ConnectionOf returns the app's connection declared as name, defaults
// filled in.
func ConnectionOf(app *host.App, name string) (Connection, bool) {
	conns, _ := setting.Get(app)
	c, ok := conns[name]
	if !ok {
		return Connection{}, false
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultQueryTimeout
	}
	if c.MaxRows <= 0 {
		c.MaxRows = DefaultMaxRows
	}
	return c, true
}

// ConnectionNames returns the names of the app's connections, sorted.
func ConnectionNames(app *host.App) []string {
	conns, _ := setting.Get(app)
	names := make([]string, 0, len(conns))
	for n := range conns {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
