package main

// A login on one replica holds on the others (docs/replicas.md, Logins):
// the login cookie and the OpenID Connect state cookie are signed with
// STARK_SECRET and carry everything the server needs, so replicas that
// share the secret and the [access] table accept each other's.

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/internal/oidctest"
	"github.com/stark-dev/stark/session"
	"github.com/stark-dev/stark/web"
	"golang.org/x/crypto/bcrypt"
)

const privatePage = `
if st.user.is_logged_in:
    st.text("private page for " + (st.user.get("email") or st.user.name))
`

// noRedirect is an HTTP client that returns redirects as they are.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// send makes a request with the given cookies (name=value) and headers.
func send(t *testing.T, method, u string, body string, cookies []string, hdr ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cookies {
		req.Header.Add("Cookie", c)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	resp.Body.Close()
	return resp
}

// cookieOf returns name=value of the response's cookie name, or "".
func cookieOf(resp *http.Response, name string) string {
	for _, c := range resp.Cookies() {
		if c.Name == name && c.Value != "" {
			return c.Name + "=" + c.Value
		}
	}
	return ""
}

// privateText opens a session at base with the cookies and returns the
// text the page shows, or the error of the socket's refusal.
func privateText(t *testing.T, base string, cookies ...string) (string, error) {
	t.Helper()
	h := http.Header{"Origin": {base}}
	for _, c := range cookies {
		h.Add("Cookie", c)
	}
	c, err := client.DialWith(base, h, session.HelloMsg{}, false)
	if err != nil {
		return "", err
	}
	defer c.Close()
	runEnd(t, c)
	return shownWith(c, "private page"), nil
}

// opensPage reports whether GET base/ with the cookies serves the page
// (200) rather than sending the browser to the login form (303).
func opensPage(t *testing.T, base string, cookies ...string) bool {
	t.Helper()
	resp := send(t, "GET", base+"/", "", cookies)
	if resp.StatusCode != 200 && resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET %s/: %d", base, resp.StatusCode)
	}
	return resp.StatusCode == 200
}

