package starlib

// This file defines cache_data and cache_resource: wrappers that store a
// function's frozen results in the app's cache, shared by every session
// (or, with scope="session", by the runs of one session).

import (
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
	session bool // scope="session": entries are keyed with the session
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
	return sb.App.Cache.Get(sb, c.key(sb.App), k.String(), c.opts, func() (starlark.Value, error) {
		v, err := starlark.Call(t, c.fn, args, kwargs)
		if err != nil {
			return nil, err
		}
		// The value is shared by every session: what it holds must act for
		// whichever thread uses it.
		if err := sb.Share(t, v, "every session (the value of "+c.kind+")"); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", c.kind, c.fn.Name(), err)
		}
		return v, nil
	})
}

func makeCached(kind string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var fn starlark.Callable
		var ttl starlark.Value = starlark.None
		maxEntries := 0
		scope := "app"
		pairs := []any{"fn", &fn, "ttl?", &ttl, "max_entries?", &maxEntries}
		if kind == "cache_data" {
			pairs = append(pairs, "scope?", &scope)
		}
		if err := host.UnpackArgs(kind, args, kwargs, pairs...); err != nil {
			return nil, err
		}
		if scope != "app" && scope != "session" {
			return nil, fmt.Errorf("%s: for parameter scope: got %q, want \"app\" (shared by every session) or \"session\"", kind, scope)
		}
		d, err := host.DurationArg(kind+": for parameter ttl", ttl)
		if err != nil {
			return nil, err
		}
		if maxEntries < 0 {
			return nil, fmt.Errorf("%s: for parameter max_entries: got %d, want a positive number or 0 for no bound", kind, maxEntries)
		}
		return &cachedFunc{kind: kind, fn: fn, opts: host.CacheOptions{TTL: d, MaxEntries: maxEntries}, session: scope == "session"}, nil
	}
}
