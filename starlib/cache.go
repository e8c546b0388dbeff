package starlib

// This file defines cache_data and cache_resource: wrappers that store a
// function's frozen results in the app's cache, shared by every session
// (or, with scope="session", by the runs of one session).

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// cachedFunc is the callable that cache_data and cache_resource return.
type cachedFunc struct {
	kind    string // "cache_data" or "cache_resource"
	fn      starlark.Callable
	opts    host.CacheOptions
	session bool   // scope="session": entries are keyed with the session
	spinner string // the text of the spinner shown while a miss computes, or "" for none
}

var _ starlark.Callable = (*cachedFunc)(nil)

func (c *cachedFunc) String() string        { return fmt.Sprintf("<%s %s>", c.kind, c.fn.Name()) }
func (c *cachedFunc) Type() string          { return "cached_function" }
func (c *cachedFunc) Freeze()               { c.fn.Freeze() }
func (c *cachedFunc) Truth() starlark.Bool  { return true }
func (c *cachedFunc) Hash() (uint32, error) { return starlark.String(c.fn.Name()).Hash() }
func (c *cachedFunc) Name() string          { return c.fn.Name() }
func (c *cachedFunc) AttrNames() []string   { return []string{"clear"} }

// Unwrap returns the wrapped function, so that spawn freezes what it can
// reach.
func (c *cachedFunc) Unwrap() starlark.Value { return c.fn }

