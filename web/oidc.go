package web

// This file signs visitors in with OpenID Connect providers (st.login,
// st.logout, st.user; [auth.NAME] in stark.toml): the authorization code
// flow with PKCE, a state and a nonce, through coreos/go-oidc and
// golang.org/x/oauth2. The state, nonce and PKCE verifier of a sign-in in
// progress travel in a signed cookie of the app's /_stark/oidc/ path, for
// ten minutes; a completed sign-in sets the app's login cookie (access.go)
// of kind "o", whose name carries the provider, the email and the ID
// token's claims, signed with the server secret over the provider's client
// id and issuer: reconfiguring a provider ends its logins.
//
// The server's requests to an issuer (discovery, keys, the token exchange)
// go through a client that refuses loopback, private, link-local and other
// non-public addresses, checked on the address each connection dials (so a
// name that resolves to 127.0.0.1, or a redirect to one, is refused too),
// unless Options.AllowPrivateOIDC.

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/stark-dev/stark/host"
	"golang.org/x/oauth2"
)

// OIDCProvider is an OpenID Connect provider an app signs visitors in with
// ([auth.NAME] of its stark.toml).
type OIDCProvider struct {
	ClientID     string
	ClientSecret string
	// Issuer is the provider's issuer URL; its discovery document is at
	// Issuer + "/.well-known/openid-configuration". MetadataURL, when set,
	// is the discovery document's own URL (Streamlit's
	// server_metadata_url). One of them is needed; with both, the
	// document's issuer must be Issuer.
	Issuer      string
	MetadataURL string
	// Scopes asked for; default openid, email and profile.
	Scopes []string
}

// oidcStateCookie holds a sign-in in progress; oidcStateAge is how long it
// may take.
const (
	oidcStateCookie = "stark_oidc"
	oidcStateAge    = 10 * time.Minute
	// oidcClaimsBytes bounds the claims a login cookie carries (a cookie
	// holds 4 KiB); past it only the usual ones are kept.
	oidcClaimsBytes = 2048
	// oidcBodyBytes bounds what the server reads of an issuer's answer.
	oidcBodyBytes = 1 << 20
)

// oidcAuth signs visitors in with the app's providers. It is nil for an app
// without [auth].
type oidcAuth struct {
	providers  map[string]OIDCProvider
	secret     []byte
	now        func() time.Time
	base       func(*http.Request) string
	trustProxy bool
	maxAge     time.Duration
	client     *http.Client

	mu         sync.Mutex
	discovered map[string]*oidc.Provider // by name, once discovery succeeded
}

func newOIDCAuth(providers map[string]OIDCProvider, opts *Options) (*oidcAuth, error) {
	if len(providers) == 0 {
		return nil, nil
	}
	for name, p := range providers {
		switch {
		case p.ClientID == "":
			return nil, fmt.Errorf("auth: provider %q has no client_id", name)
		case p.Issuer == "" && p.MetadataURL == "":
			return nil, fmt.Errorf("auth: provider %q has neither issuer nor server_metadata_url", name)
		}
	}
	a := &oidcAuth{providers: providers, secret: opts.Secret, now: opts.Now, base: mountBase, trustProxy: opts.TrustProxy,
		maxAge: 12 * time.Hour, discovered: map[string]*oidc.Provider{}, client: issuerClient(opts.AllowPrivateOIDC)}
	if opts.Base != "" {
		base := strings.TrimRight(opts.Base, "/")
		a.base = func(*http.Request) string { return base }
	}
	if a.now == nil {
		a.now = time.Now
	}
	if opts.Access != nil && opts.Access.MaxAge > 0 {
		a.maxAge = opts.Access.MaxAge
	}
	return a, nil
}

// issuerClient is the client of the server's requests to issuers: public
// addresses only unless allowPrivate, no proxy from the environment, and a
// timeout.
func issuerClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if !allowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || !publicIP(ip) {
				return fmt.Errorf("the issuer's address %s is not public (loopback, private or link-local); the server allows it with --allow-private-oidc", host)
			}
			return nil
		}
	}
	return &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, Proxy: nil, ForceAttemptHTTP2: true, TLSHandshakeTimeout: 10 * time.Second}}
}

