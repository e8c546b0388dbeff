package starlib

// This file defines st.context and st.user: what a run knows of the visitor
// whose browser shows it (host.Visitor), read-only.

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
)

// stContext returns st.context for the run of ctx: a struct of frozen
// values, built from the visitor when read (pages read it seldom).
func stContext(ctx *host.ScriptRunContext) starlark.Value {
	v := ctx.Visitor
	if v == nil {
		v = &host.Visitor{}
	}
	cookies := starlark.NewDict(len(v.Cookies))
	for _, k := range sortedKeys(v.Cookies) {
		cookies.SetKey(starlark.String(k), starlark.String(v.Cookies[k]))
	}
	str := func(s string) starlark.Value {
		if s == "" {
			return starlark.None
		}
		return starlark.String(s)
	}
	var offset starlark.Value = starlark.None
	if v.TimezoneOffset != nil {
		offset = starlark.MakeInt(*v.TimezoneOffset)
	}
	theme := starlarkstruct.FromStringDict(starlark.String("st.context.theme"), starlark.StringDict{"type": str(v.Theme)})
	embedded := starlark.False
	if u, err := url.Parse(v.URL); err == nil && u.Query().Has("embed") {
		embedded = starlark.True
	}
	s := starlarkstruct.FromStringDict(starlark.String("st.context"), starlark.StringDict{
		"headers":         newHeaders(v.Headers),
		"cookies":         cookies,
		"ip_address":      str(v.IPAddress),
		"locale":          str(v.Locale),
		"timezone":        str(v.Timezone),
		"timezone_offset": offset,
		"url":             str(v.URL),
		"theme":           theme,
		"is_embedded":     embedded,
	})
	s.Freeze()
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// headers is st.context.headers: the request's headers, looked up without
// regard to case as HTTP's are. h["Name"] and get return the first value,
// get_all every one.
type headers struct {
	keys []string            // canonical names, sorted
	vals map[string][]string // by lower-case name
}

var (
	_ starlark.IterableMapping = (*headers)(nil)
	_ starlark.Sequence        = (*headers)(nil)
	_ starlark.HasAttrs        = (*headers)(nil)
)

func newHeaders(m map[string][]string) *headers {
	h := &headers{vals: make(map[string][]string, len(m))}
	for _, k := range sortedKeys(m) {
		h.keys = append(h.keys, k)
		h.vals[strings.ToLower(k)] = m[k]
	}
	return h
}

func (h *headers) String() string {
	var b strings.Builder
	b.WriteString("{")
	for i, k := range h.keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %s", starlark.String(k), starlark.String(h.vals[strings.ToLower(k)][0]))
	}
	b.WriteString("}")
	return b.String()
}
func (h *headers) Type() string          { return "st.context.headers" }
func (h *headers) Freeze()               {}
func (h *headers) Truth() starlark.Bool  { return len(h.keys) > 0 }
func (h *headers) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: %s", h.Type()) }
func (h *headers) Len() int              { return len(h.keys) }
func (h *headers) Iterate() starlark.Iterator {
	return starlark.NewList(h.Keys()[0:len(h.keys):len(h.keys)]).Iterate()
}

func (h *headers) Keys() []starlark.Value {
	out := make([]starlark.Value, len(h.keys))
	for i, k := range h.keys {
		out[i] = starlark.String(k)
	}
	return out
}

func (h *headers) Items() []starlark.Tuple {
	out := make([]starlark.Tuple, len(h.keys))
	for i, k := range h.keys {
		out[i] = starlark.Tuple{starlark.String(k), starlark.String(h.vals[strings.ToLower(k)][0])}
	}
	return out
}

func (h *headers) Get(k starlark.Value) (starlark.Value, bool, error) {
	s, ok := starlark.AsString(k)
	if !ok {
		return nil, false, fmt.Errorf("st.context.headers: a header's name is a string, not %s", k.Type())
	}
	vs := h.vals[strings.ToLower(s)]
	if len(vs) == 0 {
		return nil, false, nil
	}
	return starlark.String(vs[0]), true, nil
}

func (h *headers) AttrNames() []string { return []string{"get", "get_all", "items", "keys", "to_dict"} }

