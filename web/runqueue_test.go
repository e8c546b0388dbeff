package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stark-dev/stark/host"
	"github.com/stark-dev/stark/internal/client"
	"github.com/stark-dev/stark/starlib"
	"github.com/stark-dev/stark/web"
)

// /metrics reports the app's run slots. The session gives the slot its
// run's end took back after sending the end, so the browser may read the
// metrics while it is still held: the test waits for the app to be idle.
func TestRunQueueMetrics(t *testing.T) {
	ts := serve(t, map[string]string{"p.star": `st.text("x")`}, web.Options{})
	c := dial(t, ts, "", "")
	runEnd(t, c)
	metrics := func() string {
		resp, err := http.Get(ts.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	b := metrics()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(b, "\nstark_run_slots_taken 0") && time.Now().Before(deadline); b = metrics() {
		time.Sleep(time.Millisecond)
	}
	for _, want := range []string{"stark_run_slots ", "stark_run_slots_taken 0", "stark_run_queue_waiting 0", "stark_run_queue_waits_total ", "stark_run_queue_wait_seconds_total "} {
		if !strings.Contains(b, "\n"+want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// A run that holds its app's only slot in long steps (it does not reach a
// step chunk, where it would yield) while its session has output to encode
// is still cancelled at once by a navigation: the encoding waits for a slot
// without holding what the navigation needs.
func TestNavigateCancelsSlotHolder(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"1_hold.star":  "st.text('started')\nbig = list(range(200000))\nfor i in range(100000):\n    x = sorted(big, reverse = (i % 2 == 0))\n",
		"2_other.star": "st.text('other')\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app, err := starlib.NewApp(dir, host.Limits{Runs: 1, WallTime: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(app, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		srv.Shutdown()
		ts.Close()
	})
	c, err := client.Dial(ts.URL, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// The run holds the slot; its first batch of output waits for one.
	for deadline := time.Now().Add(20 * time.Second); app.RunQueueStats().Waiting == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no flush waiting for a slot: %+v", app.RunQueueStats())
		}
	}
	if err := c.SendValue(map[string]any{"v": 1, "type": "navigate", "page": "other"}); err != nil {
		t.Fatal(err)
	}
	m, err := c.WaitFor("run_end", 30*time.Second)
	if err != nil {
		t.Fatalf("the navigation did not end the run: %v", err)
	}
	if got := body(c, "main.0"); m.Status() != "completed" || got != "other" {
		t.Errorf("after the navigation: %s %q, want completed \"other\"", m.Status(), got)
	}
}
