package starlib

// This file defines the builtins about pages and URLs: link_button,
// page_link, switch_page, set_page_config, and st.query_params.

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// linkButton implements st.link_button(label, url, type="secondary",
// disabled=False): a button that opens a URL. Only http, https and mailto
// URLs are allowed: a page must not produce a javascript: link.
func linkButton(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var label, link string
	typ := "secondary"
	disabled := false
	var help, iconV starlark.Value = starlark.None, starlark.None
	size := newSizing()
	pairs := append([]any{"label", &label, "url", &link, "help?", &help, "type?", &typ, "icon?", &iconV, "disabled?", &disabled}, size.pairs()...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	icon, err := optIcon(&c, iconV)
	if err != nil {
		return nil, err
	}
	if typ != "primary" && typ != "secondary" {
		return nil, c.errorf("for parameter type: got %q, want \"primary\" or \"secondary\"", typ)
	}
	if !safeURL(link) {
		return nil, c.errorf("for parameter url: %q is not an http, https or mailto URL", link)
	}
	h, err := optString(&c, "help", help)
	if err != nil {
		return nil, err
	}
	return starlark.None, c.appendEl("link_button", withWidth(withIcon(map[string]any{"label": label, "url": link, "type": typ, "disabled": disabled, "help": h}, icon), width))
}

// safeURL reports whether s is an absolute http or https URL with a host,
// or a mailto URL.
func safeURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

// findPage returns the page of the app that page names, by file
// ("2_Widgets.star") or by name ("Widgets"), and its URL; an unknown page
// is an error listing the pages.
func findPage(c *call, page string) (host.Page, string, error) {
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return host.Page{}, "", err
	}
	pages, err := sb.App.Pages()
	if err != nil {
		return host.Page{}, "", c.errorf("%v", err)
	}
	for i, p := range pages {
		if p.File == page || p.Name == page {
			u := "/" + p.Name
			if i == 0 {
				u = "/"
			}
			return p, u, nil
		}
	}
	names := make([]string, len(pages))
	for i, p := range pages {
		names[i] = fmt.Sprintf("%s (%s)", p.Name, p.File)
	}
	return host.Page{}, "", c.errorf("no page %q in this app; the pages are %s", page, strings.Join(names, ", "))
}

// pageTarget is where st.page_link and st.switch_page go: a page of the
// navigation the run declared (nav, its URL name) or a file of the app
// (file).
type pageTarget struct {
	name, label, icon, url string
	file, nav              string
}

// resolvePage finds the page that v names. With a navigation declared in
// this run (st.navigation), v is one of its pages: an st.Page value, or a
// string naming a page by its url_path, its title or its file; otherwise v
// is a file of the app ("2_Widgets.star") or a page's name ("Widgets"), or
// an st.Page of a file. An unknown page is an error listing the pages.
func resolvePage(c *call, v starlark.Value) (pageTarget, error) {
	sp, isPage := v.(*navPage)
	s, isStr := starlark.AsString(v)
	if !isPage && !isStr {
		return pageTarget{}, c.errorf("for parameter page: got %s, want st.Page(...), a page's file or its name", v.Type())
	}
	if n := c.ctx.Navigation(); n != nil {
		want := strings.TrimPrefix(s, "./")
		for _, p := range n.Pages {
			var match bool
			if isPage {
				match = strings.EqualFold(p.Name, sp.name)
			} else {
				match = strings.EqualFold(p.Name, strings.Trim(want, "/")) || p.Label == s || (p.File != "" && p.File == want)
			}
			if match {
				u := "/" + p.Name
				if p.Name == n.Default {
					u = "/"
				}
				return pageTarget{name: p.Name, label: p.Label, icon: p.Icon, url: u, nav: p.Name}, nil
			}
		}
		names := make([]string, len(n.Pages))
		for i, p := range n.Pages {
			names[i] = fmt.Sprintf("%q (url_path %q)", p.Label, p.Name)
		}
		what := fmt.Sprintf("%q", s)
		if isPage {
			what = sp.String()
		}
		return pageTarget{}, c.errorf("no page %s in the pages st.navigation declared: %s", what, strings.Join(names, ", "))
	}
	if isPage {
		if sp.file == "" {
			return pageTarget{}, c.errorf("%s is a function page: it can be reached once st.navigation has declared it in this run", sp.String())
		}
		s = sp.file
	}
	p, u, err := findPage(c, s)
	if err != nil {
		return pageTarget{}, err
	}
	return pageTarget{name: p.Name, label: p.Label, url: u, file: p.File}, nil
}

