package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/crypto/bcrypt"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

const accessToken = "tok-0123456789abcdef"

// clock is a settable clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func hash(t *testing.T, pw string) string {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

// serveAccess serves a one-page app with access rules; it returns the
// server and its clock.
func serveAccess(t *testing.T, a *web.Access, opts web.Options) (*httptest.Server, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	opts.Access, opts.Now = a, clk.now
	if opts.Secret == nil {
		opts.Secret = []byte(strings.Repeat("s", 32))
	}
	return serve(t, map[string]string{"home.star": `st.title("Home")`}, opts), clk
}

func usersAccess(t *testing.T) *web.Access {
	return &web.Access{Users: map[string]string{"ana": hash(t, "right horse")}}
}

// do sends a request without following redirects.
func do(t *testing.T, method, u string, body io.Reader, hdr map[string]string, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func get(t *testing.T, u string, cookies ...*http.Cookie) *http.Response {
	return do(t, "GET", u, nil, nil, cookies...)
}

func login(t *testing.T, ts *httptest.Server, user, pw, next string, hdr map[string]string) *http.Response {
	t.Helper()
	form := url.Values{"user": {user}, "password": {pw}, "next": {next}}
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	for k, v := range hdr {
		h[k] = v
	}
	return do(t, "POST", ts.URL+"/_stark/login", strings.NewReader(form.Encode()), h)
}

func loginCookie(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == web.CookieName {
			return c
		}
	}
	return nil
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// socketStatus opens the socket with the given headers and returns the
// status of the handshake (101 when it upgraded).
func socketStatus(t *testing.T, ts *httptest.Server, path string, hdr http.Header) int {
	t.Helper()
	u := strings.Replace(ts.URL, "http", "ws", 1) + path
	ws, resp, err := websocket.DefaultDialer.Dial(u, hdr)
	if err == nil {
		defer ws.Close()
		// The socket is live: a hello is welcomed.
		ws.WriteJSON(map[string]any{"v": 1, "type": "hello", "page": "home"})
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		var m map[string]any
		if err := ws.ReadJSON(&m); err != nil || m["type"] != "welcome" {
			t.Errorf("first message after hello = %v, %v; want a welcome", m, err)
		}
	}
	if resp == nil {
		t.Fatalf("dial: %v", err)
	}
	return resp.StatusCode
}

func TestAccessPublic(t *testing.T) {
	for name, a := range map[string]*web.Access{"nil": nil, "public": {Public: true}} {
		t.Run(name, func(t *testing.T) {
			ts, _ := serveAccess(t, a, web.Options{})
			if resp := get(t, ts.URL+"/"); resp.StatusCode != 200 {
				t.Errorf("GET / = %d, want 200", resp.StatusCode)
			}
			if got := socketStatus(t, ts, "/_stark/ws", nil); got != 101 {
				t.Errorf("socket = %d, want 101", got)
			}
			if resp := get(t, ts.URL+"/_stark/login"); resp.StatusCode != 404 {
				t.Errorf("GET /_stark/login of a public app = %d, want 404", resp.StatusCode)
			}
		})
	}
}

func TestAccessLogin(t *testing.T) {
	ts, clk := serveAccess(t, usersAccess(t), web.Options{})

	// Without a login: pages go to the login form, the rest is refused,
	// static assets stay open.
	for _, c := range []struct{ path, loc string }{
		{"/", "/_stark/login?next=%2F"},
		{"/home?x=1", "/_stark/login?next=%2Fhome%3Fx%3D1"},
	} {
		resp := get(t, ts.URL+c.path)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != c.loc {
			t.Errorf("GET %s = %d %q, want 303 %q", c.path, resp.StatusCode, resp.Header.Get("Location"), c.loc)
		}
	}
	for _, c := range []struct{ method, path string }{{"GET", "/_stark/media/abc"}, {"POST", "/_stark/upload?session=x&widget=y"}} {
		if resp := do(t, c.method, ts.URL+c.path, strings.NewReader("x"), nil); resp.StatusCode != 401 {
			t.Errorf("%s %s = %d, want 401", c.method, c.path, resp.StatusCode)
		}
	}
	if got := socketStatus(t, ts, "/_stark/ws", nil); got != 401 {
		t.Errorf("socket without a login = %d, want 401", got)
	}
	if resp := get(t, ts.URL+"/_stark/static/app.js"); resp.StatusCode != 200 {
		t.Errorf("static asset = %d, want 200", resp.StatusCode)
	}
	resp := get(t, ts.URL+"/_stark/login?next=%2Fhome")
	if b := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(b, `name="password"`) || !strings.Contains(b, `value="/home"`) {
		t.Errorf("login form = %d %s", resp.StatusCode, b)
	}

	// Wrong password and unknown user: the same answer, no cookie.
	var bodies []string
	for _, c := range [][2]string{{"ana", "wrong"}, {"bob", "right horse"}} {
		resp := login(t, ts, c[0], c[1], "/", nil)
		b := readBody(t, resp)
		if resp.StatusCode != 401 || !strings.Contains(b, "Wrong user name or password.") || loginCookie(t, resp) != nil {
			t.Errorf("login %s/%s = %d, cookie %v", c[0], c[1], resp.StatusCode, loginCookie(t, resp))
		}
		bodies = append(bodies, strings.Replace(b, c[0], "USER", 1))
	}
	if bodies[0] != bodies[1] {
		t.Errorf("an unknown user's refusal differs from a wrong password's:\n%s\n%s", bodies[0], bodies[1])
	}

	// The right password: a cookie that opens the shell and the socket.
	resp = login(t, ts, "ana", "right horse", "/home?x=1", nil)
	c := loginCookie(t, resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/home?x=1" || c == nil {
		t.Fatalf("login = %d %q, cookie %v", resp.StatusCode, resp.Header.Get("Location"), c)
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure || c.MaxAge != 12*3600 {
		t.Errorf("cookie = %+v, want HttpOnly, SameSite=Lax, Path=/, not Secure, 12 h", c)
	}
	if resp := get(t, ts.URL+"/home", c); resp.StatusCode != 200 {
		t.Errorf("GET /home with the cookie = %d, want 200", resp.StatusCode)
	}
	if got := socketStatus(t, ts, "/_stark/ws", http.Header{"Cookie": {c.String()}}); got != 101 {
		t.Errorf("socket with the cookie = %d, want 101", got)
	}

	// A tampered cookie is refused.
	for name, v := range map[string]string{
		"payload": strings.Replace(c.Value, c.Value[:4], "AAAA", 1),
		"mac":     c.Value[:len(c.Value)-3] + "AAA",
		"garbage": "nonsense",
	} {
		tc := &http.Cookie{Name: web.CookieName, Value: v}
		if resp := get(t, ts.URL+"/", tc); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("tampered cookie (%s) = %d, want 303", name, resp.StatusCode)
		}
		if got := socketStatus(t, ts, "/_stark/ws", http.Header{"Cookie": {tc.String()}}); got != 401 {
			t.Errorf("socket with a tampered cookie (%s) = %d, want 401", name, got)
		}
	}

	// A login cannot take the visitor elsewhere.
	if resp := login(t, ts, "ana", "right horse", "//evil.example/x", nil); resp.Header.Get("Location") != "/" {
		t.Errorf("login with next=//evil.example: Location %q, want /", resp.Header.Get("Location"))
	}

	// Logout: a GET (a link, an image in a page) only shows a form; a
	// POST from another origin is refused; the app's own POST clears the
	// cookie.
	resp = get(t, ts.URL+"/_stark/logout", c)
	if lc := loginCookie(t, resp); lc != nil || resp.StatusCode != 200 {
		t.Errorf("GET logout = %d, cookie %+v, want a form and no cookie", resp.StatusCode, lc)
	}
	resp = do(t, "POST", ts.URL+"/_stark/logout", nil, map[string]string{"Origin": "https://evil.example"}, c)
	if lc := loginCookie(t, resp); lc != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site logout = %d, cookie %+v, want 403", resp.StatusCode, lc)
	}
	resp = do(t, "POST", ts.URL+"/_stark/logout", nil, map[string]string{"Origin": ts.URL}, c)
	if lc := loginCookie(t, resp); lc == nil || lc.MaxAge >= 0 || resp.StatusCode != http.StatusSeeOther {
		t.Errorf("logout = %d, cookie %+v, want a cleared cookie", resp.StatusCode, lc)
	}

	// An expired cookie is refused.
	clk.add(12*time.Hour + time.Second)
	if resp := get(t, ts.URL+"/home", c); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("expired cookie = %d, want 303", resp.StatusCode)
	}
}

