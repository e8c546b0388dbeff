package config

// This file checks a stark.toml against the keys stark knows and converts
// its values, each error placed at the key or value it is about.

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/stark-dev/stark/lib/http"
	"github.com/stark-dev/stark/lib/sql"
)

// Parse parses the content of a configuration file; name is the file's name
// in errors. getenv looks up the environment variables that values name as
// ${VAR}.
func Parse(name string, data []byte, getenv func(string) (string, bool)) (*Config, error) {
	return parse(name, data, getenv, "")
}

// parse is Parse for a file that may name only the variables whose names
// start with prefix ("": any but the server's own).
func parse(name string, data []byte, getenv func(string) (string, bool), prefix string) (*Config, error) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return nil, Errors{{File: name, Line: line, Col: col, Msg: strings.TrimPrefix(de.Error(), "toml: ")}}
		}
		return nil, Errors{{File: name, Msg: err.Error()}}
	}
	p := &parser{file: name, getenv: getenv, envPrefix: prefix, pos: index(data), cfg: Default()}
	p.cfg.File = name
	p.document(doc)
	if o := p.cfg.Access.OIDC; o != "" {
		if _, ok := p.cfg.Auth[o]; !ok {
			p.errorAt(path{"access", "oidc"}, false, "%q names no provider of [auth] (add [auth.%s] with its client_id, client_secret and issuer)", o, o)
		}
	}
	if len(p.errs) > 0 {
		p.errs.sort()
		return nil, p.errs
	}
	return p.cfg, nil
}

// A path names a key: its tables and its name (array elements as "[i]").
type path []string

func (k path) id() string { return strings.Join(k, "\x00") }

// with returns a new path: k and then name.
func (k path) with(name string) path { return append(append(path{}, k...), name) }

// String is the key as errors name it: "[limits] steps",
// "[connections.sales] dsn", "[http] allow[1]".
func (k path) String() string {
	switch len(k) {
	case 0:
		return ""
	case 1:
		return k[0]
	}
	named := k[0] == "connections" || k[0] == "auth" && !providerKeys[k[1]]
	if named && len(k) == 2 {
		return "[" + k[0] + "." + k[1] + "]"
	}
	if named && len(k) >= 3 || k[0] == "access" && k[1] == "users" && len(k) >= 3 {
		return "[" + k[0] + "." + k[1] + "] " + strings.Join(k[2:], ".")
	}
	s := "[" + k[0] + "] " + k[1]
	for _, e := range k[2:] {
		if strings.HasPrefix(e, "[") {
			s += e
		} else {
			s += "." + e
		}
	}
	return s
}

// position is a line and column, 1-based.
type position struct{ line, col int }

// positions of the keys and values of a document, by path id.
type positions struct{ keys, values map[string]position }

// index records where each key and value of data is. data is valid TOML.
func index(data []byte) positions {
	ix := positions{keys: make(map[string]position), values: make(map[string]position)}
	var p unstable.Parser
	p.Reset(data)
	at := func(n *unstable.Node) (position, bool) {
		if n == nil || n.Raw.Length == 0 && n.Raw.Offset == 0 {
			return position{}, false
		}
		s := p.Shape(n.Raw)
		return position{s.Start.Line, s.Start.Column}, true
	}
	keyOf := func(it unstable.Iterator) (path, position) {
		var k path
		var first position
		for it.Next() {
			n := it.Node()
			if len(k) == 0 {
				first, _ = at(n)
			}
			k = append(k, string(n.Data))
		}
		return k, first
	}
	var value func(k path, n *unstable.Node, fallback position)
	keyValue := func(table path, kv *unstable.Node) {
		rel, pos := keyOf(kv.Key())
		k := append(append(path{}, table...), rel...)
		if _, ok := ix.keys[k.id()]; !ok {
			ix.keys[k.id()] = pos
		}
		value(k, kv.Value(), pos)
	}
	value = func(k path, n *unstable.Node, fallback position) {
		pos, ok := at(n)
		if !ok {
			pos = fallback
		}
		ix.values[k.id()] = pos
		switch n.Kind {
		case unstable.Array:
			it := n.Children()
			for i := 0; it.Next(); i++ {
				value(k.with(fmt.Sprintf("[%d]", i)), it.Node(), pos)
			}
		case unstable.InlineTable:
			it := n.Children()
			for it.Next() {
				keyValue(k, it.Node())
			}
		}
	}
	var table path
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			k, pos := keyOf(e.Key())
			table = k
			if _, ok := ix.keys[k.id()]; !ok {
				ix.keys[k.id()] = pos
			}
			// A table's header is where errors about its value go.
			if _, ok := ix.values[k.id()]; !ok {
				ix.values[k.id()] = pos
			}
			for i := 1; i < len(k); i++ { // [connections.sales] defines [connections]
				if _, ok := ix.keys[k[:i].id()]; !ok {
					ix.keys[k[:i].id()] = pos
					ix.values[k[:i].id()] = pos
				}
			}
		case unstable.KeyValue:
			keyValue(table, e)
		}
	}
	return ix
}

