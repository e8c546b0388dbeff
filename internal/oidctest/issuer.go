// Package oidctest is an OpenID Connect provider for tests: a discovery
// document, a key set, an authorization endpoint that signs in a fixed user
// at once and redirects back with a code, and a token endpoint that checks
// the client, the redirect and the PKCE verifier and returns an ID token
// signed with go-jose. It listens on 127.0.0.1.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// An Issuer is a running test provider. Its fields but URL may be changed
// before a sign-in.
type Issuer struct {
	URL                    string
	ClientID, ClientSecret string
	// Claims are the ID token's, besides iss, aud, exp, iat and nonce.
	Claims map[string]any
	// Nonce, when set, replaces the nonce the client sent (a replayed token).
	Nonce string

	srv    *httptest.Server
	key    *rsa.PrivateKey
	signer jose.Signer

	mu    sync.Mutex
	codes map[string]grant
}

type grant struct{ redirect, nonce, challenge string }

// New starts an issuer; Close stops it.
func New() *Issuer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "test-key"}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		panic(err)
	}
	is := &Issuer{ClientID: "stark-test", ClientSecret: "test-client-secret", key: key, signer: signer, codes: map[string]grant{},
		Claims: map[string]any{"sub": "user-1", "email": "ada@example.test", "email_verified": true, "name": "Ada Lovelace"}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", is.discovery)
	mux.HandleFunc("GET /jwks", is.jwks)
	mux.HandleFunc("GET /authorize", is.authorize)
	mux.HandleFunc("POST /token", is.token)
	is.srv = httptest.NewServer(mux)
	is.URL = is.srv.URL
	return is
}

// Close stops the issuer.
func (is *Issuer) Close() { is.srv.Close() }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (is *Issuer) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, map[string]any{
		"issuer": is.URL, "authorization_endpoint": is.URL + "/authorize", "token_endpoint": is.URL + "/token",
		"jwks_uri": is.URL + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"},
	})
}

func (is *Issuer) jwks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &is.key.PublicKey, KeyID: "test-key", Algorithm: "RS256", Use: "sig"}}})
}

// authorize signs the user in at once and redirects back with a code.
func (is *Issuer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != is.ClientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Host == "" {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	var b [16]byte
	rand.Read(b[:])
	code := base64.RawURLEncoding.EncodeToString(b[:])
	is.mu.Lock()
	is.codes[code] = grant{redirect: redirect.String(), nonce: q.Get("nonce"), challenge: q.Get("code_challenge")}
	is.mu.Unlock()
	back := redirect.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// token exchanges a code, once, for an ID token.
func (is *Issuer) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, map[string]string{"error": "invalid_request"})
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != is.ClientID || secret != is.ClientSecret {
		writeJSON(w, 401, map[string]string{"error": "invalid_client"})
		return
	}
	is.mu.Lock()
	g, ok := is.codes[r.PostForm.Get("code")]
	delete(is.codes, r.PostForm.Get("code"))
	is.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if !ok || g.redirect != r.PostForm.Get("redirect_uri") || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
		return
	}
	claims := map[string]any{}
	for k, v := range is.Claims {
		claims[k] = v
	}
	now := time.Now()
	claims["iss"], claims["aud"], claims["iat"], claims["exp"] = is.URL, is.ClientID, now.Unix(), now.Add(time.Hour).Unix()
	claims["nonce"] = g.nonce
	if is.Nonce != "" {
		claims["nonce"] = is.Nonce
	}
	payload, _ := json.Marshal(claims)
	jws, err := is.signer.Sign(payload)
	if err != nil {
		writeJSON(w, 500, map[string]string{"error": "server_error"})
		return
	}
	tok, _ := jws.CompactSerialize()
	writeJSON(w, 200, map[string]any{"access_token": "at-" + tok[:8], "token_type": "Bearer", "expires_in": 3600, "id_token": tok})
}
