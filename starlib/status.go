package starlib

// This file defines the status builtins: progress, spinner, status and
// toast. progress and spinner return element handles, through which a
// write replaces the element in place, so they move while the run goes.

import (
	"math"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// appendHandle appends an element whose writes through the returned handle
// replace it.
func (c *call) appendHandle(kind string, props map[string]any) (*host.Container, error) {
	h, err := c.ctx.AppendHandle(c.box, &host.Element{Kind: kind, Props: props})
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return h, nil
}

// optString checks that v is a string or None and returns its JSON value.
func optString(c *call, param string, v starlark.Value) (any, error) {
	switch x := v.(type) {
	case starlark.NoneType:
		return nil, nil
	case starlark.String:
		return string(x), nil
	}
	return nil, c.errorf("for parameter %s: got %s, want string or None", param, v.Type())
}

// progress implements st.progress(value, text=None): value is an int from 0
// to 100 or a float from 0.0 to 1.0. It returns a handle:
// bar.progress(50) updates the bar in place.
func progress(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var value starlark.Value
	var text starlark.Value = starlark.None
	if err := host.UnpackArgs(c.name, args, kwargs, "value", &value, "text?", &text); err != nil {
		return nil, err
	}
	var pct int
	switch x := value.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok || n < 0 || n > 100 {
			return nil, c.errorf("for parameter value: %s is outside [0, 100]", x)
		}
		pct = int(n)
	case starlark.Float:
		f := float64(x)
		if !(f >= 0 && f <= 1) {
			return nil, c.errorf("for parameter value: %s is outside [0.0, 1.0]", x)
		}
		pct = int(math.Round(f * 100))
	default:
		return nil, c.errorf("for parameter value: got %s, want int (0 to 100) or float (0.0 to 1.0)", value.Type())
	}
	t, err := optString(&c, "text", text)
	if err != nil {
		return nil, err
	}
	h, err := c.appendHandle("progress", map[string]any{"value": pct, "text": t})
	if err != nil {
		return nil, err
	}
	return c.sub("progress", h), nil
}

// spinner implements st.spinner(text="In progress..."): it returns a handle
// whose done() removes the spinner. The browser shows a spinner only while
// the run is in progress.
func spinner(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	text := "In progress..."
	if err := host.UnpackArgs(c.name, args, kwargs, "text?", &text); err != nil {
		return nil, err
	}
	h, err := c.appendHandle("spinner", map[string]any{"text": text})
	if err != nil {
		return nil, err
	}
	return &Container{name: "spinner", kind: "spinner", box: h, form: c.form}, nil
}

// spinnerDone implements spinner.done(): the spinner's place then holds an
// element that shows nothing.
func spinnerDone(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := host.UnpackArgs(c.name, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, c.appendEl("empty", map[string]any{})
}

var statusStates = map[string]bool{"running": true, "complete": true, "error": true}

func statusState(c *call, state string) error {
	if !statusStates[state] {
		return c.errorf("for parameter state: got %q, want \"running\", \"complete\" or \"error\"", state)
	}
	return nil
}

// status implements st.status(label, state="running", expanded=False): a
// container showing the state of a task, whose update() and done() change
// its label and state in place, keeping what was written in it.
func status(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var label string
	state := "running"
	expanded := false
	if err := host.UnpackArgs(c.name, args, kwargs, "label", &label, "state?", &state, "expanded?", &expanded); err != nil {
		return nil, err
	}
	if err := statusState(&c, state); err != nil {
		return nil, err
	}
	box, err := c.appendBox("status", map[string]any{"label": label, "state": state, "expanded": expanded})
	if err != nil {
		return nil, err
	}
	return &Container{name: "status", kind: "status", box: box, form: c.form}, nil
}

// statusUpdate implements status.update(label=None, state=None,
// expanded=None): the properties given change, the others stay.
func statusUpdate(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var label, state, expanded starlark.Value = starlark.None, starlark.None, starlark.None
	if err := host.UnpackArgs(c.name, args, kwargs, "label?", &label, "state?", &state, "expanded?", &expanded); err != nil {
		return nil, err
	}
	props := map[string]any{}
	switch x := label.(type) {
	case starlark.NoneType:
	case starlark.String:
		props["label"] = string(x)
	default:
		return nil, c.errorf("for parameter label: got %s, want string or None", label.Type())
	}
	switch x := state.(type) {
	case starlark.NoneType:
	case starlark.String:
		if err := statusState(&c, string(x)); err != nil {
			return nil, err
		}
		props["state"] = string(x)
	default:
		return nil, c.errorf("for parameter state: got %s, want string or None", state.Type())
	}
	switch x := expanded.(type) {
	case starlark.NoneType:
	case starlark.Bool:
		props["expanded"] = bool(x)
	default:
		return nil, c.errorf("for parameter expanded: got %s, want bool or None", expanded.Type())
	}
	return starlark.None, c.update(props)
}

// statusDone implements status.done(): update(state="complete").
func statusDone(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := host.UnpackArgs(c.name, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, c.update(map[string]any{"state": "complete"})
}

func (c *call) update(props map[string]any) error {
	if err := c.ctx.Update(c.box, props); err != nil {
		return c.errorf("%v", err)
	}
	return nil
}

// toast implements st.toast(body, icon=None): a message the browser shows
// for a few seconds.
func toast(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var body string
	var icon starlark.Value = starlark.None
	if err := host.UnpackArgs(c.name, args, kwargs, "body", &body, "icon?", &icon); err != nil {
		return nil, err
	}
	i, err := optString(&c, "icon", icon)
	if err != nil {
		return nil, err
	}
	return starlark.None, c.appendEl("toast", map[string]any{"body": body, "icon": i})
}
