package starlib

// This file defines st.session_state: dict-style and attribute access to the
// session's state, which persists across runs.

import (
	"fmt"
	"sort"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// sessionState is the value of st.session_state. Values are stored frozen
// (they are shared by every thread of the run and kept across runs): update
// a list by assigning a new one. Starlark has no del statement; pop(key)
// removes a key.
//
// st.session_state is evaluated through stAttr, so the value is bound to the
// ScriptRunContext of the thread that read it, and a thread without one
// never gets it. Attribute and index access, in, len and str carry no thread
// in Starlark: they use the bound context (or, once its run has ended, the
// same session's run in progress). The value never crosses to another
// thread (spawn, task results, caches and session_state refuse it: see
// host.RunBound), so the bound context is the calling thread's. The methods
// use the calling thread's context.
type sessionState struct {
	ctx *host.ScriptRunContext
}

var (
	_ starlark.HasSetField     = (*sessionState)(nil)
	_ starlark.HasSetKey       = (*sessionState)(nil)
	_ starlark.IterableMapping = (*sessionState)(nil)
	_ starlark.Sequence        = (*sessionState)(nil)
	_ starlark.HasAttrs        = (*sessionState)(nil)
)

var stateMethods = map[string]func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error){
	"get": func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var key string
		var def starlark.Value = starlark.None
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &key, &def); err != nil {
			return nil, err
		}
		if v, ok := st.Get(key); ok {
			return v, nil
		}
		return def, nil
	},
	"pop": func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var key string
		var def starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &key, &def); err != nil {
			return nil, err
		}
		v, ok := st.Get(key)
		if !ok {
			if def != nil {
				return def, nil
			}
			return nil, fmt.Errorf("%s: st.session_state has no key %q", name, key)
		}
		st.Delete(key)
		return v, nil
	},
	"setdefault": func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var key string
		var def starlark.Value = starlark.None
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &key, &def); err != nil {
			return nil, err
		}
		if v, ok := st.Get(key); ok {
			return v, nil
		}
		if err := keep(st, key, def); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return def, nil
	},
	"keys": func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		var out []starlark.Value
		for _, k := range st.Keys() {
			out = append(out, starlark.String(k))
		}
		return starlark.NewList(out), nil
	},
	"items": func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		var out []starlark.Value
		for _, k := range st.Keys() {
			if v, ok := st.Get(k); ok {
				out = append(out, starlark.Tuple{starlark.String(k), v})
			}
		}
		return starlark.NewList(out), nil
	},
	"values": func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		var out []starlark.Value
		for _, k := range st.Keys() {
			if v, ok := st.Get(k); ok {
				out = append(out, v)
			}
		}
		return starlark.NewList(out), nil
	},
	"update": func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var d *starlark.Dict
		if err := starlark.UnpackPositionalArgs(name, args, nil, 0, &d); err != nil {
			return nil, err
		}
		if d != nil {
			for _, kv := range d.Items() {
				k, ok := starlark.AsString(kv[0])
				if !ok {
					return nil, fmt.Errorf("%s: keys are strings, got %s", name, kv[0].Type())
				}
				if err := keep(st, k, kv[1]); err != nil {
					return nil, fmt.Errorf("%s: %w", name, err)
				}
			}
		}
		for _, kv := range kwargs {
			if err := keep(st, string(kv[0].(starlark.String)), kv[1]); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		return starlark.None, nil
	},
	"clear": func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		for _, k := range st.Keys() {
			st.Delete(k)
		}
		return starlark.None, nil
	},
	"to_dict": func(st *host.State, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		return stateDict(st), nil
	},
}

var stateMethodNames = func() []string {
	out := []string{"locked"}
	for k := range stateMethods {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}()

// locked(fn, *args, **kwargs) calls fn holding the lock of the session's
// state and returns its value: Python's `with lock: fn()`. A
// read-modify-write inside fn is atomic with respect to every other
// thread's locked() call; other threads calling locked() wait meanwhile
// (giving their run slot up), and the holder may call locked() again.
func stateLocked(t *starlark.Thread, ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("%s: missing argument fn (the function to call with the lock held)", name)
	}
	fn, ok := args[0].(starlark.Callable)
	if !ok {
		return nil, fmt.Errorf("%s: for parameter fn: got %s, want a function", name, args[0].Type())
	}
	unlock, err := ctx.State.Lock(t)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer unlock()
	return starlark.Call(t, fn, args[1:], kwargs)
}

