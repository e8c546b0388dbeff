package web

// This file enforces an app's [access] rules: who may open its pages, its
// socket, its uploads and its downloads. A public app is open to anyone; an
// app with users sends the browser to a login form and remembers a login in
// a signed cookie; an app with tokens admits requests that carry one.
//
// Every path needs access except an explicit list (the front end's static
// assets, the login and logout forms, /healthz, /metrics and the loopback-only
// /_stark/memory), so a route added later is closed until it is listed.

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Access is who may open the app (the [access] table of its stark.toml).
// A nil *Access in [Options] is a public app.
type Access struct {
	// Public lets anyone open the app; Users, Tokens and OIDC must then be
	// empty.
	Public bool
	// Users maps a user name to the bcrypt hash of the user's password.
	Users map[string]string
	// Tokens are bearer tokens that open the app, for embedding and for
	// programs: "Authorization: Bearer TOKEN" on any request, or ?token=TOKEN
	// on a page URL, which sets the login cookie.
	Tokens []string
	// OIDC names the sign-in provider ([auth.NAME]) whose logins open
	// the app; Emails, when set, are the addresses it admits (or
	// "@domain" for a domain's).
	OIDC   string
	Emails []string
	// Auth are the OpenID Connect providers visitors sign in with
	// (st.login, and OIDC; see oidc.go), by name. A public app may have
	// them.
	Auth map[string]OIDCProvider
	// MaxAge is how long a login lasts; default 12 hours.
	MaxAge time.Duration
}

// CookieName is the name of the login cookie.
const CookieName = "stark_login"

// MinSecretBytes is the least length of [Options.Secret].
const MinSecretBytes = 32

// ParseSecret reads the server secret that signs login cookies, as given in
// the environment (STARK_SECRET): hex of at least 32 bytes, or any string of
// at least 32 bytes. "" gives nil: [New] then makes a random one.
func ParseSecret(s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	if b, err := hex.DecodeString(s); err == nil && len(b) >= MinSecretBytes {
		return b, nil
	}
	if len(s) < MinSecretBytes {
		return nil, fmt.Errorf("the secret has %d bytes; want at least %d (e.g. `openssl rand -hex 32`)", len(s), MinSecretBytes)
	}
	return []byte(s), nil
}

// Login attempts are limited per client address by a token bucket: a burst
// of loginBurst attempts, then one every loginEvery. bcrypt's cost already
// makes a guess take a quarter of a second of CPU; the bucket keeps one
// client from trying more than a few passwords a minute, and from spending
// the server's CPU on it.
const (
	loginBurst = 5
	loginEvery = 12 * time.Second
	// loginFormBytes bounds the body of a login POST.
	loginFormBytes = 16 << 10
)

// guard checks requests against an app's Access. It is nil for a public app.
type guard struct {
	access     Access
	secret     []byte
	trustProxy bool
	now        func() time.Time
	base       func(*http.Request) string
	dummy      []byte // a bcrypt hash to check against for unknown users
	tokens     [][32]byte
	limiter    *limiter
	// shared, with --redis, counts the attempts across the replicas;
	// limiter still counts this replica's and decides when the store
	// cannot be reached (docs/replicas.md).
	shared func(addr string, now time.Time, burst int, every time.Duration) (bool, time.Duration, error)
	auth   *oidcAuth // the app's sign-in providers, for access.OIDC
}

