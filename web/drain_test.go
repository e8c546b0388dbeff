package web_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/web"
)

// TestShutdownDrains: once a graceful stop begins, /healthz says draining
// (503, for the load balancer's readiness check), the sockets it held are
// closed with "going away", and a socket that arrives meanwhile is closed
// at once with the service-restart code, so that its browser reconnects to
// another replica.
func TestShutdownDrains(t *testing.T) {
	ts, srv := serveServer(t, `st.text("hi")`, host.Limits{}, web.Options{})
	health := func() (int, string) {
		resp, err := http.Get(ts.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(b))
	}
	if code, body := health(); code != 200 || body != "ok" {
		t.Fatalf("before: /healthz %d %q", code, body)
	}
	c, err := client.Dial(ts.URL, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.WaitFor("run_end", 10*time.Second); err != nil {
		t.Fatal(err)
	}

	srv.Shutdown()

	if code, body := health(); code != http.StatusServiceUnavailable || body != "draining" {
		t.Errorf("draining: /healthz %d %q, want 503 draining", code, body)
	}
	for {
		_, err := c.Next(10 * time.Second)
		if err == nil {
			continue
		}
		if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
			t.Errorf("the held socket ended with %v, want going away", err)
		}
		break
	}
	_, err = client.Dial(ts.URL, "", "", nil)
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.CloseServiceRestart {
		t.Errorf("a socket while draining: %v, want closed with %d (service restart)", err, websocket.CloseServiceRestart)
	}
}
