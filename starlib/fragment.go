package starlib

// This file defines st.fragment: a function of the page that re-runs on its
// own, when a widget inside it changes or on a timer.

import (
	"fmt"
	"time"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// fragment implements st.fragment(fn, run_every=None): it returns a callable
// that renders fn into a fragment container where it is called. Called on a
// container (col.fragment(fn), Streamlit's `with col: frag()`), the
// callable renders the fragment into that container wherever it is called;
// the fragment's re-runs redraw only its own box inside it.
func fragment(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Callable
	var every starlark.Value = starlark.None
	if err := starlark.UnpackArgs(c.name, args, kwargs, "fn", &fn, "run_every?", &every); err != nil {
		return nil, err
	}
	d, err := host.DurationArg(c.name+": for parameter run_every", every)
	if err != nil {
		return nil, err
	}
	if every != starlark.None && d < minRunEvery {
		return nil, c.errorf("for parameter run_every: %s is shorter than the minimum of %s", d, minRunEvery)
	}
	f := &fragmentFunc{fn: fn, every: d}
	if c.recv.box != nil || c.recv.root != "main" {
		f.in = c.recv
	}
	return f, nil
}

// minRunEvery bounds how often a fragment may re-run on a timer.
const minRunEvery = 100 * time.Millisecond

// fragmentFunc is the value st.fragment returns.
type fragmentFunc struct {
	fn    starlark.Callable
	every time.Duration
	in    *Container // the container it renders into, or nil: where it is called
}

func (f *fragmentFunc) String() string        { return fmt.Sprintf("<fragment %s>", f.fn.Name()) }
func (f *fragmentFunc) Type() string          { return "fragment" }
func (f *fragmentFunc) Freeze()               { f.fn.Freeze() }
func (f *fragmentFunc) Truth() starlark.Bool  { return true }
func (f *fragmentFunc) Hash() (uint32, error) { return starlark.String(f.fn.Name()).Hash() }
func (f *fragmentFunc) Name() string          { return f.fn.Name() }

// CallInternal renders the fragment where the page calls it.
func (f *fragmentFunc) CallInternal(t *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	const name = "st.fragment"
	ctx, err := contextFor(t, name)
	if err != nil {
		return nil, err
	}
	if !ctx.IsScript(t) {
		return nil, fmt.Errorf("%s: fragments are rendered by the script thread only (thread %q is a worker)", name, t.Name)
	}
	var every any
	if s := f.every.Seconds(); s > 0 {
		every = s
	}
	at := ctx.Cursor(t)
	switch {
	case f.in == nil:
	case f.in.box != nil:
		at = f.in.box
	default:
		if at = ctx.Root(f.in.root); at == nil {
			return nil, fmt.Errorf("%s: a fragment re-run writes only inside its fragment, not to st.%s", name, f.in.root)
		}
	}
	box, err := ctx.Append(at, &host.Element{Kind: "fragment", Props: map[string]any{"run_every": every}}, true, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	sb, err := host.SandboxFor(t, name)
	if err != nil {
		return nil, err
	}
	fr := &host.Fragment{
		ID:       host.FragmentID(sb.App.FunctionKey(f.fn), box.Path()),
		Fn:       f.fn,
		Args:     args,
		Kwargs:   kwargs,
		Path:     box.Path(),
		RunEvery: f.every,
	}
	return ctx.RenderFragment(t, fr, box)
}