// newGuard returns the guard of a, nil for a public app, or an error for
// rules that cannot be what the operator meant.
func newGuard(a *Access, opts *Options) (*guard, error) {
	if a == nil {
		return nil, nil
	}
	if a.Public {
		if len(a.Users) > 0 || len(a.Tokens) > 0 || a.OIDC != "" {
			return nil, errors.New("access: users, tokens or oidc are set but the app is public: set public = false to require them")
		}
		return nil, nil
	}
	if len(a.Users) == 0 && len(a.Tokens) == 0 && a.OIDC == "" {
		return nil, errors.New("access: the app is not public but lists no users, no tokens and no oidc provider: nobody could open it")
	}
	if a.OIDC != "" {
		if _, ok := a.Auth[a.OIDC]; !ok {
			return nil, fmt.Errorf("access: oidc = %q names no provider of [auth]", a.OIDC)
		}
	}
	g := &guard{access: *a, trustProxy: opts.TrustProxy, now: opts.Now, base: mountBase}
	if opts.Base != "" {
		base := strings.TrimRight(opts.Base, "/")
		g.base = func(*http.Request) string { return base }
	}
	if g.now == nil {
		g.now = time.Now
	}
	if g.access.MaxAge <= 0 {
		g.access.MaxAge = 12 * time.Hour
	}
	switch {
	case len(opts.Secret) == 0:
		g.secret = make([]byte, MinSecretBytes)
		rand.Read(g.secret)
		opts.Logger.Warn("access: STARK_SECRET is not set; logins are signed with a random secret and will not survive a restart")
	case len(opts.Secret) < MinSecretBytes:
		return nil, fmt.Errorf("access: the secret has %d bytes; want at least %d", len(opts.Secret), MinSecretBytes)
	default:
		g.secret = opts.Secret
	}
	// Unknown users are checked against a hash of the same cost as the
	// users' own, so that a refusal takes as long either way.
	cost := 0
	for _, h := range a.Users {
		if c, err := bcrypt.Cost([]byte(h)); err == nil && c > cost {
			cost = c
		}
	}
	if len(a.Users) > 0 {
		var pw [16]byte
		rand.Read(pw[:])
		d, err := bcrypt.GenerateFromPassword([]byte(hex.EncodeToString(pw[:])), max(cost, bcrypt.MinCost))
		if err != nil {
			return nil, fmt.Errorf("access: %v", err)
		}
		g.dummy = d
	}
	for _, t := range a.Tokens {
		g.tokens = append(g.tokens, sha256.Sum256([]byte(t)))
	}
	g.limiter = newLimiter(loginBurst, loginEvery, g.now)
	return g, nil
}

// publicPath reports whether path (relative to the server's mount) is open
// without access.
func publicPath(path string) bool {
	switch path {
	case "/_stark/login", "/_stark/logout", "/healthz", "/metrics", "/_stark/memory",
		"/_stark/oidc/login", "/_stark/oidc/callback":
		return true
	}
	return strings.HasPrefix(path, "/_stark/static/")
}

// pagePath reports whether path is a page URL, where the app shell is served.
func pagePath(path string) bool { return !strings.HasPrefix(path, "/_stark/") }

// admit reports whether r may go on to the app. When it may not, it has
// answered: a page URL with a redirect to the login form (or, with a valid
// ?token=, to the same URL with the cookie set), anything else with 401.
func (g *guard) admit(w http.ResponseWriter, r *http.Request) (bool, error) {
	if publicPath(r.URL.Path) {
		return true, nil
	}
	// Other schemes (a proxy's own Basic auth) are not stark's to judge.
	if auth := r.Header.Get("Authorization"); len(auth) > 7 && strings.EqualFold(auth[:7], "Bearer ") {
		if g.token(strings.TrimSpace(auth[7:])) {
			return true, nil
		}
		if err := g.throttled(r); err != nil {
			return false, err
		}
		return false, httpErr(http.StatusUnauthorized, "invalid token", "WWW-Authenticate", `Bearer error="invalid_token"`)
	}
	if g.cookie(r) {
		return true, nil
	}
	page := pagePath(r.URL.Path) && (r.Method == http.MethodGet || r.Method == http.MethodHead)
	if q := r.URL.Query(); page && q.Has("token") {
		if tok := q.Get("token"); g.token(tok) {
			g.setCookie(w, r, "t", tokenName(tok), tok)
			// The token leaves the address bar, the history and Referer.
			q.Del("token")
			u := g.base(r) + r.URL.EscapedPath()
			if len(q) > 0 {
				u += "?" + q.Encode()
			}
			http.Redirect(w, r, u, http.StatusSeeOther)
			return false, nil
		}
		if err := g.throttled(r); err != nil {
			return false, err
		}
		g.loginPage(w, r, http.StatusUnauthorized, "That link's token is not valid.", "", nextOf(r))
		return false, nil
	}
	if page && g.access.OIDC != "" && len(g.access.Users) == 0 {
		http.Redirect(w, r, oidcLoginURL(g.base(r), g.access.OIDC, nextOf(r)), http.StatusSeeOther)
		return false, nil
	}
	if page {
		http.Redirect(w, r, g.base(r)+"/_stark/login?next="+url.QueryEscape(nextOf(r)), http.StatusSeeOther)
		return false, nil
	}
	return false, httpErr(http.StatusUnauthorized, "authentication required", "WWW-Authenticate", `Bearer realm="stark"`)
}

// throttled counts a wrong token against the client's login attempts and
// returns a 429 when it has none left. Tokens are long random strings, so
// this mostly keeps a client from spending the server's time.
func (g *guard) throttled(r *http.Request) error {
	ok, wait := g.allow(g.clientAddr(r))
	if ok {
		return nil
	}
	return errTooManyAttempts(wait)
}

