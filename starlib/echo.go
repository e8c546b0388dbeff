package starlib

// This file defines st.echo: Streamlit's `with st.echo():` block, which
// shows its own source and runs it. Starlark has no `with`, so the block is
// a function: st.echo(fn) shows fn's body as written and calls it.

import (
	"go.starlark.net/starlark"

	"github.com/stark-dev/stark/host"
)

// echo implements st.echo(fn, code_location="above"): the source of fn's
// body (a def's statements, a lambda's expression; host.FunctionSource) as
// an st.code element, above or below what fn writes, and fn called with no
// arguments. It returns what fn returns. With "below" the code is shown
// even when fn fails, as Streamlit's block shows it when its code raises.
func echo(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fnV starlark.Value = starlark.None
	location := "above"
	if err := host.UnpackArgs(c.name, args, kwargs, "fn?", &fnV, "code_location?", &location); err != nil {
		return nil, err
	}
	if fnV == starlark.None {
		return nil, c.errorf("missing the function to show and run: Streamlit's `with st.echo():` block is a function in stark, `def block(): ...` then `st.echo(block)`")
	}
	if location != "above" && location != "below" {
		return nil, c.errorf("for parameter code_location: got %q, want \"above\" or \"below\"", location)
	}
	fn, ok := fnV.(*starlark.Function)
	if !ok {
		return nil, c.errorf("for parameter fn: got %s, want a function of the page (def or lambda) whose body is shown and run: Streamlit's `with st.echo():` block as `def block(): ...` then `st.echo(block)`", fnV.Type())
	}
	n := fn.NumParams()
	if fn.HasVarargs() {
		n--
	}
	if fn.HasKwargs() {
		n--
	}
	if n > 0 && fn.ParamDefault(0) == nil {
		return nil, c.errorf("for parameter fn: %s takes parameters; st.echo calls it with none", fn.Name())
	}
	src, err := host.FunctionSource(c.thread, c.name, fn)
	if err != nil {
		return nil, err
	}
	show := func() error {
		return c.appendEl("code", map[string]any{"body": src, "language": "python"})
	}
	if location == "above" {
		if err := show(); err != nil {
			return nil, err
		}
	}
	v, err := starlark.Call(c.thread, fn, nil, nil)
	if location == "below" {
		if serr := show(); serr != nil && err == nil {
			err = serr
		}
	}
	if err != nil {
		return nil, err
	}
	return v, nil
}
