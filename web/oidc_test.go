package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/internal/oidctest"
	"github.com/stark-dev/stark/session"
	"github.com/stark-dev/stark/web"
)

const userPage = `
if st.user.is_logged_in:
    st.text("in " + st.user.email + " " + st.user.name + " " + st.user.sub + " " + st.user.provider)
else:
    st.text("out")
`

// oidcServer serves a one-page app with the issuer as its provider "test".
func oidcServer(t *testing.T, is *oidctest.Issuer, opts web.Options) *httptest.Server {
	t.Helper()
	if opts.Access == nil {
		opts.Access = &web.Access{Public: true}
	}
	opts.Access.Auth = map[string]web.OIDCProvider{"test": {ClientID: is.ClientID, ClientSecret: is.ClientSecret, Issuer: is.URL}}
	opts.AllowPrivateOIDC = true
	if opts.Secret == nil {
		opts.Secret = []byte(strings.Repeat("s", 32))
	}
	return serve(t, map[string]string{"home.star": userPage}, opts)
}

// browser is an HTTP client that keeps cookies and follows redirects.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// pageText dials the app with c's cookies and returns the page's text.
func pageText(t *testing.T, base string, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(base)
	h := http.Header{"Origin": {base}}
	for _, ck := range c.Jar.Cookies(u) {
		h.Add("Cookie", ck.Name+"="+ck.Value)
	}
	cl, err := client.DialWith(base, h, session.HelloMsg{}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if m := runEnd(t, cl); m.Status() != "completed" {
		t.Fatalf("run: %s", m.Text())
	}
	return body(cl, "main.0")
}

func TestOIDCLogin(t *testing.T) {
	is := oidctest.New()
	defer is.Close()
	base := oidcServer(t, is, web.Options{}).URL
	b := browser(t)
	if got := pageText(t, base, b); got != "out" {
		t.Fatalf("before login: %q", got)
	}
	resp, err := b.Get(base + "/_stark/oidc/login?provider=test&next=/home")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/home" {
		t.Fatalf("login ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}
	if got := pageText(t, base, b); got != "in ada@example.test Ada Lovelace user-1 test" {
		t.Fatalf("after login: %q", got)
	}
	// The state cookie is gone; the login cookie is HttpOnly.
	u, _ := url.Parse(base)
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == "stark_oidc" {
			t.Errorf("state cookie left: %v", c)
		}
	}
	// Logout (a POST from the app's origin) signs out.
	req, _ := http.NewRequest("POST", base+"/_stark/logout", nil)
	req.Header.Set("Origin", base)
	if resp, err := b.Do(req); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	if got := pageText(t, base, b); got != "out" {
		t.Fatalf("after logout: %q", got)
	}
}

func TestOIDCRefusals(t *testing.T) {
	is := oidctest.New()
	defer is.Close()
	base := oidcServer(t, is, web.Options{}).URL

	// A callback without this browser's sign-in in progress, or with
	// another state, is refused.
	b := browser(t)
	if resp, _ := b.Get(base + "/_stark/oidc/callback?code=x&state=y"); resp.StatusCode != 400 {
		t.Errorf("callback without a sign-in = %d, want 400", resp.StatusCode)
	}
	noFollow := browser(t)
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Get(base + "/_stark/oidc/login?provider=test")
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %v %v", resp, err)
	}
	auth, _ := url.Parse(resp.Header.Get("Location"))
	q := auth.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" || len(q.Get("state")) < 40 {
		t.Errorf("authorization request lacks PKCE, nonce or a long state: %s", auth)
	}
	if resp, _ := noFollow.Get(base + "/_stark/oidc/callback?code=x&state=forged"); resp.StatusCode != 400 {
		t.Errorf("callback with a forged state = %d, want 400", resp.StatusCode)
	}
	if got := pageText(t, base, noFollow); got != "out" {
		t.Errorf("after forged state: %q", got)
	}

	// A token whose nonce is not the sign-in's is refused.
	is.Nonce = "replayed"
	b = browser(t)
	resp, _ = b.Get(base + "/_stark/oidc/login?provider=test&next=/home")
	if resp.StatusCode != 400 || pageText(t, base, b) != "out" {
		t.Errorf("a token with another nonce: %d", resp.StatusCode)
	}
	is.Nonce = ""

	// An unknown provider.
	if resp, _ := b.Get(base + "/_stark/oidc/login?provider=nope"); resp.StatusCode != 404 {
		t.Errorf("unknown provider = %d, want 404", resp.StatusCode)
	}
}

// Without --allow-private-oidc the server does not reach an issuer on a
// loopback address.
func TestOIDCPrivateIssuerRefused(t *testing.T) {
	is := oidctest.New()
	defer is.Close()
	opts := web.Options{Secret: []byte(strings.Repeat("s", 32)), Access: &web.Access{Public: true,
		Auth: map[string]web.OIDCProvider{"test": {ClientID: is.ClientID, ClientSecret: is.ClientSecret, Issuer: is.URL}}}}
	ts := serve(t, map[string]string{"home.star": userPage}, opts)
	resp, err := http.Get(ts.URL + "/_stark/oidc/login?provider=test")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("login with a loopback issuer = %d, want 502", resp.StatusCode)
	}
}

// [access] oidc = "test" admits only the provider's logins (of the emails
// listed), sending a visitor without one to the provider.
func TestOIDCAccess(t *testing.T) {
	is := oidctest.New()
	defer is.Close()
	ts := oidcServer(t, is, web.Options{Access: &web.Access{OIDC: "test", Emails: []string{"@example.test"}}})
	base := ts.URL
	b := browser(t)
	resp, err := b.Get(base + "/home")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/home" {
		t.Fatalf("private app ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}
	if got := pageText(t, base, b); got != "in ada@example.test Ada Lovelace user-1 test" {
		t.Fatalf("after login: %q", got)
	}
	// Another domain's account is not admitted.
	is.Claims["email"] = "eve@elsewhere.test"
	b = browser(t)
	b.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 6 {
			return http.ErrUseLastResponse
		}
		return nil
	}
	resp, _ = b.Get(base + "/home")
	msg := readBody(t, resp)
	if resp.StatusCode != 400 || !strings.Contains(msg, "the account eve@elsewhere.test may not open this app") {
		t.Fatalf("an account of another domain: %d %q", resp.StatusCode, msg)
	}
	if got := socketStatus(t, ts, "/_stark/ws", nil); got != 401 {
		t.Errorf("socket without a login = %d, want 401", got)
	}
}
