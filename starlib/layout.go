package starlib

// This file defines the layout containers: columns, tabs, expander,
// container, popover, and forms with their submit buttons. Each returns
// container values whose methods are the st builtins.

import (
	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// kindMethods are the methods that containers of a kind have beyond the st
// builtins (a status's update and done), by kind and name
// (containerKindMethods).
var kindMethods map[string]map[string]stFunc

// kindMethodNames are the attribute names of containers of each kind that
// has methods of its own, sorted.
var kindMethodNames map[string][]string

// containerKindMethods returns the methods of kinds of containers.
func containerKindMethods() map[string]map[string]stFunc {
	return map[string]map[string]stFunc{
		// status.go
		"status":  {"update": statusUpdate, "done": statusDone},
		"spinner": {"done": spinnerDone},
	}
}

// dispatchKind is the implementation of the methods of kindMethods, as
// dispatch is of the st builtins.
func dispatchKind(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	c, err := callOf(t, b)
	if err != nil {
		return nil, err
	}
	return kindMethods[c.recv.kind][c.name[len(c.recv.kind)+1:]](c, args, kwargs)
}

// sub returns the container value of box, made by the call: it is in the
// same form as the container the call wrote to.
func (c *call) sub(name string, box *host.Container) *Container {
	return &Container{name: name, box: box, form: c.form}
}

// appendBox appends a container element to the call's container.
func (c *call) appendBox(kind string, props map[string]any) (*host.Container, error) {
	box, err := c.ctx.Append(c.box, &host.Element{Kind: kind, Props: props}, true, false)
	if err != nil {
		return nil, c.errorf("%v", err)
	}
	return box, nil
}

var gaps = map[string]bool{"small": true, "medium": true, "large": true}

// columns implements st.columns(spec, gap="small"): spec is a number of
// equal columns or a list of relative widths.
func columns(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var spec starlark.Value
	gap, align := "small", "top"
	if err := host.UnpackArgs(c.name, args, kwargs, "spec", &spec, "gap?", &gap, "vertical_alignment?", &align); err != nil {
		return nil, err
	}
	if !gaps[gap] {
		return nil, c.errorf("for parameter gap: got %q, want \"small\", \"medium\" or \"large\"", gap)
	}
	if align != "top" && align != "center" && align != "bottom" {
		return nil, c.errorf("for parameter vertical_alignment: got %q, want \"top\", \"center\" or \"bottom\"", align)
	}
	var weights []float64
	switch x := spec.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok || n < 1 {
			return nil, c.errorf("for parameter spec: %s columns, want at least 1", x)
		}
		if sb := host.SandboxOf(c.thread); sb != nil && n > int64(sb.Limits.Elements) {
			return nil, c.errorf("for parameter spec: %d columns are more than the element limit of %d", n, sb.Limits.Elements)
		}
		for range n {
			weights = append(weights, 1)
		}
	case *starlark.List, starlark.Tuple:
		seq := x.(starlark.Indexable)
		if seq.Len() == 0 {
			return nil, c.errorf("for parameter spec: the list of widths is empty")
		}
		for i := 0; i < seq.Len(); i++ {
			f, ok := starlark.AsFloat(seq.Index(i))
			if _, isBool := seq.Index(i).(starlark.Bool); !ok || isBool {
				return nil, c.errorf("for parameter spec: got %s in the list, want int or float", seq.Index(i).Type())
			}
			if !(f > 0) || f > 1e300 {
				return nil, c.errorf("for parameter spec: width %s is not a positive number", seq.Index(i))
			}
			weights = append(weights, f)
		}
	default:
		return nil, c.errorf("for parameter spec: got %s, want an int or a list of widths", spec.Type())
	}
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	widths := make([]any, len(weights))
	for i, w := range weights {
		widths[i] = w / sum
	}
	props := map[string]any{"gap": gap, "widths": widths}
	if align != "top" {
		props["vertical_alignment"] = align // absent: top
	}
	row, err := c.appendBox("columns", props)
	if err != nil {
		return nil, err
	}
	cols := make([]starlark.Value, len(widths))
	for i, w := range widths {
		box, err := c.ctx.Append(row, &host.Element{Kind: "column", Props: map[string]any{"width": w}}, true, false)
		if err != nil {
			return nil, c.errorf("%v", err)
		}
		cols[i] = c.sub("column", box)
	}
	return starlark.NewList(cols), nil
}

// tabs implements st.tabs(labels): one tab container per label.
func tabs(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var seq starlark.Value
	if err := host.UnpackArgs(c.name, args, kwargs, "labels", &seq); err != nil {
		return nil, err
	}
	list, ok := seq.(starlark.Indexable)
	if _, isStr := seq.(starlark.String); !ok || isStr {
		return nil, c.errorf("for parameter labels: got %s, want a list of strings", seq.Type())
	}
	if list.Len() == 0 {
		return nil, c.errorf("for parameter labels: the list is empty")
	}
	labels := make([]string, list.Len())
	for i := range labels {
		s, ok := list.Index(i).(starlark.String)
		if !ok {
			return nil, c.errorf("for parameter labels: got %s in the list, want string", list.Index(i).Type())
		}
		labels[i] = string(s)
	}
	row, err := c.appendBox("tabs", map[string]any{"labels": labels})
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, len(labels))
	for i, l := range labels {
		box, err := c.ctx.Append(row, &host.Element{Kind: "tab", Props: map[string]any{"label": l}}, true, false)
		if err != nil {
			return nil, c.errorf("%v", err)
		}
		out[i] = c.sub("tab", box)
	}
	return starlark.NewList(out), nil
}

