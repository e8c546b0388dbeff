// Package config loads an app's stark.toml: its limits, network allow-list,
// database connections, access rules, theme and secrets.
//
// Every key has a safe default (no network, no databases, the host's small
// limits), so an app without the file runs as if it had an empty one.
// Unknown keys and values of the wrong type are refused with the file, line
// and column, the table and the key:
//
//	stark.toml:4:1: [limits] stepz: unknown key
//	stark.toml:3:9: [limits] steps: want an integer, got string
//
// The file never holds secrets: a connection's dsn (and an access token)
// names them as ${VAR}, expanded from the server's environment when the file
// is loaded.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/http"
	"github.com/stark-dev/stark/lib/sql"
)

// FileName is the name of an app's configuration file, at its root.
const FileName = "stark.toml"

// Config is an app's configuration. The zero value of a field means its
// default, as for [host.Limits]; [Default] fills in the others.
type Config struct {
	// File is the file loaded, "" when the app has none.
	File        string
	Limits      host.Limits
	HTTP        http.Options
	Connections map[string]sql.Connection
	Access      Access
	Theme       Theme
	Runner      Runner
	// Auth are the OpenID Connect providers of [auth.NAME] (and of [auth]
	// itself, called "default"), by name.
	Auth map[string]OIDCProvider
	// Secrets is the [secrets] table, environment variables expanded:
	// names to strings or nested tables (st.secrets).
	Secrets map[string]any
	App     AppTable
	Map     MapTable
}

// MapTable is the [map] table: the tile server st.map draws its points on
// (Web Mercator, as slippy-map servers serve them). Without Tiles the
// points are drawn on a plain projection, offline.
type MapTable struct {
	// Tiles is an http(s) URL template with {z}, {x} and {y}, as
	// "https://tile.example.org/{z}/{x}/{y}.png".
	Tiles string
	// Attribution is the text shown in the map's corner (a tile server's
	// terms usually require one).
	Attribution string
}

// Runner is the [runner] table: how pages run.
type Runner struct {
	// Magic writes a page's bare expressions as st.write does (Streamlit's
	// magic); default true.
	Magic bool
}

// Access is the [access] table: who may open the app. It is parsed and
// checked here; the server enforces it.
type Access struct {
	// Public lets anyone open the app; default true.
	Public bool
	// Users maps a user name to the bcrypt hash of the user's password.
	Users map[string]string
	// Tokens are bearer tokens that open the app (environment variables
	// expanded).
	Tokens []string
	// OIDC names the [auth] provider whose logins open the app; Emails,
	// when set, are the addresses (or "@domain"s) it admits.
	OIDC   string
	Emails []string
}

// OIDCProvider is a table of [auth]: an OpenID Connect provider that
// visitors sign in with (st.login).
type OIDCProvider struct {
	ClientID     string
	ClientSecret string // environment variables expanded
	Issuer       string // the issuer URL
	MetadataURL  string // server_metadata_url: the discovery document's URL
	Scopes       []string
}

// AppTable is the [app] table.
type AppTable struct {
	// Title is the app's title in the browser's top bar (a page's
	// set_page_config(page_title=...) overrides it); "" is the app's name.
	Title string
}

// Theme is the [theme] table.
type Theme struct {
	PrimaryColor string // a CSS hex colour, "#rgb" or "#rrggbb"; "" is the front end's own
	Base         string // "light" (default) or "dark"
}

// Default returns the configuration of an app without stark.toml.
func Default() *Config {
	return &Config{Access: Access{Public: true}, Theme: Theme{Base: "light"}, Runner: Runner{Magic: true}}
}

// Load loads dir/stark.toml, or returns [Default] when the app has no such
// file.
func Load(dir string) (*Config, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return Default(), nil
	}
	return LoadFile(path)
}

// LoadFile loads the configuration file at path, which must exist.
// Environment variables named in it are read from the process's
// environment, any but [ServerSecrets].
func LoadFile(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, os.LookupEnv)
}