// publicIP reports whether ip is an address of the public internet.
func publicIP(ip net.IP) bool {
	return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() ||
		// 100.64.0.0/10, carrier-grade NAT: another network's private space.
		ip.To4() != nil && ip.To4()[0] == 100 && ip.To4()[1]&0xc0 == 64)
}

// provider returns the provider called name ("": the app's only one, or
// the one called "default") and its name.
func (a *oidcAuth) provider(name string) (string, OIDCProvider, error) {
	if name == "" {
		if _, ok := a.providers["default"]; ok {
			name = "default"
		} else if len(a.providers) == 1 {
			for n := range a.providers {
				name = n
			}
		} else {
			return "", OIDCProvider{}, fmt.Errorf("the app has several sign-in providers (%s): name one", strings.Join(a.names(), ", "))
		}
	}
	p, ok := a.providers[name]
	if !ok {
		return "", OIDCProvider{}, fmt.Errorf("the app has no sign-in provider %q (it has %s)", name, strings.Join(a.names(), ", "))
	}
	return name, p, nil
}

func (a *oidcAuth) names() []string {
	var names []string
	for n := range a.providers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// discover returns the provider's endpoints and keys, read once.
func (a *oidcAuth) discover(ctx context.Context, name string, p OIDCProvider) (*oidc.Provider, error) {
	a.mu.Lock()
	op := a.discovered[name]
	a.mu.Unlock()
	if op != nil {
		return op, nil
	}
	u := p.MetadataURL
	if u == "" {
		u = strings.TrimSuffix(p.Issuer, "/") + "/.well-known/openid-configuration"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, oidcBodyBytes))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s", u, resp.Status)
	}
	var cfg oidc.ProviderConfig
	if err := json.Unmarshal(body, &cfg); err != nil {
		return nil, fmt.Errorf("%s: not a discovery document: %v", u, err)
	}
	if cfg.IssuerURL == "" || cfg.AuthURL == "" || cfg.TokenURL == "" || cfg.JWKSURL == "" {
		return nil, fmt.Errorf("%s: the discovery document lacks issuer, authorization_endpoint, token_endpoint or jwks_uri", u)
	}
	if p.Issuer != "" && cfg.IssuerURL != p.Issuer {
		return nil, fmt.Errorf("%s: the document's issuer is %q, not the configured %q", u, cfg.IssuerURL, p.Issuer)
	}
	op = cfg.NewProvider(oidc.ClientContext(context.Background(), a.client))
	a.mu.Lock()
	a.discovered[name] = op
	a.mu.Unlock()
	return op, nil
}

// oauth2Config is the provider's OAuth 2 client, redirecting to r's app.
func (a *oidcAuth) oauth2Config(r *http.Request, p OIDCProvider, op *oidc.Provider) *oauth2.Config {
	scopes := p.Scopes
	if len(scopes) == 0 {
		scopes = []string{oidc.ScopeOpenID, "email", "profile"}
	}
	scheme := "http"
	if r.TLS != nil || a.trustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return &oauth2.Config{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: op.Endpoint(), Scopes: scopes,
		RedirectURL: scheme + "://" + r.Host + a.base(r) + "/_stark/oidc/callback"}
}

// oidcState is a sign-in in progress, in the state cookie.
type oidcState struct {
	Provider string `json:"p"`
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x"`
	Expires  int64  `json:"e"`
}

func randomString() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// sign returns payload and its MAC under the secret for purpose, each
// base64url, joined by ".".
func sign(secret []byte, purpose, base string, payload []byte) string {
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(macOf(secret, purpose, base, payload))
}

func macOf(secret []byte, purpose, base string, payload []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose + "\x00" + base + "\x00"))
	m.Write(payload)
	return m.Sum(nil)
}

// unsign returns the payload of a value sign made, if its MAC is right.
func unsign(secret []byte, purpose, base, value string) ([]byte, bool) {
	p, m, ok := strings.Cut(value, ".")
	if !ok {
		return nil, false
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	sum, err2 := base64.RawURLEncoding.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(sum, macOf(secret, purpose, base, payload)) {
		return nil, false
	}
	return payload, true
}

func (a *oidcAuth) stateCookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: oidcStateCookie, Value: value, Path: a.base(r) + "/_stark/oidc/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || a.trustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")}
}