// pageLink implements st.page_link(page, label=None, icon=None,
// disabled=False): a link to a page of the app, or of the navigation the
// run declared.
func pageLink(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var page starlark.Value
	var label, icon, help starlark.Value = starlark.None, starlark.None, starlark.None
	disabled := false
	size := newSizing()
	pairs := append([]any{"page", &page, "label?", &label, "icon?", &icon, "help?", &help, "disabled?", &disabled}, size.pairs()...)
	if err := host.UnpackArgs(c.name, args, kwargs, pairs...); err != nil {
		return nil, err
	}
	width, err := size.prop(&c)
	if err != nil {
		return nil, err
	}
	l, err := optString(&c, "label", label)
	if err != nil {
		return nil, err
	}
	var i any
	if icon != starlark.None {
		if i, err = iconArg(&c, icon); err != nil {
			return nil, err
		}
	}
	h, err := optString(&c, "help", help)
	if err != nil {
		return nil, err
	}
	p, err := resolvePage(&c, page)
	if err != nil {
		return nil, err
	}
	if l == nil {
		l = p.label
	}
	if i == nil && p.icon != "" {
		i = p.icon
	}
	return starlark.None, c.appendEl("page_link", withWidth(map[string]any{"label": l, "page": p.name, "url": p.url, "icon": i, "disabled": disabled, "help": h}, width))
}

// switchPage implements st.switch_page(page): the run ends and the session
// shows the page (st.Page, a file or a name, as for page_link).
func switchPage(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var page starlark.Value
	if err := host.UnpackArgs(c.name, args, kwargs, "page", &page); err != nil {
		return nil, err
	}
	p, err := resolvePage(&c, page)
	if err != nil {
		return nil, err
	}
	if p.nav != "" {
		return nil, c.ctx.SwitchNavPage(p.nav)
	}
	return nil, c.ctx.SwitchPage(p.file)
}

// setPageConfig implements st.set_page_config(page_title=None,
// page_icon=None, layout="centered", initial_sidebar_state="auto",
// menu_items=None), Streamlit's spelling, with stark's older names title=
// and icon= beside page_title= and page_icon=. It may be called anywhere;
// the browser applies the last call. initial_sidebar_state opens or closes
// the sidebar when the page first shows it (or when the page changes the
// value); menu_items is checked and not shown: stark has no app menu.
func setPageConfig(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pageTitle, pageIcon, title, icon, menu starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	layout, sidebar := "centered", "auto"
	if err := host.UnpackArgs(c.name, args, kwargs, "page_title?", &pageTitle, "page_icon?", &pageIcon, "layout?", &layout,
		"initial_sidebar_state?", &sidebar, "menu_items?", &menu, "title?", &title, "icon?", &icon); err != nil {
		return nil, err
	}
	if layout != "centered" && layout != "wide" {
		return nil, c.errorf("for parameter layout: got %q, want \"centered\" or \"wide\"", layout)
	}
	if sidebar != "auto" && sidebar != "expanded" && sidebar != "collapsed" {
		return nil, c.errorf("for parameter initial_sidebar_state: got %q, want \"auto\", \"expanded\" or \"collapsed\"", sidebar)
	}
	t, err := pageConfigAlias(&c, "page_title", pageTitle, "title", title)
	if err != nil {
		return nil, err
	}
	i, err := pageConfigAlias(&c, "page_icon", pageIcon, "icon", icon)
	if err != nil {
		return nil, err
	}
	if err := checkMenuItems(&c, menu); err != nil {
		return nil, err
	}
	return starlark.None, c.appendEl("page_config", map[string]any{"title": t, "icon": i, "layout": layout, "initial_sidebar_state": sidebar})
}

// pageConfigAlias returns the string or None given as Streamlit's name or
// stark's, refusing both at once.
func pageConfigAlias(c *call, name string, v starlark.Value, alias string, av starlark.Value) (any, error) {
	if av != starlark.None {
		if v != starlark.None {
			return nil, c.errorf("got both %s and %s, which are the same parameter; pass one", name, alias)
		}
		return optString(c, alias, av)
	}
	return optString(c, name, v)
}

// menuItemKeys are the keys Streamlit's menu_items takes (compared without
// case, as Streamlit does).
var menuItemKeys = map[string]bool{"get help": true, "report a bug": true, "about": true}

