package starlib

// This file defines the st module and its containers: values whose methods
// are the page builtins, and the lookup of the run's context that every page
// builtin starts with.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// An stFunc implements a page builtin. It runs with the caller's context,
// already checked, and the container it writes to.
type stFunc func(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// call is what a page builtin needs of its caller.
type call struct {
	thread *starlark.Thread
	name   string // "st.slider"
	ctx    *host.ScriptRunContext
	box    *host.Container
	recv   *Container // the container value the builtin was called on
	form   string     // the key of the form box is in, or ""
	wrote  *handle    // the elements the call appended to box (dispatch's)
}

// note records el, appended to c.box, for the handle dispatch returns.
func (c *call) note(el *host.Element) {
	if c.wrote != nil {
		c.wrote.n++
		c.wrote.el = el
	}
}

// newElement returns a new element for the call to append: the storage
// allocated with the call's handle the first time, a new one after.
func (c *call) newElement() *host.Element {
	if h := c.wrote; h != nil && !h.used {
		h.used = true
		return &h.room
	}
	return new(host.Element)
}

// noHandle are the builtins that return None although they write an
// element: the page's settings are not a place on the page.
var noHandle = map[string]bool{"st.set_page_config": true, "st.login": true, "st.logout": true}

// errorf returns an error prefixed with the builtin's name.
func (c *call) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s", c.name, fmt.Sprintf(format, args...))
}

// methods are the builtins every container has, by name (stMethods).
var methods map[string]stFunc

// stMethods returns the st builtins, by name.
func stMethods() map[string]stFunc {
	return map[string]stFunc{
		// elements.go
		"title": textElement, "header": textElement, "subheader": textElement,
		"markdown": textElement, "caption": textElement, "text": textElement,
		"error": textElement, "warning": textElement, "info": textElement, "success": textElement,
		"code": code, "json": jsonElement, "write": write, "divider": divider, "echo": echo,
		"exception": exception, "metric": metric, "table": staticTable, "empty": empty,
		"dataframe":   dataframe,  // dataframe.go
		"data_editor": dataEditor, // editor.go
		// widgets.go
		"button": button, "checkbox": checkbox, "toggle": checkbox,
		"radio": choice, "selectbox": choice, "multiselect": multiselect,
		"slider": slider, "number_input": numberInput,
		"text_input": textInput, "text_area": textInput,
		// threads.go
		"rerun": rerun, "stop": stop,
		// fragment.go
		"fragment": fragment,
		// deprecated.go: Streamlit's deprecated spellings
		"experimental_fragment": fragment, "experimental_get_query_params": experimentalGetQueryParams,
		"experimental_set_query_params": experimentalSetQueryParams,
		"experimental_audio_input":      deviceInput,
		"dialog":                        dialog,                    // dialog.go
		"feedback":                      feedback, "map": mapChart, // feedback.go, maps.go
		// layout.go
		"columns": columns, "tabs": tabs, "expander": expander, "container": container,
		"popover": popover, "form": form, "form_submit_button": formSubmitButton,
		// status.go
		"progress": progress, "spinner": spinner, "status": status, "toast": toast,
		// pickers.go
		"date_input": dateInput, "time_input": timeInput, "color_picker": colorPicker,
		// options.go
		"select_slider": selectSlider, "pills": pills, "segmented_control": pills,
		// chat.go
		"chat_message": chatMessage, "chat_input": chatInput, "write_stream": writeStream,
		// files.go
		"download_button": downloadButton, "file_uploader": fileUploader,
		// device.go
		"camera_input": deviceInput, "audio_input": deviceInput,
		// nav.go
		"link_button": linkButton, "page_link": pageLink, "switch_page": switchPage,
		"set_page_config": setPageConfig,
		// login.go
		"login": login, "logout": logout,
		"navigation": navigation, "Page": stPage, // navigation.go
		// charts.go
		"line_chart": lineChart, "bar_chart": lineChart, "area_chart": lineChart, "scatter_chart": lineChart, "vega_lite_chart": vegaLiteChart, "graphviz_chart": graphvizChart,
		// media.go
		"image": imageBuiltin, "audio": audioVideo, "video": audioVideo, "logo": logo, "pdf": pdf,
		// decor.go (latex is a text element)
		"latex": textElement, "badge": badge, "html": html, "balloons": celebrate, "snow": celebrate,
		// components.go: st.components.v1's, reached as st.components.v1.html
		// (a dotted name is never an attribute of a container)
		"components.v1.html": componentsHTML, "components.v1.iframe": componentsIframe,
	}
}

