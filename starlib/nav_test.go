package starlib_test

// Tests of the builtins about pages and URLs: link_button, page_link,
// switch_page, set_page_config and st.query_params.

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
)

// pages are the other pages of the app beside page.star in nav tests.
var pages = map[string]string{
	"1_Home.star":    `st.title("Home")`,
	"2_Widgets.star": `st.title("Widgets")`,
	"_private.star":  `x = 1`,
}

func TestNavElements(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"link_button", `st.link_button("Docs", "https://example.com/docs?q=1")`,
			`{"kind":"link_button","path":"main.0","label":"Docs","url":"https://example.com/docs?q=1","type":"secondary","disabled":false,"help":null}`},
		{"link_button options", `st.link_button("Mail", "mailto:team@example.com", type="primary", disabled=True)`,
			`{"kind":"link_button","path":"main.0","label":"Mail","url":"mailto:team@example.com","type":"primary","disabled":true,"help":null}`},
		{"link_button help", `st.link_button("x", "https://example.com", help="opens the site")`,
			`{"kind":"link_button","path":"main.0","label":"x","url":"https://example.com","type":"secondary","disabled":false,"help":"opens the site"}`},
		{"page_link help", `st.page_link("Home", help="go home")`,
			`{"kind":"page_link","path":"main.0","label":"Home","page":"Home","url":"/","icon":null,"disabled":false,"help":"go home"}`},
		{"link_button http", `st.link_button("x", "HTTP://example.com")`,
			`{"kind":"link_button","path":"main.0","label":"x","url":"HTTP://example.com","type":"secondary","disabled":false,"help":null}`},
		{"page_link by file", `st.page_link("2_Widgets.star")`,
			`{"kind":"page_link","path":"main.0","label":"Widgets","page":"Widgets","url":"/Widgets","icon":null,"disabled":false,"help":null}`},
		{"page_link by name", `st.page_link("Widgets", label="All widgets", icon="🧩", disabled=True)`,
			`{"kind":"page_link","path":"main.0","label":"All widgets","page":"Widgets","url":"/Widgets","icon":"🧩","disabled":true,"help":null}`},
		{"page_link to the first page", `st.page_link("Home")`,
			`{"kind":"page_link","path":"main.0","label":"Home","page":"Home","url":"/","icon":null,"disabled":false,"help":null}`},
		{"set_page_config", `st.set_page_config()`,
			`{"kind":"page_config","path":"main.0","title":null,"icon":null,"layout":"centered","initial_sidebar_state":"auto"}`},
		{"set_page_config options", `st.set_page_config(title="Sales", icon="📈", layout="wide")`,
			`{"kind":"page_config","path":"main.0","title":"Sales","icon":"📈","layout":"wide","initial_sidebar_state":"auto"}`},
		{"set_page_config as Streamlit spells it", `st.set_page_config(page_title="Sales", page_icon="📈", layout="wide", initial_sidebar_state="collapsed", menu_items={"Get Help": "https://example.com", "about": "# Sales", "Report a bug": None})`,
			`{"kind":"page_config","path":"main.0","title":"Sales","icon":"📈","layout":"wide","initial_sidebar_state":"collapsed"}`},
		{"set_page_config positional", `st.set_page_config("Sales", "📈", "centered", "expanded")`,
			`{"kind":"page_config","path":"main.0","title":"Sales","icon":"📈","layout":"centered","initial_sidebar_state":"expanded"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := session(t, tt.src, pages, host.Limits{}).Run()
			mustComplete(t, res)
			els := res.Elements()
			if len(els) != 1 {
				t.Fatalf("%d elements, want 1", len(els))
			}
			sameJSON(t, props(els[0]), tt.want)
		})
	}
}

func TestNavErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"link_button javascript", `st.link_button("x", "javascript:alert(1)")`, `st.link_button: for parameter url: "javascript:alert(1)" is not an http, https or mailto URL`},
		{"link_button relative", `st.link_button("x", "/Widgets")`, `st.link_button: for parameter url: "/Widgets" is not an http, https or mailto URL`},
		{"link_button scheme-relative", `st.link_button("x", "//evil.example")`, `st.link_button: for parameter url: "//evil.example" is not an http, https or mailto URL`},
		{"link_button ftp", `st.link_button("x", "ftp://example.com")`, `st.link_button: for parameter url: "ftp://example.com" is not an http, https or mailto URL`},
		{"link_button without host", `st.link_button("x", "https:///path")`, `st.link_button: for parameter url: "https:///path" is not an http, https or mailto URL`},
		{"link_button data", `st.link_button("x", "data:text/html,<b>x</b>")`, `st.link_button: for parameter url: "data:text/html,<b>x</b>" is not an http, https or mailto URL`},
		{"link_button empty mailto", `st.link_button("x", "mailto:")`, `st.link_button: for parameter url: "mailto:" is not an http, https or mailto URL`},
		{"link_button type", `st.link_button("x", "https://a.b", type="link")`, `st.link_button: for parameter type: got "link", want "primary" or "secondary"`},
		{"link_button url type", `st.link_button("x", 1)`, `st.link_button: for parameter url: got int, want string`},
		{"page_link unknown", `st.page_link("Nope")`, `st.page_link: no page "Nope" in this app; the pages are Home (1_Home.star), Widgets (2_Widgets.star), page (page.star)`},
		{"page_link private", `st.page_link("_private.star")`, `st.page_link: no page "_private.star" in this app; the pages are Home (1_Home.star), Widgets (2_Widgets.star), page (page.star)`},
		{"page_link label", `st.page_link("Home", label=1)`, `st.page_link: for parameter label: got int, want string or None`},
		{"page_link icon", `st.page_link("Home", icon=1)`, `st.page_link: for parameter icon: got int, want a string (an emoji or ":material/name:")`},
		{"switch_page unknown", `st.switch_page("3_Nope.star")`, `st.switch_page: no page "3_Nope.star" in this app; the pages are Home (1_Home.star), Widgets (2_Widgets.star), page (page.star)`},
		{"switch_page type", `st.switch_page(2)`, `st.switch_page: for parameter page: got int, want st.Page(...), a page's file or its name`},
		{"set_page_config layout", `st.set_page_config(layout="full")`, `st.set_page_config: for parameter layout: got "full", want "centered" or "wide"`},
		{"set_page_config title", `st.set_page_config(title=1)`, `st.set_page_config: for parameter title: got int, want string or None`},
		{"set_page_config icon", `st.set_page_config(icon=[])`, `st.set_page_config: for parameter icon: got list, want string or None`},
		{"set_page_config page_title", `st.set_page_config(page_title=1)`, `st.set_page_config: for parameter page_title: got int, want string or None`},
		{"set_page_config both titles", `st.set_page_config(page_title="a", title="b")`, `st.set_page_config: got both page_title and title, which are the same parameter; pass one`},
		{"set_page_config sidebar", `st.set_page_config(initial_sidebar_state="open")`, `st.set_page_config: for parameter initial_sidebar_state: got "open", want "auto", "expanded" or "collapsed"`},
		{"set_page_config menu_items type", `st.set_page_config(menu_items=["About"])`, `st.set_page_config: for parameter menu_items: got list, want a dict or None`},
		{"set_page_config menu_items key", `st.set_page_config(menu_items={"Help": "x"})`, `st.set_page_config: for parameter menu_items: got key "Help", want "Get help", "Report a bug" or "About"`},
		{"set_page_config menu_items value", `st.set_page_config(menu_items={"About": 1})`, `st.set_page_config: for parameter menu_items: "About": got int, want string or None`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustFail(t, session(t, tt.src, pages, host.Limits{}).Run(), tt.want)
		})
	}
}

