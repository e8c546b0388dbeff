package web_test

import (
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/web"
)

// TestHelloTimeout: a socket that is not given a session by a hello within
// HelloTimeout is closed by the server, whether it stays silent or sends
// other frames; a socket with a session is not.
func TestHelloTimeout(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": `st.text("x")`}, web.Options{HelloTimeout: 300 * time.Millisecond})
	closed := func(ws *websocket.Conn, feed bool) bool {
		deadline := time.Now().Add(10 * time.Second)
		ws.SetReadDeadline(deadline)
		errc := make(chan error, 1)
		go func() {
			for {
				if _, _, err := ws.ReadMessage(); err != nil {
					errc <- err
					return
				}
			}
		}()
		for {
			select {
			case <-errc:
				return true
			case <-time.After(100 * time.Millisecond):
				if time.Now().After(deadline) {
					return false
				}
				if feed {
					ws.WriteMessage(websocket.TextMessage, []byte(`{"v":1,"type":"widget","id":"x","value":1}`))
				}
			}
		}
	}
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	for _, feed := range []bool{false, true} {
		ws, _, err := d.Dial(wsURL(ts), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !closed(ws, feed) {
			t.Errorf("a socket without a hello (sending frames: %v) was not closed", feed)
		}
		ws.Close()
	}
	c, err := client.Dial(ts.URL, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.WaitFor("run_end", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if err := c.SetWidget("nothing", 1); err != nil {
		t.Fatalf("a socket with a session was closed: %v", err)
	}
	if m, err := c.WaitFor("error", 5*time.Second); err != nil {
		t.Fatalf("a socket with a session was closed: %v", err)
	} else if m.Error.Ref != "widget" {
		t.Errorf("error %s", m.Raw)
	}
}
