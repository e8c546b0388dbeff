package starlib

// This file defines st.dialog: a function of the page shown in a modal
// dialog when the page calls it, re-running on its own (as a fragment does)
// when a widget inside it changes.

import (
	"fmt"
	"hash/fnv"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// dialog implements st.dialog(title, width="small", dismissible=True,
// on_dismiss="ignore", fn=None). Starlark has no decorators:
// st.dialog("Title")(fn) (or st.dialog("Title", fn=fn)) returns the dialog
// function, which the page calls (with any arguments) to open the dialog.
// As Streamlit's: a dialog that is not dismissible has no close button and
// ignores Escape and clicks outside (st.rerun() in it closes it); on_dismiss
// is "ignore" (the dialog closes, no run), "rerun" (the page runs again) or
// a function (called at the start of that run, as an on_change callback).
func dialog(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var title string
	width := "small"
	dismissible := true
	var fn, onDismiss starlark.Value = starlark.None, starlark.String("ignore")
	if err := host.UnpackArgs(c.name, args, kwargs, "title", &title, "width?", &width, "dismissible?", &dismissible, "on_dismiss?", &onDismiss, "fn?", &fn); err != nil {
		return nil, err
	}
	switch width {
	case "small", "medium", "large":
	default:
		return nil, c.errorf("for parameter width: got %q, want \"small\", \"medium\" or \"large\"", width)
	}
	d := &dialogDecorator{title: title, width: width, dismissible: dismissible}
	switch x := onDismiss.(type) {
	case starlark.String:
		if x != "ignore" && x != "rerun" {
			return nil, c.errorf("for parameter on_dismiss: got %q, want \"ignore\", \"rerun\" or a function", string(x))
		}
		d.onDismiss = string(x)
	case starlark.Callable:
		d.onDismiss, d.onDismissFn = "rerun", x
	default:
		return nil, c.errorf("for parameter on_dismiss: got %s, want \"ignore\", \"rerun\" or a function", onDismiss.Type())
	}
	if fn == starlark.None {
		return d, nil
	}
	return d.wrap(fn)
}

// dialogDecorator is what st.dialog(title) returns: called with a function,
// it returns the dialog function.
type dialogDecorator struct {
	title, width string
	dismissible  bool
	onDismiss    string            // "ignore" or "rerun"
	onDismissFn  starlark.Callable // called before the rerun, or nil
}

func (d *dialogDecorator) String() string        { return fmt.Sprintf("<st.dialog %q>", d.title) }
func (d *dialogDecorator) Type() string          { return "st.dialog" }
func (d *dialogDecorator) Freeze()               {}
func (d *dialogDecorator) Truth() starlark.Bool  { return true }
func (d *dialogDecorator) Hash() (uint32, error) { return starlark.String(d.title).Hash() }
func (d *dialogDecorator) Name() string          { return "st.dialog" }

func (d *dialogDecorator) CallInternal(t *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Value
	if err := starlark.UnpackPositionalArgs("st.dialog", args, kwargs, 1, &fn); err != nil {
		return nil, err
	}
	return d.wrap(fn)
}

func (d *dialogDecorator) wrap(fn starlark.Value) (starlark.Value, error) {
	f, ok := fn.(starlark.Callable)
	if !ok {
		return nil, fmt.Errorf("st.dialog: for parameter fn: got %s, want a function (st.dialog(\"Title\")(fn))", fn.Type())
	}
	return &dialogFunc{fn: f, dialogDecorator: *d}, nil
}

// dialogFunc is the dialog function: calling it opens the dialog.
type dialogFunc struct {
	fn starlark.Callable
	dialogDecorator
}

func (f *dialogFunc) String() string { return fmt.Sprintf("<dialog %s>", f.fn.Name()) }
func (f *dialogFunc) Type() string   { return "dialog" }
func (f *dialogFunc) Freeze() {
	f.fn.Freeze()
	if f.onDismissFn != nil {
		f.onDismissFn.Freeze()
	}
}
func (f *dialogFunc) Truth() starlark.Bool  { return true }
func (f *dialogFunc) Hash() (uint32, error) { return starlark.String(f.fn.Name()).Hash() }
func (f *dialogFunc) Name() string          { return f.fn.Name() }

// CallInternal opens the dialog: a "dialog" container (shown by the browser
// as a modal) that is a fragment's box, so that a widget inside re-runs only
// the dialog. The dialog is also a widget whose value is True once the
// visitor dismissed it (its close button, Escape, a click outside): the
// dismissal re-runs the page, and while the page keeps calling the dialog
// function in its runs the dialog stays closed; a run that does not call it
// forgets the dismissal, so the next call opens it again. st.rerun() inside
// the dialog re-runs the page, which closes the dialog unless the page
// calls it again.
func (f *dialogFunc) CallInternal(t *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	const name = "st.dialog"
	ctx, err := contextFor(t, name)
	if err != nil {
		return nil, err
	}
	if !ctx.IsScript(t) {
		return nil, fmt.Errorf("%s: dialogs are opened by the script thread only (thread %q is a worker)", name, t.Name)
	}
	sb, err := host.SandboxFor(t, name)
	if err != nil {
		return nil, err
	}
	key := sb.App.FunctionKey(f.fn)
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s", key, f.title)
	id := fmt.Sprintf("dialog-%016x", h.Sum64())
	dismissible := f.dismissible
	w := &host.Widget{ID: id, Kind: "dialog", Label: f.title, At: ctx.Caller(t),
		// on_dismiss="ignore": the browser closes the dialog, and the
		// dismissal is kept for the next run without starting one.
		Quiet: f.onDismiss == "ignore",
		Coerce: func(v starlark.Value) (starlark.Value, error) {
			b, ok := v.(starlark.Bool)
			if !ok {
				return nil, fmt.Errorf("got %s, want bool", v.Type())
			}
			if bool(b) && !dismissible {
				return nil, fmt.Errorf("the dialog %q is not dismissible (dismissible=False): st.rerun() in it closes it", f.title)
			}
			return b, nil
		}}
	if f.onDismissFn != nil {
		w.Callback = &host.Callback{Fn: f.onDismissFn}
	}
	dismissed, err := ctx.Widget(t, w, starlark.False)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if dismissed == starlark.True {
		return starlark.None, nil
	}
	if ctx.Next("st.dialog open") > 0 {
		return nil, fmt.Errorf("%s: only one dialog can be open at a time; %s opened a second (close the first with st.rerun() before opening another)", name, f.fn.Name())
	}
	box, err := ctx.Append(ctx.Cursor(t), &host.Element{Kind: "dialog", ID: id, Props: map[string]any{"title": f.title, "width": f.width, "dismissible": f.dismissible}}, true, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	fr := &host.Fragment{
		ID:     host.FragmentID(key, box.Path()),
		Fn:     f.fn,
		Args:   args,
		Kwargs: kwargs,
		Path:   box.Path(),
	}
	if _, err := ctx.RenderFragment(t, fr, box); err != nil {
		return nil, err
	}
	return starlark.None, nil
}