// TestSwitchPage checks that st.switch_page ends the run with the page to
// show, which the session then runs.
func TestSwitchPage(t *testing.T) {
	check := func(t *testing.T, s *harness.Session, res *harness.Result, to string, texts int) {
		t.Helper()
		if len(res.Runs) != 2 {
			t.Fatalf("%d runs, want the switching one and the page switched to", len(res.Runs))
		}
		sw := res.Runs[0]
		if sw.Status != host.SwitchPageRequested || sw.Status.String() != "switch_page" {
			t.Fatalf("status %s (%v), want switch_page", sw.Status, sw.Err)
		}
		if sw.SwitchTo != to {
			t.Errorf("SwitchTo = %q, want %s", sw.SwitchTo, to)
		}
		if n := sw.Tree.Len(); n != texts {
			t.Errorf("%d elements, want only the %d before switch_page", n, texts)
		}
		mustComplete(t, res)
		if res.Page != to || s.Page != to {
			t.Errorf("the session shows %q (result of %q), want %s", s.Page, res.Page, to)
		}
	}
	for _, page := range []string{"Widgets", "2_Widgets.star"} {
		t.Run(page, func(t *testing.T) {
			s := session(t, lines(
				`st.text("before")`,
				`st.switch_page("`+page+`")`,
				`st.text("after")`,
			), pages, host.Limits{})
			check(t, s, s.Run(), "2_Widgets.star", 1)
		})
	}
	// From a worker given the context, as st.stop() may be called.
	t.Run("worker", func(t *testing.T) {
		s := session(t, lines(
			`def go():`,
			`    st.switch_page("Home")`,
			`spawn(go, context=True)`,
		), pages, host.Limits{})
		check(t, s, s.Run(), "1_Home.star", 0)
	})
}

