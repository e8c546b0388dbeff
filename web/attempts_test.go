package web_test

// Login attempts across replicas (docs/replicas.md, Logins): with a shared
// Redis the replicas count one client's attempts together; without it,
// each counts its own.

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"testing"
	"time"

	"github.com/stark-dev/stark/replica"
	"github.com/stark-dev/stark/web"
)

// startRedis starts a redis-server of the test's own on a free port and
// returns its URL and its process (for the test to stop it).
func startRedis(t *testing.T) (string, *exec.Cmd) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts redis-server; not under -short")
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed (apt-get install redis-server; .ci/run installs it)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
			break
		}
		if i == 200 {
			t.Fatalf("redis-server does not listen: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Sprintf("redis://127.0.0.1:%d/0", port), cmd
}

// TestLoginAttemptsAcrossReplicas: two replicas of one app share a Redis.
// Five wrong passwords on A leave the client none on B, for a password or
// a token; another client is not touched; the bucket refills at one per
// 12 s across both. With Redis stopped each replica falls back to its own
// bucket: five attempts, then 429.
func TestLoginAttemptsAcrossReplicas(t *testing.T) {
	url, redisCmd := startRedis(t)
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