// checkMenuItems checks set_page_config's menu_items: None, or a dict from
// "Get help", "Report a bug" and "About" to a string or None.
func checkMenuItems(c *call, v starlark.Value) error {
	if v == starlark.None {
		return nil
	}
	d, ok := v.(*starlark.Dict)
	if !ok {
		return c.errorf("for parameter menu_items: got %s, want a dict or None", v.Type())
	}
	for _, kv := range d.Items() {
		k, ok := starlark.AsString(kv[0])
		if !ok || !menuItemKeys[strings.ToLower(k)] {
			return c.errorf("for parameter menu_items: got key %s, want \"Get help\", \"Report a bug\" or \"About\"", kv[0])
		}
		if _, ok := kv[1].(starlark.String); !ok && kv[1] != starlark.None {
			return c.errorf("for parameter menu_items: %s: got %s, want string or None", kv[0], kv[1].Type())
		}
	}
	return nil
}

// queryParams is the value of st.query_params: the URL's query, which the
// page may change (st.query_params["tab"] = "sales"); the session then shows
// the new query in the URL. Reading a key gives its last value; get_all
// gives every value.
//
// Like st.session_state's, the value is bound to the context of the thread
// that read st.query_params and never crosses to another thread; index and
// attribute access use it, the methods the calling thread's context.
type queryParams struct {
	ctx *host.ScriptRunContext
}

var (
	_ starlark.HasSetKey       = (*queryParams)(nil)
	_ starlark.HasSetField     = (*queryParams)(nil)
	_ starlark.IterableMapping = (*queryParams)(nil)
	_ starlark.Sequence        = (*queryParams)(nil)
)

func (q *queryParams) String() string        { return queryDict(q.live()).String() }
func (q *queryParams) Type() string          { return "st.query_params" }
func (q *queryParams) Freeze()               {}
func (q *queryParams) Truth() starlark.Bool  { return q.Len() > 0 }
func (q *queryParams) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: st.query_params") }

// RunBound marks the value as bound to its run's context (host.RunBound).
func (q *queryParams) RunBound() string { return "st.query_params" }

// live returns the context of the run that index and attribute access
// address: the bound run, or the session's run in progress.
func (q *queryParams) live() *host.ScriptRunContext {
	if ctx, err := q.ctx.Live(); err == nil {
		return ctx
	}
	return q.ctx
}

// queryDict returns a new dict of the query's keys, sorted, to their last
// values.
func queryDict(ctx *host.ScriptRunContext) *starlark.Dict {
	query := ctx.QueryParams()
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := starlark.NewDict(len(keys))
	for _, k := range keys {
		vs := query[k]
		d.SetKey(starlark.String(k), starlark.String(vs[len(vs)-1]))
	}
	return d
}

func queryKey(k starlark.Value) (string, error) {
	key, ok := k.(starlark.String)
	if !ok {
		return "", fmt.Errorf("st.query_params keys are strings, got %s", k.Type())
	}
	return string(key), nil
}

