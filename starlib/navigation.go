package starlib

// This file defines Streamlit's pages in code: st.Page and st.navigation.
// The page that calls st.navigation (the app's first page) declares the
// session's pages; the session lists them in place of the app's files and
// asks later runs for the page the visitor chose, which pg.run() runs.

import (
	"fmt"
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// navPage is the value of st.Page(...).
type navPage struct {
	file    string            // a page file, relative to the app root, or ""
	fn      starlark.Callable // a function page, or nil
	name    string            // the URL name
	title   string
	icon    string
	isDflt  bool
	section string
}

var _ starlark.HasAttrs = (*navPage)(nil)

func (p *navPage) String() string        { return fmt.Sprintf("<st.Page %q>", p.name) }
func (p *navPage) Type() string          { return "st.Page" }
func (p *navPage) Freeze()               {}
func (p *navPage) Truth() starlark.Bool  { return true }
func (p *navPage) Hash() (uint32, error) { return starlark.String(p.name).Hash() }
func (p *navPage) AttrNames() []string   { return []string{"icon", "run", "title", "url_path"} }

func (p *navPage) Attr(name string) (starlark.Value, error) {
	switch name {
	case "title":
		return starlark.String(p.title), nil
	case "icon":
		return starlark.String(p.icon), nil
	case "url_path":
		return starlark.String(p.name), nil
	case "run":
		return starlark.NewBuiltin("st.Page.run", p.run), nil
	}
	return nil, nil
}

// run runs the page: calls its function, or runs its file in this run.
func (p *navPage) run(t *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	if p.fn != nil {
		if _, err := starlark.Call(t, p.fn, nil, nil); err != nil {
			return nil, err
		}
		return starlark.None, nil
	}
	ctx, err := contextFor(t, b.Name())
	if err != nil {
		return nil, err
	}
	sb, err := host.SandboxFor(t, b.Name())
	if err != nil {
		return nil, err
	}
	if err := sb.App.ExecPage(t, ctx, p.file); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// stPage implements st.Page(page, title=None, icon=None, url_path=None,
// default=False): page is a .star file of the app or a function.
func stPage(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var page, title, icon, urlPath starlark.Value = nil, starlark.None, starlark.None, starlark.None
	dflt := false
	if err := starlark.UnpackArgs(c.name, args, kwargs, "page", &page, "title?", &title, "icon?", &icon, "url_path?", &urlPath, "default?", &dflt); err != nil {
		return nil, err
	}
	p := &navPage{isDflt: dflt}
	switch x := page.(type) {
	case starlark.String:
		f := strings.TrimPrefix(string(x), "./")
		if !strings.HasSuffix(f, ".star") {
			return nil, c.errorf("for parameter page: %q is not a page file (a .star file of the app) nor a function", f)
		}
		info := host.PageFor(f[strings.LastIndex(f, "/")+1:])
		p.file, p.name, p.title = f, info.Name, info.Label
	case starlark.Callable:
		p.fn = x
		p.name, p.title = x.Name(), strings.ReplaceAll(x.Name(), "_", " ")
	default:
		return nil, c.errorf("for parameter page: got %s, want a page file (\"page.star\") or a function", page.Type())
	}
	for _, a := range []struct {
		param string
		v     starlark.Value
		out   *string
	}{{"title", title, &p.title}, {"icon", icon, &p.icon}, {"url_path", urlPath, &p.name}} {
		switch v := a.v.(type) {
		case starlark.NoneType:
		case starlark.String:
			*a.out = string(v)
		default:
			return nil, c.errorf("for parameter %s: got %s, want a string", a.param, a.v.Type())
		}
	}
	p.name = strings.Trim(p.name, "/")
	if p.name == "" || strings.ContainsAny(p.name, "/?#%") {
		return nil, c.errorf("for parameter url_path: %q is not a page's URL name (no slashes, ?, # or %%, not empty)", p.name)
	}
	if p.title == "" {
		return nil, c.errorf("for parameter title: the title must not be empty")
	}
	return p, nil
}

// navigation implements st.navigation(pages, position="sidebar",
// expanded=False): pages is a list of st.Page, or a dict from section
// titles to lists. It returns the page the visitor asked for (or the
// default: the one with default=True, else the first), which the caller
// runs with .run().
func navigation(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pages starlark.Value
	position := "sidebar"
	expanded := false
	if err := starlark.UnpackArgs(c.name, args, kwargs, "pages", &pages, "position?", &position, "expanded?", &expanded); err != nil {
		return nil, err
	}
	switch position {
	case "sidebar", "top", "hidden":
	default:
		return nil, c.errorf("for parameter position: got %q, want \"sidebar\", \"top\" or \"hidden\"", position)
	}
	var all []*navPage
	add := func(section string, v starlark.Value) error {
		it, ok := v.(starlark.Iterable)
		if _, isStr := v.(starlark.String); !ok || isStr {
			return c.errorf("for parameter pages: got %s, want a list of st.Page or a dict of lists", v.Type())
		}
		iter := it.Iterate()
		defer iter.Done()
		var x starlark.Value
		for iter.Next(&x) {
			p, ok := x.(*navPage)
			if !ok {
				return c.errorf("for parameter pages: got %s in the list, want st.Page(...)", x.Type())
			}
			q := *p
			q.section = section
			all = append(all, &q)
		}
		return nil
	}
	if d, ok := pages.(*starlark.Dict); ok {
		for _, kv := range d.Items() {
			sec, ok := kv[0].(starlark.String)
			if !ok {
				return nil, c.errorf("for parameter pages: a section's title is a string, not %s", kv[0].Type())
			}
			if err := add(string(sec), kv[1]); err != nil {
				return nil, err
			}
		}
	} else if err := add("", pages); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, c.errorf("for parameter pages: no pages given")
	}
	nav := &host.Navigation{Position: position, Expanded: expanded}
	seen := map[string]bool{}
	chosen := -1
	for i, p := range all {
		k := strings.ToLower(p.name)
		if seen[k] {
			return nil, c.errorf("two pages have the URL name %q; give one another url_path=", p.name)
		}
		seen[k] = true
		if p.isDflt {
			if chosen >= 0 && all[chosen].isDflt {
				return nil, c.errorf("two pages have default=True: %q and %q", all[chosen].name, p.name)
			}
			chosen = i
		}
		nav.Pages = append(nav.Pages, host.NavPage{Name: p.name, Label: p.title, Icon: p.icon, Section: p.section, File: p.file})
	}
	if chosen < 0 {
		chosen = 0
	}
	nav.Default = all[chosen].name
	if want := c.ctx.NavPage(); want != "" {
		for i, p := range all {
			if strings.EqualFold(p.name, want) {
				chosen = i
			}
		}
	}
	nav.Current = all[chosen].name
	if err := c.ctx.SetNavigation(nav); err != nil {
		return nil, c.errorf("%v", err)
	}
	return all[chosen], nil
}
