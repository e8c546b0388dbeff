package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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

func post(t *testing.T, url, body string) {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s: %s", body, res.Status)
	}
}

// The service's dashboard, from its embed.FS, shows its store through its Go
// module and follows a new order posted to its JSON API.
func TestService(t *testing.T) {
	h, app, err := service(&store{orders: []order{{"ledger", 12.5}}})
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
	shows(t, c, "latest: ledger")
	post(t, ts.URL+"/api/orders", `{"item": "stapler", "total": 4}`)
	shows(t, c, "latest: stapler")
}

// The built program serves its dashboard to Chromium under /dash, and a new
// order reaches the open tab.
func TestBinaryInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example and starts Chromium")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium")
	}
	bin := filepath.Join(t.TempDir(), "embed")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(stderr)
	serving := regexp.MustCompile(`serving (http://\S+)/dash/`)
	var base string
	for sc.Scan() {
		if m := serving.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		t.Fatal("the program did not say where it serves")
	}
	go func() {
		for sc.Scan() {
		}
	}()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	has := func(text string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](`document.body.innerText.includes(`+jsString(text)+`)`, chromedp.WithPollingInterval(50*time.Millisecond))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/dash/orders"), has("signed in as guest"), has("latest: stapler"), has("ledger")); err != nil {
		t.Fatalf("the dashboard in Chromium: %v", err)
	}
	post(t, base+"/api/orders", `{"item": "fountain pen", "total": 30}`)
	if err := chromedp.Do(ctx, has("latest: fountain pen")); err != nil {
		t.Fatalf("a new order did not reach the tab: %v", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('table tbody tr')].length`))
	if err != nil {
		t.Fatal(err)
	}
	if rows != 3 {
		t.Errorf("the table of orders has %d rows, want 3", rows)
	}
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }
