package starlib

// This file defines Streamlit's width and use_container_width, which
// buttons, links, charts and dataframes take.

import (
	"go.starlark.net/starlark"
)

// sizing holds an element's width= and use_container_width= as given.
type sizing struct {
	width, useContainer starlark.Value
}

func newSizing() *sizing { return &sizing{width: starlark.None, useContainer: starlark.None} }

// pairs are the parameters for host.UnpackArgs.
func (z *sizing) pairs() []any {
	return []any{"use_container_width?", &z.useContainer, "width?", &z.width}
}

// prop returns the element's width property: "stretch" (the container's
// width), "content" (the element's own) or a number of pixels; nil when the
// page gave neither parameter, which leaves the element's default. As in
// Streamlit, use_container_width=True wins over width; with
// use_container_width=False an element without a width takes its content's.
// A width of 0 is no width (Streamlit's old default for charts).
func (z *sizing) prop(c *call) (any, error) {
	var width any
	switch x := z.width.(type) {
	case starlark.NoneType:
	case starlark.String:
		if x != "stretch" && x != "content" {
			return nil, c.errorf("for parameter width: got %q, want \"stretch\", \"content\" or a number of pixels", string(x))
		}
		width = string(x)
	case starlark.Int:
		n, ok := x.Int64()
		if !ok || n < 0 || n > 100_000 {
			return nil, c.errorf("for parameter width: got %s, want a number of pixels from 1 to 100000", x)
		}
		if n > 0 {
			width = n
		}
	default:
		return nil, c.errorf("for parameter width: got %s, want \"stretch\", \"content\" or an int (pixels)", z.width.Type())
	}
	switch x := z.useContainer.(type) {
	case starlark.NoneType:
		return width, nil
	case starlark.Bool:
		if x {
			return "stretch", nil
		}
		if width == nil || width == "stretch" {
			return "content", nil
		}
		return width, nil
	}
	return nil, c.errorf("for parameter use_container_width: got %s, want bool or None", z.useContainer.Type())
}

// set puts the width property into props when the page gave one.
func (z *sizing) set(c *call, props map[string]any) error {
	w, err := z.prop(c)
	if err != nil {
		return err
	}
	withWidth(props, w)
	return nil
}

// withWidth puts width (from sizing.prop) into props unless it is nil.
func withWidth(props map[string]any, width any) map[string]any {
	if width != nil {
		props["width"] = width
	}
	return props
}