// parser converts a decoded document into a Config.
type parser struct {
	file   string
	getenv func(string) (string, bool)
	// envPrefix, if set, is what the names of the variables the file names
	// must start with.
	envPrefix string
	pos       positions
	cfg       *Config
	errs      Errors
}

// errorAt records an error about the key k, placed at its key (atKey) or
// its value.
func (p *parser) errorAt(k path, atKey bool, format string, args ...any) {
	m := p.pos.values
	if atKey {
		m = p.pos.keys
	}
	pos, ok := m[k.id()]
	if !ok {
		pos = p.pos.keys[k.id()]
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: pos.line, Col: pos.col, Key: k.String(), Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) unknown(k path, what string) {
	p.errorAt(k, true, "unknown %s", what)
}

// typeName names a decoded TOML value's type in errors.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "table"
	}
	return "datetime"
}

func (p *parser) wrongType(k path, want string, v any) {
	p.errorAt(k, false, "want %s, got %s", want, typeName(v))
}

// sorted returns m's keys in order, so that errors come out the same way
// every time (they are sorted by position at the end).
func sorted(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (p *parser) table(k path, v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		p.wrongType(k, "a table", v)
	}
	return m, ok
}

func (p *parser) document(doc map[string]any) {
	for _, name := range sorted(doc) {
		k, v := path{name}, doc[name]
		switch name {
		case "limits":
			if m, ok := p.table(k, v); ok {
				p.limits(k, m)
			}
		case "http":
			if m, ok := p.table(k, v); ok {
				p.http(k, m)
			}
		case "connections":
			if m, ok := p.table(k, v); ok {
				p.connections(k, m)
			}
		case "access":
			if m, ok := p.table(k, v); ok {
				p.access(k, m)
			}
		case "theme":
			if m, ok := p.table(k, v); ok {
				p.theme(k, m)
			}
		case "runner":
			if m, ok := p.table(k, v); ok {
				p.runner(k, m)
			}
		case "secrets":
			if m, ok := p.table(k, v); ok {
				p.cfg.Secrets = p.secrets(k, m)
			}
		case "auth":
			if m, ok := p.table(k, v); ok {
				p.auth(k, m)
			}
		case "app":
			if m, ok := p.table(k, v); ok {
				p.app(k, m)
			}
		case "map":
			if m, ok := p.table(k, v); ok {
				p.mapTable(k, m)
			}
		default:
			if _, ok := v.(map[string]any); ok {
				p.errorAt(k, true, "unknown table (stark.toml has [limits], [http], [connections.NAME], [access], [auth], [theme], [runner], [secrets], [map] and [app])")
				p.errs[len(p.errs)-1].Key = "[" + name + "]"
			} else {
				p.errorAt(k, true, "unknown key (stark.toml's keys are in the tables [limits], [http], [connections.NAME], [access], [auth], [theme], [runner], [secrets], [map] and [app])")
			}
		}
	}
}