// expander implements st.expander(label, expanded=False, icon=None).
func expander(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var label string
	expanded := false
	var iconV starlark.Value = starlark.None
	if err := host.UnpackArgs(c.name, args, kwargs, "label", &label, "expanded?", &expanded, "icon?", &iconV); err != nil {
		return nil, err
	}
	icon, err := optIcon(&c, iconV)
	if err != nil {
		return nil, err
	}
	box, err := c.appendBox("expander", withIcon(map[string]any{"label": label, "expanded": expanded}, icon))
	if err != nil {
		return nil, err
	}
	return c.sub("expander", box), nil
}

// container implements st.container(border=False, height=None, key=None):
// a box for elements written later, or from a worker, in its place. Its key,
// unique among the containers of a run, names it in the page (the class
// stark-key-KEY, as Streamlit's st-key-KEY, for styling and tests).
func container(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	border := false
	var height, keyV starlark.Value = starlark.None, starlark.None
	if err := host.UnpackArgs(c.name, args, kwargs, "border?", &border, "height?", &height, "key?", &keyV); err != nil {
		return nil, err
	}
	key, err := containerKey(&c, keyV)
	if err != nil {
		return nil, err
	}
	var h any
	if height != starlark.None {
		n, err := starlark.AsInt32(height)
		if _, isInt := height.(starlark.Int); !isInt || err != nil || n < 1 {
			return nil, c.errorf("for parameter height: got %s, want a positive number of pixels or None", height)
		}
		h = n
	}
	props := map[string]any{"border": border, "height": h}
	if key != "" {
		props["key"] = key
	}
	box, err := c.appendBox("container", props)
	if err != nil {
		return nil, err
	}
	return c.sub("container", box), nil
}

// popover implements st.popover(label, help=None, icon=None,
// disabled=False, use_container_width=False, width=None): a button whose
// content shows when it is clicked; use_container_width and width size the
// button.
func popover(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var label string
	var help, iconV starlark.Value = starlark.None, starlark.None
	disabled := false
	size := newSizing()
	pairs := append([]any{"label", &label, "help?", &help, "icon?", &iconV, "disabled?", &disabled}, size.pairs()...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	icon, err := optIcon(&c, iconV)
	if err != nil {
		return nil, err
	}
	h, err := optString(&c, "help", help)
	if err != nil {
		return nil, err
	}
	props := withIcon(map[string]any{"label": label}, icon)
	if h != nil {
		props["help"] = h
	}
	if disabled {
		props["disabled"] = true
	}
	if err := size.set(&c, props); err != nil { // use_container_width: the button's width
		return nil, err
	}
	box, err := c.appendBox("popover", props)
	if err != nil {
		return nil, err
	}
	return c.sub("popover", box), nil
}

// form implements st.form(key, clear_on_submit=False, enter_to_submit=True,
// border=True). Widgets created on the form, or on containers in it, carry
// its key; the browser sends their values together when its submit button
// is pressed (or, with enter_to_submit, Enter in one of its inputs).
func form(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key string
	clear, enter, border := false, true, true
	if err := host.UnpackArgs(c.name, args, kwargs, "key", &key, "clear_on_submit?", &clear, "enter_to_submit?", &enter, "border?", &border); err != nil {
		return nil, err
	}
	if key == "" {
		return nil, c.errorf("for parameter key: the key must not be empty")
	}
	if c.form != "" {
		return nil, c.errorf("forms cannot be nested: this container is in the form %q", c.form)
	}
	if err := c.ctx.AddForm(c.thread, key, clear); err != nil {
		return nil, c.errorf("%v", err)
	}
	box, err := c.appendBox("form", map[string]any{"key": key, "clear_on_submit": clear, "enter_to_submit": enter, "border": border})
	if err != nil {
		return nil, err
	}
	return &Container{name: "form", box: box, form: key}, nil
}

// formSubmitButton implements form.form_submit_button(label="Submit"): the
// form's button, True in the run that follows a submission.
func formSubmitButton(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := &spec{kind: "form_submit_button", trigger: true, def: starlark.False, label: "Submit"}
	typ := "secondary"
	var iconV starlark.Value = starlark.None
	pairs := s.common.pairs("on_click", "label?", &s.label)
	size := newSizing()
	pairs = append(append(pairs, "type?", &typ, "icon?", &iconV), size.pairs()...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	icon, err := optIcon(&c, iconV)
	if err != nil {
		return nil, err
	}
	if c.form == "" {
		return nil, c.errorf(`not in a form: call it on the form, e.g. f = st.form("key"); f.form_submit_button("Submit")`)
	}
	if typ != "primary" && typ != "secondary" {
		return nil, c.errorf("for parameter type: got %q, want \"primary\" or \"secondary\"", typ)
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	s.identity = []starlark.Value{starlark.String(typ)}
	s.props = func(starlark.Value) map[string]any {
		return withWidth(withIcon(map[string]any{"type": typ}, icon), width)
	}
	return c.widget(s)
}

// containerKey checks a container's key: None, or a string of 1 to 1,000
// bytes that no other container of this run has. (Any text, as
// Streamlit's; the front end's class name replaces what a class cannot hold.)
func containerKey(c *call, v starlark.Value) (string, error) {
	if v == starlark.None {
		return "", nil
	}
	s, ok := v.(starlark.String)
	if !ok {
		return "", c.errorf("for parameter key: got %s, want string or None", v.Type())
	}
	if len(s) == 0 || len(s) > 1000 {
		return "", c.errorf("for parameter key: a container's key is 1 to 1,000 bytes, got %d", len(s))
	}
	if c.ctx.Next("container key\x00"+string(s)) > 0 {
		return "", c.errorf("for parameter key: another container of this page has the key %q; keys are unique", string(s))
	}
	return string(s), nil
}