func TestQueryParams(t *testing.T) {
	tests := []struct {
		name  string
		query map[string][]string
		src   string
		text  string              // what the page writes
		want  map[string][]string // Result.Query
	}{
		{"read", map[string][]string{"a": {"1", "2"}, "b": {"x"}},
			`st.text(repr((st.query_params, st.query_params["a"], st.query_params.get_all("a"), "b" in st.query_params, "c" in st.query_params, st.query_params.get("c", "-"))))`,
			`({"a": "2", "b": "x"}, "2", ["1", "2"], True, False, "-")`, nil},
		{"set", map[string][]string{"a": {"1"}},
			lines(`st.query_params["tab"] = "sales"`, `st.text(repr(st.query_params.to_dict()))`),
			`{"a": "1", "tab": "sales"}`, map[string][]string{"a": {"1"}, "tab": {"sales"}}},
		{"set attribute", nil,
			lines(`st.query_params.page = 3`, `st.text(st.query_params.page)`),
			`3`, map[string][]string{"page": {"3"}}},
		{"set several values", nil,
			lines(`st.query_params["tag"] = ["x", "y"]`, `st.text(repr(st.query_params.get_all("tag")))`),
			`["x", "y"]`, map[string][]string{"tag": {"x", "y"}}},
		{"replace values", map[string][]string{"a": {"1", "2"}},
			lines(`st.query_params["a"] = "3"`, `st.text(repr(st.query_params.get_all("a")))`),
			`["3"]`, map[string][]string{"a": {"3"}}},
		{"pop", map[string][]string{"a": {"1"}, "b": {"2"}},
			lines(`v = st.query_params.pop("a")`, `w = st.query_params.pop("zz", "none")`, `st.text(repr((v, w, st.query_params)))`),
			`("1", "none", {"b": "2"})`, map[string][]string{"b": {"2"}}},
		{"clear", map[string][]string{"a": {"1"}},
			lines(`st.query_params.clear()`, `st.text(repr((len(st.query_params), bool(st.query_params))))`),
			`(0, False)`, map[string][]string{}},
		{"update", nil,
			lines(`st.query_params.update({"a": "1"}, b=True)`, `st.text(repr(sorted(st.query_params.keys())))`),
			`["a", "b"]`, map[string][]string{"a": {"1"}, "b": {"True"}}},
		{"same value is no change", map[string][]string{"a": {"1"}},
			lines(`st.query_params["a"] = "1"`, `st.text("ok")`),
			`ok`, nil},
		{"set and pop is no change", nil,
			lines(`st.query_params["a"] = "1"`, `st.query_params.pop("a")`, `st.text("ok")`),
			`ok`, nil},
		{"iterate", map[string][]string{"b": {"2"}, "a": {"1"}},
			`st.text(repr([k for k in st.query_params] + [kv for kv in st.query_params.items()] + [dict(st.query_params)]))`,
			`["a", "b", ("a", "1"), ("b", "2"), {"a": "1", "b": "2"}]`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := session(t, tt.src, nil, host.Limits{})
			orig := map[string][]string{}
			for k, v := range tt.query {
				orig[k] = append([]string{}, v...)
			}
			s.Query = tt.query
			res := s.Run()
			mustComplete(t, res)
			if got := only(t, res, "text").Prop("body"); got != tt.text {
				t.Errorf("page wrote %v\nwant       %s", got, tt.text)
			}
			if !reflect.DeepEqual(res.Query, tt.want) {
				t.Errorf("Result.Query = %#v, want %#v", res.Query, tt.want)
			}
			if len(tt.query) > 0 && !reflect.DeepEqual(tt.query, orig) {
				t.Errorf("the session's query was modified: %v, was %v", tt.query, orig)
			}
		})
	}
}

