package starlib

// This file defines st.secrets: the app's [secrets] table (host.Secrets),
// read-only, by key or attribute, nested tables as values of the same kind.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// stSecrets returns st.secrets for the app of the thread's run.
func stSecrets(t *starlark.Thread) (starlark.Value, error) {
	sb, err := host.SandboxFor(t, "st.secrets")
	if err != nil {
		return nil, err
	}
	m, _ := host.Secrets.Get(sb.App)
	return &secrets{path: "st.secrets", m: m}, nil
}

// secrets is a table of the app's secrets. Its str and repr name the keys
// but never a value: st.write(st.secrets) or a message that prints it
// leaks nothing.
type secrets struct {
	path string // "st.secrets", "st.secrets.db"
	m    map[string]any
}

var (
	_ starlark.IterableMapping = (*secrets)(nil)
	_ starlark.HasAttrs        = (*secrets)(nil)
)

func (s *secrets) keys() []string {
	keys := make([]string, 0, len(s.m))
	for k := range s.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *secrets) String() string {
	return fmt.Sprintf("<%s: %s>", s.path, strings.Join(s.keys(), ", "))
}
func (s *secrets) Type() string          { return "st.secrets" }
func (s *secrets) Freeze()               {}
func (s *secrets) Truth() starlark.Bool  { return len(s.m) > 0 }
func (s *secrets) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: st.secrets") }
func (s *secrets) Len() int              { return len(s.m) }

func (s *secrets) Iterate() starlark.Iterator {
	var keys []starlark.Value
	for _, k := range s.keys() {
		keys = append(keys, starlark.String(k))
	}
	return starlark.NewList(keys).Iterate()
}

func (s *secrets) Items() []starlark.Tuple {
	var out []starlark.Tuple
	for _, k := range s.keys() {
		out = append(out, starlark.Tuple{starlark.String(k), s.value(k)})
	}
	return out
}

func (s *secrets) value(k string) starlark.Value {
	switch v := s.m[k].(type) {
	case map[string]any:
		return &secrets{path: s.path + "." + k, m: v}
	case string:
		return starlark.String(v)
	}
	return starlark.None
}

func (s *secrets) Get(k starlark.Value) (starlark.Value, bool, error) {
	key, ok := starlark.AsString(k)
	if !ok {
		return nil, false, fmt.Errorf("%s: a key is a string, not %s", s.path, k.Type())
	}
	if _, ok := s.m[key]; !ok {
		return nil, false, s.missing(key)
	}
	return s.value(key), true, nil
}

// missing is the error of a key s does not have, naming those it has.
func (s *secrets) missing(key string) error {
	table := "[secrets]"
	if s.path != "st.secrets" {
		table = "[secrets." + strings.TrimPrefix(s.path, "st.secrets.") + "]"
	}
	has := "no keys"
	if len(s.m) > 0 {
		has = "keys " + strings.Join(s.keys(), ", ")
	}
	return fmt.Errorf("%s has no key %q (it has %s): add it to the %s table of stark.toml as a ${VAR} of the server's environment", s.path, key, has, table)
}

func (s *secrets) AttrNames() []string { return append(s.keys(), "get", "to_dict") }

func (s *secrets) Attr(name string) (starlark.Value, error) {
	if _, ok := s.m[name]; ok {
		return s.value(name), nil
	}
	switch name {
	case "get":
		return starlark.NewBuiltin("get", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key string
			var def starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(s.path+".get", args, kwargs, 1, &key, &def); err != nil {
				return nil, err
			}
			if _, ok := s.m[key]; ok {
				return s.value(key), nil
			}
			return def, nil
		}), nil
	case "to_dict":
		return starlark.NewBuiltin("to_dict", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return s.dict(), nil
		}), nil
	}
	return nil, s.missing(name)
}

func (s *secrets) dict() *starlark.Dict {
	d := starlark.NewDict(len(s.m))
	for _, k := range s.keys() {
		v := s.value(k)
		if t, ok := v.(*secrets); ok {
			v = t.dict()
		}
		d.SetKey(starlark.String(k), v)
	}
	return d
}