// allow takes one of addr's login attempts, or says how long until there
// is one. This replica's bucket always counts (so that it holds what the
// client tried here when the store goes away); with replicas sharing a
// store, the store's count across them decides, and this replica's when
// the store cannot be reached: never unlimited, never waiting on the
// store past its timeout.
func (g *guard) allow(addr string) (bool, time.Duration) {
	ok, wait := g.limiter.allow(addr)
	if g.shared == nil {
		return ok, wait
	}
	if sok, swait, err := g.shared(addr, g.now(), loginBurst, loginEvery); err == nil {
		return sok, swait
	}
	return ok, wait
}

// errTooManyAttempts answers a client out of login attempts until wait has
// passed.
func errTooManyAttempts(wait time.Duration) error {
	return httpErr(http.StatusTooManyRequests, "too many attempts", "Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
}

// nextOf is where a login should return to: r's path and query, relative to
// the server's mount.
func nextOf(r *http.Request) string {
	u := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	return u
}

// safeNext returns next if it is a path of this app, and "/" otherwise: the
// login form never redirects to another site ("//evil.example", "/\evil").
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" || strings.HasPrefix(u.Path, "/_stark/") {
		return "/"
	}
	return next
}

// token reports whether tok is one of the app's tokens, comparing digests in
// constant time against every token.
func (g *guard) token(tok string) bool {
	if tok == "" {
		return false
	}
	d := sha256.Sum256([]byte(tok))
	ok := 0
	for _, t := range g.tokens {
		ok |= subtle.ConstantTimeCompare(d[:], t[:])
	}
	return ok == 1
}

// tokenName names a token in a cookie and in logs without revealing it.
func tokenName(tok string) string {
	d := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(d[:8])
}

// A login cookie is base64url(payload) "." base64url(mac), where payload is
// "EXPIRY|KIND|NAME" (Unix seconds; kind "u" for a user, "t" for a token,
// whose name is a digest of it) and mac is HMAC-SHA256 with the server
// secret over the payload, the app's base path and the credential: the
// user's password hash or the token. So a cookie opens only the app that
// set it, and changing a password or dropping a token or a user ends the
// logins made with it.

func (g *guard) mac(base, payload, credential string) []byte {
	return loginMAC(g.secret, base, payload, credential)
}

func loginMAC(secret []byte, base, payload, credential string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("stark login v1\x00" + base + "\x00" + payload + "\x00" + credential))
	return m.Sum(nil)
}

// credential returns what a login of kind and name was made with.
func (g *guard) credential(kind, name string) (string, bool) {
	switch kind {
	case "u":
		h, ok := g.access.Users[name]
		return h, ok
	case "t":
		for _, t := range g.access.Tokens {
			if tokenName(t) == name {
				return t, true
			}
		}
	case "o":
		// A login with the provider the rules name, by an allowed email.
		provider, rest, _ := strings.Cut(name, "|")
		email, _, _ := strings.Cut(rest, "|")
		if g.auth == nil || provider != g.access.OIDC || !emailAllowed(email, g.access.Emails) {
			return "", false
		}
		return g.auth.credential(name)
	}
	return "", false
}

// cookie reports whether r carries a valid, unexpired login cookie of this
// app. (A browser may send several cookies of the name, from apps mounted
// at nested paths; any valid one will do.)
func (g *guard) cookie(r *http.Request) bool {
	_, _, ok := g.login(r)
	return ok
}

// login returns the kind and name of r's valid login cookie of this app.
func (g *guard) login(r *http.Request) (kind, name string, ok bool) {
	base := g.base(r)
	for _, c := range r.CookiesNamed(CookieName) {
		if kind, name, ok := g.valid(base, c.Value); ok {
			return kind, name, true
		}
	}
	return "", "", false
}

func (g *guard) valid(base, value string) (kind, name string, ok bool) {
	return parseLogin(g.secret, g.now, base, value, g.credential)
}