func TestAccessTokens(t *testing.T) {
	ts, _ := serveAccess(t, &web.Access{Tokens: []string{accessToken}}, web.Options{})
	bearer := func(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }

	if got := socketStatus(t, ts, "/_stark/ws", bearer(accessToken)); got != 101 {
		t.Errorf("socket with the token = %d, want 101", got)
	}
	if got := socketStatus(t, ts, "/_stark/ws", bearer("tok-wrong-wrong-wrong")); got != 401 {
		t.Errorf("socket with a wrong token = %d, want 401", got)
	}
	if resp := do(t, "GET", ts.URL+"/home", nil, map[string]string{"Authorization": "Bearer " + accessToken}); resp.StatusCode != 200 {
		t.Errorf("shell with the token = %d, want 200", resp.StatusCode)
	}

	// ?token= on a page URL sets the cookie and takes the token out of
	// the URL.
	resp := get(t, ts.URL+"/home?token="+accessToken+"&x=1")
	c := loginCookie(t, resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/home?x=1" || c == nil {
		t.Fatalf("?token= = %d %q, cookie %v", resp.StatusCode, resp.Header.Get("Location"), c)
	}
	if resp := get(t, ts.URL+"/home?x=1", c); resp.StatusCode != 200 {
		t.Errorf("shell with the token's cookie = %d, want 200", resp.StatusCode)
	}
	if got := socketStatus(t, ts, "/_stark/ws", http.Header{"Cookie": {c.String()}}); got != 101 {
		t.Errorf("socket with the token's cookie = %d, want 101", got)
	}
	if resp := get(t, ts.URL+"/home?token=tok-wrong-wrong-wrong"); resp.StatusCode != 401 || loginCookie(t, resp) != nil {
		t.Errorf("?token= wrong = %d, want 401 and no cookie", resp.StatusCode)
	}
	// Another scheme (a proxy's Basic auth) leaves the cookie to decide.
	if resp := do(t, "GET", ts.URL+"/home", nil, map[string]string{"Authorization": "Basic YTpi"}, c); resp.StatusCode != 200 {
		t.Errorf("Basic auth header with the cookie = %d, want 200", resp.StatusCode)
	}
	// Wrong tokens count against the client's attempts (two so far).
	codes := ""
	for i := 0; i < 4; i++ {
		resp := do(t, "GET", ts.URL+"/_stark/ws", nil, map[string]string{"Authorization": "Bearer tok-wrong-wrong-wrong"})
		codes += fmt.Sprint(resp.StatusCode, " ")
	}
	if codes != "401 401 401 429 " {
		t.Errorf("wrong tokens = %s, want 401 401 401 429", codes)
	}
}

