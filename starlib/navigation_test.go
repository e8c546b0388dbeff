package starlib_test

// Page tests of st.navigation and st.Page.

import (
	"testing"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/harness"
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
	want := []host.NavPage{{Name: "home", Label: "home"}, {Name: "other", Label: "The other", Icon: "🧭", Section: "More"}, {Name: "report", Label: "report", Section: "More"}}
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
