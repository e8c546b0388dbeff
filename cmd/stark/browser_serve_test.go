package main

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stark-dev/stark/web"
)

// TestBrowserServe drives two apps of `stark serve` (in process): each
// under its base, its socket at <base>/_stark/ws, its nav links under the
// base.
func TestBrowserServe(t *testing.T) {
	browser(t) // skip before building anything
	root := t.TempDir()
	writeApp(t, filepath.Join(root, "alpha"), map[string]string{
		"home.star":   `st.title("Alpha home")` + "\n",
		"second.star": `st.title("Alpha second")` + "\n" + `if st.button("Add", key="add"):` + "\n" + `    st.session_state["n"] = st.session_state.get("n", 0) + 1` + "\n" + `st.markdown("n=%d" % st.session_state.get("n", 0))` + "\n",
	})
	writeApp(t, filepath.Join(root, "beta"), map[string]string{"main.star": `st.title("Beta")` + "\n"})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := web.NewMulti(root, web.MultiOptions{Server: web.Options{Logger: log}, Open: openApp(log)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(m)
	t.Cleanup(func() {
		m.Close()
		ts.Close()
	})
	srv := &starkServer{dir: root, url: ts.URL, done: make(chan struct{})}
	app := func(*testing.T) *starkServer { return srv }

	p := openPage(t, app, "/alpha/second", wsJS)
	p.waitShows("title", "Alpha second")
	if u := eval[string](p, `__e2eWS.sockets[0].url`); u != "ws"+ts.URL[len("http"):]+"/alpha/_stark/ws" {
		p.fatalf("the socket is at %q, want under /alpha", u)
	}
	p.do("clicking Add", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-button"] button`)))
	p.waitShows("markdown", "n=1")
	p.clickNav("home")
	p.waitShows("title", "Alpha home")
	if path := eval[string](p, `location.pathname`); path != "/alpha/" {
		p.fatalf("after the nav click the URL path is %q, want /alpha/", path)
	}
	p.clickNav("second")
	p.waitShows("markdown", "n=1") // the session's state kept

	q := openPage(t, app, "/beta/")
	q.waitShows("title", "Beta")
	if n := eval[int](q, `document.querySelectorAll('[data-testid="stark-nav-link"]').length`); n > 1 {
		q.fatalf("beta's nav shows %d links, want its own page only", n)
	}
}