func (c *cachedFunc) Attr(name string) (starlark.Value, error) {
	if name == "clear" {
		return starlark.NewBuiltin(c.fn.Name()+".clear", func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			sb, err := host.SandboxFor(t, b.Name())
			if err != nil {
				return nil, err
			}
			sb.App.Cache.Clear(c.key(sb.App))
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

func (c *cachedFunc) key(a *host.App) string { return c.kind + ":" + a.FunctionKey(c.fn) }

func (c *cachedFunc) CallInternal(t *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sb, err := host.SandboxFor(t, c.kind)
	if err != nil {
		return nil, err
	}
	args.Freeze()
	var k strings.Builder
	if c.session {
		ctx := host.ContextOf(t)
		if ctx == nil {
			return nil, fmt.Errorf("%s: scope=\"session\" needs the session, and thread %q was spawned without the run's context; pass context=True to spawn(), or call %s from the script thread", c.kind, t.Name, c.fn.Name())
		}
		// The state's id, unlike its address, is never reused: an entry of
		// one session is never served to another.
		fmt.Fprintf(&k, "session %d", ctx.State.ID())
		k.WriteByte(0)
	}
	for _, a := range args {
		k.WriteString(a.String())
		k.WriteByte(0)
	}
	for _, kv := range kwargs {
		kv.Freeze()
		k.WriteString(kv.String())
		k.WriteByte(0)
	}
	// The elements the function writes where it is called are recorded
	// with its value and written again there when the value comes from
	// the cache, as Streamlit replays them.
	ctx, box := host.ContextOf(t), (*host.Container)(nil)
	if ctx != nil && ctx.Check() == nil {
		box = ctx.Cursor(t)
	}
	computed := false
	got, err := sb.App.Cache.Get(sb, c.key(sb.App), k.String(), c.opts, func() (starlark.Value, error) {
		computed = true
		done := c.showSpinner(t)
		start := 0
		if box != nil {
			start = ctx.Mark(box)
		}
		prev := t.Local(inCachedKey)
		t.SetLocal(inCachedKey, c)
		v, err := starlark.Call(t, c.fn, args, kwargs)
		t.SetLocal(inCachedKey, prev)
		done()
		if err != nil {
			return nil, err
		}
		// The value is shared by every session: what it holds must act for
		// whichever thread uses it.
		if err := sb.Share(t, v, "every session (the value of "+c.kind+")"); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", c.kind, c.fn.Name(), err)
		}
		r := &recorded{v: v}
		if box != nil {
			r.els = ctx.Recorded(box, start)
		}
		return r, nil
	})
	if err != nil {
		return nil, err
	}
	r := got.(*recorded)
	if !computed && box != nil && len(r.els) > 0 {
		if err := ctx.Replay(box, r.els); err != nil {
			return nil, fmt.Errorf("%s: %s: writing its elements again: %v", c.kind, c.fn.Name(), err)
		}
	}
	return r.v, nil
}

// inCachedKey is the thread-local key of the cached function a thread is
// computing a value of (a *cachedFunc), for the warning of widgets made in
// one (cachedWidgetWarning).
const inCachedKey = "stark.cached"

// recorded is what the cache holds for a call of a cached function: its
// value and the elements the call wrote where it was called. The elements
// count toward the cache's byte budget with the value.
type recorded struct {
	v   starlark.Value
	els []host.Recorded
}

var _ host.Sizer = (*recorded)(nil)

func (r *recorded) String() string        { return r.v.String() }
func (r *recorded) Type() string          { return r.v.Type() }
func (r *recorded) Freeze()               { r.v.Freeze() }
func (r *recorded) Truth() starlark.Bool  { return r.v.Truth() }
func (r *recorded) Hash() (uint32, error) { return r.v.Hash() }
func (r *recorded) Size() int             { return int(host.SizeOf(r.v) + host.RecordedBytes(r.els)) }

// cachedWidgetWarning writes Streamlit's CachedWidgetWarning before a
// widget made while a cached function computes a value: the widget works
// in this run, but a run that takes the value from the cache does not call
// the function, and has no widget (its other elements are written again).
func (c *call) cachedWidgetWarning() error {
	f, ok := c.thread.Local(inCachedKey).(*cachedFunc)
	if !ok {
		return nil
	}
	msg := fmt.Sprintf("**CachedWidgetWarning**: your script uses a widget command (`%s`) in a cached function "+
		"(`%s`, wrapped with `st.%s`). This code will only be called when we detect a cache \"miss\", "+
		"which can lead to unexpected results.\n\nTo fix this, move all widget commands outside the cached function.",
		c.name, f.fn.Name(), f.kind)
	if _, err := c.ctx.Append(c.box, &host.Element{Kind: "warning", Text: msg, TextBody: true}, false, false); err != nil {
		return c.errorf("%v", err)
	}
	return nil
}

// showSpinner writes a spinner where the calling thread writes, as
// Streamlit shows one while a cached function computes a value it has not
// stored; the function it returns replaces the spinner with an empty
// element. A thread without a run's context (a worker spawned without it,
// a module's top level), or a run that has ended, shows none.
func (c *cachedFunc) showSpinner(t *starlark.Thread) (done func()) {
	nothing := func() {}
	if c.spinner == "" {
		return nothing
	}
	ctx := host.ContextOf(t)
	if ctx == nil || ctx.Check() != nil {
		return nothing
	}
	box := ctx.Cursor(t)
	if box == nil {
		return nothing
	}
	h, err := ctx.AppendHandle(box, &host.Element{Kind: "spinner", Props: map[string]any{"text": c.spinner}})
	if err != nil {
		return nothing
	}
	return func() {
		// A run that ended meanwhile takes no more elements; nothing is lost.
		_, _ = ctx.Append(h, &host.Element{Kind: "empty", Props: map[string]any{}}, false, false)
	}
}

// spinnerText returns the spinner text for show_spinner: True shows
// Streamlit's text naming the function, a string is the text, False none.
func spinnerText(kind string, fn starlark.Callable, v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.Bool:
		if x {
			return "Running " + fn.Name() + "(...).", nil
		}
		return "", nil
	case starlark.String:
		if x == "" {
			return "", fmt.Errorf("%s: for parameter show_spinner: got \"\", want True, False or the spinner's text", kind)
		}
		return string(x), nil
	}
	return "", fmt.Errorf("%s: for parameter show_spinner: got %s, want bool or string", kind, v.Type())
}

// stCacheData and stCacheResource are the builtins cache_data and
// cache_resource, which st has as attributes too (Streamlit's spelling).
var (
	stCacheData     = starlark.NewBuiltin("cache_data", makeCached("cache_data"))
	stCacheResource = starlark.NewBuiltin("cache_resource", makeCached("cache_resource"))
)

func makeCached(kind string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var fn starlark.Value = starlark.None
		var ttl, maxEntriesV, persist, validate, hashFuncs starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
		// Streamlit's default is True; stark's is False: a spinner keeps
		// its place as an empty element, and a loop of misses would fill
		// the page's element bound ([limits] elements).
		var showSpinner starlark.Value = starlark.False
		allowWidgets := false
		scope := "app"
		pairs := []any{"func?", &fn, "ttl?", &ttl, "max_entries?", &maxEntriesV, "show_spinner?", &showSpinner}
		if kind == "cache_data" {
			pairs = append(pairs, "persist?", &persist)
		} else {
			pairs = append(pairs, "validate?", &validate)
		}
		pairs = append(pairs, "experimental_allow_widgets?", &allowWidgets, "hash_funcs?", &hashFuncs)
		if kind == "cache_data" {
			pairs = append(pairs, "scope?", &scope)
		}
		if err := host.UnpackArgs(kind, args, kwargs, pairs...); err != nil {
			return nil, err
		}
		if fn == starlark.None {
			// cache_data(ttl=60) is the wrapper of Streamlit's
			// @st.cache_data(ttl=60): it takes the function.
			kw := append([]starlark.Tuple{}, kwargs...)
			return starlark.NewBuiltin(kind, func(t *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				if len(args) != 1 || len(kwargs) != 0 {
					return nil, fmt.Errorf("%s: the wrapper made by %s(...) takes the function and nothing else", kind, kind)
				}
				return starlark.Call(t, b, args, kw)
			}), nil
		}
		callable, ok := fn.(starlark.Callable)
		if !ok {
			return nil, fmt.Errorf("%s: for parameter func: got %s, want a function", kind, fn.Type())
		}
		if persist != starlark.None {
			return nil, fmt.Errorf("%s: for parameter persist: stark keeps cached values in memory only (bounded by [limits] cache_bytes); leave persist out", kind)
		}
		if validate != starlark.None {
			return nil, fmt.Errorf("%s: for parameter validate: not supported; leave it out, or set ttl", kind)
		}
		if hashFuncs != starlark.None {
			return nil, fmt.Errorf("%s: for parameter hash_funcs: arguments are keyed by their Starlark value; leave hash_funcs out", kind)
		}
		if scope != "app" && scope != "session" {
			return nil, fmt.Errorf("%s: for parameter scope: got %q, want \"app\" (shared by every session) or \"session\"", kind, scope)
		}
		d, err := host.DurationArg(kind+": for parameter ttl", ttl)
		if err != nil {
			return nil, err
		}
		maxEntries := 0
		if maxEntriesV != starlark.None {
			n, err := starlark.AsInt32(maxEntriesV)
			if err != nil {
				return nil, fmt.Errorf("%s: for parameter max_entries: got %s, want int or None", kind, maxEntriesV.Type())
			}
			maxEntries = n
		}
		if maxEntries < 0 {
			return nil, fmt.Errorf("%s: for parameter max_entries: got %d, want a positive number or 0 for no bound", kind, maxEntries)
		}
		text, err := spinnerText(kind, callable, showSpinner)
		if err != nil {
			return nil, err
		}
		opts := host.CacheOptions{TTL: d, MaxEntries: maxEntries}
		if kind == "cache_data" && scope == "app" {
			// cache_data's values are data: they cross to the other
			// replicas (docs/replicas.md). cache_resource's are
			// connections and clients, and a session's entries are its
			// own: they stay in the process.
			opts.Encode, opts.Decode = encodeRecorded, decodeRecorded
		}
		return &cachedFunc{kind: kind, fn: callable, opts: opts, session: scope == "session", spinner: text}, nil
	}
}