func TestAccessRateLimit(t *testing.T) {
	ts, clk := serveAccess(t, usersAccess(t), web.Options{TrustProxy: true})
	from := func(addr string) map[string]string { return map[string]string{"X-Forwarded-For": addr} }
	for i := 0; i < 5; i++ {
		if resp := login(t, ts, "ana", "guess", "/", from("192.0.2.1")); resp.StatusCode != 401 {
			t.Fatalf("attempt %d = %d, want 401", i+1, resp.StatusCode)
		}
	}
	resp := login(t, ts, "ana", "right horse", "/", from("192.0.2.1"))
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || loginCookie(t, resp) != nil {
		t.Errorf("6th attempt = %d (Retry-After %q), want 429 and no cookie", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp := login(t, ts, "ana", "right horse", "/", from("198.51.100.7")); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another address = %d, want 303", resp.StatusCode)
	}
	clk.add(12 * time.Second)
	if resp := login(t, ts, "ana", "right horse", "/", from("192.0.2.1")); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after waiting = %d, want 303", resp.StatusCode)
	}
}

func TestAccessSecureCookie(t *testing.T) {
	for _, c := range []struct {
		trust, secure bool
	}{{false, false}, {true, true}} {
		ts, _ := serveAccess(t, usersAccess(t), web.Options{TrustProxy: c.trust})
		resp := login(t, ts, "ana", "right horse", "/", map[string]string{"X-Forwarded-Proto": "https"})
		if lc := loginCookie(t, resp); lc == nil || lc.Secure != c.secure {
			t.Errorf("TrustProxy %v: cookie %+v, want Secure %v", c.trust, lc, c.secure)
		}
	}
}