// Container is a place on the page whose methods are the st builtins: st
// itself (main), st.sidebar, and containers such as st.empty() placeholders.
// A Container value holds no mutable state; it names its container and finds
// the run through the calling thread's context.
type Container struct {
	name  string          // "st", "st.sidebar", "empty"
	root  string          // "main" or "sidebar" for roots
	box   *host.Container // for containers made by a run
	form  string          // the key of the form the container is in, or ""
	kind  string          // selects methods beyond the st builtins (kindMethods)
	bound map[string]*starlark.Builtin
}

var (
	_ starlark.HasAttrs = (*Container)(nil)
)

func newRoot(name, root string) *Container {
	c := &Container{name: name, root: root}
	c.bound = make(map[string]*starlark.Builtin, len(methods))
	for m := range methods {
		c.bound[m] = starlark.NewBuiltin("st."+m, dispatchers[m]).BindReceiver(c)
	}
	return c
}

func (c *Container) String() string {
	if c.box != nil {
		return fmt.Sprintf("<%s %s>", c.name, c.box.Path())
	}
	return "<" + c.name + ">"
}
func (c *Container) Type() string          { return "st.container" }
func (c *Container) Freeze()               {} // immutable: writes go to the run's tree
func (c *Container) Truth() starlark.Bool  { return true }
func (c *Container) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: %s", c.Type()) }

func (c *Container) Attr(name string) (starlark.Value, error) {
	if b := c.bound[name]; b != nil {
		return b, nil
	}
	if d := dispatchers[name]; d != nil {
		return starlark.NewBuiltin("st."+name, d).BindReceiver(c), nil
	}
	if _, ok := kindMethods[c.kind][name]; ok {
		return starlark.NewBuiltin(c.kind+"."+name, dispatchKind).BindReceiver(c), nil
	}
	return nil, nil
}

func (c *Container) AttrNames() []string {
	if names := kindMethodNames[c.kind]; names != nil {
		return names
	}
	return methodNames
}

var methodNames []string

// dispatchers are the implementations of the bound st builtins, by name
// (newDispatchers): each calls its method directly, without looking the
// method up by the builtin's name on every call.
var dispatchers map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

func newDispatchers() map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	out := make(map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error), len(methods))
	for name, f := range methods {
		out[name] = dispatcher(f, noHandle["st."+name])
	}
	return out
}

// dispatcher returns the implementation of a bound st builtin whose method
// is f: it finds the context, refuses threads without one, and calls f.
// Unless none is set, a call that wrote one element and returns None
// returns the element's handle.
func dispatcher(f stFunc, none bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		c, err := callOf(t, b)
		if err != nil {
			return nil, err
		}
		// The handle is allocated before the call, as where the builtin
		// records what it wrote, with room for one element
		// (call.newElement): one allocation per element, none more.
		h := &handle{box: c.box, form: c.form}
		c.wrote = h
		v, err := f(c, args, kwargs)
		if _, isNone := v.(starlark.NoneType); err != nil || !isNone || h.n != 1 || none {
			return v, err
		}
		return h, nil
	}
}

// A handle is the value of a builtin that wrote one element and returns
// nothing else: the element's place, as Streamlit's element calls return a
// DeltaGenerator. Every builtin called on it replaces what is in that place
// (x = st.text("a"); x.text("b")), as on an st.empty() placeholder. Like
// every container it holds no state of the run and finds the run through
// the calling thread's context.
type handle struct {
	n    int32         // the elements the call wrote to box
	used bool          // room is taken
	el   *host.Element // the last
	box  *host.Container
	form string
	// room is the storage of the call's first element (call.newElement),
	// allocated with the handle: 160 bytes with it, a size class of Go's
	// allocator (n and used share a word).
	room host.Element
}

var _ starlark.HasAttrs = (*handle)(nil)

func (h *handle) String() string        { return fmt.Sprintf("<%s %s>", h.el.Kind, h.el.Path) }
func (h *handle) Type() string          { return "st.container" }
func (h *handle) Freeze()               {}
func (h *handle) Truth() starlark.Bool  { return true }
func (h *handle) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: %s", h.Type()) }
func (h *handle) AttrNames() []string   { return methodNames }

// Attr returns the builtin name bound to the container of the element's
// place, made when a builtin is looked up: most handles are never used.
func (h *handle) Attr(name string) (starlark.Value, error) {
	if _, ok := methods[name]; !ok {
		return nil, nil
	}
	box := host.HandleAt(h.box, h.el)
	if box == nil {
		return nil, fmt.Errorf("st.%s: internal: %s is not in %s", name, h.el.Path, h.box.Path())
	}
	return (&Container{name: h.el.Kind, box: box, form: h.form}).Attr(name)
}