func (p *parser) limits(t path, m map[string]any) {
	l := &p.cfg.Limits
	for _, name := range sorted(m) {
		k, v := t.with(name), m[name]
		switch name {
		case "steps":
			if n, ok := p.positive(k, v); ok {
				l.Steps = uint64(n)
			}
		case "wall_time":
			if d, ok := p.duration(k, v); ok {
				l.WallTime = d
			}
		case "threads":
			l.Threads, _ = p.positiveInt(k, v)
		case "app_threads":
			l.AppThreads, _ = p.positiveInt(k, v)
		case "runs":
			l.Runs, _ = p.positiveInt(k, v)
		case "elements":
			l.Elements, _ = p.positiveInt(k, v)
		case "sessions":
			l.Sessions, _ = p.positiveInt(k, v)
		case "upload_bytes":
			l.UploadBytes, _ = p.bytes(k, v)
		case "upload_store_bytes":
			l.UploadStoreBytes, _ = p.bytes(k, v)
		case "uploads":
			l.Uploads, _ = p.positiveInt(k, v)
		case "sockets":
			l.Sockets, _ = p.positiveInt(k, v)
		case "client_sockets":
			l.ClientSockets, _ = p.positiveInt(k, v)
		case "send_bytes":
			l.SendBytes, _ = p.bytes(k, v)
		case "app_send_bytes":
			l.AppSendBytes, _ = p.bytes(k, v)
		case "media_bytes":
			l.MediaBytes, _ = p.bytes(k, v)
		case "cache_bytes":
			l.CacheBytes, _ = p.bytes(k, v)
		case "memory":
			l.Memory, _ = p.bytes(k, v)
		case "element_bytes":
			l.ElementBytes, _ = p.bytes(k, v)
		case "call_bytes":
			l.CallBytes, _ = p.bytes(k, v)
		default:
			p.unknown(k, "key")
		}
	}
}

func (p *parser) http(t path, m map[string]any) {
	h := &p.cfg.HTTP
	for _, name := range sorted(m) {
		k, v := t.with(name), m[name]
		switch name {
		case "allow":
			for i, s := range p.strings(k, v) {
				if s == "" {
					continue // reported
				}
				if _, err := http.ParseAllow(s); err != nil {
					p.errorAt(k.with(fmt.Sprintf("[%d]", i)), false, "%v", err)
					continue
				}
				h.Allow = append(h.Allow, s)
			}
		case "max_bytes":
			h.MaxBytes, _ = p.bytes(k, v)
		case "timeout":
			h.Timeout, _ = p.duration(k, v)
		default:
			p.unknown(k, "key")
		}
	}
}

var connectionName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

func (p *parser) connections(t path, m map[string]any) {
	for _, name := range sorted(m) {
		k := t.with(name)
		cm, ok := p.table(k, m[name])
		if !ok {
			continue
		}
		if !connectionName.MatchString(name) {
			p.errorAt(k, true, "a connection's name is letters, digits, _ and -, starting with a letter or _")
			continue
		}
		var c sql.Connection
		for _, key := range sorted(cm) {
			kk, v := k.with(key), cm[key]
			switch key {
			case "driver":
				if s, ok := p.str(kk, v); ok {
					if s != "sqlite" && s != "postgres" {
						p.errorAt(kk, false, "got %q, want \"sqlite\" or \"postgres\"", s)
						continue
					}
					c.Driver = s
				}
			case "dsn":
				if s, ok := p.str(kk, v); ok {
					c.DSN, _ = p.expand(kk, s)
				}
			case "timeout":
				c.Timeout, _ = p.duration(kk, v)
			case "max_rows":
				c.MaxRows, _ = p.positiveInt(kk, v)
			default:
				p.unknown(kk, "key")
			}
		}
		if _, ok := cm["driver"]; !ok {
			p.errorAt(k, true, "missing driver (\"sqlite\" or \"postgres\")")
		}
		if _, ok := cm["dsn"]; !ok {
			p.errorAt(k, true, "missing dsn (the database to open, such as \"file:app.db\" or \"postgres://app@db.internal/app?password=${PGPASSWORD}\")")
		}
		if c.Driver == "sqlite" && c.DSN != "" {
			// What sql.connect opens is built from this reading (the file's
			// symlinks are checked when it opens).
			if _, err := sql.ParseSQLiteDSN(c.DSN); err != nil {
				p.errorAt(k.with("dsn"), false, "%v", err)
			}
		}
		if p.cfg.Connections == nil {
			p.cfg.Connections = make(map[string]sql.Connection)
		}
		p.cfg.Connections[name] = c
	}
}

var bcryptHash = regexp.MustCompile(`^\$2[aby]?\$\d\d\$[./A-Za-z0-9]{53}$`)

