package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stark-dev/stark/internal/oidctest"
)

const loginPage = `
st.text("theme " + str(st.context.theme.type) + ", locale " + str(st.context.locale != None) + ", tz " + str(st.context.timezone != None))
if st.user.is_logged_in:
    st.text("signed in as " + st.user.email)
    if st.button("Log out"):
        st.logout()
else:
    st.text("signed out")
    if st.button("Log in"):
        st.login("local")
`

// A sign-in through a local OpenID Connect provider: st.login sends the
// browser to it, it comes back signed in and the page shows st.user.email;
// st.logout signs it out.
func TestBrowserLogin(t *testing.T) {
	browser(t) // skip before starting anything
	is := oidctest.New()
	defer is.Close()
	is.Claims["email"] = "grace@example.test"
	t.Setenv("STARK_APP_LOGIN_SECRET", is.ClientSecret)
	dir := newAppDir(t, map[string]string{"home.star": loginPage})
	toml := "[auth.local]\nclient_id = \"" + is.ClientID + "\"\nclient_secret = \"${STARK_APP_LOGIN_SECRET}\"\nissuer = \"" + is.URL + "\"\n"
	if err := os.WriteFile(filepath.Join(dir, "stark.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := startCommand(starkBinary(t), dir, "run", dir, "--addr", "127.0.0.1:0", "--allow-private-oidc")
	if srv != nil {
		t.Cleanup(srv.stop)
	}
	if err != nil {
		t.Fatal(err)
	}
	p := openPage(t, func(*testing.T) *starkServer { return srv }, "/")
	p.waitShows("text", "signed out")
	if !eval[bool](p, `__e2e.shows('text', 'locale True, tz True')`) {
		p.fatalf("st.context lacks the browser's locale or time zone")
	}
	button := `[data-testid="stark-main"] [data-testid="stark-button"] button`
	p.do("clicking Log in", chromedp.Click(chromedp.CSS(button)))
	waitNavigated(p, "the provider to send the browser back", `location.host === `+js(strings.TrimPrefix(srv.url, "http://"))+` && !!window.__e2e && __e2e.shows('text', 'signed in as')`)
	p.waitShows("text", "signed in as grace@example.test")
	if got := eval[string](p, `document.cookie`); strings.Contains(got, "stark_") {
		p.fatalf("a page script sees stark's cookies: %q", got)
	}
	p.waitIdle()
	p.do("clicking Log out", chromedp.Click(chromedp.CSS(button)))
	waitNavigated(p, "the page signed out", `!!window.__e2e && __e2e.shows('text', 'signed out')`)
	if eval[bool](p, `__e2e.shows('text', 'grace@example.test')`) {
		p.fatalf("the email is still shown after logout")
	}
}

// waitNavigated waits until expr is truthy in the tab, across the
// navigations on the way (a poll ends when the page it runs in is left).
func waitNavigated(p *browserPage, what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(browserWaitTimeout)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.fatalf("waiting for %s (%s)", what, expr)
}

// st.set_option restyles the page: dark, with the primary colour as the
// accent; st.context.theme says so on the next visit's hello.
func TestBrowserSetOptionTheme(t *testing.T) {
	dir := newAppDir(t, map[string]string{"home.star": `
st.text("theme " + str(st.context.theme.type))
if st.button("Dark"):
    st.set_option("theme.base", "dark")
    st.set_option("theme.primaryColor", "#1e88e5")
`})
	p := openPage(t, appAt(dir), "/")
	p.waitShows("text", "theme ")
	p.do("clicking Dark", chromedp.Click(chromedp.CSS(`[data-testid="stark-main"] [data-testid="stark-button"] button`)))
	p.wait("the page to turn dark", `document.documentElement.dataset.theme === 'dark' && getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() === '#1e88e5' && getComputedStyle(document.body).backgroundColor === 'rgb(15, 17, 23)'`)
}
