package main

import "testing"

// TestBrowserNavigationEscapedNames: pages whose names the browser
// percent-encodes in the URL ("Ünits", "日本") are navigated over the
// socket like any other, without loading a new document.
func TestBrowserNavigationEscapedNames(t *testing.T) {
	dir := newAppDir(t, map[string]string{
		"1_Home.star":  `st.title("Home")` + "\n",
		"2_Ünits.star": `st.title("Units page")` + "\n",
		"3_日本.star":    `st.title("Japan page")` + "\n",
	})
	p := openPage(t, appAt(dir), "/")
	p.waitShows("title", "Home")
	eval[any](p, `window.__e2eSameDocument = true`)
	p.clickNav("Ünits")
	p.waitShows("title", "Units page")
	p.clickNav("日本")
	p.waitShows("title", "Japan page")
	p.clickNav("Home")
	p.waitShows("title", "Home")
	if !eval[bool](p, `window.__e2eSameDocument === true`) {
		p.fatalf("navigating to a page with an escaped name loaded a new document")
	}
	if path := eval[string](p, `decodeURI(location.pathname)`); path != "/" {
		p.fatalf("back on Home the path is %q", path)
	}
}