func (p *parser) access(t path, m map[string]any) {
	a := &p.cfg.Access
	for _, name := range sorted(m) {
		k, v := t.with(name), m[name]
		switch name {
		case "public":
			b, ok := v.(bool)
			if !ok {
				p.wrongType(k, "a boolean", v)
				continue
			}
			a.Public = b
		case "users":
			um, ok := p.table(k, v)
			if !ok {
				continue
			}
			a.Users = make(map[string]string, len(um))
			for _, user := range sorted(um) {
				uk := k.with(user)
				if s, ok := p.str(uk, um[user]); ok {
					if !bcryptHash.MatchString(s) {
						p.errorAt(uk, false, "want the bcrypt hash of the user's password (\"$2b$12$…\", 60 characters), not the password")
						continue
					}
					a.Users[user] = s
				}
			}
		case "oidc":
			if s, ok := p.str(k, v); ok {
				a.OIDC = s
			}
		case "emails":
			for _, s := range p.strings(k, v) {
				if s != "" {
					a.Emails = append(a.Emails, s)
				}
			}
		case "tokens":
			for i, s := range p.strings(k, v) {
				ik := k.with(fmt.Sprintf("[%d]", i))
				if s, ok := p.expand(ik, s); ok {
					if len(s) < 16 {
						p.errorAt(ik, false, "a token is a random secret of at least 16 characters; name it as ${VAR} from the environment")
						continue
					}
					a.Tokens = append(a.Tokens, s)
				}
			}
		default:
			p.unknown(k, "key")
		}
	}
}

// secrets reads a table of [secrets]: each value a string that names the
// environment variables it is made of, as ${VAR}, or a nested table. A
// value without a ${VAR} would be a secret written in the file; it is
// refused. Errors never show a value.
func (p *parser) secrets(t path, m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for _, name := range sorted(m) {
		k, v := t.with(name), m[name]
		switch v := v.(type) {
		case string:
			if !envRef.MatchString(v) {
				p.errorAt(k, false, "a secret's value names the environment variable that holds it, as \"${VAR}\": stark.toml holds no secret itself")
				continue
			}
			if s, ok := p.expand(k, v); ok {
				out[name] = s
			}
		case map[string]any:
			out[name] = p.secrets(k, v)
		default:
			p.wrongType(k, "a string naming an environment variable (\"${VAR}\") or a table", v)
		}
	}
	return out
}

// providerKeys are the keys of a provider's table in [auth].
var providerKeys = map[string]bool{"client_id": true, "client_secret": true, "issuer": true, "server_metadata_url": true, "scopes": true}

// auth reads [auth]: providers as [auth.NAME] tables, or one provider,
// "default", by keys of [auth] itself.
func (p *parser) auth(t path, m map[string]any) {
	p.cfg.Auth = map[string]OIDCProvider{}
	top := map[string]any{}
	for _, name := range sorted(m) {
		k, v := t.with(name), m[name]
		if providerKeys[name] {
			top[name] = v
			continue
		}
		pm, ok := v.(map[string]any)
		if !ok {
			p.unknown(k, "key")
			continue
		}
		if !connectionName.MatchString(name) {
			p.errorAt(k, true, "a provider's name is letters, digits, _ and -, starting with a letter or _")
			continue
		}
		p.provider(k, name, pm)
	}
	if len(top) > 0 {
		if _, dup := p.cfg.Auth["default"]; dup {
			p.errorAt(t.with("client_id"), true, "[auth] has a provider's keys and a table [auth.default]: keep one")
			return
		}
		p.provider(t, "default", top)
	}
}