// encodeRecorded and decodeRecorded carry cache_data's entries between
// replicas (host/serial.go): the value, then the elements the call wrote,
// as JSON. Elements that read their rows from a source (a dataframe of more
// rows than one page) cannot cross, and nor can values outside the
// serialisation's type set: such an entry stays in its replica.
func encodeRecorded(v starlark.Value) ([]byte, error) {
	r := v.(*recorded)
	els, err := recordedWire(r.els)
	if err != nil {
		return nil, err
	}
	j, err := json.Marshal(els)
	if err != nil {
		return nil, err
	}
	return host.Serialize(starlark.Tuple{r.v, starlark.Bytes(j)})
}

func decodeRecorded(b []byte) (starlark.Value, error) {
	v, err := host.Deserialize(b)
	if err != nil {
		return nil, err
	}
	t, ok := v.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return nil, fmt.Errorf("a cache entry of another shape")
	}
	j, _ := t[1].(starlark.Bytes)
	var els []wireRecorded
	if err := json.Unmarshal([]byte(j), &els); err != nil {
		return nil, err
	}
	return &recorded{v: t[0], els: fromWire(els)}, nil
}

type wireRecorded struct {
	Kind     string         `json:"k"`
	Path     string         `json:"p,omitempty"`
	ID       string         `json:"i,omitempty"`
	Props    map[string]any `json:"o,omitempty"`
	Text     string         `json:"t,omitempty"`
	TextBody bool           `json:"b,omitempty"`
	Box      bool           `json:"x,omitempty"`
	Single   bool           `json:"s,omitempty"`
	Kids     []wireRecorded `json:"c,omitempty"`
}

func recordedWire(rs []host.Recorded) ([]wireRecorded, error) {
	out := make([]wireRecorded, len(rs))
	for i, r := range rs {
		if r.El.Rows != nil || len(r.El.Children) > 0 {
			return nil, fmt.Errorf("a %s element with rows read on request: %w", r.El.Kind, host.ErrNotSerial)
		}
		kids, err := recordedWire(r.Kids)
		if err != nil {
			return nil, err
		}
		out[i] = wireRecorded{Kind: r.El.Kind, Path: r.El.Path, ID: r.El.ID, Props: r.El.Props, Text: r.El.Text, TextBody: r.El.TextBody, Box: r.Box, Single: r.Single, Kids: kids}
	}
	return out, nil
}

func fromWire(ws []wireRecorded) []host.Recorded {
	out := make([]host.Recorded, len(ws))
	for i, w := range ws {
		out[i] = host.Recorded{El: &host.Element{Kind: w.Kind, Path: w.Path, ID: w.ID, Props: w.Props, Text: w.Text, TextBody: w.TextBody}, Box: w.Box, Single: w.Single, Kids: fromWire(w.Kids)}
	}
	return out
}
