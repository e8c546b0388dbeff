package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/internal/client"
)

func shows(t *testing.T, c *client.Client, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := json.Marshal(c.Snapshot())
		if strings.Contains(string(b), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the dashboard does not show %q; it shows %s", want, b)
		}
		c.Next(time.Second)
	}
}

// The service's dashboard, from its embed.FS, shows its store through its Go
// module and follows a new order posted to its JSON API.
func TestService(t *testing.T) {
	h, app, err := service(&store{open: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	ts := httptest.NewServer(h)
	defer ts.Close()
	c, err := client.Dial(ts.URL+"/dash", "orders", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	shows(t, c, "signed in as guest")
	shows(t, c, `"3"`)
	res, err := http.Post(ts.URL+"/api/orders", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	shows(t, c, `"4"`)
}