func (p *parser) provider(k path, name string, m map[string]any) {
	var o OIDCProvider
	for _, key := range sorted(m) {
		kk, v := k.with(key), m[key]
		switch key {
		case "client_id":
			o.ClientID, _ = p.str(kk, v)
		case "client_secret":
			if s, ok := p.str(kk, v); ok {
				if !envRef.MatchString(s) {
					p.errorAt(kk, false, "the client secret names the environment variable that holds it, as \"${VAR}\": stark.toml holds no secret itself")
					continue
				}
				o.ClientSecret, _ = p.expand(kk, s)
			}
		case "issuer", "server_metadata_url":
			if s, ok := p.str(kk, v); ok {
				if u, err := url.Parse(s); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
					p.errorAt(kk, false, "got %q, want an http(s) URL", s)
					continue
				}
				if key == "issuer" {
					o.Issuer = s
				} else {
					o.MetadataURL = s
				}
			}
		case "scopes":
			o.Scopes = p.strings(kk, v)
		default:
			p.unknown(kk, "key")
		}
	}
	if _, ok := m["client_id"]; !ok {
		p.errorAt(k, true, "missing client_id (the app's id at the provider)")
	}
	if o.Issuer == "" && o.MetadataURL == "" && m["issuer"] == nil && m["server_metadata_url"] == nil {
		p.errorAt(k, true, "missing issuer or server_metadata_url (where the provider's discovery document is)")
	}
	p.cfg.Auth[name] = o
}

var hexColor = regexp.MustCompile(`^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$`)

func (p *parser) theme(t path, m map[string]any) {
	th := &p.cfg.Theme
	for _, name := range sorted(m) {
		k, v := t.with(name), m[name]
		switch name {
		case "primary_color":
			if s, ok := p.str(k, v); ok {
				if !hexColor.MatchString(s) {
					p.errorAt(k, false, "got %q, want a hex colour such as \"#ff4b4b\"", s)
					continue
				}
				th.PrimaryColor = s
			}
		case "base":
			if s, ok := p.str(k, v); ok {
				if s != "light" && s != "dark" {
					p.errorAt(k, false, "got %q, want \"light\" or \"dark\"", s)
					continue
				}
				th.Base = s
			}
		default:
			p.unknown(k, "key")
		}
	}
}

func (p *parser) app(t path, m map[string]any) {
	for _, name := range sorted(m) {
		k, v := t.with(name), m[name]
		switch name {
		case "title":
			s, ok := p.str(k, v)
			if !ok {
				continue
			}
			if len(s) > maxTitle || strings.ContainsAny(s, "\n\r") {
				p.errorAt(k, false, "got a title of %d bytes or with a line break, want one line of at most %d bytes", len(s), maxTitle)
				continue
			}
			p.cfg.App.Title = s
		default:
			p.unknown(k, "key")
		}
	}
}

// mapTable parses [map]: tiles, a tile server's URL template, and its
// attribution.
func (p *parser) mapTable(t path, m map[string]any) {
	for _, name := range sorted(m) {
		k, v := t.with(name), m[name]
		switch name {
		case "tiles":
			s, ok := p.str(k, v)
			if !ok {
				continue
			}
			if err := checkTiles(s); err != nil {
				p.errorAt(k, false, "%v", err)
				continue
			}
			p.cfg.Map.Tiles = s
		case "attribution":
			s, ok := p.str(k, v)
			if !ok {
				continue
			}
			if len(s) > maxTitle || strings.ContainsAny(s, "\n\r") {
				p.errorAt(k, false, "got an attribution of %d bytes or with a line break, want one line of at most %d bytes", len(s), maxTitle)
				continue
			}
			p.cfg.Map.Attribution = s
		default:
			p.unknown(k, "key")
		}
	}
}

// checkTiles checks a tile server's URL template: http or https, a host,
// and {z}, {x} and {y} each once; nothing else in braces.
func checkTiles(s string) error {
	if len(s) > 2048 {
		return fmt.Errorf("the URL template is %d bytes, more than 2048", len(s))
	}
	for _, ph := range []string{"{z}", "{x}", "{y}"} {
		if strings.Count(s, ph) != 1 {
			return fmt.Errorf("got %q, want a URL template with %s once (as \"https://tile.example.org/{z}/{x}/{y}.png\")", s, ph)
		}
	}
	rest := strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0").Replace(s)
	if strings.ContainsAny(rest, "{}") {
		return fmt.Errorf("got %q: only {z}, {x} and {y} are replaced", s)
	}
	u, err := url.Parse(rest)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("got %q, want an http or https URL with a host", s)
	}
	return nil
}

// maxTitle bounds [app] title: a line of the top bar.
const maxTitle = 200

