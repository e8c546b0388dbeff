package config_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/config"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/http"
	"github.com/stark-dev/stark/lib/sql"
)

// env is an environment for Parse.
func env(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func parse(t *testing.T, src string) *config.Config {
	t.Helper()
	c, err := config.Parse("stark.toml", []byte(src), env("PW", "s3cret", "TOKEN", "0123456789abcdef"))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", "[limits]\nsteps = 5\n\nstepz = 1\n", `stark.toml:4:1: [limits] stepz: unknown key`},
		{"wrong type", "[limits]\n\nsteps = \"many\"\n", `stark.toml:3:9: [limits] steps: want an integer, got string`},
		{"dotted key", "limits.steps = 'a'\n", `stark.toml:1:16: [limits] steps: want an integer, got string`},
		{"not positive", "[limits]\nthreads = 0\n", `stark.toml:2:11: [limits] threads: got 0, want a positive integer`},
		{"runs", "[limits]\nruns = -2\n", `stark.toml:2:8: [limits] runs: got -2, want a positive integer`},
		{"duration", "[limits]\nwall_time = \"soon\"\n", `stark.toml:2:13: [limits] wall_time: got "soon", want a duration such as "30s" or "2m"`},
		{"duration type", "[limits]\nwall_time = true\n", `stark.toml:2:13: [limits] wall_time: want a duration such as "30s", got boolean`},
		{"size", "[limits]\nmemory = \"lots\"\n", `stark.toml:2:10: [limits] memory: got "lots", want a size such as "512MiB", "64MB" or a number of bytes`},
		{"size unit", "[limits]\ncache_bytes = \"5 parsecs\"\n", `stark.toml:2:15: [limits] cache_bytes: got "5 parsecs"`},
		{"unknown table", "[server]\nport = 1\n", `stark.toml:1:2: [server]: unknown table`},
		{"unknown top-level key", "steps = 1\n", `stark.toml:1:1: steps: unknown key`},
		{"table of the wrong type", "limits = 3\n", `stark.toml:1:10: limits: want a table, got integer`},
		{"allow not a list", "[http]\nallow = \"api.example.com\"\n", `stark.toml:2:9: [http] allow: want an array of strings, got string`},
		{"allow element", "[http]\nallow = [\"a.com\", 5]\n", `stark.toml:2:19: [http] allow[1]: want a string, got integer`},
		{"allow URL", "[http]\nallow = [\"https://a.com/x\"]\n", `stark.toml:2:10: [http] allow[0]: "https://a.com/x": want a host`},
		{"http key", "[http]\nallowed = []\n", `stark.toml:2:1: [http] allowed: unknown key`},
		{"driver", "[connections.db]\ndriver = \"mysql\"\ndsn = \"x\"\n", `stark.toml:2:10: [connections.db] driver: got "mysql", want "sqlite" or "postgres"`},
		{"no dsn", "[connections.db]\ndriver = \"sqlite\"\n", `stark.toml:1:2: [connections.db]: missing dsn`},
		{"no driver", "[connections.db]\ndsn = \"x.db\"\n", `stark.toml:1:2: [connections.db]: missing driver ("sqlite" or "postgres")`},
		{"unset variable", "[connections.db]\ndriver = \"postgres\"\ndsn = \"postgres://a@b/c?password=${NOPE}\"\n", `stark.toml:3:7: [connections.db] dsn: environment variable NOPE is not set (the server's environment must define it)`},
		{"connection key", "[connections.db]\ndriver = \"sqlite\"\ndsn = \"x.db\"\nrows = 5\n", `stark.toml:4:1: [connections.db] rows: unknown key`},
		{"connection name", "[connections.\"a b\"]\ndriver = \"sqlite\"\ndsn = \"x.db\"\n", `stark.toml:1:2: [connections.a b]: a connection's name is letters`},
		{"max_rows", "[connections.db]\ndriver = \"sqlite\"\ndsn = \"x.db\"\nmax_rows = -1\n", `stark.toml:4:12: [connections.db] max_rows: got -1, want a positive integer`},
		// A SQLite dsn that SQLite would read otherwise than stark checked it (issue 12).
		{"sqlite dsn %2e%2e", "[connections.db]\ndriver = \"sqlite\"\ndsn = \"file:%2e%2e/victim/victim.db\"\n", `stark.toml:3:7: [connections.db] dsn: a % in the path: SQLite would decode %XX escapes in it`},
		{"sqlite dsn ..%2f", "[connections.db]\ndriver = \"sqlite\"\ndsn = \"..%2fvictim/victim.db\"\n", `stark.toml:3:7: [connections.db] dsn: a % in the path`},
		{"sqlite dsn ..", "[connections.db]\ndriver = \"sqlite\"\ndsn = \"file:data/../../victim.db\"\n", `stark.toml:3:7: [connections.db] dsn: the path leaves the app directory`},
		{"sqlite dsn absolute", "[connections.db]\ndriver = \"sqlite\"\ndsn = \"file:///etc/x.db\"\n", `stark.toml:3:7: [connections.db] dsn: an absolute path`},
		{"sqlite dsn vfs", "[connections.db]\ndriver = \"sqlite\"\ndsn = \"file:x.db?vfs=unix-none\"\n", `stark.toml:3:7: [connections.db] dsn: the parameter "vfs" is not allowed`},
		{"sqlite dsn shared memory", "[connections.db]\ndriver = \"sqlite\"\ndsn = \"file:x?mode=memory&cache=shared\"\n", `stark.toml:3:7: [connections.db] dsn: mode="memory" is not allowed`},
		{"sqlite dsn pragma", "[connections.db]\ndriver = \"sqlite\"\ndsn = \"x.db?_pragma=max_page_count(9999999)\"\n", `stark.toml:3:7: [connections.db] dsn: the parameter "_pragma" is not allowed`},
		{"public", "[access]\npublic = \"no\"\n", `stark.toml:2:10: [access] public: want a boolean, got string`},
		{"password, not hash", "[access]\nusers = { ana = \"hunter2\" }\n", `stark.toml:2:17: [access.users] ana: want the bcrypt hash of the user's password`},
		{"short token", "[access]\ntokens = [\"abc\"]\n", `stark.toml:2:11: [access] tokens[0]: a token is a random secret of at least 16 characters`},
		{"colour", "[theme]\nprimary_color = \"red\"\n", `stark.toml:2:17: [theme] primary_color: got "red", want a hex colour such as "#ff4b4b"`},
		{"base", "[theme]\nbase = \"blue\"\n", `stark.toml:2:8: [theme] base: got "blue", want "light" or "dark"`},
		{"magic", "[runner]\nmagic = \"off\"\n", `stark.toml:2:9: [runner] magic: want a boolean, got string`},
		{"runner key", "[runner]\nmagicEnabled = false\n", `stark.toml:2:1: [runner] magicEnabled: unknown key`},
		{"app title type", "[app]\ntitle = 3\n", `stark.toml:2:9: [app] title: want a string, got integer`},
		{"app title lines", "[app]\ntitle = \"a\\nb\"\n", `stark.toml:2:9: [app] title: got a title of 3 bytes or with a line break, want one line of at most 200 bytes`},
		{"app key", "[app]\nname = \"x\"\n", `stark.toml:2:1: [app] name: unknown key`},
		{"map tiles scheme", "[map]\ntiles = \"javascript:{z}/{x}/{y}\"\n", `stark.toml:2:9: [map] tiles: got "javascript:{z}/{x}/{y}", want an http or https URL with a host`},
		{"map tiles placeholders", "[map]\ntiles = \"https://t.example.org/{z}/{x}.png\"\n", `stark.toml:2:9: [map] tiles: got "https://t.example.org/{z}/{x}.png", want a URL template with {y} once`},
		{"map tiles braces", "[map]\ntiles = \"https://{s}.t.example.org/{z}/{x}/{y}.png\"\n", `stark.toml:2:9: [map] tiles: got "https://{s}.t.example.org/{z}/{x}/{y}.png": only {z}, {x} and {y} are replaced`},
		{"map tiles type", "[map]\ntiles = 1\n", `stark.toml:2:9: [map] tiles: want a string, got integer`},
		{"map key", "[map]\nstyle = \"x\"\n", `stark.toml:2:1: [map] style: unknown key`},
		{"syntax", "[limits\n", `stark.toml:1:8: expected ']' to close table name`},
		{"duplicate key", "[limits]\nsteps = 1\nsteps = 2\n", `stark.toml:3:1: key steps is already defined`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse("stark.toml", []byte(tt.src), env())
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q\nwant       %q…", err, tt.want)
			}
		})
	}
}