// TestQueryParamsNextRun checks that a query the page changed is the
// query of the session's next run, as the browser's URL would be.
func TestQueryParamsNextRun(t *testing.T) {
	s := session(t, lines(
		`n = int(st.query_params.get("n", "0"))`,
		`st.query_params["n"] = str(n + 1)`,
		`st.text(str(n))`,
	), nil, host.Limits{})
	for want := range 3 {
		res := s.Run()
		mustComplete(t, res)
		if got := only(t, res, "text").Prop("body"); got != itoa(want) {
			t.Errorf("run %d: n = %v", want, got)
		}
	}
}

func TestQueryParamsErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"key type", `st.query_params[1] = "x"`, `st.query_params keys are strings, got int`},
		{"value type", `st.query_params["k"] = {"a": 1}`, `st.query_params values are strings (or lists of strings), got dict`},
		{"value in a list", `st.query_params["k"] = ["a", None]`, `st.query_params values are strings (or lists of strings), got NoneType`},
		{"missing key", `st.query_params["zz"]`, `key "zz" not in st.query_params`},
		{"missing attribute", `st.query_params.zz`, `st.query_params has no key "zz"; use st.query_params.get("zz") for a key that may be absent`},
		{"pop missing", `st.query_params.pop("zz")`, `st.query_params.pop: st.query_params has no key "zz"`},
		{"update value", `st.query_params.update(a=None)`, `st.query_params.update: st.query_params values are strings (or lists of strings), got NoneType`},
		{"method without context", lines(
			`def w():`,
			`    return st.query_params.get("a")`,
			`spawn(w).result()`),
			`task.result: spawn-1 failed: page.star:2:14: st.query_params: missing ScriptRunContext: thread "spawn-1" was spawned without the run's context; pass context=True to spawn(), or return the value and write it from the script thread`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustFail(t, runPage(t, tt.src), tt.want) })
	}
}

// TestQueryParamsFromDict: from_dict replaces every parameter, and a bad
// value leaves the URL as it was.
func TestQueryParamsFromDict(t *testing.T) {
	s := session(t, `st.query_params.from_dict({"a": "1", "tags": ["x", "y"]})
st.write(st.query_params.to_dict())
`, nil, host.Limits{})
	s.Query = map[string][]string{"old": {"gone"}}
	res := s.Run()
	mustComplete(t, res)
	if got := fmt.Sprint(s.Query); got != "map[a:[1] tags:[x y]]" {
		t.Errorf("query after from_dict: %s", got)
	}
	bad := runPage(t, `st.query_params["k"] = "v"
st.query_params.from_dict({"a": {"no": 1}})
`)
	mustFail(t, bad, "st.query_params.from_dict: st.query_params values are strings (or lists of strings), got dict")
}