// TestAccessBase: under a base path, the cookie, the redirects and the
// form are the app's.
func TestAccessBase(t *testing.T) {
	app, err := starlib.NewApp(t.TempDir(), host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(app, web.Options{Base: "/app", Access: usersAccess(t), Secret: []byte(strings.Repeat("s", 32))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/app/", http.StripPrefix("/app", srv))
	ts := httptest.NewServer(mux)
	t.Cleanup(func() { srv.Shutdown(); ts.Close() })

	if resp := get(t, ts.URL+"/app/home"); resp.Header.Get("Location") != "/app/_stark/login?next=%2Fhome" {
		t.Errorf("GET /app/home: Location %q", resp.Header.Get("Location"))
	}
	if b := readBody(t, get(t, ts.URL+"/app/_stark/login")); !strings.Contains(b, `action="/app/_stark/login"`) {
		t.Errorf("form does not post to /app/_stark/login:\n%s", b)
	}
	form := url.Values{"user": {"ana"}, "password": {"right horse"}, "next": {"/home"}}
	resp := do(t, "POST", ts.URL+"/app/_stark/login", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if c := loginCookie(t, resp); c == nil || c.Path != "/app" || resp.Header.Get("Location") != "/app/home" {
		t.Errorf("login under /app: %q, cookie %+v", resp.Header.Get("Location"), c)
	}
}

func TestAccessRulesRefused(t *testing.T) {
	app, err := starlib.NewApp(t.TempDir(), host.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		access *web.Access
		secret []byte
	}{
		{"public with users", &web.Access{Public: true, Users: map[string]string{"ana": hash(t, "x")}}, nil},
		{"public with tokens", &web.Access{Public: true, Tokens: []string{accessToken}}, nil},
		{"nobody", &web.Access{}, nil},
		{"short secret", &web.Access{Tokens: []string{accessToken}}, []byte("short")},
	} {
		if _, err := web.New(app, web.Options{Access: c.access, Secret: c.secret}); err == nil {
			t.Errorf("%s: New succeeded, want an error", c.name)
		}
	}
}

func TestParseSecret(t *testing.T) {
	hex64 := strings.Repeat("ab", 32)
	for _, c := range []struct {
		in      string
		wantLen int
		wantErr bool
	}{
		{"", 0, false},
		{hex64, 32, false},
		{strings.Repeat("x", 32), 32, false},
		{strings.Repeat("ab", 20), 40, false}, // hex of 20 bytes: too short as bytes, long enough as a string
		{"too short", 0, true},
	} {
		got, err := web.ParseSecret(c.in)
		if (err != nil) != c.wantErr || len(got) != c.wantLen {
			t.Errorf("ParseSecret(%q) = %d bytes, %v; want %d bytes, error %v", c.in, len(got), err, c.wantLen, c.wantErr)
		}
	}
}
