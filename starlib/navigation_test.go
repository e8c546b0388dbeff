package starlib_test

// Page tests of st.navigation and st.Page.

import (
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
	"go.starlark.net/starlark"
)

const navPage = `
def home():
    st.text("home")
def other():
    st.text("other")
pg = st.navigation({"": [st.Page(home)], "More": [st.Page(other, title="The other", icon="🧭", default=True), st.Page("sub/report.star")]}, position="top")
st.text("title " + pg.title)
pg.run()
`

func TestNavigation(t *testing.T) {
	app := appOf(t, navPage, map[string]string{"sub/report.star": `st.text("report " + str(st.session_state.get("x")))`}, nil)
	run := func(page string) *harness.Result {
		t.Helper()
		r := &harness.Result{Result: app.Run(host.RunOptions{Page: "page.star", State: host.NewState(), NavPage: page})}
		mustComplete(t, r)
		return r
	}
	// None asked for: the default.
	res := run("")
	n := res.Navigation
	if n == nil || n.Position != "top" || n.Default != "other" || n.Current != "other" || len(n.Pages) != 3 {
		t.Fatalf("navigation = %+v", n)
	}
	want := []host.NavPage{{Name: "home", Label: "home"}, {Name: "other", Label: "The other", Icon: "🧭", Section: "More"}, {Name: "report", Label: "report", Section: "More", File: "sub/report.star"}}
	for i, p := range n.Pages {
		if p != want[i] {
			t.Fatalf("page %d = %+v, want %+v", i, p, want[i])
		}
	}
	if got := texts(t, res); len(got) != 2 || got[0] != "title The other" || got[1] != "other" {
		t.Fatalf("texts %q", got)
	}
	// A function page and a file page asked for (any case).
	if got := texts(t, run("HOME")); got[1] != "home" {
		t.Fatalf("home: texts %q", got)
	}
	if got := texts(t, run("report")); len(got) != 2 || got[1] != "report None" {
		t.Fatalf("report: texts %q", got)
	}
	// An unknown page: the default.
	if got := texts(t, run("nope")); got[1] != "other" {
		t.Fatalf("unknown page: texts %q", got)
	}
}

func TestNavigationErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`st.navigation([])`, `st.navigation: for parameter pages: no pages given`},
		{`st.navigation(["a.star"])`, `st.navigation: for parameter pages: got string in the list, want st.Page(...)`},
		{`st.navigation([st.Page("a.star")], position="left")`, `st.navigation: for parameter position: got "left", want "sidebar", "top" or "hidden"`},
		{`st.navigation([st.Page("a.star"), st.Page("b/a.star")])`, `st.navigation: two pages have the URL name "a"; give one another url_path=`},
		{`st.navigation([st.Page("a.star", default=True), st.Page("b.star", default=True)])`, `st.navigation: two pages have default=True: "a" and "b"`},
		{`st.navigation([st.Page("a.star")])
st.navigation([st.Page("a.star")])`, `st.navigation: st.navigation was called twice in this run`},
		{`st.Page("a.py")`, `st.Page: for parameter page: "a.py" is not a page file (a .star file of the app) nor a function`},
		{`st.Page("a.star", url_path="x/y")`, `st.Page: for parameter url_path: "x/y" is not a page's URL name`},
		{`st.navigation([st.Page("../secret.star")]).run()`, `secret.star`},
	} {
		mustFailWith(t, runPage(t, c.src), c.want)
	}
}

// navLinks declares a navigation whose home page links to the others and,
// when asked, switches to one of them by the way its key names it.
const navLinks = `
def home():
    st.page_link(reports)
    st.page_link("The other")
    st.page_link("sub/report.star", label="By file")
    st.page_link("home")
    by = st.session_state.get("by")
    if by == "page":
        st.switch_page(reports)
    elif by == "title":
        st.switch_page("The other")
    elif by == "url_path":
        st.switch_page("report")
    elif by == "file":
        st.switch_page("./sub/report.star")
    elif by == "unknown":
        st.switch_page("Nowhere")
def other():
    st.text("other page")
reports = st.Page("sub/report.star", icon="📈")
pg = st.navigation([st.Page(home, default=True), st.Page(other, title="The other"), reports])
pg.run()
`

// TestNavigationPageLinks: st.page_link to pages declared by st.navigation,
// by st.Page value, title, url_path and file: each link names the declared
// page and its URL (the default page at the root), with the page's icon.
func TestNavigationPageLinks(t *testing.T) {
	s := session(t, navLinks, map[string]string{"sub/report.star": `st.text("report page")`}, host.Limits{})
	res := s.Run()
	mustComplete(t, res)
	links := res.Find("page_link")
	if len(links) != 4 {
		t.Fatalf("%d page links, want 4", len(links))
	}
	for i, want := range []string{
		`{"label":"report","page":"report","url":"/report","icon":"📈","disabled":false,"help":null}`,
		`{"label":"The other","page":"other","url":"/other","icon":null,"disabled":false,"help":null}`,
		`{"label":"By file","page":"report","url":"/report","icon":"📈","disabled":false,"help":null}`,
		`{"label":"home","page":"home","url":"/","icon":null,"disabled":false,"help":null}`,
	} {
		sameJSON(t, props(links[i], "kind", "path"), want)
	}
}

// TestNavigationSwitchPage: st.switch_page to a declared page ends the run,
// and the session runs the declaring page again asking for that page, by
// whichever way the page was named; an unknown one lists the declared
// pages.
func TestNavigationSwitchPage(t *testing.T) {
	for by, want := range map[string]string{"page": "report page", "title": "other page", "url_path": "report page", "file": "report page"} {
		t.Run(by, func(t *testing.T) {
			s := session(t, navLinks, map[string]string{"sub/report.star": `st.text("report page")`}, host.Limits{})
			s.Set("by", starlark.String(by))
			res := s.Run()
			if len(res.Runs) != 2 || res.Runs[0].Status != host.SwitchPageRequested {
				t.Fatalf("%d runs (first %v), want the switching one and the page switched to", len(res.Runs), res.Runs[0].Status)
			}
			mustComplete(t, res)
			if got := texts(t, res); len(got) != 1 || got[0] != want {
				t.Fatalf("after the switch the page shows %q, want %q", got, want)
			}
		})
	}
	s := session(t, navLinks, map[string]string{"sub/report.star": `st.text("report page")`}, host.Limits{})
	s.Set("by", starlark.String("unknown"))
	mustFail(t, s.Run(), `st.switch_page: no page "Nowhere" in the pages st.navigation declared: "home" (url_path "home"), "The other" (url_path "other"), "report" (url_path "report")`)
}
