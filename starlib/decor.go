package starlib

// This file defines the small elements: badge, html, balloons and snow
// (latex is a text element: see textElement).

import (
	"path"
	"slices"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// badgeColors are st.badge's colours.
var badgeColors = []string{"blue", "green", "orange", "red", "violet", "yellow", "gray", "grey", "primary"}

// badge implements st.badge(label, icon=None, color="blue",
// width="content", help=None): a small coloured label, with a tooltip when
// help is given.
func badge(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var label string
	var iconV, helpV starlark.Value = starlark.None, starlark.None
	color := "blue"
	size := newSizing()
	if err := host.UnpackArgs(c.name, args, kwargs, "label", &label, "icon?", &iconV, "color?", &color, "width?", &size.width, "help?", &helpV); err != nil {
		return nil, err
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	help, err := optString(&c, "help", helpV)
	if err != nil {
		return nil, err
	}
	icon, err := optIcon(&c, iconV)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(badgeColors, color) {
		return nil, c.errorf("for parameter color: got %q, want one of %s", color, strings.Join(quoted(badgeColors), ", "))
	}
	props := withWidth(withIcon(map[string]any{"label": label, "color": color}, icon), width)
	if help != nil {
		props["help"] = help
	}
	return starlark.None, c.appendEl("badge", props)
}

// maxHTMLFile bounds an HTML file st.html reads.
const maxHTMLFile = 4 << 20

// html implements st.html(body): HTML shown in the page, sanitised by the
// front end as markdown's unsafe_allow_html is: no scripts, event handlers
// or javascript: URLs, ever. A body that is a path ending in .html or
// .htm is the file's content.
func html(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var body string
	var width starlark.Value = starlark.None
	if err := host.UnpackArgs(c.name, args, kwargs, "body", &body, "width?", &width); err != nil {
		return nil, err
	}
	size := newSizing()
	size.width = width
	w, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	if ext := strings.ToLower(path.Ext(body)); (ext == ".html" || ext == ".htm") && !strings.ContainsAny(body, "<\n") {
		b, err := host.ReadAppFile(c.thread, c.name, body, maxHTMLFile)
		if err != nil {
			return nil, err
		}
		body = string(b)
	}
	return starlark.None, c.appendEl("html", withWidth(map[string]any{"body": body}, w))
}

// celebrate implements st.balloons() and st.snow(): a short animation
// over the page, which the front end leaves out for a reader who asked for
// reduced motion.
func celebrate(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := host.UnpackArgs(c.name, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.None, c.appendEl(kindOf(c.name), map[string]any{})
}

// maxDot bounds the DOT source of st.graphviz_chart: the browser lays it
// out, and a larger graph is no chart a reader can see.
const maxDot = 1 << 20

// graphvizChart implements st.graphviz_chart(figure_or_dot,
// use_container_width=False, width=None): a graph in Graphviz's DOT
// language, laid out by the browser. A DOT the layout engine refuses shows
// its error in the element; the page's run goes on.
func graphvizChart(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var dotV starlark.Value
	size := newSizing()
	if err := host.UnpackArgs(c.name, args, kwargs, append([]any{"figure_or_dot", &dotV}, size.pairs()...)...); err != nil {
		return nil, err
	}
	dot, ok := starlark.AsString(dotV)
	if !ok {
		return nil, c.errorf("for parameter figure_or_dot: got %s, want a string of Graphviz's DOT language (a graphviz object of Python has no Starlark form)", dotV.Type())
	}
	if strings.TrimSpace(dot) == "" {
		return nil, c.errorf("for parameter figure_or_dot: the DOT source is empty")
	}
	if len(dot) > maxDot {
		return nil, c.errorf("for parameter figure_or_dot: the DOT source is %d bytes, more than the %d allowed", len(dot), maxDot)
	}
	w, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	return starlark.None, c.appendEl("graphviz_chart", withWidth(map[string]any{"dot": dot}, w))
}
