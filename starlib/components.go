package starlib

// This file defines st.components.v1.html and st.components.v1.iframe:
// HTML of the page, or a page of another site, in a sandboxed frame. The
// HTML goes to the app's media store and web serves it from its own URL
// (/_stark/component/HASH) under a Content-Security-Policy that sandboxes
// it (scripts run, in an opaque origin: never the app's origin, so they
// reach neither the page around them, nor stark's socket, nor its
// cookies); the front end frames either with sandbox="allow-scripts".

import (
	"net/url"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/stark-dev/stark/host"
)

// componentHTMLType is the type the HTML of st.components.v1.html is
// stored with: web serves it only at its own URL, sandboxed.
const componentHTMLType = "text/html"

var stComponents *starlarkstruct.Module

// componentsModule is st.components: v1 with html and iframe, bound to the
// main container (they write where st does).
func componentsModule() *starlarkstruct.Module {
	v1 := &starlarkstruct.Module{Name: "v1", Members: starlark.StringDict{
		"html":   staticMain.bound["components.v1.html"],
		"iframe": staticMain.bound["components.v1.iframe"],
	}}
	m := &starlarkstruct.Module{Name: "components", Members: starlark.StringDict{"v1": v1}}
	m.Freeze()
	return m
}

// frameSize reads the width and height of a frame: pixels or None.
func frameSize(c *call, param string, v starlark.Value) (any, error) {
	if v == starlark.None {
		return nil, nil
	}
	n, err := starlark.AsInt32(v)
	if err != nil || n < 1 || n > 100_000 {
		return nil, c.errorf("for parameter %s: got %s, want a number of pixels from 1 to 100000 or None", param, v.String())
	}
	return int(n), nil
}

// componentFrame reads the parameters both share and appends the element.
func componentFrame(c *call, props map[string]any, width, height starlark.Value, scrolling bool) (starlark.Value, error) {
	w, err := frameSize(c, "width", width)
	if err != nil {
		return nil, err
	}
	h, err := frameSize(c, "height", height)
	if err != nil {
		return nil, err
	}
	props["width"], props["height"], props["scrolling"] = w, h, scrolling
	return starlark.None, c.appendEl("iframe", props)
}

// componentsHTML implements st.components.v1.html(html, width=None,
// height=None, scrolling=False): the HTML document in a sandboxed frame
// where its scripts run.
func componentsHTML(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var body string
	var width, height starlark.Value = starlark.None, starlark.None
	scrolling := false
	if err := host.UnpackArgs(c.name, args, kwargs, "html", &body, "width?", &width, "height?", &height, "scrolling?", &scrolling, "tab_index?", new(starlark.Value)); err != nil {
		return nil, err
	}
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	if max := sb.App.Media.Max(); int64(len(body)) > max {
		return nil, c.errorf("for parameter html: %d bytes is more than the media store of %d bytes (raise [limits] media_bytes in stark.toml)", len(body), max)
	}
	hash := sb.App.Media.PutInline([]byte(body), componentHTMLType)
	return componentFrame(&c, map[string]any{"html": hash}, width, height, scrolling)
}

// componentsIframe implements st.components.v1.iframe(src, width=None,
// height=None, scrolling=False): an http or https URL in a sandboxed frame.
func componentsIframe(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src string
	var width, height starlark.Value = starlark.None, starlark.None
	scrolling := false
	if err := host.UnpackArgs(c.name, args, kwargs, "src", &src, "width?", &width, "height?", &height, "scrolling?", &scrolling, "tab_index?", new(starlark.Value)); err != nil {
		return nil, err
	}
	u, err := url.Parse(src)
	if err != nil || (strings.ToLower(u.Scheme) != "http" && strings.ToLower(u.Scheme) != "https") || u.Host == "" {
		return nil, c.errorf("for parameter src: %s is not an http or https URL; a page of the app is framed with st.components.v1.html", quoteShort(src))
	}
	return componentFrame(&c, map[string]any{"url": src}, width, height, scrolling)
}