func (h *headers) Attr(name string) (starlark.Value, error) {
	switch name {
	case "get":
		return starlark.NewBuiltin("get", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key string
			var def starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs("st.context.headers.get", args, kwargs, 1, &key, &def); err != nil {
				return nil, err
			}
			if v, ok, _ := h.Get(starlark.String(key)); ok {
				return v, nil
			}
			return def, nil
		}), nil
	case "get_all":
		return starlark.NewBuiltin("get_all", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key string
			if err := starlark.UnpackPositionalArgs("st.context.headers.get_all", args, kwargs, 1, &key); err != nil {
				return nil, err
			}
			vs := h.vals[strings.ToLower(key)]
			out := make([]starlark.Value, len(vs))
			for i, v := range vs {
				out[i] = starlark.String(v)
			}
			return starlark.NewList(out), nil
		}), nil
	case "keys", "items", "to_dict":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("st.context.headers."+name, args, kwargs, 0); err != nil {
				return nil, err
			}
			switch name {
			case "keys":
				return starlark.NewList(h.Keys()), nil
			case "items":
				items := h.Items()
				out := make([]starlark.Value, len(items))
				for i, t := range items {
					out[i] = t
				}
				return starlark.NewList(out), nil
			}
			d := starlark.NewDict(len(h.keys))
			for _, t := range h.Items() {
				d.SetKey(t[0], t[1])
			}
			return d, nil
		}), nil
	}
	return nil, nil
}

// stUser returns st.user for the run of ctx: is_logged_in, and for who
// signed in their name, email, provider and the identity token's claims,
// by attribute or by key.
func stUser(ctx *host.ScriptRunContext) starlark.Value {
	u := &userValue{claims: starlark.StringDict{"is_logged_in": starlark.False}}
	if v := ctx.Visitor; v != nil && v.User != nil {
		for k, x := range v.User.Claims {
			u.claims[k] = jsonValue(x)
		}
		u.claims["is_logged_in"] = starlark.True
		u.claims["name"] = starlark.String(v.User.Name)
		if v.User.Email != "" {
			u.claims["email"] = starlark.String(v.User.Email)
		}
		if v.User.Provider != "" {
			u.claims["provider"] = starlark.String(v.User.Provider)
		}
	}
	u.claims.Freeze()
	return u
}

// userValue is st.user: read-only, like Streamlit's.
type userValue struct{ claims starlark.StringDict }

var (
	_ starlark.IterableMapping = (*userValue)(nil)
	_ starlark.HasAttrs        = (*userValue)(nil)
)

func (u *userValue) String() string        { return "st.user(" + u.dict().String() + ")" }
func (u *userValue) Type() string          { return "st.user" }
func (u *userValue) Freeze()               {}
func (u *userValue) Truth() starlark.Bool  { return u.claims["is_logged_in"].Truth() }
func (u *userValue) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: st.user") }
func (u *userValue) Len() int              { return len(u.claims) }
func (u *userValue) Iterate() starlark.Iterator {
	return starlark.NewList(u.dict().Keys()).Iterate()
}
func (u *userValue) Items() []starlark.Tuple { return u.dict().Items() }

func (u *userValue) dict() *starlark.Dict {
	d := starlark.NewDict(len(u.claims))
	for _, k := range u.claims.Keys() {
		d.SetKey(starlark.String(k), u.claims[k])
	}
	return d
}

func (u *userValue) Get(k starlark.Value) (starlark.Value, bool, error) {
	s, ok := starlark.AsString(k)
	if !ok {
		return nil, false, fmt.Errorf("st.user: a claim's name is a string, not %s", k.Type())
	}
	v, ok := u.claims[s]
	return v, ok, nil
}

func (u *userValue) AttrNames() []string { return append(u.claims.Keys(), "get", "to_dict") }

func (u *userValue) Attr(name string) (starlark.Value, error) {
	switch name {
	case "to_dict":
		return starlark.NewBuiltin("to_dict", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return u.dict(), nil
		}), nil
	case "get":
		return starlark.NewBuiltin("get", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key string
			var def starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs("st.user.get", args, kwargs, 1, &key, &def); err != nil {
				return nil, err
			}
			if v, ok := u.claims[key]; ok {
				return v, nil
			}
			return def, nil
		}), nil
	}
	if v, ok := u.claims[name]; ok {
		return v, nil
	}
	if u.claims["is_logged_in"] == starlark.False {
		return nil, fmt.Errorf("st.user has no %q: nobody is logged in (check st.user.is_logged_in first)", name)
	}
	return nil, fmt.Errorf("st.user has no claim %q; it has %s", name, strings.Join(u.claims.Keys(), ", "))
}

// jsonValue converts a decoded JSON value (an identity claim) to Starlark.
func jsonValue(x any) starlark.Value {
	switch x := x.(type) {
	case nil:
		return starlark.None
	case bool:
		return starlark.Bool(x)
	case string:
		return starlark.String(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return starlark.MakeInt64(int64(x))
		}
		return starlark.Float(x)
	case []any:
		out := make([]starlark.Value, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return starlark.NewList(out)
	case map[string]any:
		d := starlark.NewDict(len(x))
		for _, k := range sortedKeys(x) {
			d.SetKey(starlark.String(k), jsonValue(x[k]))
		}
		return d
	}
	return starlark.String(fmt.Sprint(x))
}
