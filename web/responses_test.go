package web_test

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestMultiResponses pins what clients see from Multi's routes and the
// error path: status, body and the headers that matter, per path. It
// passes unchanged on the hand-written switch that routes were before the
// ServeMux, and on the handlers that wrote their own errors.
func TestMultiResponses(t *testing.T) {
	root := t.TempDir()
	mwriteFile(t, filepath.Join(root, "one", "main.star"), appPage("one"))
	mwriteFile(t, filepath.Join(root, "metrics", "main.star"), appPage("an app called metrics"))
	_, ts, _ := serveMulti(t, root, "s3cret")
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	type want struct {
		status int
		body   string            // a prefix of the body
		header map[string]string // "" for a header that must be absent
	}
	text := "text/plain; charset=utf-8"
	for _, tt := range []struct {
		method, path, auth string
		want               want
	}{
		{"GET", "/", "", want{200, "<!doctype html>", map[string]string{"Content-Security-Policy": "default-src 'none'; base-uri 'none'; frame-ancestors 'self'", "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}}},
		{"POST", "/", "", want{405, "method not allowed\n", map[string]string{"Content-Type": text, "X-Content-Type-Options": "nosniff"}}},
		{"GET", "/healthz", "", want{200, "ok\n", map[string]string{"Content-Type": text}}},
		{"POST", "/healthz", "", want{200, "ok\n", nil}},
		{"GET", "/metrics", "", want{200, "# HELP", nil}},
		{"GET", "/metrics/", "", want{200, "<!doctype html>", map[string]string{"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: http: https:; media-src 'self' http: https:; frame-src 'self' http: https:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"}}},
		{"GET", "/_stark/apps", "", want{401, "unauthorized\n", map[string]string{"WWW-Authenticate": `Bearer realm="stark operator"`, "Content-Type": text}}},
		{"GET", "/_stark/apps", "Bearer s3cret", want{200, `{"apps":`, map[string]string{"Content-Type": "application/json", "Cache-Control": "no-store"}}},
		{"POST", "/_stark/apps", "Bearer s3cret", want{404, "not found\n", nil}},
		{"GET", "/_stark/apps/", "", want{404, "404 page not found\n", nil}},
		{"GET", "/nosuch/", "", want{404, "404 page not found\n", map[string]string{"Content-Type": text, "X-Content-Type-Options": "nosniff"}}},
		{"GET", "/nosuch", "", want{404, "404 page not found\n", nil}},
		{"GET", "/one", "", want{301, "", map[string]string{"Location": "/one/"}}},
		{"GET", "/one?x=1", "", want{301, "", map[string]string{"Location": "/one/?x=1"}}},
		{"GET", "/one/", "", want{200, "<!doctype html>", map[string]string{"Referrer-Policy": "same-origin", "Cache-Control": "no-cache"}}},
		{"GET", "/one/../one/", "", want{301, "", map[string]string{"Location": "/one/"}}},
		{"GET", "/one/_stark/media/0123", "", want{404, "no such file (it may have been evicted: run the page again)\n", nil}},
		{"POST", "/one/_stark/upload?session=x&widget=y", "", want{403, "origin not allowed\n", nil}},
		{"GET", "/one/_stark/ws", "", want{403, "origin not allowed\n", nil}},
		{"GET", "/one/_stark/nothing", "", want{404, "not found\n", nil}},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, ts.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			if strings.HasSuffix(tt.path, "/_stark/ws") {
				req.Header.Set("Origin", "https://evil.example.com")
			}
			if strings.Contains(tt.path, "/_stark/upload") {
				req.Header.Set("Origin", "https://evil.example.com")
			}
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want.status || !strings.HasPrefix(string(b), tt.want.body) {
				t.Errorf("%d %q, want %d %q", resp.StatusCode, b, tt.want.status, tt.want.body)
			}
			for k, v := range tt.want.header {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}
}