// LoadApp loads the stark.toml of the app called name of `stark serve`, as
// Load does, except that the file may name only the environment variables
// whose names start with [AppEnvPrefix](name): one team's file cannot read
// another's secrets, or the server's, into a DSN it controls.
func LoadApp(dir, name string) (*Config, error) {
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, err
	}
	return parse(path, data, os.LookupEnv, AppEnvPrefix(name))
}

// AppEnvPrefix is what the environment variables an app of `stark serve`
// may name start with: STARK_APP_, the app's name in upper case with "-" as
// "_", and "_" (the app sales-eu: STARK_APP_SALES_EU_).
func AppEnvPrefix(name string) string {
	return "STARK_APP_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_")) + "_"
}

// ServerSecrets are the server's own environment variables, which no
// stark.toml may name.
var ServerSecrets = map[string]bool{"STARK_SECRET": true, "STARK_OPERATOR_TOKEN": true}

// Options returns base with the configuration applied: the limits that the
// file sets replace base's, and the http options and connections are the
// file's.
func (c *Config) Options(base host.Options) host.Options {
	base.Limits = MergeLimits(base.Limits, c.Limits)
	http.Configure(&base, c.HTTP)
	sql.Configure(&base, c.Connections)
	base.NoMagic = !c.Runner.Magic
	if c.Secrets != nil {
		host.Secrets.Set(&base, c.Secrets)
	}
	if len(c.Auth) > 0 {
		var names []string
		for name := range c.Auth {
			names = append(names, name)
		}
		sort.Strings(names)
		host.AuthProviders.Set(&base, names)
	}
	host.Theme.Set(&base, map[string]string{"primary_color": c.Theme.PrimaryColor, "base": c.Theme.Base})
	base.Title = c.App.Title
	if c.Map.Tiles != "" {
		host.MapTiles.Set(&base, map[string]string{"tiles": c.Map.Tiles, "attribution": c.Map.Attribution})
	}
	return base
}

// MergeLimits returns base with every field that over sets (every non-zero
// field) replaced: how a flag of `stark render` overrides the file.
func MergeLimits(base, over host.Limits) host.Limits {
	set := func(dst *int, v int) {
		if v != 0 {
			*dst = v
		}
	}
	set64 := func(dst *int64, v int64) {
		if v != 0 {
			*dst = v
		}
	}
	if over.Steps != 0 {
		base.Steps = over.Steps
	}
	if over.WallTime != 0 {
		base.WallTime = over.WallTime
	}
	set(&base.Threads, over.Threads)
	set(&base.AppThreads, over.AppThreads)
	set(&base.Runs, over.Runs)
	set(&base.Elements, over.Elements)
	set(&base.Sessions, over.Sessions)
	set64(&base.UploadBytes, over.UploadBytes)
	set(&base.Uploads, over.Uploads)
	set64(&base.UploadStoreBytes, over.UploadStoreBytes)
	set(&base.Sockets, over.Sockets)
	set(&base.ClientSockets, over.ClientSockets)
	set64(&base.SendBytes, over.SendBytes)
	set64(&base.AppSendBytes, over.AppSendBytes)
	set64(&base.MediaBytes, over.MediaBytes)
	set64(&base.CacheBytes, over.CacheBytes)
	set64(&base.Memory, over.Memory)
	set64(&base.ElementBytes, over.ElementBytes)
	set64(&base.CallBytes, over.CallBytes)
	return base
}

// An Error is a mistake in a configuration file, at a line and column.
type Error struct {
	File      string
	Line, Col int
	Key       string // "[limits] steps", or "" for a syntax error
	Msg       string
}

func (e *Error) Error() string {
	key := ""
	if e.Key != "" {
		key = e.Key + ": "
	}
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s%s", e.File, key, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s%s", e.File, e.Line, e.Col, key, e.Msg)
}

// Errors are the mistakes of one file, in the order of the file.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es Errors) sort() {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Col < es[j].Col
	})
}