// parseLogin returns the kind and name of a login cookie's value, if it is
// unexpired and its MAC is right for the credential its kind and name were
// made with.
func parseLogin(secret []byte, now func() time.Time, base, value string, credential func(kind, name string) (string, bool)) (kind, name string, ok bool) {
	p, m, ok := strings.Cut(value, ".")
	if !ok {
		return "", "", false
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	sum, err2 := base64.RawURLEncoding.DecodeString(m)
	if err1 != nil || err2 != nil {
		return "", "", false
	}
	parts := strings.SplitN(string(payload), "|", 3)
	if len(parts) != 3 {
		return "", "", false
	}
	exp, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || now().Unix() >= exp {
		return "", "", false
	}
	cred, ok := credential(parts[1], parts[2])
	if !ok || !hmac.Equal(sum, loginMAC(secret, base, string(payload), cred)) {
		return "", "", false
	}
	return parts[1], parts[2], true
}

// setCookie logs the client in as name of kind until MaxAge from now.
func (g *guard) setCookie(w http.ResponseWriter, r *http.Request, kind, name, credential string) {
	base := g.base(r)
	exp := g.now().Add(g.access.MaxAge)
	payload := strconv.FormatInt(exp.Unix(), 10) + "|" + kind + "|" + name
	value := base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(g.mac(base, payload, credential))
	http.SetCookie(w, g.newCookie(r, value, int(g.access.MaxAge/time.Second), exp))
}

// newCookie is the login cookie: HttpOnly, so page scripts never see it;
// SameSite=Lax, so that it is sent when a link on another site opens the
// app (Strict would show the login form on every such first navigation) but
// not on cross-site POSTs, subrequests or frames; Secure when the request
// came over TLS; and scoped to the app's path.
func (g *guard) newCookie(r *http.Request, value string, maxAge int, exp time.Time) *http.Cookie {
	path := g.base(r)
	if path == "" {
		path = "/"
	}
	return &http.Cookie{
		Name: CookieName, Value: value, Path: path, MaxAge: maxAge, Expires: exp,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: g.tls(r),
	}
}

// tls reports whether r came over TLS: to this server, or to a proxy in
// front of it that is trusted to say so.
func (g *guard) tls(r *http.Request) bool {
	return r.TLS != nil || g.trustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// clientAddr is the address logins are rate-limited by.
func (g *guard) clientAddr(r *http.Request) string { return clientAddr(r, g.trustProxy) }

// clientAddr is the address a client is counted by (logins, sockets): the
// peer, or with a trusted proxy the last address of X-Forwarded-For (the
// one the proxy saw). IPv6 clients are grouped by their /64, which one host
// usually has.
func clientAddr(r *http.Request, trustProxy bool) string {
	addr := r.RemoteAddr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		addr = h
	}
	if trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(xff[len(xff)-1], ",")
			if last := strings.TrimSpace(hops[len(hops)-1]); last != "" {
				addr = last
			}
		}
	}
	if ip := net.ParseIP(addr); ip != nil && ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String()
	}
	return addr
}

// login serves the login form (GET) and checks it (POST).
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	g := s.guard
	if g == nil {
		return errNotFound
	}
	if r.Method != http.MethodPost {
		g.loginPage(w, r, http.StatusOK, "", "", safeNext(r.URL.Query().Get("next")))
		return nil
	}
	if !s.checkOrigin(r) {
		return errBadOrigin
	}
	r.Body = http.MaxBytesReader(w, r.Body, loginFormBytes)
	if err := r.ParseForm(); err != nil {
		return httpErr(http.StatusBadRequest, "bad form")
	}
	user, password, next := r.PostForm.Get("user"), r.PostForm.Get("password"), safeNext(r.PostForm.Get("next"))
	addr := g.clientAddr(r)
	if ok, wait := g.allow(addr); !ok {
		s.log.Warn("login refused: too many attempts", "addr", addr)
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		g.loginPage(w, r, http.StatusTooManyRequests, "Too many attempts. Wait a minute and try again.", user, next)
		return nil
	}
	hash, known := g.access.Users[user]
	if !known {
		hash = string(g.dummy)
	}
	// bcrypt runs for unknown users too, against a hash of the same cost,
	// so that neither the answer nor its time tells whether a user exists.
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	if !known || err != nil {
		s.log.Info("login refused", "addr", addr)
		g.loginPage(w, r, http.StatusUnauthorized, "Wrong user name or password.", user, next)
		return nil
	}
	g.setCookie(w, r, "u", user, hash)
	s.log.Info("login", "user", user, "addr", addr)
	http.Redirect(w, r, g.base(r)+next, http.StatusSeeOther)
	return nil
}