// callOf finds the context of a call to the bound builtin b and the
// container it writes to.
func callOf(t *starlark.Thread, b *starlark.Builtin) (call, error) {
	recv := b.Receiver().(*Container)
	name := b.Name()
	ctx, err := contextFor(t, name)
	if err != nil {
		return call{}, err
	}
	box := recv.box
	switch {
	case box != nil:
	case recv.root == "main":
		// main, or the fragment or container being written
		if box = ctx.Cursor(t); box == nil {
			return call{}, fmt.Errorf("%s: thread %q has no place to write in this run", name, t.Name)
		}
	default:
		if box = ctx.Root(recv.root); box == nil {
			return call{}, fmt.Errorf("%s: a fragment re-run writes only inside its fragment, not to st.%s", name, recv.root)
		}
	}
	return call{thread: t, name: name, ctx: ctx, box: box, recv: recv, form: recv.form}, nil
}

// contextFor returns the thread's ScriptRunContext, or the error that names
// the builtin, the thread and the fix ([host.ContextFor]).
func contextFor(t *starlark.Thread, builtin string) (*host.ScriptRunContext, error) {
	return host.ContextFor(t, builtin)
}

// stModule is the st value: the main container plus st.sidebar,
// st.session_state and st.query_params. It is one value for every run and
// module: like every container it finds the run through the calling
// thread's context, never through itself, so an st reached through any
// value (a cached function, a callback, a worker's closure) writes where the
// thread that uses it runs.
type stModule struct {
	*Container
}

var (
	staticMain    *Container
	staticSidebar *Container
	staticST      *stModule
)

func (m *stModule) String() string { return "<st>" }
func (m *stModule) Type() string   { return "st" }

func (m *stModule) Attr(name string) (starlark.Value, error) {
	switch name {
	case "sidebar":
		return staticSidebar, nil
	case "cache_data":
		return stCacheData, nil
	case "cache_resource":
		return stCacheResource, nil
	case "column_config":
		return columnConfigModule, nil
	case "components":
		return stComponents, nil
	case "connection":
		return stConnection, nil
	case "get_option":
		return stGetOption, nil
	case "set_option":
		return stSetOption, nil
	case "session_state", "query_params", "context", "user", "secrets":
		// Pages reach these through stAttr, which knows the thread; only
		// getattr(st, name) and Go code come here.
		return nil, fmt.Errorf("st.%s: write st.%s; getattr cannot see the calling thread's ScriptRunContext", name, name)
	}
	return m.Container.Attr(name)
}

// stAttr implements x.session_state and x.query_params, which the host
// rewrites into calls of host.AttrBuiltin so that they see the calling
// thread: on st they are bound to the thread's ScriptRunContext and fail
// without one, as every st builtin does. On any other value the attribute
// is looked up as usual.
func stAttr(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, fmt.Errorf("%s: internal: got %d arguments, want 2", b.Name(), len(args))
	}
	name, _ := starlark.AsString(args[1])
	if _, ok := args[0].(*stModule); !ok {
		return getAttr(args[0], name)
	}
	ctx, err := contextFor(t, "st."+name)
	if err != nil {
		return nil, err
	}
	switch name {
	case "query_params":
		return &queryParams{ctx: ctx}, nil
	case "context":
		return stContext(ctx), nil
	case "user":
		return stUser(ctx), nil
	case "secrets":
		return stSecrets(t)
	}
	return &sessionState{ctx: ctx}, nil
}

// getAttr is x.name as the interpreter evaluates it.
func getAttr(x starlark.Value, name string) (starlark.Value, error) {
	if o, ok := x.(starlark.HasAttrs); ok {
		v, err := o.Attr(name)
		if err != nil || v != nil {
			return v, err
		}
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("%s has no .%s field or method", x.Type(), name))
}

func (m *stModule) AttrNames() []string { return stNames }

var stNames []string

// attrNames returns the sorted attribute names of containers (methodNames),
// of st (stNames) and of containers of each kind (kindMethodNames).
func attrNames() (container, st []string, byKind map[string][]string) {
	for name := range methods {
		if !strings.Contains(name, ".") {
			container = append(container, name)
		}
	}
	sort.Strings(container)
	st = append(append([]string{}, container...), "session_state", "sidebar", "query_params", "cache_data", "cache_resource", "column_config", "components", "context", "user", "secrets", "connection", "get_option", "set_option")
	sort.Strings(st)
	byKind = map[string][]string{}
	for kind, ms := range kindMethods {
		names := append([]string{}, container...)
		for m := range ms {
			names = append(names, m)
		}
		sort.Strings(names)
		byKind[kind] = names
	}
	return container, st, byKind
}

// appendEl appends an element of the call's kind to its container.
func (c *call) appendEl(kind string, props map[string]any) error {
	el := c.newElement()
	el.Kind, el.Props = kind, props
	if _, err := c.ctx.Append(c.box, el, false, false); err != nil {
		return c.errorf("%v", err)
	}
	c.note(el)
	return nil
}

func kindOf(name string) string { return strings.TrimPrefix(name, "st.") }