func TestParseReportsEveryMistakeInOrder(t *testing.T) {
	_, err := config.Parse("stark.toml", []byte("[theme]\nbase = 1\n[limits]\nsteps = \"x\"\nthreads = \"y\"\n"), env())
	want := "stark.toml:2:8: [theme] base: want a string, got integer\n" +
		"stark.toml:4:9: [limits] steps: want an integer, got string\n" +
		"stark.toml:5:11: [limits] threads: want an integer, got string"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

func TestParseValues(t *testing.T) {
	c := parse(t, `
[limits]
steps = 1_000
wall_time = "1m30s"
threads = 4
app_threads = 8
runs = 3
elements = 100
upload_bytes = "1MB"
media_bytes = 4096
cache_bytes = "1.5KiB"
memory = "2GiB"
element_bytes = "8MiB"
call_bytes = "16MiB"
sessions = 7

[http]
allow = ["api.example.com", "*.example.org", "127.0.0.1"]
max_bytes = "1 MiB"
timeout = 2.5

[connections.db]
driver = "postgres"
dsn = "postgres://u@h/d?password=${PW}"
timeout = "1s"
max_rows = 5

[connections.local]
driver = "sqlite"
dsn = "file:local.db"

[access]
public = false
tokens = ["${TOKEN}"]

[theme]
primary_color = "#abc"
base = "dark"

[runner]
magic = false

[app]
title = "Sales dashboard"

[map]
tiles = "https://tile.example.org/{z}/{x}/{y}.png"
attribution = "© the example tiles"
`)
	wantLimits := host.Limits{
		Steps: 1000, WallTime: 90 * time.Second, Threads: 4, AppThreads: 8, Runs: 3, Elements: 100,
		UploadBytes: 1_000_000, MediaBytes: 4096, CacheBytes: 1536, Memory: 2 << 30, ElementBytes: 8 << 20, CallBytes: 16 << 20, Sessions: 7,
	}
	if c.Limits != wantLimits {
		t.Errorf("limits %+v\nwant   %+v", c.Limits, wantLimits)
	}
	wantHTTP := http.Options{Allow: []string{"api.example.com", "*.example.org", "127.0.0.1"}, MaxBytes: 1 << 20, Timeout: 2500 * time.Millisecond}
	if !reflect.DeepEqual(c.HTTP, wantHTTP) {
		t.Errorf("http %+v, want %+v", c.HTTP, wantHTTP)
	}
	wantConns := map[string]sql.Connection{
		"db":    {Driver: "postgres", DSN: "postgres://u@h/d?password=s3cret", Timeout: time.Second, MaxRows: 5},
		"local": {Driver: "sqlite", DSN: "file:local.db"},
	}
	if !reflect.DeepEqual(c.Connections, wantConns) {
		t.Errorf("connections %+v, want %+v", c.Connections, wantConns)
	}
	if c.Access.Public || !reflect.DeepEqual(c.Access.Tokens, []string{"0123456789abcdef"}) {
		t.Errorf("access %+v", c.Access)
	}
	if c.Theme != (config.Theme{PrimaryColor: "#abc", Base: "dark"}) {
		t.Errorf("theme %+v", c.Theme)
	}

	if c.Runner.Magic {
		t.Errorf("runner %+v, want magic off", c.Runner)
	}

	opts := c.Options(host.Options{Name: "x", Limits: host.Limits{Steps: 5, Threads: 9, Elements: 3}})
	if opts.Name != "x" || opts.Limits != wantLimits {
		t.Errorf("Options: limits %+v, want the file's", opts.Limits)
	}
	if !opts.NoMagic {
		t.Errorf("Options: NoMagic false, want true for [runner] magic = false")
	}
	if c.App.Title != "Sales dashboard" || opts.Title != "Sales dashboard" {
		t.Errorf("[app] title: config %q, Options %q, want Sales dashboard", c.App.Title, opts.Title)
	}
	app, err := host.NewApp(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if m, _ := host.MapTiles.Get(app); m["tiles"] != "https://tile.example.org/{z}/{x}/{y}.png" || m["attribution"] != "© the example tiles" {
		t.Errorf("[map]: the app's setting is %v", m)
	}
	if h := http.OptionsOf(app); !reflect.DeepEqual(h, wantHTTP) {
		t.Errorf("Options: http %+v, want %+v", h, wantHTTP)
	}
	if names := sql.ConnectionNames(app); !reflect.DeepEqual(names, []string{"db", "local"}) {
		t.Errorf("Options: connections %v, want db and local", names)
	}
	if db, _ := sql.ConnectionOf(app, "db"); !reflect.DeepEqual(db, wantConns["db"]) {
		t.Errorf("Options: connection db %+v, want %+v", db, wantConns["db"])
	}
}

func TestDefaults(t *testing.T) {
	c, err := config.Load(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, config.Default()) || c.File != "" {
		t.Errorf("Load of an app without stark.toml = %+v, want Default()", c)
	}
	if !c.Access.Public || c.Theme.Base != "light" || !c.Runner.Magic || len(c.HTTP.Allow) != 0 || len(c.Connections) != 0 {
		t.Errorf("defaults %+v", c)
	}
	// An empty file is the defaults too.
	e := parse(t, "# nothing\n")
	e.File = ""
	if !reflect.DeepEqual(e, config.Default()) {
		t.Errorf("empty file = %+v, want Default()", e)
	}
	// Limits left out keep the base's.
	opts := parse(t, "[limits]\nsteps = 7\n").Options(host.Options{Limits: host.Limits{Threads: 3}})
	if opts.Limits != (host.Limits{Steps: 7, Threads: 3}) {
		t.Errorf("limits %+v", opts.Limits)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "stark.toml")
	if err := os.WriteFile(path, []byte("[limits]\nstepz = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := config.Load(dir)
	if want := path + ":2:1: [limits] stepz: unknown key"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	t.Setenv("STARK_TEST_DSN_PASSWORD", "pw")
	if err := os.WriteFile(path, []byte("[connections.db]\ndriver = \"postgres\"\ndsn = \"postgres://a@b/c?password=${STARK_TEST_DSN_PASSWORD}\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.File != path || c.Connections["db"].DSN != "postgres://a@b/c?password=pw" {
		t.Errorf("loaded %+v", c)
	}
	if _, err := config.LoadFile(filepath.Join(dir, "missing.toml")); err == nil {
		t.Errorf("LoadFile of a missing file: no error")
	}
}

// The example of docs/config.md is a valid file.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## An example\n\n```toml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/config.md has no example under \"## An example\"")
	}
	c, err := config.Parse("docs/config.md", []byte(example), env("WAREHOUSE_PASSWORD", "pw", "DASHBOARD_TOKEN", "0123456789abcdef0123"))
	if err != nil {
		t.Fatalf("the example is not valid: %v", err)
	}
	if len(c.Connections) != 2 || len(c.HTTP.Allow) != 3 || c.Access.Public {
		t.Errorf("example parsed as %+v", c)
	}
}

func TestEnvironmentConfined(t *testing.T) {
	dir := t.TempDir()
	write := func(src string) {
		if err := os.WriteFile(filepath.Join(dir, config.FileName), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("STARK_SECRET", "0123456789abcdef0123456789abcdef")
	t.Setenv("STARK_APP_SALES_EU_DSN", "file:sales.db")
	t.Setenv("OTHER_TEAM_PASSWORD", "hunter2")
	for _, c := range []struct {
		src, app, want string // want: "" for success, else a part of the error
	}{
		{"[connections.db]\ndriver = \"sqlite\"\ndsn = \"${STARK_APP_SALES_EU_DSN}\"\n", "sales-eu", ""},
		{"[connections.db]\ndriver = \"sqlite\"\ndsn = \"${OTHER_TEAM_PASSWORD}\"\n", "sales-eu", "stark.toml:3:7: [connections.db] dsn: environment variable OTHER_TEAM_PASSWORD is not this app's: under stark serve an app names only variables starting with STARK_APP_SALES_EU_"},
		{"[connections.db]\ndriver = \"sqlite\"\ndsn = \"file:/${STARK_SECRET}\"\n", "sales-eu", "STARK_SECRET is the server's own secret"},
		{"[connections.db]\ndriver = \"sqlite\"\ndsn = \"file:/${STARK_SECRET}\"\n", "", "STARK_SECRET is the server's own secret"},
		{"[connections.db]\ndriver = \"sqlite\"\ndsn = \"${OTHER_TEAM_PASSWORD}\"\n", "", ""},
	} {
		write(c.src)
		var err error
		if c.app != "" {
			_, err = config.LoadApp(dir, c.app)
		} else {
			_, err = config.Load(dir)
		}
		switch {
		case c.want == "" && err != nil:
			t.Errorf("app %q, %q: %v", c.app, c.src, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("app %q, %q: error %v, want %q", c.app, c.src, err, c.want)
		}
	}
}