// logout clears the login cookie on a POST from the app's own origin and
// shows the login form; a GET shows a form that posts. A link or an image
// (a GET) in any page, of this app or another, cannot log a visitor out,
// and neither can another site's form (its Origin is refused).
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	g := s.guard
	if g == nil && s.auth == nil {
		return errNotFound
	}
	base := mountBase
	if g != nil {
		base = g.base
	} else {
		base = s.auth.base
	}
	if r.Method != http.MethodPost {
		htmlHeaders(w.Header(), "no-store", cspForm)
		return loginTemplate.Execute(w, map[string]any{"Action": base(r) + "/_stark/logout", "Logout": true})
	}
	if r.Header.Get("Origin") == "" || !s.checkOrigin(r) {
		return errBadOrigin
	}
	path := base(r)
	if path == "" {
		path = "/"
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: path, MaxAge: -1, Expires: time.Unix(0, 0),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || s.opts.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")})
	if g == nil {
		// A public app: back to its first page, signed out.
		http.Redirect(w, r, base(r)+"/", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, base(r)+"/_stark/login", http.StatusSeeOther)
	return nil
}

var loginTemplate = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .Logout}}Sign out{{else}}Sign in{{end}}</title>
<style>
body { font-family: system-ui, sans-serif; background: #f6f6f8; color: #222; display: flex; justify-content: center; padding-top: 12vh; margin: 0; }
form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); width: 18rem; }
h1 { font-size: 1.3rem; margin: 0 0 1rem; }
label { display: block; margin: .8rem 0 .3rem; font-size: .9rem; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #ccc; border-radius: 4px; font-size: 1rem; }
button { margin-top: 1.2rem; width: 100%; padding: .6rem; border: 0; border-radius: 4px; background: #ff4b4b; color: #fff; font-size: 1rem; cursor: pointer; }
.error { color: #b00020; font-size: .9rem; margin: 0 0 .5rem; }
</style>
</head>
<body>
<form method="post" action="{{.Action}}">
{{if .Logout}}<button type="submit">Sign out</button>
{{else}}<h1>Sign in</h1>
{{if .Error}}<p class="error" role="alert">{{.Error}}</p>{{end}}
{{if .Users}}<input type="hidden" name="next" value="{{.Next}}">
<label for="user">User name</label>
<input type="text" id="user" name="user" value="{{.User}}" autocomplete="username" autocapitalize="none" required autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
{{else if not .OIDC}}<p>This app opens with a link that carries a token; ask its owner for one.</p>{{end}}
{{if .OIDC}}<p><a href="{{.OIDC}}">Sign in with {{.OIDCName}}</a></p>{{end}}
{{end}}</form>
</body>
</html>
`))

// loginPage writes the login form with status, an error message (the same
// for an unknown user as for a wrong password) and the user name typed.
func (g *guard) loginPage(w http.ResponseWriter, r *http.Request, status int, msg, user, next string) {
	h := w.Header()
	htmlHeaders(h, "no-store", cspForm)
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	data := map[string]any{"Action": g.base(r) + "/_stark/login", "Error": msg, "User": user, "Next": next, "Users": len(g.access.Users) > 0}
	if g.access.OIDC != "" {
		data["OIDC"], data["OIDCName"] = oidcLoginURL(g.base(r), g.access.OIDC, next), g.access.OIDC
	}
	loginTemplate.Execute(w, data)
}

// mountBase returns the path the server is mounted at ("" at the root),
// without a trailing slash: the part of the request's own URI in front of
// r.URL.Path, which a mount such as http.StripPrefix has taken off.
func mountBase(r *http.Request) string {
	u, err := url.ParseRequestURI(r.RequestURI)
	if err != nil {
		return ""
	}
	full, rel := u.EscapedPath(), r.URL.EscapedPath()
	if base, ok := strings.CutSuffix(full, rel); ok {
		return strings.TrimRight(base, "/")
	}
	return ""
}

// limiter is a token bucket per key.
type limiter struct {
	burst   float64
	every   time.Duration
	now     func() time.Time
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the limiter's memory: past it, full buckets (clients
// that have not tried for a while) are forgotten.
const maxBuckets = 10000

func newLimiter(burst int, every time.Duration, now func() time.Time) *limiter {
	return &limiter{burst: float64(burst), every: every, now: now, buckets: map[string]*bucket{}}
}

// allow takes a token of key's bucket, or says how long until there is one.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		if len(l.buckets) >= maxBuckets {
			clear(l.buckets) // many clients, none idle: start afresh rather than grow
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.last))/float64(l.every))
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) * float64(l.every))
	}
	b.tokens--
	return true, 0
}

func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.last))/float64(l.every) >= l.burst {
			delete(l.buckets, k)
		}
	}
}
