package web_test

// Login attempts across replicas (docs/replicas.md, Logins): with a shared
// Redis the replicas count one client's attempts together; without it,
// each counts its own.

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stark-dev/stark/internal/redistest"
	"github.com/stark-dev/stark/replica"
	"github.com/stark-dev/stark/web"
)

// TestLoginAttemptsAcrossReplicas: two replicas of one app share a Redis.
// Five wrong passwords on A leave the client none on B, for a password or
// a token; another client is not touched; the bucket refills at one per
// 12 s across both. With Redis stopped each replica falls back to its own
// bucket: five attempts, then 429.
func TestLoginAttemptsAcrossReplicas(t *testing.T) {
	url, redisCmd := redistest.Start(t, redistest.Binary(t))
	replicas := func() web.Replicas {
		r, err := replica.Open(url, replica.Options{Namespace: "attempts", Timeout: 200 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
	access := &web.Access{Users: map[string]string{"ana": hash(t, "right horse")}, Tokens: []string{accessToken}}
	a, clkA := serveAccess(t, access, web.Options{TrustProxy: true, Name: "app", Replicas: replicas()})
	b, clkB := serveAccess(t, access, web.Options{TrustProxy: true, Name: "app", Replicas: replicas()})
	from := func(addr string) map[string]string { return map[string]string{"X-Forwarded-For": addr} }

	for i := 0; i < 5; i++ {
		if resp := login(t, a, "ana", "guess", "/", from("192.0.2.1")); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d on A = %d, want 401", i+1, resp.StatusCode)
		}
	}
	resp := login(t, b, "ana", "right horse", "/", from("192.0.2.1"))
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || loginCookie(t, resp) != nil {
		t.Errorf("6th attempt, on B = %d (Retry-After %q), want 429 and no cookie", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	tok := do(t, "GET", b.URL+"/_stark/ws", nil, map[string]string{"Authorization": "Bearer tok-wrong-wrong-wrong", "X-Forwarded-For": "192.0.2.1"})
	if tok.StatusCode != http.StatusTooManyRequests || tok.Header.Get("Retry-After") == "" {
		t.Errorf("a wrong token on B after 5 attempts on A = %d (Retry-After %q), want 429", tok.StatusCode, tok.Header.Get("Retry-After"))
	}
	if resp := login(t, b, "ana", "right horse", "/", from("198.51.100.7")); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another address on B = %d, want 303", resp.StatusCode)
	}
	clkA.add(12 * time.Second)
	clkB.add(12 * time.Second)
	if resp := login(t, b, "ana", "right horse", "/", from("192.0.2.1")); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("on B after 12 s = %d, want 303", resp.StatusCode)
	}
	if resp := login(t, a, "ana", "right horse", "/", from("192.0.2.1")); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("on A right after = %d, want 429 (the one attempt of the 12 s was taken on B)", resp.StatusCode)
	}

	// Redis stops: each replica counts alone, never unlimited.
	redisCmd.Process.Kill()
	redisCmd.Wait()
	for _, r := range []struct {
		name string
		srv  *httptest.Server
	}{{"A", a}, {"B", b}} {
		name, srv := r.name, r.srv
		for i := 0; i < 5; i++ {
			if resp := login(t, srv, "ana", "guess", "/", from("203.0.113.9")); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("Redis down: attempt %d on %s = %d, want 401 (its own bucket)", i+1, name, resp.StatusCode)
			}
		}
		resp := login(t, srv, "ana", "right horse", "/", from("203.0.113.9"))
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Errorf("Redis down: 6th attempt on %s = %d (Retry-After %q), want 429", name, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
}