func TestReplicasLogin(t *testing.T) {
	_, haproxyBin := needReplicaTools(t)
	bin := starkBinary(t)
	is := oidctest.New()
	defer is.Close()
	t.Setenv("STARK_APP_LOGIN_SECRET", is.ClientSecret)
	hash, err := bcrypt.GenerateFromPassword([]byte("right horse"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	// A private app: a password and the provider "local" open it.
	toml := fmt.Sprintf("[access]\npublic = false\nusers = { ana = %q }\noidc = \"local\"\n\n[auth.local]\nclient_id = %q\nclient_secret = \"${STARK_APP_LOGIN_SECRET}\"\nissuer = %q\n",
		hash, is.ClientID, is.URL)
	dir := newAppDir(t, map[string]string{"app.star": privatePage})
	if err := os.WriteFile(filepath.Join(dir, "stark.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	start := func(secret string) *starkServer {
		t.Setenv("STARK_SECRET", secret) // the process takes the environment at its start
		return runStark(t, bin, dir, "--allow-private-oidc")
	}
	shared, other := strings.Repeat("ab", 32), strings.Repeat("cd", 32)
	a, b := start(shared), start(shared)
	c := start(other) // a replica with another secret, reached directly
	lb := startHAProxy(t, haproxyBin, map[string]string{"a": a.url, "b": b.url})
	srvA := "SRV=a"

	// Without a login every replica sends the browser to the login form.
	for _, s := range []*starkServer{a, b, c} {
		if opensPage(t, s.url) {
			t.Fatalf("%s serves the private page without a login", s.url)
		}
	}

	// The login form, posted through the load balancer to replica a.
	form := url.Values{"user": {"ana"}, "password": {"right horse"}, "next": {"/"}}.Encode()
	resp := send(t, "POST", lb+"/_stark/login", form, []string{srvA}, "Origin", lb, "Content-Type", "application/x-www-form-urlencoded")
	login := cookieOf(resp, web.CookieName)
	if resp.StatusCode != http.StatusSeeOther || login == "" {
		t.Fatalf("login through a: %d, cookie %q\n%s", resp.StatusCode, login, a.logTail())
	}

	// Replica b, reached directly, accepts a's cookie: the page and its
	// socket.
	if !opensPage(t, b.url, login) {
		t.Errorf("b sends a's login to the login form")
	}
	if got, err := privateText(t, b.url, login); err != nil || got != "private page for ana" {
		t.Errorf("b's session with a's login: %q, %v\n%s", got, err, b.logTail())
	}
	// A replica with another secret refuses it.
	if opensPage(t, c.url, login) {
		t.Errorf("a replica with another STARK_SECRET accepts the login")
	}
	if _, err := privateText(t, c.url, login); err == nil {
		t.Errorf("a replica with another STARK_SECRET opens a session with the login")
	}

	// A sign-in with the provider starts on a (its state cookie)...
	resp = send(t, "GET", lb+"/_stark/oidc/login?provider=local&next=/", "", []string{srvA})
	state := cookieOf(resp, "stark_oidc")
	if resp.StatusCode != http.StatusSeeOther || state == "" {
		t.Fatalf("oidc login through a: %d, state cookie %q\n%s", resp.StatusCode, state, a.logTail())
	}
	resp = send(t, "GET", resp.Header.Get("Location"), "", nil)
	callback := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(callback, lb+"/_stark/oidc/callback?") {
		t.Fatalf("the provider answered %d to %q", resp.StatusCode, callback)
	}

	// ...and a dies before the provider sends the browser back.
	a.cmd.Process.Signal(syscall.SIGKILL)
	<-a.done

	// The callback reaches b (HAProxy redispatches a's cookie), which
	// completes the sign-in from the state cookie alone.
	resp = send(t, "GET", callback, "", []string{srvA, state})
	oidcLogin := cookieOf(resp, web.CookieName)
	if resp.StatusCode != http.StatusSeeOther || oidcLogin == "" {
		t.Fatalf("oidc callback with a dead: %d, login cookie %q\n%s", resp.StatusCode, oidcLogin, b.logTail())
	}
	if got, err := privateText(t, b.url, oidcLogin); err != nil || got != "private page for "+is.Claims["email"].(string) {
		t.Errorf("b's session with the provider's login: %q, %v\n%s", got, err, b.logTail())
	}
	// The callback on a replica with another secret is refused: its
	// state cookie does not verify.
	resp = send(t, "GET", strings.Replace(callback, lb, c.url, 1), "", []string{state})
	if resp.StatusCode < 400 || cookieOf(resp, web.CookieName) != "" {
		t.Errorf("the callback on a replica with another secret: %d, login cookie %q", resp.StatusCode, cookieOf(resp, web.CookieName))
	}

	// With a dead, the password login made on it still opens the page
	// through the load balancer, with a's cookie naming the dead replica.
	if !opensPage(t, lb, srvA, login) {
		t.Errorf("through HAProxy with a dead, a's login is sent to the login form")
	}
	if got, err := privateText(t, lb, srvA, login); err != nil || got != "private page for ana" {
		t.Errorf("through HAProxy with a dead: %q, %v\n%s", got, err, b.logTail())
	}
}

// TestReplicasLoginAttempts: two replicas with --redis and --trust-proxy
// behind HAProxy (option forwardfor), which spreads a client without its
// cookie over both. The client's five wrong passwords leave it no sixth
// on either replica (counted in Redis, by the address HAProxy saw), and a
// client from another address still logs in (not HAProxy's address for
// all).
func TestReplicasLoginAttempts(t *testing.T) {
	redisBin, haproxyBin := needReplicaTools(t)
	bin := starkBinary(t)
	redisURL := startRedis(t, redisBin)
	hash, err := bcrypt.GenerateFromPassword([]byte("right horse"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	dir := newAppDir(t, map[string]string{"app.star": privatePage, "stark.toml": fmt.Sprintf("[access]\npublic = false\nusers = { ana = %q }\n", hash)})
	t.Setenv("STARK_SECRET", strings.Repeat("ab", 32))
	addrs := map[string]string{}
	for _, name := range []string{"a", "b"} {
		addrs[name] = runStark(t, bin, dir, "--trust-proxy", "--redis", redisURL).url
	}
	lb := startHAProxy(t, haproxyBin, addrs)
	// Clients from two loopback addresses; a connection per request, so
	// that HAProxy balances each.
	from := func(ip string) *http.Client {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
		return &http.Client{
			Transport:     &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	post := func(c *http.Client, pw string) *http.Response {
		t.Helper()
		form := url.Values{"user": {"ana"}, "password": {pw}, "next": {"/"}}.Encode()
		req, _ := http.NewRequest("POST", lb+"/_stark/login", strings.NewReader(form))
		req.Header.Set("Origin", lb)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	guesser, other := from("127.0.0.2"), from("127.0.0.3")
	served := map[string]bool{}
	for i := 0; i < 5; i++ {
		resp := post(guesser, "guess")
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d = %d, want 401", i+1, resp.StatusCode)
		}
		served[cookieOf(resp, "SRV")] = true
	}
	if !served["SRV=a"] || !served["SRV=b"] {
		t.Fatalf("HAProxy sent the attempts to %v, want both replicas", served)
	}
	served = map[string]bool{}
	for i := 0; i < 2; i++ { // the 6th and 7th: HAProxy alternates
		resp := post(guesser, "right horse")
		served[cookieOf(resp, "SRV")] = true
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || cookieOf(resp, web.CookieName) != "" {
			t.Errorf("attempt %d after 5 wrong ones (%s) = %d (Retry-After %q), want 429 and no login", 6+i, cookieOf(resp, "SRV"), resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	if !served["SRV=a"] || !served["SRV=b"] {
		t.Errorf("HAProxy sent the 6th and 7th to %v, want both replicas", served)
	}
	if resp := post(other, "right horse"); resp.StatusCode != http.StatusSeeOther || cookieOf(resp, web.CookieName) == "" {
		t.Errorf("another client's login = %d, want 303 and a login (the guesser's attempts are its own)", resp.StatusCode)
	}
}