// oidcLogin starts a sign-in (GET /_stark/oidc/login?provider=NAME&next=/page):
// a new state, nonce and PKCE verifier in the state cookie, and a redirect
// to the provider.
func (s *Server) oidcLogin(w http.ResponseWriter, r *http.Request) error {
	a := s.auth
	if a == nil {
		return errNotFound
	}
	name, p, err := a.provider(r.URL.Query().Get("provider"))
	if err != nil {
		return httpErr(http.StatusNotFound, err.Error())
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	op, err := a.discover(ctx, name, p)
	if err != nil {
		s.log.Warn("oidc: discovery failed", "provider", name, "err", err)
		return httpErr(http.StatusBadGateway, fmt.Sprintf("sign-in with %s is unavailable: its discovery failed", name))
	}
	st := oidcState{Provider: name, State: randomString(), Nonce: randomString(), Verifier: oauth2.GenerateVerifier(),
		Next: safeNext(r.URL.Query().Get("next")), Expires: a.now().Add(oidcStateAge).Unix()}
	payload, _ := json.Marshal(st)
	http.SetCookie(w, a.stateCookie(r, sign(a.secret, "stark oidc state v1", a.base(r), payload), int(oidcStateAge/time.Second)))
	w.Header().Set("Cache-Control", "no-store")
	u := a.oauth2Config(r, p, op).AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	http.Redirect(w, r, u, http.StatusSeeOther)
	return nil
}

// oidcCallback completes a sign-in (GET /_stark/oidc/callback?code&state):
// the state must be the state cookie's, the code is exchanged with the
// PKCE verifier, and the ID token's signature, issuer, audience, expiry
// and nonce are checked before the login cookie is set.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	a := s.auth
	if a == nil {
		return errNotFound
	}
	fail := func(msg string, args ...any) error {
		s.log.Warn("oidc: sign-in refused", append([]any{"reason", msg}, args...)...)
		http.SetCookie(w, a.stateCookie(r, "", -1))
		return httpErr(http.StatusBadRequest, "sign-in failed: "+msg)
	}
	c, err := r.Cookie(oidcStateCookie)
	if err != nil {
		return fail("no sign-in is in progress in this browser (or it took longer than 10 minutes)")
	}
	payload, ok := unsign(a.secret, "stark oidc state v1", a.base(r), c.Value)
	var st oidcState
	if !ok || json.Unmarshal(payload, &st) != nil || a.now().Unix() >= st.Expires {
		return fail("the sign-in expired or its cookie is not valid")
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return fail("the provider refused: " + e)
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(st.State)) != 1 {
		return fail("the state does not match this browser's sign-in")
	}
	name, p, err := a.provider(st.Provider)
	if err != nil {
		return fail(err.Error())
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	op, err := a.discover(ctx, name, p)
	if err != nil {
		return fail("discovery failed", "err", err)
	}
	tok, err := a.oauth2Config(r, p, op).Exchange(context.WithValue(ctx, oauth2.HTTPClient, a.client), q.Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return fail("the code exchange failed", "err", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return fail("the provider sent no ID token")
	}
	idt, err := op.Verifier(&oidc.Config{ClientID: p.ClientID, Now: a.now}).Verify(oidc.ClientContext(ctx, a.client), raw)
	if err != nil {
		return fail("the ID token is not valid", "err", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		return fail("the ID token's nonce is not this sign-in's")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return fail("the ID token's claims cannot be read")
	}
	email, _ := claims["email"].(string)
	if g := s.guard; g != nil && g.access.OIDC == name && !emailAllowed(email, g.access.Emails) {
		return fail(fmt.Sprintf("the account %s may not open this app", email))
	}
	http.SetCookie(w, a.stateCookie(r, "", -1))
	a.setLogin(w, r, name, p, email, claims)
	s.log.Info("oidc: login", "provider", name, "email", email)
	http.Redirect(w, r, a.base(r)+st.Next, http.StatusSeeOther)
	return nil
}

// usualClaims are kept when an ID token's claims are too many for a cookie.
var usualClaims = []string{"iss", "sub", "aud", "email", "email_verified", "name", "given_name", "family_name", "preferred_username", "picture", "locale", "hd"}

// loginName is the name of an OIDC login in the login cookie:
// provider|email|base64url(claims JSON).
func loginName(provider, email string, claims map[string]any) string {
	b, _ := json.Marshal(claims)
	if len(b) > oidcClaimsBytes {
		kept := map[string]any{}
		for _, k := range usualClaims {
			if v, ok := claims[k]; ok {
				kept[k] = v
			}
		}
		b, _ = json.Marshal(kept)
		if len(b) > oidcClaimsBytes {
			b = []byte("{}")
		}
	}
	return provider + "|" + strings.ReplaceAll(email, "|", "") + "|" + base64.RawURLEncoding.EncodeToString(b)
}

// credential is what an OIDC login of provider is signed over: changing
// the provider's client or issuer ends its logins.
func (p OIDCProvider) credential(name string) string {
	return "oidc\x00" + name + "\x00" + p.ClientID + "\x00" + p.Issuer + "\x00" + p.MetadataURL
}

// setLogin sets the app's login cookie for an OIDC login.
func (a *oidcAuth) setLogin(w http.ResponseWriter, r *http.Request, name string, p OIDCProvider, email string, claims map[string]any) {
	base := a.base(r)
	exp := a.now().Add(a.maxAge)
	payload := strconv.FormatInt(exp.Unix(), 10) + "|o|" + loginName(name, email, claims)
	value := base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(loginMAC(a.secret, base, payload, p.credential(name)))
	path := base
	if path == "" {
		path = "/"
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: value, Path: path, MaxAge: int(a.maxAge / time.Second), Expires: exp,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || a.trustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")})
}

// credential returns what an OIDC login named name was signed over.
func (a *oidcAuth) credential(name string) (string, bool) {
	provider, _, _ := strings.Cut(name, "|")
	p, ok := a.providers[provider]
	if !ok {
		return "", false
	}
	return p.credential(provider), true
}

// user returns who r signed in as with a provider, nil for nobody.
func (a *oidcAuth) user(r *http.Request) *host.User {
	base := a.base(r)
	for _, c := range r.CookiesNamed(CookieName) {
		kind, name, ok := parseLogin(a.secret, a.now, base, c.Value, func(kind, name string) (string, bool) {
			if kind != "o" {
				return "", false
			}
			return a.credential(name)
		})
		if ok && kind == "o" {
			return oidcUser(name)
		}
	}
	return nil
}

// oidcUser reads the user of an OIDC login's name.
func oidcUser(name string) *host.User {
	parts := strings.SplitN(name, "|", 3)
	if len(parts) != 3 {
		return nil
	}
	u := &host.User{Provider: parts[0], Email: parts[1], Claims: map[string]any{}}
	if b, err := base64.RawURLEncoding.DecodeString(parts[2]); err == nil {
		json.Unmarshal(b, &u.Claims)
	}
	u.Name, _ = u.Claims["name"].(string)
	if u.Name == "" {
		u.Name = u.Email
	}
	if u.Name == "" {
		u.Name, _ = u.Claims["sub"].(string)
	}
	return u
}

// emailAllowed reports whether email is one of allowed: an address, or
// "@domain" for every address of the domain. An empty list allows every
// email.
func emailAllowed(email string, allowed []string) bool {
	if len(allowed) == 0 {
		return true
	}
	email = strings.ToLower(email)
	for _, a := range allowed {
		a = strings.ToLower(a)
		if a == email || strings.HasPrefix(a, "@") && strings.HasSuffix(email, a) {
			return true
		}
	}
	return false
}

// oidcLoginURL is where a sign-in with provider starts, returning to next.
func oidcLoginURL(base, provider, next string) string {
	return base + "/_stark/oidc/login?provider=" + url.QueryEscape(provider) + "&next=" + url.QueryEscape(next)
}
