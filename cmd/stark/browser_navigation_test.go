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

var navigationLinkPages = map[string]string{
	"0_app.star": `
def home():
    st.title("Home page")
    st.page_link(report, label="To the report")
    st.page_link("Page 3")
    if st.button("Switch to page 7"):
        st.switch_page("Page 7")

def numbered(n):
    def page():
        st.title("Page %d" % n)
    return page

report = st.Page("report.star", title="The report", url_path="report")
many = [st.Page(numbered(i), title="Page %d" % i, url_path="p%d" % i) for i in range(1, 13)]
expanded = st.query_params.get("expanded") == "1"
pg = st.navigation([st.Page(home, title="Home", default=True), report] + many, expanded=expanded)
st.sidebar.caption("sidebar element")
pg.run()
`,
	"report.star": `
st.title("Report page")
`,
}

// TestBrowserNavigationLinks: st.page_link and st.switch_page reach the
// pages st.navigation declared (by st.Page value, title); a sidebar list of
// 14 pages shows 10 and "View 4 more" unless expanded=True.
func TestBrowserNavigationLinks(t *testing.T) {
	app := func(t *testing.T) *starkServer { return sharedAppServer(t, "navigation-links", navigationLinkPages) }
	p := openPage(t, app, "/")
	p.waitShows("title", "Home page")
	navLinks := `[...document.querySelectorAll('[data-testid="stark-nav-link"]')].length`
	p.wait("10 of the 14 pages listed", navLinks+` === 10`)
	if got := eval[string](p, `document.querySelector('[data-testid="stark-nav-more"]')?.textContent || ''`); got != "View 4 more" {
		p.fatalf("the collapse button reads %q, want View 4 more", got)
	}
	eval[bool](p, `(document.querySelector('[data-testid="stark-nav-more"]').click(), true)`)
	p.wait("all 14 pages listed", navLinks+` === 14 && document.querySelector('[data-testid="stark-nav-more"]').textContent === 'View less'`)

	// page_link by st.Page value.
	eval[bool](p, `([...document.querySelectorAll('a.stark-page-link')].find((a) => a.textContent.includes('To the report')).click(), true)`)
	p.waitShows("title", "Report page")
	p.wait("the URL to be /report", `location.pathname.endsWith('/report')`)
	p.clickNav("home")
	p.waitShows("title", "Home page")
	// page_link by title.
	eval[bool](p, `([...document.querySelectorAll('a.stark-page-link')].find((a) => a.textContent.includes('Page 3')).click(), true)`)
	p.waitShows("title", "Page 3")
	p.wait("the URL to be /p3", `location.pathname.endsWith('/p3')`)
	p.clickNav("home")
	p.waitShows("title", "Home page")
	// switch_page by title.
	eval[bool](p, `([...document.querySelectorAll('button')].find((b) => b.textContent.includes('Switch to page 7')).click(), true)`)
	p.waitShows("title", "Page 7")
	p.wait("the URL to be /p7", `location.pathname.endsWith('/p7')`)
	p.wait("the nav to mark p7", `document.querySelector('[data-testid="stark-nav-link"][aria-current="page"]')?.dataset.page === 'p7'`)

	q := openPage(t, app, "/?expanded=1")
	q.waitShows("title", "Home page")
	q.wait("all 14 pages listed", navLinks+` === 14`)
	if eval[bool](q, `!!document.querySelector('[data-testid="stark-nav-more"]')`) {
		q.fatalf("expanded=True shows a collapse button")
	}
}
