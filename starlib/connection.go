package starlib

// This file defines st.connection, Streamlit's spelling of sql.connect, and
// st.get_option and st.set_option for the theme's options.

import (
	"fmt"
	"strings"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/lib/sql"
	"go.starlark.net/starlark"
)

// stConnection is st.connection(name, type=None, ttl=None): the database
// [connections.NAME] of stark.toml, as sql.connect(name) opens it, whose
// query(sql, params=None, ttl=...) caches for ttl unless told otherwise.
var stConnection = starlark.NewBuiltin("st.connection", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var kind, ttl starlark.Value = starlark.None, starlark.None
	var maxEntries starlark.Value = starlark.None
	if err := host.UnpackArgs(b.Name(), args, kwargs, "connection_name", &name, "type?", &kind, "max_entries?", &maxEntries, "ttl?", &ttl); err != nil {
		return nil, err
	}
	return sql.Connect(t, b.Name(), name, kind, ttl)
})

// themeOptions are the options st.get_option and st.set_option know, in
// Streamlit's names, with their [theme] key.
var themeOptions = map[string]string{"theme.primaryColor": "primary_color", "theme.base": "base"}

func optionName(fname string, args starlark.Tuple, kwargs []starlark.Tuple, value *starlark.Value) (string, error) {
	var key string
	pairs := []any{"key", &key}
	if value != nil {
		pairs = append(pairs, "value", value)
	}
	if err := host.UnpackArgs(fname, args, kwargs, pairs...); err != nil {
		return "", err
	}
	if _, ok := themeOptions[key]; !ok {
		return "", fmt.Errorf("%s: option %q is not one stark has: a page may read and set only theme.primaryColor and theme.base (the others are the server's, in stark.toml)", fname, key)
	}
	return key, nil
}

// stGetOption is st.get_option(key): the session's value of a theme option,
// else the [theme] of stark.toml's, else the default (None for
// theme.primaryColor, "light" for theme.base).
var stGetOption = starlark.NewBuiltin("st.get_option", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	key, err := optionName(b.Name(), args, kwargs, nil)
	if err != nil {
		return nil, err
	}
	ctx, err := contextFor(t, b.Name())
	if err != nil {
		return nil, err
	}
	if v, ok := ctx.State.Option(key); ok {
		return starlark.String(v), nil
	}
	sb, err := host.SandboxFor(t, b.Name())
	if err != nil {
		return nil, err
	}
	theme, _ := host.Theme.Get(sb.App)
	if v := theme[themeOptions[key]]; v != "" {
		return starlark.String(v), nil
	}
	if key == "theme.base" {
		return starlark.String("light"), nil
	}
	return starlark.None, nil
})

// stSetOption is st.set_option(key, value): sets a theme option for this
// session (never for other visitors: the server's configuration is not a
// page's to change). The page shows it from this run on.
var stSetOption = starlark.NewBuiltin("st.set_option", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var value starlark.Value
	key, err := optionName(b.Name(), args, kwargs, &value)
	if err != nil {
		return nil, err
	}
	ctx, err := contextFor(t, b.Name())
	if err != nil {
		return nil, err
	}
	s, ok := starlark.AsString(value)
	switch {
	case key == "theme.base" && (!ok || s != "light" && s != "dark"):
		return nil, fmt.Errorf("%s: theme.base: got %s, want \"light\" or \"dark\"", b.Name(), value)
	case key == "theme.primaryColor" && (!ok || !isHexColor(s)):
		return nil, fmt.Errorf("%s: theme.primaryColor: got %s, want a hex colour such as \"#ff4b4b\"", b.Name(), value)
	}
	ctx.State.SetOption(key, s)
	return starlark.None, nil
})

// isHexColor reports whether s is "#rgb" or "#rrggbb".
func isHexColor(s string) bool {
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return false
	}
	return strings.Trim(strings.ToLower(s[1:]), "0123456789abcdef") == ""
}