// keep sets st[key] = v, frozen, unless v holds a value that acts for one
// run's context (host.RunBound): the state outlives the run.
func keep(st *host.State, key string, v starlark.Value) error {
	if w := st.Widget(key); w != nil && w.Trigger && w.Key == key {
		return fmt.Errorf("st.session_state[%q]: the value of the %s %q cannot be set: it is True in the run after a click, False otherwise", key, w.Kind, w.Label)
	}
	if err := host.Keep(v, fmt.Sprintf("st.session_state[%q]", key)); err != nil {
		return err
	}
	st.Set(key, v)
	return nil
}

// stateDict returns a new dict of every key of st.
func stateDict(st *host.State) *starlark.Dict {
	keys := st.Keys()
	d := starlark.NewDict(len(keys))
	for _, k := range keys {
		if v, ok := st.Get(k); ok {
			d.SetKey(starlark.String(k), v)
		}
	}
	return d
}

func (s *sessionState) String() string {
	st, err := s.state()
	if err != nil {
		return "<st.session_state>"
	}
	return "st.session_state(" + stateDict(st).String() + ")"
}

// RunBound marks the value as bound to its run's context (host.RunBound).
func (s *sessionState) RunBound() string      { return "st.session_state" }
func (s *sessionState) Type() string          { return "st.session_state" }
func (s *sessionState) Freeze()               {}
func (s *sessionState) Truth() starlark.Bool  { return s.Len() > 0 }
func (s *sessionState) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: st.session_state") }

// state returns the bound run's state for attribute and index access.
func (s *sessionState) state() (*host.State, error) {
	ctx, err := s.ctx.Live()
	if err != nil {
		return nil, fmt.Errorf("st.session_state: %w", err)
	}
	return ctx.State, nil
}

func (s *sessionState) Attr(name string) (starlark.Value, error) {
	if _, ok := stateMethods[name]; ok || name == "locked" {
		return starlark.NewBuiltin("st.session_state."+name, stateMethod).BindReceiver(s), nil
	}
	st, err := s.state()
	if err != nil {
		return nil, err
	}
	if v, ok := st.Get(name); ok {
		return v, nil
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("st.session_state has no key %q; set it first, e.g. st.session_state.setdefault(%q, 0)", name, name))
}

func (s *sessionState) AttrNames() []string {
	st, err := s.state()
	if err != nil {
		return stateMethodNames
	}
	return append(append([]string{}, stateMethodNames...), st.Keys()...)
}

func (s *sessionState) SetField(name string, v starlark.Value) error {
	st, err := s.state()
	if err != nil {
		return err
	}
	return keep(st, name, v)
}

func stateKey(k starlark.Value) (string, error) {
	key, ok := starlark.AsString(k)
	if !ok {
		return "", fmt.Errorf("st.session_state keys are strings, got %s", k.Type())
	}
	return key, nil
}

func (s *sessionState) Get(k starlark.Value) (starlark.Value, bool, error) {
	key, err := stateKey(k)
	if err != nil {
		return nil, false, err
	}
	st, err := s.state()
	if err != nil {
		return nil, false, err
	}
	v, ok := st.Get(key)
	return v, ok, nil
}

func (s *sessionState) SetKey(k, v starlark.Value) error {
	key, err := stateKey(k)
	if err != nil {
		return err
	}
	st, err := s.state()
	if err != nil {
		return err
	}
	return keep(st, key, v)
}

// Len, Iterate and Items cannot fail in Starlark: once the session has no
// run in progress they see an empty state.
func (s *sessionState) Len() int {
	st, err := s.state()
	if err != nil {
		return 0
	}
	return st.Len()
}

func (s *sessionState) Iterate() starlark.Iterator {
	var keys []starlark.Value
	if st, err := s.state(); err == nil {
		for _, k := range st.Keys() {
			keys = append(keys, starlark.String(k))
		}
	}
	return starlark.NewList(keys).Iterate()
}

func (s *sessionState) Items() []starlark.Tuple {
	st, err := s.state()
	if err != nil {
		return nil
	}
	return stateDict(st).Items()
}

// stateMethod runs a method of st.session_state with the calling thread's
// context.
func stateMethod(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	ctx, err := contextFor(t, b.Name())
	if err != nil {
		return nil, err
	}
	method := b.Name()[len("st.session_state."):]
	if method == "locked" {
		return stateLocked(t, ctx, b.Name(), args, kwargs)
	}
	return stateMethods[method](ctx.State, b.Name(), args, kwargs)
}