// queryValues converts a value assigned to a key: a string, number or bool
// is one value; a list or tuple of them, several (?tag=a&tag=b).
func queryValues(v starlark.Value) ([]string, error) {
	one := func(x starlark.Value) (string, error) {
		switch x := x.(type) {
		case starlark.String:
			return string(x), nil
		case starlark.Int, starlark.Float, starlark.Bool:
			return x.String(), nil
		}
		return "", fmt.Errorf("st.query_params values are strings (or lists of strings), got %s", x.Type())
	}
	switch x := v.(type) {
	case *starlark.List, starlark.Tuple:
		seq := x.(starlark.Indexable)
		out := make([]string, seq.Len())
		for i := range out {
			s, err := one(seq.Index(i))
			if err != nil {
				return nil, err
			}
			out[i] = s
		}
		return out, nil
	}
	s, err := one(v)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func (q *queryParams) Get(k starlark.Value) (starlark.Value, bool, error) {
	key, err := queryKey(k)
	if err != nil {
		return nil, false, err
	}
	vs := q.live().QueryParams()[key]
	if len(vs) == 0 {
		return nil, false, nil
	}
	return starlark.String(vs[len(vs)-1]), true, nil
}

func (q *queryParams) SetKey(k, v starlark.Value) error {
	key, err := queryKey(k)
	if err != nil {
		return err
	}
	return q.set(q.ctx, key, v)
}

func (q *queryParams) set(ctx *host.ScriptRunContext, key string, v starlark.Value) error {
	vs, err := queryValues(v)
	if err != nil {
		return err
	}
	live, err := ctx.Live()
	if err != nil {
		return fmt.Errorf("st.query_params: %w", err)
	}
	return live.SetQueryParam(key, vs)
}

func (q *queryParams) Len() int { return len(q.live().QueryParams()) }

func (q *queryParams) Iterate() starlark.Iterator {
	keys := queryDict(q.live()).Keys()
	return starlark.NewList(keys).Iterate()
}

func (q *queryParams) Items() []starlark.Tuple { return queryDict(q.live()).Items() }

func (q *queryParams) Attr(name string) (starlark.Value, error) {
	if _, ok := queryMethods[name]; ok {
		return starlark.NewBuiltin("st.query_params."+name, queryMethod).BindReceiver(q), nil
	}
	v, found, err := q.Get(starlark.String(name))
	if err != nil || found {
		return v, err
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("st.query_params has no key %q; use st.query_params.get(%q) for a key that may be absent", name, name))
}

func (q *queryParams) AttrNames() []string { return queryMethodNames }

func (q *queryParams) SetField(name string, v starlark.Value) error {
	return q.set(q.ctx, name, v)
}

var queryMethods = map[string]func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error){
	"get": func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var key string
		var def starlark.Value = starlark.None
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &key, &def); err != nil {
			return nil, err
		}
		if vs := ctx.QueryParams()[key]; len(vs) > 0 {
			return starlark.String(vs[len(vs)-1]), nil
		}
		return def, nil
	},
	"get_all": func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var key string
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &key); err != nil {
			return nil, err
		}
		var out []starlark.Value
		for _, v := range ctx.QueryParams()[key] {
			out = append(out, starlark.String(v))
		}
		return starlark.NewList(out), nil
	},
	"pop": func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var key string
		var def starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &key, &def); err != nil {
			return nil, err
		}
		vs := ctx.QueryParams()[key]
		if len(vs) == 0 {
			if def != nil {
				return def, nil
			}
			return nil, fmt.Errorf("%s: st.query_params has no key %q", name, key)
		}
		if err := ctx.SetQueryParam(key, nil); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return starlark.String(vs[len(vs)-1]), nil
	},
	"clear": func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		if err := ctx.ClearQueryParams(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return starlark.None, nil
	},
	"to_dict": func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		return queryDict(ctx), nil
	},
	"keys": func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		return starlark.NewList(queryDict(ctx).Keys()), nil
	},
	"items": func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		var out []starlark.Value
		for _, kv := range queryDict(ctx).Items() {
			out = append(out, kv)
		}
		return starlark.NewList(out), nil
	},
	// from_dict replaces every query parameter by those of d, as one change
	// of the URL.
	"from_dict": func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var d *starlark.Dict
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &d); err != nil {
			return nil, err
		}
		// Checked first: a bad value leaves the URL as it was.
		type param struct {
			key string
			vs  []string
		}
		var params []param
		for _, kv := range d.Items() {
			key, err := queryKey(kv[0])
			if err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			vs, err := queryValues(kv[1])
			if err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			params = append(params, param{key, vs})
		}
		if err := ctx.ClearQueryParams(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, p := range params {
			if err := ctx.SetQueryParam(p.key, p.vs); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		return starlark.None, nil
	},
	"update": func(ctx *host.ScriptRunContext, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var d *starlark.Dict
		if err := starlark.UnpackPositionalArgs(name, args, nil, 0, &d); err != nil {
			return nil, err
		}
		var pairs []starlark.Tuple
		if d != nil {
			pairs = d.Items()
		}
		pairs = append(pairs, kwargs...)
		for _, kv := range pairs {
			key, err := queryKey(kv[0])
			if err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			vs, err := queryValues(kv[1])
			if err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			if err := ctx.SetQueryParam(key, vs); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		return starlark.None, nil
	},
}

var queryMethodNames = func() []string {
	var out []string
	for k := range queryMethods {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}()

// queryMethod runs a method of st.query_params with the calling thread's
// context.
func queryMethod(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	ctx, err := contextFor(t, b.Name())
	if err != nil {
		return nil, err
	}
	method := b.Name()[len("st.query_params."):]
	return queryMethods[method](ctx, b.Name(), args, kwargs)
}
