package web

// This file reads the visitor of a socket (st.context, st.user) from its
// upgrade request: what pages may see of the request, and who signed in.

import (
	"net"
	"net/http"
	"strings"

	"github.com/stark-dev/stark/host"
)

// hiddenHeaders are the request headers pages never see: credentials, which
// a page could copy into an element or send to another host. The cookies
// travel as st.context.cookies, without stark's own.
var hiddenHeaders = map[string]bool{
	"Authorization":       true,
	"Proxy-Authorization": true,
	"Cookie":              true,
	"Sec-Websocket-Key":   true,
}

// hiddenCookie reports whether a cookie is stark's own (the login cookie and
// those of a sign-in in progress), which pages never see.
func hiddenCookie(name string) bool { return strings.HasPrefix(name, "stark_") }

// visitorOf returns what the runs of r's socket may know of the visitor.
func (s *Server) visitorOf(r *http.Request) host.Visitor {
	v := host.Visitor{Headers: make(map[string][]string, len(r.Header)), Cookies: map[string]string{}}
	for k, vs := range r.Header {
		if !hiddenHeaders[http.CanonicalHeaderKey(k)] {
			v.Headers[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
		}
	}
	if r.Host != "" {
		v.Headers["Host"] = []string{r.Host}
	}
	for _, c := range r.Cookies() {
		if _, dup := v.Cookies[c.Name]; !dup && !hiddenCookie(c.Name) {
			v.Cookies[c.Name] = c.Value
		}
	}
	v.IPAddress = remoteIP(r, s.opts.TrustProxy)
	if u, ok := r.Context().Value(identityKey{}).(*host.User); ok && u != nil {
		v.User = u // the embedding program's Identity
	}
	if v.User == nil && s.guard != nil {
		v.User = s.guard.user(r)
	}
	if v.User == nil && s.auth != nil {
		v.User = s.auth.user(r)
	}
	return v
}

// remoteIP is the client's address, unmasked: the peer, or with a trusted
// proxy the address it saw.
func remoteIP(r *http.Request, trustProxy bool) string {
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
	if net.ParseIP(addr) == nil {
		return ""
	}
	return addr
}

// user returns who r signed in as: a user of the app's [access] users, or a
// token's holder (named by the token's digest), nil for nobody.
func (g *guard) user(r *http.Request) *host.User {
	if auth := r.Header.Get("Authorization"); len(auth) > 7 && strings.EqualFold(auth[:7], "Bearer ") {
		if tok := strings.TrimSpace(auth[7:]); g.token(tok) {
			return &host.User{Name: "token " + tokenName(tok)}
		}
	}
	kind, name, ok := g.login(r)
	if !ok {
		return nil
	}
	switch kind {
	case "t":
		return &host.User{Name: "token " + name}
	case "o":
		return oidcUser(name)
	}
	return &host.User{Name: name}
}
