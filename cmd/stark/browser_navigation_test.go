package main

// Browser tests of pages in code: st.navigation and st.Page.

import (
	"slices"
	"testing"
)

var navigationPages = map[string]string{
	"0_app.star": `
def home():
    st.title("Home page")
    st.session_state.visits = st.session_state.get("visits", 0) + 1
    st.markdown("visits: %d" % st.session_state.visits)

def other():
    st.title("Other page")

pg = st.navigation({
    "Main": [st.Page(home, title="Home", icon="🏠", default=True), st.Page(other, title="Other", url_path="other")],
    "Files": [st.Page("report.star", title="The report")],
})
st.sidebar.caption("the entry page ran")
pg.run()
`,
	"report.star": `
st.title("Report page")
`,
}

func navigationServer(t *testing.T) *starkServer {
	t.Helper()
	return sharedAppServer(t, "navigation", navigationPages)
}

// TestBrowserNavigation: the entry page's st.navigation replaces the list
// of files in the nav, with its sections; a click shows another page (a
// function, then a file), the URL follows, and a new tab opened at a
// declared page's URL shows that page.
func TestBrowserNavigation(t *testing.T) {
	p := openPage(t, navigationServer, "/")
	p.waitShows("title", "Home page")
	p.wait("the declared pages in the nav", `[...document.querySelectorAll('[data-testid="stark-nav-link"]')].map((a) => a.dataset.page).join(',') === 'home,other,report'`)
	labels := eval[[]string](p, `[...document.querySelectorAll('[data-testid="stark-nav-link"]')].map((a) => a.textContent)`)
	if !slices.Equal(labels, []string{"🏠Home", "Other", "The report"}) {
		p.fatalf("the nav's labels are %q", labels)
	}
	if secs := eval[[]string](p, `__e2e.texts('nav-section', document)`); !slices.Equal(secs, []string{"Main", "Files"}) {
		p.fatalf("the nav's sections are %q, want Main, Files", secs)
	}
	p.clickNav("other")
	p.waitShows("title", "Other page")
	p.wait("the URL to be /other", `location.pathname.endsWith('/other')`)
	if eval[bool](p, `__e2e.shows('title', 'Home page')`) {
		p.fatalf("the home page's title still shows")
	}
	p.clickNav("report")
	p.waitShows("title", "Report page")
	p.wait("the URL to be /report", `location.pathname.endsWith('/report')`)
	p.clickNav("home")
	p.waitShows("markdown", "visits: 2")
	p.wait("the URL to be the app's root", `location.pathname === '/' || location.pathname.endsWith('/navigation/')`)

	q := openPage(t, navigationServer, "/other")
	q.waitShows("title", "Other page")
	q.wait("the nav to mark other", `document.querySelector('[data-testid="stark-nav-link"][aria-current="page"]')?.dataset.page === 'other'`)
}
