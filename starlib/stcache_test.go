package starlib_test

// Tests of Streamlit's spellings of the caches: st.cache_data and
// st.cache_resource beside the bare names, show_spinner, and the wrapper
// that cache_data(ttl=...) returns.

import (
	"testing"

	"github.com/stark-dev/stark/host"
)

// TestStCache checks that st.cache_data and st.cache_resource are the
// builtins, that a miss shows a spinner (Streamlit's text, or the one given)
// which an empty element replaces, that a hit, show_spinner=False and the
// default (stark's is False) show none, and that cache_data(ttl=...) without a function wraps one.
func TestStCache(t *testing.T) {
	s := session(t, lines(
		`def rows(n):`,
		`    return n * 2`,
		`quiet = st.cache_data(rows, show_spinner=False)`,
		`loud = st.cache_resource(rows, show_spinner="Loading rows")`,
		`plain = st.cache_data(ttl=60, max_entries=None, show_spinner=True)(rows)`,
		`bare = cache_data(rows)`,
		`st.text(str(quiet(1) + loud(2) + plain(3) + bare(4)))`,
		`st.text(repr([st.cache_data == cache_data, st.cache_resource == cache_resource]))`,
	), nil, host.Limits{})
	first := s.Run()
	mustComplete(t, first)
	sameJSON(t, asJSON(t, first.Elements()), `[
		{"kind":"empty","path":"main.0"},
		{"kind":"empty","path":"main.1"},
		{"kind":"text","path":"main.2","body":"20"},
		{"kind":"text","path":"main.3","body":"[True, True]"}]`)
	second := s.Run()
	mustComplete(t, second)
	sameJSON(t, asJSON(t, second.Elements()), `[
		{"kind":"text","path":"main.0","body":"20"},
		{"kind":"text","path":"main.1","body":"[True, True]"}]`)
}

// TestStCacheInside checks that what the cached function writes follows
// its spinner, and that a worker without the run's context shows none.
func TestStCacheInside(t *testing.T) {
	res := runPage(t, lines(
		`def rows(n):`,
		`    st.text("computing")`,
		`    return n`,
		`f = st.cache_data(rows, show_spinner=True)`,
		`st.text(str(f(1)))`,
		`g = st.cache_data(lambda n: n + 1, show_spinner=True)`,
		`st.text(str(spawn(g, 1).result()))`,
	))
	mustComplete(t, res)
	sameJSON(t, asJSON(t, res.Elements()), `[
		{"kind":"empty","path":"main.0"},
		{"kind":"text","path":"main.1","body":"computing"},
		{"kind":"text","path":"main.2","body":"1"},
		{"kind":"text","path":"main.3","body":"2"}]`)
}

func TestStCacheErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"show_spinner type", `st.cache_data(len, show_spinner=1)`, `cache_data: for parameter show_spinner: got int, want bool or string`},
		{"show_spinner empty", `st.cache_resource(len, show_spinner="")`, `cache_resource: for parameter show_spinner: got "", want True, False or the spinner's text`},
		{"persist", `st.cache_data(len, persist="disk")`, `cache_data: for parameter persist: stark keeps cached values in memory only (bounded by [limits] cache_bytes); leave persist out`},
		{"validate", `st.cache_resource(len, validate=len)`, `cache_resource: for parameter validate: not supported; leave it out, or set ttl`},
		{"hash_funcs", `st.cache_data(len, hash_funcs={})`, `cache_data: for parameter hash_funcs: arguments are keyed by their Starlark value; leave hash_funcs out`},
		{"max_entries type", `st.cache_data(len, max_entries="3")`, `cache_data: for parameter max_entries: got string, want int or None`},
		{"wrapper arguments", `st.cache_data(ttl=1)(len, len)`, `cache_data: the wrapper made by cache_data(...) takes the function and nothing else`},
		{"no validate on cache_data", `st.cache_data(len, validate=len)`, `cache_data: unexpected keyword argument "validate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFail(t, runPage(t, tt.src), tt.want) })
	}
}
