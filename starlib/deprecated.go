package starlib

import (
	"sort"

	"go.starlark.net/starlark"
)

// Deprecated spellings that Streamlit 1.39 still accepted, kept so that
// older apps translate: st.experimental_fragment is st.fragment (in
// stMethods), and the query-parameter functions below read and write what
// st.query_params does.

// experimentalGetQueryParams implements st.experimental_get_query_params():
// a new dict of every key to the list of its values, as Streamlit's was.
func experimentalGetQueryParams(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(c.name, args, kwargs, 0); err != nil {
		return nil, err
	}
	query := c.ctx.QueryParams()
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := starlark.NewDict(len(keys))
	for _, k := range keys {
		vs := make([]starlark.Value, len(query[k]))
		for i, v := range query[k] {
			vs[i] = starlark.String(v)
		}
		d.SetKey(starlark.String(k), starlark.NewList(vs))
	}
	return d, nil
}

// experimentalSetQueryParams implements
// st.experimental_set_query_params(**params): the query becomes exactly
// params, each a value or a list of values (as st.query_params takes them).
func experimentalSetQueryParams(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, c.errorf("takes keyword arguments only (key=value), got %d positional", len(args))
	}
	values := make(map[string][]string, len(kwargs))
	for _, kv := range kwargs {
		vs, err := queryValues(kv[1])
		if err != nil {
			return nil, c.errorf("for %s: %v", kv[0].(starlark.String).GoString(), err)
		}
		values[string(kv[0].(starlark.String))] = vs
	}
	if err := c.ctx.ClearQueryParams(); err != nil {
		return nil, c.errorf("%v", err)
	}
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		if err := c.ctx.SetQueryParam(k, values[k]); err != nil {
			return nil, c.errorf("%v", err)
		}
	}
	return starlark.None, nil
}
