package starlib

// This file defines Streamlit's magic: a page's bare expression statements
// (not calls, not docstrings), which the host rewrites into calls of
// host.MagicBuiltin, are written as st.write writes them.

import (
	"path/filepath"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// magic implements host.MagicBuiltin(*values): st.write(*values) where the
// calling thread writes, when the statement is in the run's page. A
// module's bare expressions, and those of a thread without the run's
// context (a module's top level, a worker spawned without it), are
// evaluated and dropped, as Streamlit's magic works in the main script
// only. It returns None: the statement's value is not used.
func magic(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	ctx := host.ContextOf(t)
	sb := host.SandboxOf(t)
	if ctx == nil || sb == nil || len(kwargs) != 0 {
		return starlark.None, nil
	}
	if t.CallStackDepth() < 2 || t.CallFrame(1).Pos.Filename() != filepath.Join(sb.App.Root, filepath.FromSlash(ctx.Page)) {
		return starlark.None, nil
	}
	if _, err := starlark.Call(t, staticMain.bound["write"], args, nil); err != nil {
		return nil, err
	}
	return starlark.None, nil
}