func (p *parser) runner(t path, m map[string]any) {
	r := &p.cfg.Runner
	for _, name := range sorted(m) {
		k, v := t.with(name), m[name]
		switch name {
		case "magic":
			b, ok := v.(bool)
			if !ok {
				p.wrongType(k, "a boolean", v)
				continue
			}
			r.Magic = b
		default:
			p.unknown(k, "key")
		}
	}
}

func (p *parser) str(k path, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		p.wrongType(k, "a string", v)
	}
	return s, ok
}

// strings returns an array of strings; elements of other types are
// reported and returned as "".
func (p *parser) strings(k path, v any) []string {
	a, ok := v.([]any)
	if !ok {
		p.wrongType(k, "an array of strings", v)
		return nil
	}
	out := make([]string, len(a))
	for i, e := range a {
		ik := k.with(fmt.Sprintf("[%d]", i))
		s, ok := e.(string)
		if !ok {
			p.wrongType(ik, "a string", e)
			continue
		}
		if s == "" {
			p.errorAt(ik, false, "empty string")
			continue
		}
		out[i] = s
	}
	return out
}

func (p *parser) positive(k path, v any) (int64, bool) {
	n, ok := v.(int64)
	if !ok {
		p.wrongType(k, "an integer", v)
		return 0, false
	}
	if n <= 0 {
		p.errorAt(k, false, "got %d, want a positive integer", n)
		return 0, false
	}
	return n, true
}

func (p *parser) positiveInt(k path, v any) (int, bool) {
	n, ok := p.positive(k, v)
	if ok && n > math.MaxInt32 {
		p.errorAt(k, false, "got %d, want at most %d", n, math.MaxInt32)
		return 0, false
	}
	return int(n), ok
}

// duration accepts a duration string ("30s", "1m30s") or a number of
// seconds.
func (p *parser) duration(k path, v any) (time.Duration, bool) {
	var d time.Duration
	switch x := v.(type) {
	case string:
		var err error
		if d, err = time.ParseDuration(x); err != nil {
			p.errorAt(k, false, "got %q, want a duration such as \"30s\" or \"2m\"", x)
			return 0, false
		}
	case int64:
		d = time.Duration(x) * time.Second
	case float64:
		d = time.Duration(x * float64(time.Second))
	default:
		p.wrongType(k, "a duration such as \"30s\"", v)
		return 0, false
	}
	if d <= 0 {
		p.errorAt(k, false, "got %v, want a positive duration", v)
		return 0, false
	}
	return d, true
}

var byteSize = regexp.MustCompile(`^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$`)

var byteUnits = map[string]float64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// bytes accepts a number of bytes or a size string: "512MiB", "64 MB",
// "1.5GiB" (KB, MB, GB are powers of 1000; KiB, MiB, GiB of 1024).
func (p *parser) bytes(k path, v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		if x <= 0 {
			p.errorAt(k, false, "got %d, want a positive number of bytes", x)
			return 0, false
		}
		return x, true
	case string:
		if m := byteSize.FindStringSubmatch(x); m != nil {
			if unit, ok := byteUnits[strings.ToLower(m[2])]; ok {
				f, _ := strconv.ParseFloat(m[1], 64)
				if n := f * unit; n >= 1 && n < math.MaxInt64/2 {
					return int64(n), true
				}
			}
		}
		p.errorAt(k, false, "got %q, want a size such as \"512MiB\", \"64MB\" or a number of bytes", x)
		return 0, false
	}
	p.wrongType(k, "a number of bytes or a size such as \"512MiB\"", v)
	return 0, false
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expand replaces each ${VAR} in s with the environment variable's value.
// An unset variable is an error naming it.
func (p *parser) expand(k path, s string) (string, bool) {
	ok := true
	out := envRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[2 : len(ref)-1]
		if ServerSecrets[name] {
			p.errorAt(k, false, "environment variable %s is the server's own secret: no app may name it", name)
			ok = false
			return ""
		}
		if p.envPrefix != "" && !strings.HasPrefix(name, p.envPrefix) {
			p.errorAt(k, false, "environment variable %s is not this app's: under stark serve an app names only variables starting with %s", name, p.envPrefix)
			ok = false
			return ""
		}
		v, set := p.getenv(name)
		if !set {
			p.errorAt(k, false, "environment variable %s is not set (the server's environment must define it)", name)
			ok = false
		}
		return v
	})
	return out, ok
}
